package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/report/schematest"
)

func writeGoAML(t *testing.T, f report.Filer, c report.SARCase) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.WriteGoAML(&buf, f, filed, c))
	path := filepath.Join(t.TempDir(), "goaml.xml")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	schematest.WellFormed(t, path)
	require.NoError(t, report.CheckGoAML(bytes.NewReader(buf.Bytes())))
	return buf.Bytes()
}

func TestWriteGoAML(t *testing.T) {
	root := parse(t, writeGoAML(t, demoFiling().Filer, muleCase()))
	require.Equal(t, "report", root.XMLName.Local)
	require.Equal(t, "9901", root.get("rentity_id").Text)
	require.Equal(t, "STR", root.get("report_code").Text)
	require.Equal(t, "C-000007", root.get("entity_reference").Text)
	require.Equal(t, "2025-06-20T15:00:00", root.get("submission_date").Text)
	require.Equal(t, "Whitfield", root.get("reporting_person", "last_name").Text)
	require.True(t, strings.HasPrefix(root.get("reason").Text, "CMLN-2025-A003: "), "the narrative, key term first")
	require.LessOrEqual(t, utf8.RuneCountInString(root.get("reason").Text), 4000)

	var ind []string
	for _, i := range root.get("report_indicators").all("indicator") {
		ind = append(ind, i.Text)
	}
	require.Equal(t, []string{"SMURF-1", "PASS-1", "CMLN-2025-A003"}, ind)

	txs := root.all("transaction")
	require.Len(t, txs, 6, "one node per evidence transaction")

	// A cash deposit: an unnamed conductor pays into the subject's account.
	dep := txs[0]
	require.Equal(t, "T-1", dep.get("transactionnumber").Text)
	require.Equal(t, "2025-04-07T09:00:00", dep.get("date_transaction").Text)
	require.Equal(t, "9500.00", dep.get("amount_local").Text)
	require.Equal(t, "BR-101", dep.get("transaction_location").Text)
	require.Equal(t, "UNKNOWN", dep.get("t_from", "from_person", "last_name").Text)
	acct := dep.get("t_to_my_client", "to_account")
	require.Equal(t, "A-100417", acct.get("account").Text)
	require.Equal(t, "Pacific Frontera Bank", acct.get("institution_name").Text)
	sig := acct.get("signatory", "t_person")
	require.Equal(t, "Wei", sig.get("first_name").Text)
	require.Equal(t, "Zhang", sig.get("last_name").Text)
	require.Equal(t, "E12345678", sig.get("passport_number").Text)
	require.Equal(t, "CN", sig.get("passport_country").Text)
	require.Equal(t, "2001-04-09T00:00:00", sig.get("birthdate").Text)
	require.Equal(t, "true", acct.get("signatory", "is_primary").Text)

	// An incoming wire from a Hong Kong company's account, with its BIC.
	in := txs[3]
	from := in.get("t_from")
	require.Equal(t, "HSBCHKHH", from.get("from_account", "swift").Text)
	require.Equal(t, "Golden River Trading Ltd", from.get("from_account", "account_name").Text)
	require.Equal(t, "HK", from.get("from_country").Text)

	// A peso wire: the local amount is unknown, the foreign amount is given.
	mxn := txs[5]
	require.Equal(t, "MXN", mxn.get("t_from_my_client", "from_foreign_currency", "foreign_currency_code").Text)
	require.Equal(t, "100000.00", mxn.get("t_from_my_client", "from_foreign_currency", "foreign_amount").Text)
	require.Contains(t, mxn.get("comments").Text, "no USD equivalent")
	require.Equal(t, "MX", mxn.get("t_to", "to_country").Text)
}

