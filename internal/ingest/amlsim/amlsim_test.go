package amlsim_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlsim"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func read(t testing.TB, f amlsim.Format, path string, r io.Reader) (recs []ingest.Record, errs []*ingest.RowError) {
	t.Helper()
	rd, err := f.Open(ingest.Source{Path: path, R: r})
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

func readFile(t testing.TB, elem ...string) []ingest.Record {
	t.Helper()
	path := sharedata.Dir(t, append([]string{"aml"}, elem...)...)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, errs := read(t, amlsim.Format{}, path, f)
	require.Empty(t, errs)
	return recs
}

func TestDevSet(t *testing.T) {
	txs := readFile(t, "amlsim_dev", "transactions.csv")
	require.Len(t, txs, 122668)
	sar := map[string]bool{}
	for _, rec := range txs {
		require.NotNil(t, rec.Tx)
		if len(rec.Labels) > 0 {
			sar[rec.Tx.ID] = true
			require.Equal(t, model.Label{EntityKind: model.EntityTransaction, EntityID: rec.Tx.ID}, rec.Labels[0])
		}
	}
	require.Len(t, sar, 347)
	require.Equal(t, &model.Transaction{ID: "1", Time: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), Originator: "920",
		Beneficiary: "371", Amount: 553.36, Currency: "USD", Channel: model.ChannelTransfer}, txs[0].Tx)

	// The typology key names exactly the laundering transactions.
	alerts := readFile(t, "amlsim_dev", "alert_transactions.csv")
	require.Len(t, alerts, 347)
	byType := map[model.Typology]int{}
	cases := map[string]bool{}
	for _, rec := range alerts {
		require.Nil(t, rec.Tx)
		require.Len(t, rec.Labels, 1)
		l := rec.Labels[0]
		require.True(t, sar[l.EntityID], "transaction %s", l.EntityID)
		require.Equal(t, model.EntityTransaction, l.EntityKind)
		byType[l.Typology]++
		cases[l.CaseID] = true
	}
	require.Equal(t, map[model.Typology]int{model.TypScatterGather: 87, model.TypGatherScatter: 61, model.TypCycle: 54,
		model.TypFanIn: 51, model.TypFanOut: 51, model.TypRandom: 43}, byType)
	require.Len(t, cases, 48)
	require.Equal(t, model.Label{CaseID: "alert-7", Typology: model.TypFanIn, Note: "fan_in", EntityKind: model.EntityTransaction, EntityID: "39"}, alerts[0].Labels[0])

	accts := readFile(t, "amlsim_dev", "accounts.csv")
	require.Len(t, accts, 1446)
	first := accts[0]
	require.Equal(t, &model.Account{ID: "0", Institution: "bank_a", Owners: []string{"C_0"}, Currency: "USD",
		Opened: model.NewDate(2017, 1, 1), Branch: "1"}, first.Account)
	require.Equal(t, &model.Party{ID: "C_0", Kind: model.Person,
		Names:     []model.Name{{Full: "Robert Barrera", Given: "Robert", Family: "Barrera", Script: model.ScriptLatin, Kind: model.NamePrimary}},
		BirthDate: model.NewDate(1953, 2, 5),
		Documents: []model.IDDocument{{Type: model.DocTaxID, Number: "102-94-1209", Country: "US"}},
		Address:   model.Address{Line: "4876 Gallegos Vista Apt. 382", City: "Lake Christine", Region: "VA", PostalCode: "92929", Country: "US"},
	}, first.Party)
	for _, rec := range accts {
		require.Empty(t, rec.Labels, "prior_sar_count is a copy of the label and is not read")
	}

	members := readFile(t, "amlsim_dev", "alert_accounts.csv")
	require.Len(t, members, 380)
	require.Equal(t, model.Label{CaseID: "alert-0", Typology: model.TypFanIn, Note: "fan_in", EntityKind: model.EntityAccount, EntityID: "132"}, members[0].Labels[0])

	sars := readFile(t, "amlsim_dev", "sar_accounts.csv")
	require.Len(t, sars, 347)
	require.Equal(t, []model.Label{
		{CaseID: "alert-0", Typology: model.TypFanIn, Note: "fan_in", EntityKind: model.EntityAccount, EntityID: "1354"},
		{CaseID: "alert-0", Typology: model.TypFanIn, Note: "fan_in", EntityKind: model.EntityParty, EntityID: "C_1354"},
	}, sars[0].Labels)
}

