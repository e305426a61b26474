// Package amlsim reads the output files of IBM's AMLSim transaction
// simulator (github.com/IBM/AMLSim): the current schema (transactions.csv,
// accounts.csv, alert_transactions.csv, alert_accounts.csv,
// sar_accounts.csv), the older schema of IBM's published samples
// (nodes.csv and transactions.csv with sourceNodeId,targetNodeId,value,time)
// and the tiny example of the AMLSim README (accounts.csv, tx.csv,
// cash_tx.csv, alerts.csv in upper case). A file's kind comes from its
// header; docs/formats.md tables every column.
//
// Where a file gives times as simulation steps, step s is the day
// Format.BaseDate + s days (AMLSim's default: one step is one day from
// general.base_date of conf.json).
package amlsim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// DefaultBaseDate is the date of step 0 when Format.BaseDate is zero: the
// base_date of AMLSim's shipped conf.json.
var DefaultBaseDate = time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)

// Format reads AMLSim files. Its zero value reads them with step 0 on
// 2017-01-01 and amounts in US dollars.
type Format struct {
	// BaseDate is the day of simulation step 0 (DefaultBaseDate when zero).
	BaseDate time.Time
	// Currency is the currency of amounts in files that name none (all but
	// accounts.csv); USD when empty. AMLSim's own default is USD.
	Currency string
}

// Name returns "amlsim".
func (Format) Name() string { return "amlsim" }

func (f Format) base() time.Time {
	if f.BaseDate.IsZero() {
		return DefaultBaseDate
	}
	return f.BaseDate.UTC()
}

func (f Format) currency() string {
	if f.Currency == "" {
		return "USD"
	}
	return f.Currency
}

// fileKind describes one kind of AMLSim file: its columns and how a row
// becomes a record.
type fileKind struct {
	name     string
	columns  []string // every column the kind may have
	required []string
	parse    func(r *reader) (ingest.Record, *ingest.RowError)
}

// kinds lists the file kinds; the first whose signature columns are all in
// a header is the file's kind.
var kinds = []struct {
	signature []string
	kind      *fileKind
}{
	{[]string{"tran_id", "alert_type"}, &alertTxKind},
	{[]string{"tran_id"}, &txKind},
	{[]string{"alert_id", "acct_id"}, &alertAcctKind},
	{[]string{"acct_id"}, &accountKind},
	{[]string{"ALERT_ID"}, &sarAcctKind},
	{[]string{"nodeid"}, &nodesKind},
	{[]string{"sourceNodeId"}, &oldTxKind},
	{[]string{"ALERT_KEY"}, &tinyAlertKind},
	{[]string{"TXN_ID", "BRANCH_ID"}, &tinyCashKind},
	{[]string{"TXN_ID"}, &tinyTxKind},
	{[]string{"ACCOUNT_ID", "PRIMARY_CUSTOMER_ID"}, &tinyAccountKind},
}

// Open recognises the file's kind from its header and checks the header's
// columns. The reader it returns also implements ingest.BlankCounter.
func (f Format) Open(src ingest.Source) (ingest.Reader, error) {
	sc := csvscan.New(src.R, src.Path)
	if err := sc.Header(); err != nil {
		return nil, err
	}
	names := sc.HeaderNames()
	var kind *fileKind
	for _, k := range kinds {
		if containsAll(names, k.signature) {
			kind = k.kind
			break
		}
	}
	if kind == nil {
		return nil, fmt.Errorf("%s:%d: %w: amlsim: header %s is none of transactions.csv (tran_id,…), accounts.csv (acct_id,…), alert_transactions.csv, alert_accounts.csv, sar_accounts.csv, nodes.csv (nodeid,…), transactions.csv (sourceNodeId,…), tx.csv, cash_tx.csv, alerts.csv",
			src.Path, sc.Line(), ingest.ErrUnknownFile, csvscan.Quote(sc.Raw()))
	}
	pos, err := sc.MatchColumns(kind.columns, kind.required)
	if err != nil {
		return nil, fmt.Errorf("amlsim %s: %w", kind.name, err)
	}
	return &reader{f: f, sc: sc, kind: kind, pos: pos, source: src.SourceID()}, nil
}

func containsAll(names, want []string) bool {
	for _, w := range want {
		if !slices.Contains(names, w) {
			return false
		}
	}
	return true
}

// reader reads the rows of one AMLSim file.
type reader struct {
	f      Format
	sc     *csvscan.Scanner
	kind   *fileKind
	pos    []int
	source string
}

// Next returns the next row's record (see ingest.Reader).
func (r *reader) Next() (ingest.Record, error) {
	if err := r.sc.Next(); err != nil {
		return ingest.Record{}, err
	}
	rec, rerr := r.kind.parse(r)
	rec.Line = r.sc.Line()
	if rerr != nil {
		return rec, rerr
	}
	return rec, nil
}

// BlankLines returns the number of blank lines skipped so far.
func (r *reader) BlankLines() int { return r.sc.Blank() }

// col returns the position of the kind's column c in the row, or -1.
func (r *reader) col(c int) int { return r.pos[c] }

// field returns the kind's column c of the current row ("" when the header
// lacks it).
func (r *reader) field(c int) []byte {
	if r.pos[c] < 0 {
		return nil
	}
	return r.sc.Field(r.pos[c])
}

func (r *reader) str(c int) string { return string(r.field(c)) }

