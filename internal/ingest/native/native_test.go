package native_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/native"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/model"
)

func read(t testing.TB, path string, r io.Reader) (recs []ingest.Record, errs []*ingest.RowError) {
	t.Helper()
	rd, err := native.Format{}.Open(ingest.Source{Path: path, R: r})
	require.NoError(t, err)
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			errs = append(errs, re)
			continue
		}
		require.NoError(t, err)
		recs = append(recs, rec)
	}
}

func readFixture(t *testing.T, name string) []ingest.Record {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	recs, errs := read(t, name, f)
	require.Empty(t, errs)
	return recs
}

func ptr[T any](v T) *T { return &v }

func TestTransactionsCSV(t *testing.T) {
	recs := readFixture(t, "transactions.csv")
	require.Len(t, recs, 5)
	require.Equal(t, &model.Transaction{ID: "T000123", Time: time.Date(2025, 3, 1, 14, 5, 0, 0, time.UTC),
		Originator: "A1001", Beneficiary: "EXT-HK-88", Amount: 9400, Currency: "USD", Channel: model.ChannelWire,
		Memo: "invoice 4411", Counterparty: model.Counterparty{Name: "GOLDEN RIVER TRADING LIMITED", Country: "HK",
			Type: model.Organization, Bank: "HSBCHKHH", Account: "88-1234"}}, recs[0].Tx)
	// A local time with its zone is stored in UTC; a cash deposit has no originator.
	require.Equal(t, time.Date(2025, 3, 1, 14, 5, 0, 0, time.UTC), recs[1].Tx.Time)
	require.Empty(t, recs[1].Tx.Originator)
	require.Equal(t, "BR-017", recs[1].Tx.Branch)
	// A quoted memo over two lines; the next row's line number follows it.
	require.Equal(t, "rent, March\nsecond line", recs[2].Tx.Memo)
	require.Equal(t, time.Date(2025, 3, 2, 10, 0, 0, 250e6, time.UTC), recs[2].Tx.Time)
	require.Equal(t, 17050.5, recs[2].Tx.AmountReceived)
	require.Equal(t, "MXN", recs[2].Tx.CurrencyReceived)
	require.Equal(t, 4, recs[2].Line)
	require.Equal(t, 6, recs[3].Line)
	require.Equal(t, "5300", recs[3].Tx.MCC)
	require.Equal(t, "452311", recs[3].Tx.Counterparty.NAICS)
	require.Equal(t, model.ChannelCashWithdrawal, recs[4].Tx.Channel)
}

func TestAccountsCSV(t *testing.T) {
	recs := readFixture(t, "accounts.csv")
	require.Equal(t, []ingest.Record{
		{Line: 2, Account: &model.Account{ID: "A1001", Institution: "021000021", Owners: []string{"P001"}, Type: model.AcctChecking,
			Currency: "USD", Opened: model.NewDate(2024, 8, 15), Branch: "BR-017"}},
		{Line: 3, Account: &model.Account{ID: "A2002", Institution: "021000021", Owners: []string{"P002", "P003"}, Type: model.AcctSavings,
			Currency: "USD", Opened: model.NewDate(2020, 1, 1), Closed: model.NewDate(2025, 1, 31), Branch: "BR-002"}},
	}, recs)
}