func TestIBMSamples(t *testing.T) {
	for _, s := range []struct {
		dir          string
		nodes, fraud int
		txs          int
	}{{"20K_cycle200", 20000, 945, 117805}, {"20K_fanin200", 20000, 954, 118250}, {"20K_fanin200cycle200", 20000, 1804, 120558}} {
		t.Run(s.dir, func(t *testing.T) {
			nodes := readFile(t, "amlsim_ibm_samples", s.dir, "nodes.csv")
			require.Len(t, nodes, s.nodes)
			fraud := 0
			for _, rec := range nodes {
				require.NotNil(t, rec.Account)
				if len(rec.Labels) > 0 {
					fraud++
					require.Equal(t, rec.Account.ID, rec.Labels[0].EntityID)
				}
			}
			require.Equal(t, s.fraud, fraud)
			txs := readFile(t, "amlsim_ibm_samples", s.dir, "transactions.csv")
			require.Len(t, txs, s.txs)
			tx := txs[0].Tx
			require.Equal(t, "transactions.csv:2", tx.ID)
			require.Equal(t, time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC), tx.Time, "step 1 is the day after the base date")
			require.Equal(t, model.ChannelTransfer, tx.Channel)
		})
	}
}

func TestTinySample(t *testing.T) {
	accts := readFile(t, "amlsim_ibm_samples", "sample_outputs_tiny", "accounts.csv")
	require.Len(t, accts, 30)
	require.Equal(t, "C_0", accts[0].Party.ID)
	require.Equal(t, []string{"C_0"}, accts[0].Account.Owners)
	fraud := 0
	for _, rec := range accts {
		fraud += len(rec.Labels)
	}
	require.Equal(t, 4, fraud) // accounts 20, 24, 25, 26

	txs := readFile(t, "amlsim_ibm_samples", "sample_outputs_tiny", "tx.csv")
	require.Len(t, txs, 45)
	require.Equal(t, &model.Transaction{ID: "2", Time: time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC), Originator: "15",
		Beneficiary: "25", Amount: 125.05, Currency: "USD", Channel: model.ChannelCheck}, txs[0].Tx)

	cash := readFile(t, "amlsim_ibm_samples", "sample_outputs_tiny", "cash_tx.csv")
	require.Len(t, cash, 88)
	require.Equal(t, &model.Transaction{ID: "1", Time: time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC), Originator: "0",
		Amount: 99.87, Currency: "USD", Channel: model.ChannelCashWithdrawal, Branch: "11"}, cash[0].Tx)
	deposits := 0
	for _, rec := range cash {
		if rec.Tx.Channel == model.ChannelCashDeposit {
			deposits++
			require.Empty(t, rec.Tx.Originator)
			require.NotEmpty(t, rec.Tx.Beneficiary)
		}
	}
	require.Equal(t, 8, deposits)

	alerts := readFile(t, "amlsim_ibm_samples", "sample_outputs_tiny", "alerts.csv")
	require.Len(t, alerts, 2)
	require.Equal(t, model.Label{CaseID: "alert-1", Typology: model.TypCycle, Note: "cycle", EntityKind: model.EntityAccount, EntityID: "25"}, alerts[0].Labels[0])
}

func TestBaseDateAndCurrency(t *testing.T) {
	recs, errs := read(t, amlsim.Format{BaseDate: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), Currency: "EUR"}, "transactions.csv",
		strings.NewReader("sourceNodeId,targetNodeId,value,time\n1,2,10.5,1\n"))
	require.Empty(t, errs)
	require.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), recs[0].Tx.Time)
	require.Equal(t, "EUR", recs[0].Tx.Currency)
}

