package samld_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/ingest/samld"
	"github.com/centinela-aml/centinela/internal/model"
)

const header = "Time,Date,Sender_account,Receiver_account,Amount,Payment_currency,Received_currency,Sender_bank_location,Receiver_bank_location,Payment_type,Is_laundering,Laundering_type\n"

func read(t testing.TB, f samld.Format, path string, r io.Reader) (recs []ingest.Record, errs []*ingest.RowError, rd ingest.Reader) {
	t.Helper()
	rd, err := f.Open(ingest.Source{Path: path, R: r})
	require.NoError(t, err)
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs, rd
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

func TestFixture(t *testing.T) {
	f, err := os.Open("testdata/SAML-D_sample.csv")
	require.NoError(t, err)
	defer f.Close()
	recs, errs, _ := read(t, samld.Format{}, "testdata/SAML-D_sample.csv", f)
	require.Empty(t, errs)
	require.Len(t, recs, 20)

	require.Equal(t, &model.Transaction{ID: "SAML-D_sample.csv:2", Time: time.Date(2022, 10, 7, 10, 35, 19, 0, time.UTC),
		Originator: "8724731955", Beneficiary: "2769355426", Amount: 1459.15, Currency: "GBP", Channel: model.ChannelCashDeposit}, recs[0].Tx)
	require.Empty(t, recs[0].Labels, "normal typologies are not labels")

	// A cross-border payment to the UAE: the counterparty is abroad.
	require.Equal(t, "AE", recs[1].Tx.Counterparty.Country)
	require.Equal(t, model.ChannelWire, recs[1].Tx.Channel)
	// Money coming in from Germany: the sender is the counterparty.
	require.Equal(t, "DE", recs[9].Tx.Counterparty.Country)
	require.Equal(t, "EUR", recs[9].Tx.Currency)
	// Neither bank in the UK: the receiver's country.
	require.Equal(t, "JP", recs[15].Tx.Counterparty.Country)
	require.Equal(t, "USD", recs[15].Tx.Currency)

	var labels []model.Label
	channels := map[model.Channel]int{}
	for _, rec := range recs {
		labels = append(labels, rec.Labels...)
		channels[rec.Tx.Channel]++
	}
	require.Equal(t, []model.Label{
		{Typology: model.TypStructuring, Note: "Structuring", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:12"},
		{Typology: model.TypFanOut, Note: "Layered_Fan_Out", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:13"},
		{Typology: model.TypPassThrough, Note: "Deposit-Send", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:14"},
		{Typology: model.TypStack, Note: "Stacked Bipartite", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:15"},
		{Typology: model.TypSmurfing, Note: "Smurfing", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:16"},
		{Typology: model.TypTBML, Note: "Over-Invoicing", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:18"},
		{Typology: "BEHAVIOURAL-CHANGE", Note: "Behavioural_Change_1", EntityKind: model.EntityTransaction, EntityID: "SAML-D_sample.csv:21"},
	}, labels)
	require.Equal(t, map[model.Channel]int{model.ChannelCashDeposit: 2, model.ChannelWire: 13, model.ChannelCheck: 1,
		model.ChannelACH: 1, model.ChannelCashWithdrawal: 1, model.ChannelCard: 2}, channels)
}

func TestTypology(t *testing.T) {
	for in, want := range map[string]model.Typology{
		"Layered_Fan_In": model.TypFanIn, "Fan_Out": model.TypFanOut, "Cycle": model.TypCycle,
		"Gather-Scatter": model.TypGatherScatter, "Scatter-Gather": model.TypScatterGather, "Bipartite": model.TypBipartite,
		"Cash_Withdrawal": "CASH-WITHDRAWAL", "Single_large": "SINGLE-LARGE", "Behavioural_Change_2": "BEHAVIOURAL-CHANGE",
		"New  type!": "NEW-TYPE",
	} {
		require.Equal(t, want, samld.Typology(in), in)
	}
}

func TestBadRows(t *testing.T) {
	const good = "10:35:19,2022-10-07,8724731955,2769355426,1459.15,UK pounds,UK pounds,UK,UK,Cash Deposit,0,Normal_Cash_Deposits"
	tests := []struct{ name, row, want string }{
		{"too few fields", "10:35:19,2022-10-07,8724731955", "t.csv:2:31: Receiver_account: row ends after 3 fields, expected 12 fields"},
		{"bad date", strings.Replace(good, "2022-10-07", "07/10/2022", 1), `t.csv:2:10: Date: "07/10/2022" is not a date, expected YYYY-MM-DD`},
		{"bad time", strings.Replace(good, "10:35:19", "10:35:61", 1), `t.csv:2:1: Time: "10:35:61" is not a time of day, expected HH:MM:SS`},
		{"non-numeric amount", strings.Replace(good, "1459.15", "£1459", 1), `t.csv:2:43: Amount: "£1459" is not a number, expected an amount such as 1459.15`},
		{"negative amount", strings.Replace(good, "1459.15", "-1459.15", 1), `t.csv:2:43: Amount: negative amount "-1459.15", expected an amount of 0 or more`},
		{"unknown currency", strings.Replace(good, "UK pounds,UK,", "Bitcoin,UK,", 1),
			`t.csv:2:61: Received_currency: unknown currency "Bitcoin", expected one of UK pounds, US dollar, Euro, Swiss franc, Yen, Dirham, Moroccan dirham, Indian rupee, Pakistani rupee, Mexican Peso, Naira, Turkish lira, Albanian lek`},
		{"unknown location", strings.Replace(good, "UK,UK", "UK,Atlantis", 1),
			`t.csv:2:74: Receiver_bank_location: unknown location "Atlantis", expected one of UK, USA, UAE, Albania, Austria, France, Germany, India, Italy, Japan, Mexico, Morocco, Netherlands, Nigeria, Pakistan, Spain, Switzerland, Turkey`},
		{"unknown payment type", strings.Replace(good, "Cash Deposit", "Zelle", 1),
			`t.csv:2:77: Payment_type: unknown payment type "Zelle", expected one of Cash Deposit, Cash Withdrawal, Cross-border, Credit card, Debit card, ACH, Cheque`},
		{"bad label", strings.Replace(good, ",0,", ",2,", 1), `t.csv:2:90: Is_laundering: "2" is not a label, expected 0 or 1`},
		{"laundering without type", strings.Replace(good, ",0,Normal_Cash_Deposits", ",1,", 1),
			`t.csv:2:92: Laundering_type: laundering type "" is empty or not text, expected a typology such as Structuring`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs, _ := read(t, samld.Format{}, "t.csv", strings.NewReader(header+tt.row+"\n"+good+"\n"))
			require.Len(t, errs, 1)
			require.Equal(t, tt.want, errs[0].Error())
			require.Equal(t, tt.row, errs[0].Raw)
			require.Len(t, recs, 1)
			require.Equal(t, 3, recs[0].Line)
		})
	}
}

func TestFileShapes(t *testing.T) {
	const good = "10:35:19,2022-10-07,8724731955,2769355426,1459.15,UK pounds,UK pounds,UK,UK,Cash Deposit,0,Normal_Cash_Deposits"
	content := "\xef\xbb\xbf" + strings.ReplaceAll(header, "\n", "\r\n") + "\r\n" + good + "\r\n" + good + "\r\n\r\n" + good[:50]
	recs, errs, rd := read(t, samld.Format{}, "t.csv", strings.NewReader(content))
	require.Len(t, recs, 2)
	require.Equal(t, "t.csv:3", recs[0].Tx.ID)
	require.Equal(t, "t.csv:4", recs[1].Tx.ID, "duplicate rows are separate transactions")
	require.Len(t, errs, 1)
	require.Equal(t, "t.csv:6:51: Received_currency: row ends after 6 fields, expected 12 fields", errs[0].Error())
	require.Equal(t, 2, rd.(ingest.BlankCounter).BlankLines())
}

func TestOpenErrors(t *testing.T) {
	_, err := samld.Format{}.Open(ingest.Source{Path: "s.csv", R: strings.NewReader(strings.Replace(header, "Amount,", "", 1))})
	require.ErrorIs(t, err, ingest.ErrHeader)
	require.EqualError(t, err, `samld: s.csv:1: header does not match the format: missing column "Amount"`)
	_, err = samld.Format{}.Open(ingest.Source{Path: "s.csv", R: strings.NewReader(strings.Replace(header, "Amount,", "Amt,", 1))})
	require.EqualError(t, err, `samld: s.csv:1:43: header does not match the format: unknown column "Amt", expected one of Time, Date, Sender_account, Receiver_account, Amount, Payment_currency, Received_currency, Sender_bank_location, Receiver_bank_location, Payment_type, Is_laundering, Laundering_type`)
}

func TestEveryRowAccountedFor(t *testing.T) {
	good := []string{
		"10:35:19,2022-10-07,8724731955,2769355426,1459.15,UK pounds,UK pounds,UK,UK,Cash Deposit,0,Normal_Cash_Deposits",
		"11:05:10,2022-10-07,6620193384,5543219087,8700.00,UK pounds,Indian rupee,UK,India,Cross-border,1,Layered_Fan_Out",
	}
	bad := []string{
		"10:35:19,2022-10-07,8724731955,2769355426,1459.15,UK pounds,UK pounds,UK,UK,Cash Deposit,0",
		"10:35:19,2022-10-32,8724731955,2769355426,1459.15,UK pounds,UK pounds,UK,UK,Cash Deposit,0,x",
		"10:35:19,2022-10-07,8724731955,2769355426,-1,UK pounds,UK pounds,UK,UK,Cash Deposit,0,x",
		"10:35:19,2022-10-07,8724731955,2769355426,1,Rand,UK pounds,UK,UK,Cash Deposit,0,x",
		"10:35:19,2022-10-07,8724731955,2769355426,1,Euro,Euro,UK,UK,Wire,0,x",
		"10:35:19,2022-10-07,8724731955,27693\xff,1,Euro,Euro,UK,UK,ACH,0,x",
	}
	readertest.Accounting(t, samld.Format{}, "s.csv", header, good, bad)
}