func TestPartiesCSV(t *testing.T) {
	recs := readFixture(t, "parties.csv")
	require.Len(t, recs, 3)
	require.Equal(t, &model.Party{
		ID: "P001", Kind: model.Person,
		Names: []model.Name{
			{Full: "张伟", Given: "伟", Family: "张", Script: model.ScriptHan, Kind: model.NamePrimary},
			{Full: "Zhang Wei", Script: model.ScriptLatin, Kind: model.NameAlias},
			{Full: "Cheung Wai", Script: model.ScriptLatin, Kind: model.NameAlias},
		},
		BirthDate: model.NewDate(2003, 5, 17), Nationalities: []string{"CN"}, Citizenships: []string{"CN"},
		Documents: []model.IDDocument{
			{Type: model.DocPassport, Number: "E12345678", Country: "CN", Issued: model.NewDate(2021, 1, 10), Expires: model.NewDate(2031, 1, 9)},
			{Type: model.DocVisa, Number: "F1-889", Country: "US", Issued: model.NewDate(2024, 8, 1), Expires: model.NewDate(2029, 7, 31), Class: "F-1"},
		},
		Occupation: "Graduate student", DeclaredIncome: ptr(12000.0),
		ExpectedActivity: &model.ExpectedActivity{MonthlyCount: 8, MonthlyAmount: 3000, Countries: []string{"CN", "HK"}},
		SourceOfFunds:    model.SourceOfFundsUndisclosed,
		Address:          model.Address{Line: "100 Main St, Apt 4", City: "Flushing", Region: "NY", PostalCode: "11354", Country: "US"},
		Phones:           []string{"+1 718 555 0100"}, Emails: []string{"wei@example.com"}, DeviceIDs: []string{"dev-1", "dev-2"},
		Onboarded: model.NewDate(2024, 8, 15), OnboardedBy: "E042",
	}, recs[0].Party)
	p2 := recs[1].Party
	require.Equal(t, []model.Name{
		{Full: "María José González Valencia", Given: "María José", Family: "González Valencia", Script: model.ScriptLatin, Kind: model.NamePrimary},
		{Full: "María José González", Script: model.ScriptLatin, Kind: model.NameFormer},
	}, p2.Names)
	require.Equal(t, []string{"MX", "US"}, p2.Citizenships)
	require.Nil(t, p2.ExpectedActivity, "no expected-activity column given: not known")
	org := recs[2].Party
	require.Equal(t, model.Organization, org.Kind)
	require.Equal(t, "423940", org.NAICS)
	require.Equal(t, ptr(12), org.Employees)
	require.Equal(t, ptr(2500000.0), org.AnnualRevenue)
	require.Equal(t, model.NewDate(2019, 6, 30), org.Incorporated)
	require.Equal(t, []string{"P002"}, org.Owners)
}

func TestLabelsCSV(t *testing.T) {
	recs := readFixture(t, "labels.csv")
	require.Equal(t, []model.Label{{CaseID: "case-1", Typology: model.TypStructuring, EntityKind: model.EntityTransaction, EntityID: "T000124"}}, recs[0].Labels)
	require.Equal(t, "three deposits below $10k in 2 days", recs[1].Labels[0].Note)
	require.Nil(t, recs[0].Tx)
}

func TestJSONLines(t *testing.T) {
	recs := readFixture(t, "records.jsonl")
	require.Len(t, recs, 4)
	require.Equal(t, []int{1, 2, 4, 5}, []int{recs[0].Line, recs[1].Line, recs[2].Line, recs[3].Line})
	p := recs[0].Party
	require.Equal(t, model.ScriptHan, p.Names[0].Script, "detected")
	require.Equal(t, model.NewDate(2003, 5, 17), p.BirthDate)
	require.Equal(t, model.NewDate(2021, 1, 10), p.Documents[0].Issued)
	require.Equal(t, model.NewDate(2024, 8, 15), recs[1].Account.Opened)

	// The JSON line and the CSV row of T000123 are the same transaction.
	csv := readFixture(t, "transactions.csv")
	want := *csv[0].Tx
	want.Counterparty.Bank, want.Counterparty.Account = "", ""
	require.Equal(t, &want, recs[2].Tx)
	require.Equal(t, model.TypStructuring, recs[3].Labels[0].Typology)
}