func (r *reader) bad(c int, msg, want string) *ingest.RowError {
	return r.sc.Error(r.pos[c], msg, want)
}

// id checks that column c holds an identifier.
func (r *reader) id(c int) (string, *ingest.RowError) {
	b := r.field(c)
	if len(b) == 0 {
		return "", r.bad(c, "empty", "an identifier")
	}
	if p := csvscan.TextProblem(b, 128, false); p != "" {
		return "", r.bad(c, p, "an identifier of at most 128 characters")
	}
	return string(b), nil
}

// optText checks that column c holds text (or nothing).
func (r *reader) optText(c int) (string, *ingest.RowError) {
	b := r.field(c)
	if p := csvscan.TextProblem(b, 1000, false); p != "" {
		return "", r.bad(c, p, "text of at most 1000 characters")
	}
	return string(b), nil
}

func (r *reader) amount(c int) (float64, *ingest.RowError) {
	b := r.field(c)
	v, err := csvscan.Decimal(b, -1)
	switch err {
	case nil:
		return v, nil
	case csvscan.ErrEmpty:
		return 0, r.bad(c, "empty", "an amount such as 553.36")
	case csvscan.ErrNegative:
		return 0, r.bad(c, "negative amount "+csvscan.Quote(b), "an amount of 0 or more")
	}
	return 0, r.bad(c, csvscan.Quote(b)+" is not a number", "an amount such as 553.36")
}

// step reads a simulation step (a day number from BaseDate).
func (r *reader) step(c int) (time.Time, *ingest.RowError) {
	b := r.field(c)
	n, err := csvscan.Uint(b)
	if err != nil || n > 1_000_000 {
		return time.Time{}, r.bad(c, csvscan.Quote(b)+" is not a simulation step", "a whole number of days from the base date, 0 to 1000000")
	}
	return r.f.base().AddDate(0, 0, int(n)), nil
}

// flag reads a boolean written True/False, true/false, 1/0 or YES/NO.
func (r *reader) flag(c int) (bool, *ingest.RowError) {
	switch strings.ToLower(r.str(c)) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, r.bad(c, csvscan.Quote(r.field(c))+" is not a flag", "True or False (also 1/0, YES/NO)")
}

// alertCase reads an alert ID and returns its case ID ("alert-N"), or "" for
// a negative ID (no alert).
func (r *reader) alertCase(c int) (string, *ingest.RowError) {
	b := r.field(c)
	if len(b) > 0 && b[0] == '-' {
		if _, err := csvscan.Uint(b[1:]); err == nil {
			return "", nil
		}
	}
	if _, err := csvscan.Uint(b); err != nil {
		return "", r.bad(c, csvscan.Quote(b)+" is not an alert ID", "a whole number (-1 for none)")
	}
	return "alert-" + string(b), nil
}

func (r *reader) channel(c int) (model.Channel, *ingest.RowError) {
	ch, ok := txTypes[strings.ToUpper(r.str(c))]
	if !ok {
		return "", r.bad(c, "unknown transaction type "+csvscan.Quote(r.field(c)), "one of "+txTypeList)
	}
	return ch, nil
}

// txTypes maps AMLSim transaction types to channels (docs/formats.md).
var txTypes = map[string]model.Channel{
	"TRANSFER": model.ChannelTransfer,
	"WIRE":     model.ChannelWire,
	"CHECK":    model.ChannelCheck,
	"CREDIT":   model.ChannelACH,
	"DEPOSIT":  model.ChannelCashDeposit,
	"CASH-IN":  model.ChannelCashDeposit,
	"CASH-OUT": model.ChannelCashWithdrawal,
	"PAYMENT":  model.ChannelACH,
}

const txTypeList = "TRANSFER, WIRE, CHECK, CREDIT, DEPOSIT, CASH-IN, CASH-OUT, PAYMENT"

// Typology maps an AMLSim alert type ("fan_in", "scatter_gather") to
// Centinela's typology ("FAN-IN", "SCATTER-GATHER"): upper case, '_' as '-'.
// The eight AMLSim pattern names are AMLworld's eight typologies.
func Typology(alertType string) model.Typology {
	return model.Typology(strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(alertType)), "_", "-"))
}

func (r *reader) typology(c int) (model.Typology, string, *ingest.RowError) {
	s := r.str(c)
	if s == "" || csvscan.TextProblem(r.field(c), 64, false) != "" {
		return "", "", r.bad(c, "alert type "+csvscan.Quote(r.field(c))+" is empty or not text", "a pattern name such as fan_in")
	}
	return Typology(s), s, nil
}

// stepOrDate reads an account's open or close date: a step, or a date.
// ok is false for AMLSim's "never" (1000000 or more) and for an empty cell.
func (r *reader) stepOrDate(c int) (model.Date, *ingest.RowError) {
	b := r.field(c)
	if len(b) == 0 {
		return model.Date{}, nil
	}
	if n, err := csvscan.Uint(b); err == nil {
		if n >= 1_000_000 {
			return model.Date{}, nil
		}
		return model.DateOf(r.f.base().AddDate(0, 0, int(n))), nil
	}
	if d, err := csvscan.Date(b); err == nil {
		return d, nil
	}
	return model.Date{}, r.bad(c, csvscan.Quote(b)+" is not a step or a date", "a simulation step (1000000: never) or YYYY-MM-DD")
}