func TestWriteGoAMLUsesTheFIUsLookups(t *testing.T) {
	f := demoFiling().Filer
	f.GoAML.Lookups = map[string]string{
		"transmode.cash_deposit": "K", "funds.cash_deposit": "K", "funds.wire": "E", "indicator.SMURF-1": "SMRF",
		"report_code": "SAR", "account_type.checking": "CA",
	}
	root := parse(t, writeGoAML(t, f, muleCase()))
	require.Equal(t, "SAR", root.get("report_code").Text)
	dep := root.all("transaction")[0]
	require.Equal(t, "K", dep.get("transmode_code").Text)
	require.Equal(t, "K", dep.get("t_from", "from_funds_code").Text)
	require.Equal(t, "CA", dep.get("t_to_my_client", "to_account", "personal_account_type").Text)
	require.Equal(t, "SMRF", root.get("report_indicators", "indicator").Text)
}

func TestWriteGoAMLRefusesWithoutAnEntityID(t *testing.T) {
	f := demoFiling().Filer
	f.GoAML.EntityID = 0
	var buf bytes.Buffer
	require.ErrorIs(t, report.WriteGoAML(&buf, f, filed, muleCase()), report.ErrFiler)
	require.Zero(t, buf.Len())
}

func TestCheckGoAMLFindsStructuralErrors(t *testing.T) {
	good := string(writeGoAML(t, demoFiling().Filer, muleCase()))
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"two from sides", "<t_to_my_client>", "<t_from><from_funds_code>X</from_funds_code><from_person><first_name>A</first_name><last_name>B</last_name></from_person><from_country>US</from_country></t_from><t_to_my_client>", "2 from sides"},
		{"no amount", "<amount_local>9500.00</amount_local>", "<amount_local>-1</amount_local>", `amount_local "-1"`},
		{"out of order", "<submission_code>E</submission_code>\n  <report_code>STR</report_code>", "<report_code>STR</report_code>\n  <submission_code>E</submission_code>", "element submission_code after report_code"},
		{"bad date", "<date_transaction>2025-04-07T09:00:00</date_transaction>", "<date_transaction>07/04/2025</date_transaction>", `date_transaction "07/04/2025"`},
		{"unknown element", "<rentity_branch>", "<branch_office>x</branch_office><rentity_branch>", "unexpected element branch_office"},
		{"no indicator", "<indicator>SMURF-1</indicator>", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, good, tc.from)
			bad := strings.Replace(good, tc.from, tc.to, 1)
			err := report.CheckGoAML(strings.NewReader(bad))
			if tc.want == "" {
				require.NoError(t, err, "one indicator removed, others remain")
				return
			}
			require.ErrorIs(t, err, report.ErrGoAML)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func FuzzCheckGoAML(f *testing.F) {
	var buf bytes.Buffer
	if err := report.WriteGoAML(&buf, report.DemoFiler(), filed, muleCase()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("<report><transaction><t_from/></transaction></report>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = report.CheckGoAML(bytes.NewReader(data)) // must not panic
	})
}

func TestWriteGoAMLWithoutTransactionsReportsTheParties(t *testing.T) {
	out := string(writeGoAML(t, demoFiling().Filer, sanctionsCase()))
	require.NotContains(t, out, "<transaction>")
	require.Contains(t, out, "<activity>")
	require.Contains(t, out, "<report_party>")
	require.Contains(t, out, "<entity>", "an organisation subject is reported as an entity")
	require.Contains(t, out, "Hua Xin Import Export Co., Ltd.")
	require.Contains(t, out, "<significance>10</significance>", "score 0.95 scales to 10")

	for _, tc := range []struct{ name, from, to, want string }{
		{"neither", "<activity>", "<unused>", "neither transactions nor an activity"},
		{"no party kind", "<entity>", "<nothing>", "holds 0 of person, account and entity"},
		{"bad significance", "<significance>10</significance>", "<significance>11</significance>", `significance "11"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(out, tc.from, tc.to, 1)
			if tc.from == "<activity>" {
				bad = strings.Replace(bad, "</activity>", "</unused>", 1)
			}
			if tc.from == "<entity>" {
				bad = strings.Replace(bad, "</entity>", "</nothing>", 1)
			}
			err := report.CheckGoAML(strings.NewReader(bad))
			require.ErrorIs(t, err, report.ErrGoAML)
			require.ErrorContains(t, err, tc.want)
		})
	}
}