// A record written by encoding/json from the model is a valid input line.
func TestJSONRoundTrip(t *testing.T) {
	tx := model.Transaction{ID: "T9", Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Originator: "A", Beneficiary: "B",
		Amount: 12.5, Currency: "EUR", AmountReceived: 13.1, CurrencyReceived: "USD", Channel: model.ChannelACH, MCC: "5411"}
	party := model.Party{ID: "P9", Kind: model.Person, Names: []model.Name{{Full: "Иван Петров", Script: model.ScriptCyrillic, Kind: model.NamePrimary}},
		BirthDate: model.NewDate(1980, 2, 29), Documents: []model.IDDocument{{Type: model.DocPassport, Number: "X1", Expires: model.NewDate(2030, 1, 1)}}}
	var b strings.Builder
	for _, v := range []any{tx, party} {
		line, err := json.Marshal(v)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	// No "record" field: the file name tells the kind of the first line,
	// which is all this reader needs for a one-kind file.
	recs, errs := read(t, "transactions.jsonl", strings.NewReader(strings.SplitAfter(b.String(), "\n")[0]))
	require.Empty(t, errs)
	require.Equal(t, &tx, recs[0].Tx)
	recs, errs = read(t, "parties-2025.ndjson", strings.NewReader(strings.SplitAfter(b.String(), "\n")[1]))
	require.Empty(t, errs)
	require.Equal(t, &party, recs[0].Party)
}

func TestTransactionCSVErrors(t *testing.T) {
	const header = "tx_id,timestamp,originator_account,beneficiary_account,amount,currency,channel,amount_received,currency_received,memo,counterparty_country,mcc\n"
	const good = "T1,2025-03-01T14:05:00Z,A1,A2,100.50,USD,wire,,,,,"
	tests := []struct{ name, row, want string }{
		{"wrong column count", "T1,2025-03-01T14:05:00Z,A1,A2,100.50,USD,wire", "t.csv:2:46: amount_received: row ends after 7 fields, expected 12 fields"},
		{"timestamp without zone", strings.Replace(good, "14:05:00Z", "14:05:00", 1),
			`t.csv:2:4: timestamp: "2025-03-01T14:05:00" is not a timestamp, expected an RFC 3339 timestamp with a zone such as 2025-03-01T14:05:00Z`},
		{"non-numeric amount", strings.Replace(good, "100.50", "1,000", 1), "t.csv:2:50: row has 13 fields, expected 12 fields"},
		{"amount with letters", strings.Replace(good, "100.50", "100USD", 1),
			`t.csv:2:31: amount: "100USD" is not a decimal number, expected digits with an optional . and decimals, such as 123.45`},
		{"negative amount", strings.Replace(good, "100.50", "-100.50", 1), `t.csv:2:31: amount: negative amount "-100.50", expected an amount of 0 or more`},
		{"too many decimals", strings.Replace(good, "100.50", "1.123456789", 1),
			`t.csv:2:31: amount: "1.123456789" has more than 8 decimals, expected a decimal with at most 8 decimals`},
		{"empty amount", strings.Replace(good, "100.50", "", 1), "t.csv:2:31: amount: empty, expected the amount paid, such as 123.45"},
		{"unknown currency", strings.Replace(good, "USD", "usd", 1),
			`t.csv:2:38: currency: unknown currency "usd", expected an ISO 4217 code in upper case such as USD (or BTC)`},
		{"unknown channel", strings.Replace(good, "wire", "zelle", 1),
			`t.csv:2:42: channel: unknown channel "zelle", expected one of wire, ach, p2p, card, cash_deposit, cash_withdrawal, cashiers_check, check, crypto, internal, cash, transfer`},
		{"missing originator", strings.Replace(good, "A1,", ",", 1),
			"t.csv:2:25: originator_account: empty, expected the account debited (required unless channel is cash_deposit)"},
		{"received amount without currency", strings.Replace(good, "wire,,,", "wire,99,,", 1),
			"t.csv:2:50: currency_received: empty while amount_received is given, expected the currency of amount_received"},
		{"bad country", good[:len(good)-1] + "XX,", `t.csv:2:50: counterparty_country: unknown country "XX", expected an ISO 3166-1 alpha-2 code in upper case such as MX`},
		{"bad mcc", good + "54", `t.csv:2:51: mcc: "54" is not 4 digits (ISO 18245 merchant category code), expected 4 digits (ISO 18245 merchant category code)`},
		{"control character", strings.Replace(good, "wire,,,", "wire,,,\x07", 1),
			"t.csv:2:49: memo: control character U+0007, expected text of at most 1000 characters without control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := read(t, "t.csv", strings.NewReader(header+tt.row+"\n"+good+"\n"))
			require.Len(t, errs, 1)
			require.Equal(t, tt.want, errs[0].Error())
			require.Equal(t, tt.row, errs[0].Raw)
			require.Len(t, recs, 1)
			require.Equal(t, 3, recs[0].Line)
		})
	}
}

func TestOtherCSVErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"closed before opened", "account_id,opened,closed\nA1,2025-01-02,2025-01-01\n",
			"a.csv:2:15: closed: closed 2025-01-01 before opened 2025-01-02, expected a date not before opened"},
		{"bad account type", "account_id,type\nA1,current\n",
			`a.csv:2:4: type: unknown account type "current", expected one of checking, savings, credit_card, loan, investment, prepaid, escrow, crypto_wallet, other`},
		{"bad date", "account_id,opened\nA1,01/02/2025\n", `a.csv:2:4: opened: "01/02/2025" is not a date, expected YYYY-MM-DD`},
		{"party kind", "party_id,kind,name\nP1,human,Ann\n", `a.csv:2:4: kind: unknown party kind "human", expected person or organization`},
		{"party without name", "party_id,kind,name\nP1,person,\n", "a.csv:2:11: name: no name, expected the party's name"},
		{"bad nationality", "party_id,kind,name,nationalities\nP1,person,Ann,US;XX\n",
			`a.csv:2:15: nationalities: unknown country "XX", expected an ISO 3166-1 alpha-2 code in upper case such as MX`},
		{"bad document type", "party_id,kind,name,documents\nP1,person,Ann,ssn:123\n",
			`a.csv:2:15: documents: unknown document type "ssn", expected one of passport, national_id, drivers_license, tax_id, rfc, curp, visa, residence_permit, other`},
		{"document too short", "party_id,kind,name,documents\nP1,person,Ann,passport\n",
			`a.csv:2:15: documents: document 1 "passport" has 1 parts, expected type:number[:country[:issued[:expires[:class]]]] such as passport:E12345678:CN`},
		{"document date", "party_id,kind,name,documents\nP1,person,Ann,passport:X:US:2020-02-30\n",
			`a.csv:2:15: documents: document 1: issued "2020-02-30" is not a date, expected YYYY-MM-DD`},
		{"bad script", "party_id,kind,name,name_script\nP1,person,Ann,latin\n",
			`a.csv:2:15: name_script: "latin" is not a script code, expected an ISO 15924 code such as Latn, Hani, Cyrl, Arab`},
		{"negative count", "party_id,kind,name,expected_monthly_count\nP1,person,Ann,-3\n",
			`a.csv:2:15: expected_monthly_count: "-3" is not a whole number, expected an integer of 0 or more such as 12`},
		{"empty list item", "party_id,kind,name,phones\nP1,person,Ann,1;;2\n",
			"a.csv:2:15: phones: empty list item, expected non-empty values separated by ;"},
		{"bad typology", "case_id,typology,entity_kind,entity_id\nc1,fan in,transaction,T1\n",
			`a.csv:2:4: typology: typology "fan in" is not an upper-case name, expected a typology such as FAN-IN or STRUCTURING`},
		{"bad entity kind", "case_id,typology,entity_kind,entity_id\nc1,FAN-IN,tx,T1\n",
			`a.csv:2:11: entity_kind: unknown entity kind "tx", expected transaction, party or account`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := read(t, "a.csv", strings.NewReader(tt.content))
			require.Len(t, errs, 1)
			require.Equal(t, tt.want, errs[0].Error())
		})
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		name, content string
		sentinel      error
		want          string
	}{
		{"unknown column", "tx_id,timestamp,amount,currency,channel,amout_received\n", ingest.ErrHeader,
			`native transactions: t.csv:1:41: header does not match the format: unknown column "amout_received", expected one of tx_id, timestamp, originator_account, beneficiary_account, amount, currency, amount_received, currency_received, channel, memo, counterparty_name, counterparty_country, counterparty_type, counterparty_naics, counterparty_bank, counterparty_account, branch, mcc`},
		{"duplicate column", "tx_id,timestamp,amount,currency,channel,amount\n", ingest.ErrHeader,
			`native transactions: t.csv:1:41: header does not match the format: duplicate column "amount" (also column 17)`},
		{"missing column", "tx_id,timestamp,amount,channel\n", ingest.ErrHeader,
			`native transactions: t.csv:1: header does not match the format: missing column "currency"`},
		{"unknown kind", "id,name\n", ingest.ErrUnknownFile,
			`t.csv:1: not a file of this format: native: header "id,name" has none of tx_id (transactions), party_id (parties), account_id (accounts), case_id and entity_id (labels)`},
		{"empty", "\n\n", ingest.ErrHeader, "t.csv: header does not match the format: the file is empty, expected a header row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := native.Format{}.Open(ingest.Source{Path: "t.csv", R: strings.NewReader(tt.content)})
			require.ErrorIs(t, err, tt.sentinel)
			require.Equal(t, tt.want, err.Error())
		})
	}
}

