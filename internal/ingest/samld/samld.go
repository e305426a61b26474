// Package samld reads SAML-D, the synthetic anti-money-laundering data set
// of Oztas et al., "Enhancing Anti-Money Laundering: Development of a
// Synthetic Transaction Monitoring Dataset" (IEEE ICEBE 2023): one CSV file
// of 12 columns, Time,Date,Sender_account,Receiver_account,Amount,
// Payment_currency,Received_currency,Sender_bank_location,
// Receiver_bank_location,Payment_type,Is_laundering,Laundering_type.
//
// Rows have no ID: a transaction's ID is its position ("<source>:<line>").
// Currency names, bank locations and payment types are mapped to ISO codes
// and channels as docs/formats.md tables them; a value outside those tables
// rejects the row. Is_laundering and Laundering_type are labels: they go to
// the record's Labels, never into the transaction.
package samld

import (
	"fmt"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// Columns are SAML-D's columns, in the published order.
var Columns = []string{"Time", "Date", "Sender_account", "Receiver_account", "Amount", "Payment_currency",
	"Received_currency", "Sender_bank_location", "Receiver_bank_location", "Payment_type", "Is_laundering", "Laundering_type"}

const (
	colTime = iota
	colDate
	colSender
	colReceiver
	colAmount
	colPayCur
	colRecvCur
	colSenderLoc
	colReceiverLoc
	colType
	colLaundering
	colLaunderingType
)

// Format reads SAML-D files. Its zero value treats the United Kingdom as
// the reporting bank's country, as SAML-D does.
type Format struct {
	// Home is the ISO country code of the reporting bank ("GB" when empty).
	// The side of a transaction whose bank is elsewhere is the
	// counterparty, whose country goes to Counterparty.Country.
	Home string
}

// Name returns "samld".
func (Format) Name() string { return "samld" }

// Open checks the header: the 12 columns, in any order, each once. The
// reader it returns also implements ingest.BlankCounter.
func (f Format) Open(src ingest.Source) (ingest.Reader, error) {
	sc := csvscan.New(src.R, src.Path)
	if err := sc.Header(); err != nil {
		return nil, err
	}
	pos, err := sc.MatchColumns(Columns, Columns)
	if err != nil {
		return nil, fmt.Errorf("samld: %w", err)
	}
	home := f.Home
	if home == "" {
		home = "GB"
	}
	return &reader{sc: sc, pos: pos, source: src.SourceID(), home: home}, nil
}

type reader struct {
	sc     *csvscan.Scanner
	pos    []int
	source string
	home   string
}

// BlankLines returns the number of blank lines skipped so far.
func (r *reader) BlankLines() int { return r.sc.Blank() }

func (r *reader) field(c int) []byte { return r.sc.Field(r.pos[c]) }

func (r *reader) bad(c int, msg, want string) *ingest.RowError {
	return r.sc.Error(r.pos[c], msg, want)
}

// Next returns the next row's record (see ingest.Reader).
func (r *reader) Next() (ingest.Record, error) {
	if err := r.sc.Next(); err != nil {
		return ingest.Record{}, err
	}
	line := r.sc.Line()
	rec, rerr := r.parse(line)
	rec.Line = line
	if rerr != nil {
		return rec, rerr
	}
	return rec, nil
}

func (r *reader) parse(line int) (ingest.Record, *ingest.RowError) {
	y, m, d, ok := csvscan.YMD(r.field(colDate), '-')
	if !ok {
		return ingest.Record{}, r.bad(colDate, csvscan.Quote(r.field(colDate))+" is not a date", "YYYY-MM-DD")
	}
	clock, err := csvscan.Clock(r.field(colTime))
	if err != nil {
		return ingest.Record{}, r.bad(colTime, csvscan.Quote(r.field(colTime))+" is not a time of day", "HH:MM:SS")
	}
	tx := model.Transaction{
		ID:   ingest.PositionID(r.source, line),
		Time: time.Unix(csvscan.DaysFromCivil(y, m, d)*86400+int64(clock), 0).UTC(),
	}
	for _, c := range [...]int{colSender, colReceiver} {
		b := r.field(c)
		if len(b) == 0 || csvscan.TextProblem(b, 128, false) != "" {
			return ingest.Record{}, r.bad(c, "account "+csvscan.Quote(b)+" is empty or not an identifier", "an account number such as 8724731955")
		}
	}
	tx.Originator = string(r.field(colSender))
	tx.Beneficiary = string(r.field(colReceiver))

	amt := r.field(colAmount)
	switch v, err := csvscan.Decimal(amt, -1); err {
	case nil:
		tx.Amount = v
	case csvscan.ErrNegative:
		return ingest.Record{}, r.bad(colAmount, "negative amount "+csvscan.Quote(amt), "an amount of 0 or more")
	case csvscan.ErrEmpty:
		return ingest.Record{}, r.bad(colAmount, "empty", "an amount such as 1459.15")
	default:
		return ingest.Record{}, r.bad(colAmount, csvscan.Quote(amt)+" is not a number", "an amount such as 1459.15")
	}

	payCur, ok := lookup(currencies, r.field(colPayCur))
	if !ok {
		return ingest.Record{}, r.bad(colPayCur, "unknown currency "+csvscan.Quote(r.field(colPayCur)), "one of "+currencyList)
	}
	if _, ok := lookup(currencies, r.field(colRecvCur)); !ok {
		return ingest.Record{}, r.bad(colRecvCur, "unknown currency "+csvscan.Quote(r.field(colRecvCur)), "one of "+currencyList)
	}
	tx.Currency = payCur
	from, ok := lookup(locations, r.field(colSenderLoc))
	if !ok {
		return ingest.Record{}, r.bad(colSenderLoc, "unknown location "+csvscan.Quote(r.field(colSenderLoc)), "one of "+locationList)
	}
	to, ok := lookup(locations, r.field(colReceiverLoc))
	if !ok {
		return ingest.Record{}, r.bad(colReceiverLoc, "unknown location "+csvscan.Quote(r.field(colReceiverLoc)), "one of "+locationList)
	}
	switch {
	case to != r.home:
		tx.Counterparty.Country = to
	case from != r.home:
		tx.Counterparty.Country = from
	}
	ch, ok := lookup(paymentTypes, r.field(colType))
	if !ok {
		return ingest.Record{}, r.bad(colType, "unknown payment type "+csvscan.Quote(r.field(colType)), "one of "+paymentTypeList)
	}
	tx.Channel = model.Channel(ch)

	rec := ingest.Record{Tx: &tx}
	switch l := string(r.field(colLaundering)); l {
	case "0":
	case "1":
		lt := r.field(colLaunderingType)
		if len(lt) == 0 || csvscan.TextProblem(lt, 64, false) != "" {
			return ingest.Record{}, r.bad(colLaunderingType, "laundering type "+csvscan.Quote(lt)+" is empty or not text", "a typology such as Structuring")
		}
		rec.Labels = []model.Label{{Typology: Typology(string(lt)), Note: string(lt), EntityKind: model.EntityTransaction, EntityID: tx.ID}}
	default:
		return ingest.Record{}, r.bad(colLaundering, csvscan.Quote(r.field(colLaundering))+" is not a label", "0 or 1")
	}
	return rec, nil
}

// lookup finds b in m ignoring case and surrounding spaces.
func lookup(m map[string]string, b []byte) (string, bool) {
	if v, ok := m[string(b)]; ok {
		return v, true
	}
	v, ok := m[strings.ToLower(strings.TrimSpace(string(b)))]
	return v, ok
}

// currencies maps SAML-D's 13 currency names (lower case) to ISO 4217.
var currencies = map[string]string{
	"uk pounds":       "GBP",
	"us dollar":       "USD",
	"euro":            "EUR",
	"swiss franc":     "CHF",
	"yen":             "JPY",
	"dirham":          "AED", // UAE dirham; SAML-D's bank locations include the UAE
	"moroccan dirham": "MAD",
	"indian rupee":    "INR",
	"pakistani rupee": "PKR",
	"mexican peso":    "MXN",
	"naira":           "NGN",
	"turkish lira":    "TRY",
	"albanian lek":    "ALL",
}

const currencyList = "UK pounds, US dollar, Euro, Swiss franc, Yen, Dirham, Moroccan dirham, Indian rupee, Pakistani rupee, Mexican Peso, Naira, Turkish lira, Albanian lek"

// locations maps SAML-D's 18 bank locations (lower case) to ISO 3166-1.
var locations = map[string]string{
	"uk": "GB", "usa": "US", "uae": "AE", "albania": "AL", "austria": "AT", "france": "FR", "germany": "DE",
	"india": "IN", "italy": "IT", "japan": "JP", "mexico": "MX", "morocco": "MA", "netherlands": "NL",
	"nigeria": "NG", "pakistan": "PK", "spain": "ES", "switzerland": "CH", "turkey": "TR",
}

const locationList = "UK, USA, UAE, Albania, Austria, France, Germany, India, Italy, Japan, Mexico, Morocco, Netherlands, Nigeria, Pakistan, Spain, Switzerland, Turkey"

// paymentTypes maps SAML-D's payment types (lower case) to channels.
var paymentTypes = map[string]string{
	"cash deposit":    string(model.ChannelCashDeposit),
	"cash withdrawal": string(model.ChannelCashWithdrawal),
	"cross-border":    string(model.ChannelWire),
	"credit card":     string(model.ChannelCard),
	"debit card":      string(model.ChannelCard),
	"ach":             string(model.ChannelACH),
	"cheque":          string(model.ChannelCheck),
}

const paymentTypeList = "Cash Deposit, Cash Withdrawal, Cross-border, Credit card, Debit card, ACH, Cheque"

// typologies maps SAML-D's suspicious laundering types to Centinela's.
var typologies = map[string]model.Typology{
	"structuring":          model.TypStructuring,
	"smurfing":             model.TypSmurfing,
	"deposit-send":         model.TypPassThrough,
	"fan_in":               model.TypFanIn,
	"fan_out":              model.TypFanOut,
	"layered_fan_in":       model.TypFanIn,
	"layered_fan_out":      model.TypFanOut,
	"cycle":                model.TypCycle,
	"bipartite":            model.TypBipartite,
	"stacked bipartite":    model.TypStack,
	"stacked_bipartite":    model.TypStack,
	"gather-scatter":       model.TypGatherScatter,
	"scatter-gather":       model.TypScatterGather,
	"over-invoicing":       model.TypTBML,
	"cash_withdrawal":      "CASH-WITHDRAWAL",
	"single_large":         "SINGLE-LARGE",
	"behavioural_change_1": "BEHAVIOURAL-CHANGE",
	"behavioural_change_2": "BEHAVIOURAL-CHANGE",
}

// Typology maps a SAML-D laundering type ("Layered_Fan_Out") to Centinela's
// typology (FAN-OUT). A type outside the table is upper-cased with every
// run of other characters than letters and digits turned into '-'.
func Typology(launderingType string) model.Typology {
	s := strings.ToLower(strings.TrimSpace(launderingType))
	if t, ok := typologies[s]; ok {
		return t
	}
	var b strings.Builder
	dash := false
	for _, c := range strings.ToUpper(s) {
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		} else {
			dash = true
		}
	}
	return model.Typology(b.String())
}
