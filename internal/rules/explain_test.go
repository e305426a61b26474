package rules

import (
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/stretchr/testify/require"
)

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{formatMoney(9500), "$9,500"},
		{formatMoney(1234567.5), "$1,234,567.50"},
		{formatMoney(-20), "-$20"},
		{formatMoney(0.5), "$0.50"},
		{formatNumber(3), "3"},
		{formatNumber(12500), "12,500"},
		{formatNumber(0.857), "0.86"},
		{formatNumber(-1234.5), "-1,234.5"},
		{formatPercent(0.8), "80%"},
		{formatPercent(0.025), "2.5%"},
		{formatPercent(1.234), "123%"},
		{formatDuration(48 * time.Hour), "48 hours"},
		{formatDuration(time.Hour), "1 hour"},
		{formatDuration(7 * 24 * time.Hour), "7 days"},
		{formatDuration(24 * time.Hour), "24 hours"},
		{formatDuration(90 * time.Minute), "1h30m0s"},
		{formatTime(time.Date(2025, 3, 3, 10, 15, 0, 0, time.FixedZone("CST", -6*3600))), "2025-03-03 16:15 UTC"},
		{formatValue([]string{"BR-1", "BR-2"}), "BR-1, BR-2"},
		{formatValue(true), "yes"},
		{formatValue(3), "3"},
	} {
		require.Equal(t, tc.want, tc.got)
	}
}

func TestSplitTemplate(t *testing.T) {
	texts, exprs, lines, err := splitTemplate("a {{x}} b\n{{ y.z }} c")
	require.NoError(t, err)
	require.Equal(t, []string{"a ", " b\n", " c"}, texts)
	require.Equal(t, []string{"x", " y.z "}, exprs)
	require.Equal(t, []int{1, 2}, lines)
	for _, bad := range []string{"a {{x", "a }} b", "{{x {{y}}"} {
		_, _, _, err := splitTemplate(bad)
		require.Error(t, err, bad)
	}
}

func TestParseDuration(t *testing.T) {
	for s, want := range map[string]time.Duration{"48h": 48 * time.Hour, "7d": 7 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "90m": 90 * time.Minute} {
		got, err := parseDuration(s)
		require.NoError(t, err)
		require.Equal(t, want, got, s)
	}
	for _, s := range []string{"", "0d", "-3h", "3 days", "d", "1.5d"} {
		_, err := parseDuration(s)
		require.Error(t, err, s)
	}
}

func TestSARCodesMatchTheirTypes(t *testing.T) {
	require.NoError(t, checkSARCode(sarCode(1, 114)))
	require.NoError(t, checkSARCode(sarCode(8, 824)))
	require.NoError(t, checkSARCode(sarCode(9, 909)))
	require.NoError(t, checkSARCode(sarCode(9, 9999)))
	require.ErrorContains(t, checkSARCode(sarCode(9, 114)), "belongs to type 1")
	require.ErrorContains(t, checkSARCode(sarCode(2, 201)), "unknown SAR type 2")
	require.Equal(t, "Funnel account", SARDescription(824))
}

func TestIsPayroll(t *testing.T) {
	for memo, want := range map[string]bool{
		"PAYROLL ACME CORP": true, "Salary March": true, "NÓMINA QUINCENAL": false, "nómina quincenal": true,
		"SSA TREAS 310": true, "gift from mom": false, "": false,
	} {
		tx := cashDepositTx(memo)
		tx.Channel = "ach"
		require.Equal(t, want, IsPayroll(&tx), memo)
	}
	tx := cashDepositTx("PAYROLL")
	require.False(t, IsPayroll(&tx), "cash is never payroll")
}

func sarCode(typ, sub int) model.SARCode { return model.SARCode{Type: typ, Subtype: sub} }

func cashDepositTx(memo string) model.Transaction {
	return model.Transaction{ID: "T", Channel: model.ChannelCashDeposit, Memo: memo, Amount: 1, Currency: "USD"}
}