func TestJSONErrors(t *testing.T) {
	good := `{"record":"transaction","id":"T1","timestamp":"2025-03-01T14:05:00Z","originator_account":"A","beneficiary_account":"B","amount":1,"currency":"USD","channel":"wire"}`
	tests := []struct{ name, line, want string }{
		{"syntax", `{"record":"transaction",`, "x.jsonl:1:25: the JSON object is cut short, expected one complete JSON object per line"},
		{"bad syntax", `{"record" "transaction"}`, "x.jsonl:1:11: JSON syntax: invalid character '\"' after object key, expected one JSON object per line"},
		{"wrong type", strings.Replace(good, `"amount":1`, `"amount":"1"`, 1), `x.jsonl:1:130: amount: a JSON string is not a float64, expected a value of type float64`},
		{"unknown field", strings.Replace(good, `"amount":1`, `"amt":1`, 1), `x.jsonl:1:121: amt: unknown field "amt", expected only the fields of docs/formats.md`},
		{"bad timestamp", strings.Replace(good, "14:05:00Z", "14:05", 1),
			`x.jsonl:1:47: timestamp: "2025-03-01T14:05" is not a timestamp, expected an RFC 3339 timestamp with a zone such as 2025-03-01T14:05:00Z`},
		{"negative amount", strings.Replace(good, `"amount":1`, `"amount":-1`, 1), "x.jsonl:1:130: amount: negative amount -1, expected an amount of 0 or more"},
		{"nested country", strings.Replace(good, `"channel":"wire"`, `"channel":"wire","counterparty":{"name":"X","country":"ZZ"}`, 1),
			`x.jsonl:1:203: counterparty.country: unknown country "ZZ", expected an ISO 3166-1 alpha-2 code in upper case such as MX`},
		{"unknown record", `{"record":"alert"}`, `x.jsonl:1:11: record: unknown record kind "alert", expected "party", "account", "transaction" or "label"`},
		{"no record", `{"id":"T1"}`, `x.jsonl:1:1: record: no "record" field, and the file name does not start with parties, accounts, transactions or labels, expected a "record" field: "party", "account", "transaction" or "label"`},
		{"trailing text", good + ` {}`, "x.jsonl:1:167: JSON syntax: invalid character '{' after top-level value, expected one JSON object per line"},
		{"document date", `{"record":"party","id":"P","kind":"person","names":[{"full":"A"}],"documents":[{"type":"passport","number":"1","issued":"2020-13-01"}]}`,
			`x.jsonl:1:121: documents.0.issued: "\"2020-13-01\"" is not a date, expected YYYY-MM-DD`},
		{"name script", `{"record":"party","id":"P","kind":"person","names":[{"full":"A"},{"full":"B","script":"latin"}]}`,
			`x.jsonl:1:87: names.1.script: "latin" is not a script code, expected an ISO 15924 code such as Latn, Hani, Cyrl, Arab`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := read(t, "x.jsonl", strings.NewReader(tt.line+"\n"+good+"\n"))
			require.Len(t, errs, 1)
			require.Equal(t, tt.want, errs[0].Error())
			require.Equal(t, tt.line, errs[0].Raw)
			require.Len(t, recs, 1)
			require.Equal(t, 2, recs[0].Line)
		})
	}
}

func TestEveryRowAccountedFor(t *testing.T) {
	good := []string{
		"T1,2025-03-01T14:05:00Z,A1,A2,100.50,USD,wire,",
		`T2,2025-03-01T14:05:00+08:00,,A2,9500,USD,cash_deposit,"teller, window 2"`,
	}
	bad := []string{
		"T3,2025-03-01T14:05:00Z,A1,A2,100.50,USD,wire",
		"T3,2025-03-01,A1,A2,100.50,USD,wire,",
		"T3,2025-03-01T14:05:00Z,A1,A2,-1,USD,wire,",
		"T3,2025-03-01T14:05:00Z,A1,A2,1,USD,venmo,",
		"T3,2025-03-01T14:05:00Z,A1,A2,1,EURO,wire,",
		"T3,2025-03-01T14:05:00Z,,A2,1,USD,wire,",
		`T3,2025-03-01T14:05:00Z,A1,A2,1,USD,wire,"x"y`,
	}
	readertest.Accounting(t, native.Format{}, "t.csv",
		"tx_id,timestamp,originator_account,beneficiary_account,amount,currency,channel,memo\n", good, bad)
}
