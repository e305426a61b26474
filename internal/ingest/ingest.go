// Package ingest turns bank and research data files into model records and
// accounts for every row: each is accepted, counted as a duplicate, or
// rejected with its position and reason.
//
// A [Format] opens a [Source] and checks its header; the [Reader] it returns
// streams [Record]s, one row at a time, never holding the whole file in
// memory. The format parsers live in sub-packages (native, amlworld, amlsim,
// samld); the [Pipeline] writes what they read into a [Sink] in batches.
package ingest

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
)

// ErrHeader is wrapped by the error a Format returns when a file's header
// does not match the format.
var ErrHeader = errors.New("header does not match the format")

// ErrUnknownFile is wrapped by the error a Format returns when it cannot tell
// which of its file kinds a source is.
var ErrUnknownFile = errors.New("not a file of this format")

// RecordKind names the kind of a Record.
type RecordKind uint8

// Record kinds.
const (
	KindTransaction RecordKind = iota + 1
	KindParty
	KindAccount
	KindLabel
)

// String returns the kind's name: "transaction", "party", "account", "label".
func (k RecordKind) String() string {
	switch k {
	case KindTransaction:
		return "transaction"
	case KindParty:
		return "party"
	case KindAccount:
		return "account"
	case KindLabel:
		return "label"
	}
	return fmt.Sprintf("RecordKind(%d)", uint8(k))
}

// Record is what a reader makes of one input row. Exactly one of Tx, Party,
// Account is set, or only Labels for a row of an answer-key file. A row may
// carry labels beside its main record (AMLworld's "Is Laundering" column, an
// AMLSim is_sar flag); they travel separately so that engines never see
// them. A row may also describe a party and its account together (AMLSim's
// accounts.csv): then Party and Account are both set.
type Record struct {
	Line    int // 1-based line number of the row in its source
	Tx      *model.Transaction
	Party   *model.Party
	Account *model.Account
	Labels  []model.Label
}

// Reader streams the records of one source.
//
// Next returns the next record, or io.EOF after the last one. When a row
// cannot be accepted, Next returns a *RowError; the row has been consumed
// and Next may be called again. Any other error is fatal for the source.
type Reader interface {
	Next() (Record, error)
}

// Source is one input: a file (or standard input) and the identity that
// position-based record IDs are built from.
type Source struct {
	// Path is the file name used in messages ("-" for standard input).
	Path string
	// ID names the source in position-based record IDs (see PositionID).
	// It defaults to the base name of Path.
	ID string
	// R is the file's content.
	R io.Reader
}

// SourceID returns s.ID, or the base name of s.Path when ID is empty.
func (s Source) SourceID() string {
	if s.ID != "" {
		return s.ID
	}
	if s.Path == "" || s.Path == "-" {
		return "stdin"
	}
	return filepath.Base(s.Path)
}

// PositionID returns the ID of the record on line line of a source whose
// format gives records no ID of their own (AMLworld, SAML-D, AMLSim's older
// schema): "<source>:<line>". Identical rows are genuinely separate
// transactions in such data, so identity cannot come from content alone;
// re-ingesting the same file under the same source ID yields the same IDs,
// so it adds nothing. See docs/formats.md, "Record identity".
func PositionID(source string, line int) string {
	return source + ":" + itoa(line)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Format is an input format: it recognises a source's header and returns a
// reader over its rows.
type Format interface {
	// Name is the format's name on the command line: "native", "amlworld", …
	Name() string
	// Open reads and checks the source's header. A header that does not
	// match the format gives an error wrapping ErrHeader, before any row is
	// read.
	Open(src Source) (Reader, error)
}

// RowError says why one row was rejected, and where.
type RowError struct {
	Path   string // file name
	Line   int    // 1-based line number
	Column int    // 1-based character column where the bad field starts (0: the whole row)
	Field  string // name of the bad field, when one field is at fault
	Msg    string // what was wrong
	Want   string // what was expected
	Raw    string // the row verbatim, without its line ending
}

// Error returns "file:line:column: field: what was wrong, expected what".
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	b.WriteByte(':')
	b.WriteString(itoa(e.Line))
	if e.Column > 0 {
		b.WriteByte(':')
		b.WriteString(itoa(e.Column))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Want != "" {
		b.WriteString(", expected ")
		b.WriteString(e.Want)
	}
	return b.String()
}

// Reason returns the message without the position: "field: what was wrong,
// expected what".
func (e *RowError) Reason() string {
	s := e.Msg
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	if e.Want != "" {
		s += ", expected " + e.Want
	}
	return s
}

// BlankCounter is implemented by readers that skip blank lines (every
// reader of this module): BlankLines returns how many they have skipped so
// far, which the pipeline reports as skipped_blank.
type BlankCounter interface {
	BlankLines() int
}
