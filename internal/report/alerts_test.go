package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
)

func TestFormatAmount(t *testing.T) {
	tests := map[float64]string{
		0:           "0.00",
		9.999:       "10.00",
		999.5:       "999.50",
		1000:        "1,000.00",
		1234567.891: "1,234,567.89",
		-25000:      "-25,000.00",
	}
	for in, want := range tests {
		require.Equal(t, want, FormatAmount(in), "%v", in)
	}
}

func TestSortAlertsAndCount(t *testing.T) {
	alerts := []model.Alert{
		{ID: "a", Typology: model.TypFanIn, Severity: model.SeverityMedium, Score: 0.9, Subject: model.Subject{Kind: model.SubjectAccount, ID: "A1"}},
		{ID: "b", Typology: model.TypSanctions, Severity: model.SeverityCritical, Score: 0.7, Subject: model.Subject{Kind: model.SubjectParty, ID: "P1"}},
		{ID: "c", Typology: model.TypFanIn, Severity: model.SeverityMedium, Score: 0.95, Subject: model.Subject{Kind: model.SubjectAccount, ID: "A1"}},
		{ID: "d", Typology: model.TypFanIn, Severity: model.SeverityHigh, Score: 0.5, Subject: model.Subject{Kind: model.SubjectAccount, ID: "A2"}},
	}
	SortAlerts(alerts)
	var ids []string
	for _, a := range alerts {
		ids = append(ids, a.ID)
	}
	require.Equal(t, []string{"b", "d", "c", "a"}, ids, "severity first, then score")

	counts := CountByTypology(alerts)
	require.Equal(t, []TypologyCount{
		{Typology: model.TypFanIn, Alerts: 3, Subjects: 2},
		{Typology: model.TypSanctions, Alerts: 1, Subjects: 1},
	}, counts)
}

func sampleReport() AlertReport {
	t0 := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	return AlertReport{
		Title:     "Demo <bank> report",
		Generated: t0,
		Database:  "centinela-demo/centinela.db",
		Counts:    Counts{Parties: 10, Accounts: 12, Transactions: 300, Alerts: 1},
		Typology:  []TypologyCount{{Typology: model.TypSmurfing, Alerts: 1, Subjects: 1}},
		Truth:     []TruthRow{{Typology: model.TypSmurfing, Cases: 2, Detected: 1}},
		Alerts: []AlertDetail{{
			SubjectName: "Li | <b>Na</b>",
			Alert: model.Alert{
				ID: "AL-1", RuleID: "SMURF-1", RuleVersion: "1", Typology: model.TypSmurfing,
				Severity: model.SeverityHigh, Score: 0.83,
				Subject:  model.Subject{Kind: model.SubjectAccount, ID: "A100"},
				Reason:   "cash deposited at 3 branches within 48h, each below $10,000 <script>",
				SAR:      []model.SARCode{{Type: 8, Subtype: 824}},
				Evidence: []string{"T1", "T2"},
				Facts:    []model.Fact{{Name: "branches_48h", Value: 3, Threshold: 3}},
			},
			Evidence: []model.Transaction{
				{ID: "T1", Time: t0, Beneficiary: "A100", Amount: 9500, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-01"},
				{ID: "T2", Time: t0.Add(5 * time.Hour), Beneficiary: "A100", Amount: 9200.5, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-07",
					Counterparty: model.Counterparty{Name: "X", Country: "MX"}},
			},
			MoreEvidence: 1,
		}},
	}
}

func TestWriteHTML(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, sampleReport()))
	out := b.String()
	require.Contains(t, out, "<!DOCTYPE html>")
	require.Contains(t, out, "SMURF-1 v1")
	require.Contains(t, out, "USD 9,500.00")
	require.Contains(t, out, "Evidence total: USD 18,700.50; 1 more transactions not listed")
	require.Contains(t, out, "SAR codes 8/824")
	require.Contains(t, out, "X (MX)")
	require.Contains(t, out, "50%", "share of planted cases found")
	require.NotContains(t, out, "<script>", "alert text is escaped")
	require.Contains(t, out, "&lt;script&gt;")
	require.Contains(t, out, "Demo &lt;bank&gt; report")
}

func TestWriteMarkdown(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteMarkdown(&b, sampleReport()))
	out := b.String()
	require.Contains(t, out, "### 1. SMURFING · SMURF-1 v1 · high · score 0.83")
	require.Contains(t, out, `Li \| &lt;b&gt;Na&lt;/b&gt;`, "table-breaking characters escaped")
	require.Contains(t, out, "| 2025-03-01 09:30 | `T1` |  | A100 | USD 9,500.00 | cash_deposit |  | BR-01 |")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| 2025") {
			require.Equal(t, 9, strings.Count(line, "|")-strings.Count(line, `\|`), "row keeps its 8 cells: %s", line)
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, AlertReport{Title: "empty"}))
	require.Contains(t, b.String(), "No alerts.")
	b.Reset()
	require.NoError(t, WriteMarkdown(&b, AlertReport{Title: "empty"}))
	require.Contains(t, b.String(), "No alerts.")
}