func TestBadRows(t *testing.T) {
	const header = "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n"
	const good = "1,920,371,TRANSFER,553.36,2017-01-01T00:00:00Z,False,-1"
	tests := []struct{ name, row, want string }{
		{"too few fields", "1,920,371,TRANSFER,553.36", "t.csv:2:26: tran_timestamp: row ends after 5 fields, expected 8 fields"},
		{"bad timestamp", strings.Replace(good, "2017-01-01T00:00:00Z", "2017-01-01 00:00", 1),
			`t.csv:2:27: tran_timestamp: "2017-01-01 00:00" is not a timestamp, expected RFC 3339 such as 2017-01-01T00:00:00Z`},
		{"non-numeric amount", strings.Replace(good, "553.36", "5x3", 1), `t.csv:2:20: base_amt: "5x3" is not a number, expected an amount such as 553.36`},
		{"negative amount", strings.Replace(good, "553.36", "-553.36", 1), `t.csv:2:20: base_amt: negative amount "-553.36", expected an amount of 0 or more`},
		{"unknown type", strings.Replace(good, "TRANSFER", "BARTER", 1),
			`t.csv:2:11: tx_type: unknown transaction type "BARTER", expected one of TRANSFER, WIRE, CHECK, CREDIT, DEPOSIT, CASH-IN, CASH-OUT, PAYMENT`},
		{"bad flag", strings.Replace(good, "False", "maybe", 1), `t.csv:2:48: is_sar: "maybe" is not a flag, expected True or False (also 1/0, YES/NO)`},
		{"bad alert", strings.Replace(good, "-1", "x", 1), `t.csv:2:54: alert_id: "x" is not an alert ID, expected a whole number (-1 for none)`},
		{"empty account", strings.Replace(good, "920", "", 1), "t.csv:2:3: orig_acct: empty, expected an identifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := read(t, amlsim.Format{}, "t.csv", strings.NewReader(header+tt.row+"\n"+good+"\n"))
			require.Len(t, errs, 1)
			require.Equal(t, tt.want, errs[0].Error())
			require.Len(t, recs, 1)
			require.Equal(t, 3, recs[0].Line)
		})
	}
	// A SAR transaction in an alert gets the alert's case.
	recs, errs := read(t, amlsim.Format{}, "t.csv", strings.NewReader("\xef\xbb\xbf"+strings.ReplaceAll(header, "\n", "\r\n")+"\r\n"+
		strings.Replace(strings.Replace(good, "False", "True", 1), "-1", "7", 1)+"\r\n"))
	require.Empty(t, errs)
	require.Equal(t, 3, recs[0].Line)
	require.Equal(t, []model.Label{{CaseID: "alert-7", EntityKind: model.EntityTransaction, EntityID: "1"}}, recs[0].Labels)
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, content string
		sentinel      error
		msg           string
	}{
		{"unknown file", "a,b\n", ingest.ErrUnknownFile, `f.csv:1: not a file of this format: amlsim: header "a,b" is none of transactions.csv (tran_id,…), accounts.csv (acct_id,…), alert_transactions.csv, alert_accounts.csv, sar_accounts.csv, nodes.csv (nodeid,…), transactions.csv (sourceNodeId,…), tx.csv, cash_tx.csv, alerts.csv`},
		{"missing column", "tran_id,orig_acct,bene_acct,tx_type,tran_timestamp\n", ingest.ErrHeader, `amlsim transactions.csv: f.csv:1: header does not match the format: missing column "base_amt"`},
		{"unknown column", "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,memo\n", ingest.ErrHeader,
			`amlsim transactions.csv: f.csv:1:61: header does not match the format: unknown column "memo", expected one of tran_id, orig_acct, bene_acct, tx_type, base_amt, tran_timestamp, is_sar, alert_id`},
		{"duplicate column", "nodeid,isFraud,nodeid\n", ingest.ErrHeader, `amlsim nodes.csv: f.csv:1:16: header does not match the format: duplicate column "nodeid" (also column 1)`},
		{"empty", "", ingest.ErrHeader, "f.csv: header does not match the format: the file is empty, expected a header row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := amlsim.Format{}.Open(ingest.Source{Path: "f.csv", R: strings.NewReader(tt.content)})
			require.ErrorIs(t, err, tt.sentinel)
			require.Equal(t, tt.msg, err.Error())
		})
	}
}

func TestAccountRules(t *testing.T) {
	const header = "acct_id,dsply_nm,type,open_dt,close_dt,country,birth_date,acct_rptng_crncy\n"
	recs, errs := read(t, amlsim.Format{}, "a.csv", strings.NewReader(header+
		"1,C_1,I,10,5,US,,USD\n"+
		"2,C_2,I,0,1000000,USA,,USD\n"+
		"3,C_3,I,0,,US,1990-02-30,USD\n"+
		"4,C_4,I,0,,US,,US$\n"+
		"5,,B,2020-01-01,2021-06-30,MX,,MXN\n"))
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	require.Equal(t, []string{
		"a.csv:2:12: close_dt: closed 2017-01-06 before opened 2017-01-11, expected a close date on or after the open date",
		`a.csv:3:19: country: unknown country "USA", expected an ISO 3166-1 alpha-2 code such as US`,
		`a.csv:4:15: birth_date: "1990-02-30" is not a date, expected YYYY-MM-DD`,
		`a.csv:5:16: acct_rptng_crncy: unknown currency "US$", expected an ISO 4217 code such as USD`,
	}, got)
	require.Len(t, recs, 1)
	require.Equal(t, model.Organization, recs[0].Party.Kind)
	require.Equal(t, "5", recs[0].Party.ID)
	require.Equal(t, model.NewDate(2021, 6, 30), recs[0].Account.Closed)
}

func TestEveryRowAccountedFor(t *testing.T) {
	good := []string{"1,920,371,TRANSFER,553.36,2017-01-01T00:00:00Z,False,-1", "2,1,2,wire,0.01,2018-12-21T00:00:00Z,True,7"}
	bad := []string{
		"1,920,371,TRANSFER,553.36,2017-01-01T00:00:00Z,False",
		"1,920,371,TRANSFER,553.36,2017-01-01,False,-1",
		"1,920,371,TRANSFER,-5,2017-01-01T00:00:00Z,False,-1",
		"1,920,371,ZELLE,5,2017-01-01T00:00:00Z,False,-1",
		"1,920,371,TRANSFER,5,2017-01-01T00:00:00Z,Nope,-1",
	}
	readertest.Accounting(t, amlsim.Format{}, "transactions.csv",
		"tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id", good, bad)
}
