package amlworld

import (
	"bytes"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// Columns are the 11 columns of a *_Trans.csv file and of the lines of a
// *_Patterns.txt file, in order. The receiving account's column is also
// named "Account" (pandas renames it "Account.1", which is accepted too).
var Columns = [NumColumns]string{
	"Timestamp", "From Bank", "Account", "To Bank", "Account",
	"Amount Received", "Receiving Currency", "Amount Paid", "Payment Currency",
	"Payment Format", "Is Laundering",
}

// NumColumns is the number of columns of an AMLworld transaction row.
const NumColumns = 11

// Column positions.
const (
	colTime = iota
	colFromBank
	colFromAccount
	colToBank
	colToAccount
	colAmountReceived
	colCurrencyReceived
	colAmountPaid
	colCurrencyPaid
	colFormat
	colLaundering
)

// slabSize is how many transactions are allocated at once.
const slabSize = 256

// rowParser turns the 11 fields of a row into a transaction. It holds the
// buffers that make that cost about one allocation per row.
type rowParser struct {
	source string
	slab   []model.Transaction
	ids    []byte

	lastDate [10]byte
	lastDays int64
	haveDate bool
}

const timestampWant = "YYYY/MM/DD HH:MM (UTC)"

// parse converts the current row of sc, whose 11 fields have been checked,
// into a transaction with the position ID of line. laundering is the "Is
// Laundering" flag.
func (p *rowParser) parse(sc *csvscan.Scanner, line int) (tx *model.Transaction, laundering bool, rerr *ingest.RowError) {
	f := func(i int) []byte { return sc.Field(i) }
	bad := func(i int, msg, want string) *ingest.RowError {
		return sc.ErrorNamed(i, Columns[i], msg, want)
	}

	sec, ok := p.timestamp(f(colTime))
	if !ok {
		return nil, false, bad(colTime, csvscan.Quote(f(colTime))+" is not a date and time", timestampWant)
	}
	for _, i := range [...]int{colFromBank, colToBank} {
		if !isDigits(f(i)) {
			return nil, false, bad(i, "bank ID "+csvscan.Quote(f(i))+" is not a number", "digits such as 021174")
		}
	}
	for _, i := range [...]int{colFromAccount, colToAccount} {
		if len(f(i)) == 0 || bytes.IndexFunc(f(i), isControl) >= 0 {
			return nil, false, bad(i, "account "+csvscan.Quote(f(i))+" is empty or has control characters", "an account number such as 800737690")
		}
	}
	received, err := csvscan.Decimal(f(colAmountReceived), -1)
	if err != nil {
		return nil, false, amountError(sc, colAmountReceived, err)
	}
	paid, err := csvscan.Decimal(f(colAmountPaid), -1)
	if err != nil {
		return nil, false, amountError(sc, colAmountPaid, err)
	}
	curReceived, ok := currencies[string(f(colCurrencyReceived))]
	if !ok {
		return nil, false, bad(colCurrencyReceived, "unknown currency "+csvscan.Quote(f(colCurrencyReceived)), "one of "+currencyList)
	}
	curPaid, ok := currencies[string(f(colCurrencyPaid))]
	if !ok {
		return nil, false, bad(colCurrencyPaid, "unknown currency "+csvscan.Quote(f(colCurrencyPaid)), "one of "+currencyList)
	}
	channel, ok := channels[string(f(colFormat))]
	if !ok {
		return nil, false, bad(colFormat, "unknown payment format "+csvscan.Quote(f(colFormat)), "one of "+channelList)
	}
	switch l := f(colLaundering); {
	case len(l) == 1 && l[0] == '0':
	case len(l) == 1 && l[0] == '1':
		laundering = true
	default:
		return nil, false, bad(colLaundering, csvscan.Quote(l)+" is not a label", "0 or 1")
	}

	// One string holds the ID and both accounts; the fields are substrings.
	b := p.ids[:0]
	b = append(b, p.source...)
	b = append(b, ':')
	b = appendInt(b, line)
	nID := len(b)
	b = append(b, f(colFromBank)...)
	b = append(b, ':')
	b = append(b, f(colFromAccount)...)
	nFrom := len(b)
	b = append(b, f(colToBank)...)
	b = append(b, ':')
	b = append(b, f(colToAccount)...)
	p.ids = b
	s := string(b)

	if len(p.slab) == 0 {
		p.slab = make([]model.Transaction, slabSize)
	}
	tx = &p.slab[0]
	p.slab = p.slab[1:]
	tx.ID = s[:nID]
	tx.Originator = s[nID:nFrom]
	tx.Beneficiary = s[nFrom:]
	tx.Time = time.Unix(sec, 0).UTC()
	tx.Amount = paid
	tx.Currency = curPaid
	tx.Channel = channel
	if curReceived != curPaid || received != paid {
		tx.AmountReceived = received
		tx.CurrencyReceived = curReceived
	}
	return tx, laundering, nil
}

func amountError(sc *csvscan.Scanner, i int, err error) *ingest.RowError {
	v := sc.Field(i)
	const want = "an amount such as 2848.96"
	switch err {
	case csvscan.ErrEmpty:
		return sc.ErrorNamed(i, Columns[i], "empty", want)
	case csvscan.ErrNegative:
		return sc.ErrorNamed(i, Columns[i], "negative amount "+csvscan.Quote(v), "an amount of 0 or more")
	case csvscan.ErrOutOfRange:
		return sc.ErrorNamed(i, Columns[i], "amount "+csvscan.Quote(v)+" is out of range", want)
	}
	return sc.ErrorNamed(i, Columns[i], csvscan.Quote(v)+" is not a number", want)
}

// timestamp parses "YYYY/MM/DD HH:MM" into Unix seconds. The day of the
// previous row is remembered: rows come roughly in time order.
func (p *rowParser) timestamp(b []byte) (int64, bool) {
	if len(b) != 16 || b[10] != ' ' {
		return 0, false
	}
	if !p.haveDate || !bytes.Equal(b[:10], p.lastDate[:]) {
		y, m, d, ok := csvscan.YMD(b[:10], '/')
		if !ok {
			return 0, false
		}
		copy(p.lastDate[:], b[:10])
		p.lastDays = csvscan.DaysFromCivil(y, m, d)
		p.haveDate = true
	}
	clock, err := csvscan.Clock(b[11:])
	if err != nil {
		return 0, false
	}
	return p.lastDays*86400 + int64(clock), true
}

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func appendInt(b []byte, n int) []byte {
	var d [20]byte
	i := len(d)
	if n == 0 {
		return append(b, '0')
	}
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		b = append(b, '-')
	}
	return append(b, d[i:]...)
}
