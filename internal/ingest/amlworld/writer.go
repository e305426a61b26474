package amlworld

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
)

// ErrNotRepresentable is wrapped by the error Writer.Write returns for a
// transaction that an AMLworld row cannot hold (a currency AMLworld has no
// name for, no account at all).
var ErrNotRepresentable = errors.New("not representable as an AMLworld row")

// Writer writes transactions as the rows of an AMLworld *_Trans.csv file,
// header first. Use it to embed an answer key in other traffic or to make
// large test inputs.
//
// An account "<bank>:<account>" whose bank part is digits is split into the
// two columns; any other account ID is written whole in the Account column
// with DefaultBank as its bank. A cash deposit without an originator (or a
// withdrawal without a beneficiary) is written with the one account on both
// sides, as AMLworld writes its own cash rows. Times are written to the
// minute, in UTC. Amounts are written with two decimals, bitcoin amounts
// with as many as they need.
type Writer struct {
	// DefaultBank is the bank ID of accounts that have none ("0" when empty).
	DefaultBank string

	w      *bufio.Writer
	buf    []byte
	header bool
}

// NewWriter returns a Writer to w. Call Flush when done.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes one row; laundering is the "Is Laundering" column.
func (w *Writer) Write(tx *model.Transaction, laundering bool) error {
	if !w.header {
		w.header = true
		if _, err := w.w.WriteString(strings.Join(Columns[:], ",") + "\n"); err != nil {
			return fmt.Errorf("amlworld: write header: %w", err)
		}
	}
	var err error
	w.buf, err = appendRow(w.buf[:0], tx, laundering, w.DefaultBank)
	if err != nil {
		return err
	}
	w.buf = append(w.buf, '\n')
	if _, err := w.w.Write(w.buf); err != nil {
		return fmt.Errorf("amlworld: write transaction %s: %w", tx.ID, err)
	}
	return nil
}

// Flush writes any buffered rows to the underlying writer.
func (w *Writer) Flush() error {
	if !w.header {
		w.header = true
		if _, err := w.w.WriteString(strings.Join(Columns[:], ",") + "\n"); err != nil {
			return fmt.Errorf("amlworld: write header: %w", err)
		}
	}
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("amlworld: flush: %w", err)
	}
	return nil
}

// ContentKey returns the 11 columns of the AMLworld row of tx, as the
// Writer writes them, joined by commas. Two rows read from AMLworld files
// have the same key exactly when their 11 columns are equal as strings (up
// to how amounts are written), so the key joins the lines of a
// *_Patterns.txt file with their rows in *_Trans.csv. Identical rows do
// occur in AMLworld: a key may match several rows. It returns "" when the
// transaction is not representable.
func ContentKey(tx *model.Transaction, laundering bool) string {
	b, err := appendRow(nil, tx, laundering, "")
	if err != nil {
		return ""
	}
	return string(b)
}

func appendRow(b []byte, tx *model.Transaction, laundering bool, defaultBank string) ([]byte, error) {
	if defaultBank == "" {
		defaultBank = "0"
	}
	from, to := tx.Originator, tx.Beneficiary
	switch {
	case from == "" && to == "":
		return b, fmt.Errorf("amlworld: transaction %s has no account: %w", tx.ID, ErrNotRepresentable)
	case from == "":
		from = to
	case to == "":
		to = from
	}
	amtRecv, curRecv := tx.Received()
	namePaid, ok1 := currencyNames[tx.Currency]
	nameRecv, ok2 := currencyNames[curRecv]
	if !ok1 || !ok2 {
		return b, fmt.Errorf("amlworld: transaction %s: currency %q/%q has no AMLworld name: %w", tx.ID, tx.Currency, curRecv, ErrNotRepresentable)
	}
	format, ok := formatNames[tx.Channel]
	if !ok {
		return b, fmt.Errorf("amlworld: transaction %s: channel %q has no AMLworld payment format: %w", tx.ID, tx.Channel, ErrNotRepresentable)
	}
	b = tx.Time.UTC().AppendFormat(b, "2006/01/02 15:04")
	b = append(b, ',')
	b = appendAccount(b, from, defaultBank)
	b = append(b, ',')
	b = appendAccount(b, to, defaultBank)
	b = append(b, ',')
	b = appendAmount(b, amtRecv, curRecv)
	b = append(b, ',')
	b = append(b, nameRecv...)
	b = append(b, ',')
	b = appendAmount(b, tx.Amount, tx.Currency)
	b = append(b, ',')
	b = append(b, namePaid...)
	b = append(b, ',')
	b = append(b, format...)
	if laundering {
		b = append(b, ",1"...)
	} else {
		b = append(b, ",0"...)
	}
	return b, nil
}

func appendAccount(b []byte, id, defaultBank string) []byte {
	bank, acct, ok := strings.Cut(id, ":")
	if !ok || !isDigits([]byte(bank)) {
		bank, acct = defaultBank, id
	}
	b = appendField(b, bank)
	b = append(b, ',')
	return appendField(b, acct)
}

// appendField appends s, quoted as RFC 4180 asks when it holds a comma, a
// quote or a line break.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, bytes.ReplaceAll([]byte(s), []byte(`"`), []byte(`""`))...)
	return append(b, '"')
}

func appendAmount(b []byte, v float64, currency string) []byte {
	if currency == model.BTC {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}
