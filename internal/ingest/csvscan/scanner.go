package csvscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/ingest"
)

// DefaultMaxRow is the longest row, in bytes, that a Scanner accepts when
// MaxRow is zero. A longer row is rejected and skipped, so that a stray
// quote or a file without line breaks cannot make memory grow with the file.
const DefaultMaxRow = 1 << 20

const readSize = 64 << 10

// Scanner reads CSV rows from a stream. Call Next until it returns io.EOF;
// after a nil error the row's fields are available until the next call.
// Fields are slices of an internal buffer: copy what must outlive the row.
type Scanner struct {
	// MaxRow is the longest row in bytes (DefaultMaxRow when 0).
	MaxRow int

	path  string
	r     io.Reader
	lines bool // one field per line, no CSV splitting (JSON lines)

	buf      []byte
	pos, end int // unread bytes are buf[pos:end]
	eof      bool
	rerr     error
	started  bool
	next     int // line number of the next unread line
	blank    int

	rowLine int
	raw     []byte
	fields  [][]byte
	starts  []int // byte offset of each field in raw
	rec     []byte
	bounds  []int // quoted path: field i is rec[bounds[2i]:bounds[2i+1]]

	names []string
	want  int
}

// New returns a Scanner of the CSV rows of r. path names the source in
// error messages.
func New(r io.Reader, path string) *Scanner {
	return &Scanner{r: r, path: path, next: 1}
}

// NewLines returns a Scanner whose rows are whole lines, not split at
// commas and without quoting: each row has one field. JSON-lines readers use
// it for the same treatment of BOM, line ends, blank lines and UTF-8.
func NewLines(r io.Reader, path string) *Scanner {
	s := New(r, path)
	s.lines = true
	return s
}

// Path returns the file name given to New.
func (s *Scanner) Path() string { return s.path }

// Line returns the 1-based line number where the current row starts.
func (s *Scanner) Line() int { return s.rowLine }

// Blank returns the number of blank lines skipped so far.
func (s *Scanner) Blank() int { return s.blank }

// NumFields returns the number of fields of the current row.
func (s *Scanner) NumFields() int { return len(s.fields) }

// Field returns field i of the current row, unquoted.
func (s *Scanner) Field(i int) []byte { return s.fields[i] }

// Raw returns the current row verbatim, without its line ending.
func (s *Scanner) Raw() []byte { return s.raw }

// Column returns the 1-based character column where field i of the current
// row starts. For i == NumFields() it returns the column just past the row.
func (s *Scanner) Column(i int) int {
	if i < 0 {
		return 0
	}
	if i >= len(s.starts) {
		return utf8.RuneCount(s.raw) + 1
	}
	return utf8.RuneCount(s.raw[:s.starts[i]]) + 1
}

// Name returns the name of column i as given to Expect, or "".
func (s *Scanner) Name(i int) string {
	if i >= 0 && i < len(s.names) {
		return s.names[i]
	}
	return ""
}

// Expect sets the columns that every following row must have: a row with
// another number of fields is returned by Next as a *ingest.RowError, and
// errors made with Error name the column. The names are copied.
func (s *Scanner) Expect(names []string) {
	s.names = make([]string, len(names))
	copy(s.names, names)
	s.want = len(names)
}

// Error returns a RowError about field i of the current row: its column,
// its name (from Expect), what was wrong and what was expected.
func (s *Scanner) Error(i int, msg, want string) *ingest.RowError {
	return s.ErrorNamed(i, s.Name(i), msg, want)
}

// ErrorNamed is Error with an explicit field name.
func (s *Scanner) ErrorNamed(i int, field, msg, want string) *ingest.RowError {
	return &ingest.RowError{
		Path: s.path, Line: s.rowLine, Column: s.Column(i), Field: field,
		Msg: msg, Want: want, Raw: string(s.raw),
	}
}

// rowError returns a RowError for the current row at byte offset off of raw.
func (s *Scanner) rowError(off int, msg, want string) *ingest.RowError {
	return &ingest.RowError{
		Path: s.path, Line: s.rowLine, Column: utf8.RuneCount(s.raw[:off]) + 1,
		Msg: msg, Want: want, Raw: string(s.raw),
	}
}

func (s *Scanner) maxRow() int {
	if s.MaxRow > 0 {
		return s.MaxRow
	}
	return DefaultMaxRow
}

// fill reads more input, keeping buf[pos:end] (moved to the front). It
// returns false when there is nothing more to read.
func (s *Scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.buf == nil {
		s.buf = make([]byte, readSize)
	} else if len(s.buf)-s.end < readSize/2 {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.eof = true
	s.rerr = io.ErrNoProgress
	return false
}

// start skips a UTF-8 byte-order mark at the start of the input.
func (s *Scanner) start() {
	s.started = true
	for s.end-s.pos < 3 && s.fill() {
	}
	if bytes.HasPrefix(s.buf[s.pos:s.end], []byte("\xef\xbb\xbf")) {
		s.pos += 3
	}
}

// Next reads the next row that is not blank. It returns nil when a row is
// ready, io.EOF at the end of the input, a *ingest.RowError for a row that
// is malformed (the row is consumed: call Next again), or another error when
// reading fails.
func (s *Scanner) Next() error {
	if !s.started {
		s.start()
	}
	for {
		// Find the end of the physical line.
		scanned := 0
		nl := -1
		for {
			if i := bytes.IndexByte(s.buf[s.pos+scanned:s.end], '\n'); i >= 0 {
				nl = s.pos + scanned + i
				break
			}
			scanned = s.end - s.pos
			if scanned > s.maxRow() {
				return s.skipLongRow()
			}
			if !s.fill() {
				break
			}
		}
		if nl < 0 && s.pos == s.end {
			if s.rerr != nil {
				return fmt.Errorf("read %s: %w", s.path, s.rerr)
			}
			return io.EOF
		}
		if nl-s.pos > s.maxRow() {
			return s.skipLongRow()
		}
		lineEnd, after := nl, nl+1
		if nl < 0 {
			lineEnd, after = s.end, s.end
		}
		line := s.buf[s.pos:lineEnd]
		if s.lines || bytes.IndexByte(line, '"') < 0 {
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			if isBlank(line) {
				s.blank++
				s.next++
				s.pos = after
				continue
			}
			s.rowLine = s.next
			s.next++
			s.pos = after
			s.raw = line
			return s.split()
		}
		return s.quoted()
	}
}

func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// split splits s.raw, a row without quotes, at commas.
func (s *Scanner) split() error {
	line := s.raw
	s.fields = s.fields[:0]
	s.starts = s.starts[:0]
	if !utf8.Valid(line) {
		return s.invalidUTF8()
	}
	if s.lines {
		s.fields = append(s.fields, line)
		s.starts = append(s.starts, 0)
		return nil
	}
	off := 0
	for {
		i := bytes.IndexByte(line[off:], ',')
		if i < 0 {
			s.fields = append(s.fields, line[off:])
			s.starts = append(s.starts, off)
			break
		}
		s.fields = append(s.fields, line[off:off+i])
		s.starts = append(s.starts, off)
		off += i + 1
	}
	return s.checkCount()
}

func (s *Scanner) invalidUTF8() error {
	off := 0
	for off < len(s.raw) {
		r, n := utf8.DecodeRune(s.raw[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	s.fields = s.fields[:0]
	s.starts = s.starts[:0]
	return s.rowError(off, fmt.Sprintf("invalid UTF-8 byte 0x%02x", s.raw[off]), "UTF-8 text")
}

func (s *Scanner) checkCount() error {
	if s.want == 0 || len(s.fields) == s.want {
		return nil
	}
	n := len(s.fields)
	if n < s.want {
		e := s.ErrorNamed(n, s.names[n], fmt.Sprintf("row ends after %s", plural(n, "field")), plural(s.want, "field"))
		return e
	}
	return s.ErrorNamed(s.want, "", fmt.Sprintf("row has %s", plural(n, "field")), plural(s.want, "field"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// quoted parses a row that contains a quote, possibly over several lines.
func (s *Scanner) quoted() error {
	for {
		res := s.parseQuoted(s.buf[s.pos:s.end], s.eof)
		if res.more {
			if s.end-s.pos > s.maxRow() {
				return s.skipLongRow()
			}
			s.fill()
			continue
		}
		data := s.buf[s.pos:s.end]
		s.raw = data[:res.rowEnd]
		s.rowLine = s.next
		s.next += 1 + bytes.Count(data[:res.consumed], []byte{'\n'})
		if res.consumed > 0 && data[res.consumed-1] == '\n' {
			s.next--
		}
		s.pos += res.consumed
		if !utf8.Valid(s.raw) {
			return s.invalidUTF8()
		}
		if res.msg != "" {
			s.fields = s.fields[:0]
			s.starts = s.starts[:0]
			return s.rowError(res.errAt, res.msg, res.want)
		}
		s.fields = s.fields[:0]
		for i := 0; i < len(s.bounds); i += 2 {
			s.fields = append(s.fields, s.rec[s.bounds[i]:s.bounds[i+1]])
		}
		return s.checkCount()
	}
}

type parseResult struct {
	more     bool // need more input
	consumed int  // bytes of the row including its line ending
	rowEnd   int  // end of the row without its line ending
	msg      string
	want     string
	errAt    int
}

// parseQuoted parses one row at the start of data. It fills s.rec, s.bounds
// and s.starts.
func (s *Scanner) parseQuoted(data []byte, atEOF bool) parseResult {
	s.rec = s.rec[:0]
	s.bounds = s.bounds[:0]
	s.starts = s.starts[:0]
	i := 0
	for {
		s.starts = append(s.starts, i)
		fs := len(s.rec)
		if i < len(data) && data[i] == '"' {
			open := i
			i++
			for {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 {
					if !atEOF {
						return parseResult{more: true}
					}
					end := trimLineEnd(data, len(data))
					return parseResult{consumed: len(data), rowEnd: end, errAt: open,
						msg: "quoted field not closed before the end of the file", want: `a closing "`}
				}
				s.appendUnquoted(data[i : i+j])
				i += j + 1
				if i < len(data) && data[i] == '"' {
					s.rec = append(s.rec, '"')
					i++
					continue
				}
				if i == len(data) && !atEOF {
					return parseResult{more: true}
				}
				break
			}
			s.bounds = append(s.bounds, fs, len(s.rec))
			if i == len(data) {
				return parseResult{consumed: i, rowEnd: i}
			}
			switch c := data[i]; {
			case c == ',':
				i++
				continue
			case c == '\n':
				return parseResult{consumed: i + 1, rowEnd: i}
			case c == '\r' && i+1 < len(data) && data[i+1] == '\n':
				return parseResult{consumed: i + 2, rowEnd: i}
			case c == '\r' && i+1 == len(data) && !atEOF:
				return parseResult{more: true}
			}
			return s.resync(data, atEOF, i, "text after the closing quote of a field", `"," or the end of the row`)
		}
		// Unquoted field: up to the next comma or line end.
		k := i
		for k < len(data) && data[k] != ',' && data[k] != '\n' && data[k] != '"' {
			k++
		}
		if k < len(data) && data[k] == '"' {
			return s.resync(data, atEOF, k, `bare " in an unquoted field`, `the field quoted, with each inner " doubled`)
		}
		if k == len(data) {
			if !atEOF {
				return parseResult{more: true}
			}
			end := trimLineEnd(data, k)
			s.rec = append(s.rec, data[i:end]...)
			s.bounds = append(s.bounds, fs, len(s.rec))
			return parseResult{consumed: k, rowEnd: end}
		}
		if data[k] == ',' {
			s.rec = append(s.rec, data[i:k]...)
			s.bounds = append(s.bounds, fs, len(s.rec))
			i = k + 1
			continue
		}
		end := trimLineEnd(data, k)
		s.rec = append(s.rec, data[i:end]...)
		s.bounds = append(s.bounds, fs, len(s.rec))
		return parseResult{consumed: k + 1, rowEnd: end}
	}
}

// appendUnquoted appends the content of a quoted field, turning CRLF into LF.
func (s *Scanner) appendUnquoted(b []byte) {
	for {
		j := bytes.Index(b, []byte("\r\n"))
		if j < 0 {
			s.rec = append(s.rec, b...)
			return
		}
		s.rec = append(s.rec, b[:j]...)
		s.rec = append(s.rec, '\n')
		b = b[j+2:]
	}
}

func trimLineEnd(data []byte, end int) int {
	if end > 0 && data[end-1] == '\r' {
		return end - 1
	}
	return end
}

// resync ends a malformed row at the first line break at or after at.
func (s *Scanner) resync(data []byte, atEOF bool, at int, msg, want string) parseResult {
	j := bytes.IndexByte(data[at:], '\n')
	if j < 0 {
		if !atEOF {
			return parseResult{more: true}
		}
		return parseResult{consumed: len(data), rowEnd: trimLineEnd(data, len(data)), msg: msg, want: want, errAt: at}
	}
	return parseResult{consumed: at + j + 1, rowEnd: trimLineEnd(data, at+j), msg: msg, want: want, errAt: at}
}

// skipLongRow rejects a row longer than MaxRow and skips to the end of its
// first line.
func (s *Scanner) skipLongRow() error {
	const keep = 200
	head := string(s.buf[s.pos:min(s.pos+keep, s.end)])
	s.rowLine = s.next
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.end], '\n'); i >= 0 {
			s.pos += i + 1
			break
		}
		s.pos = s.end
		if !s.fill() {
			break
		}
	}
	s.next++
	s.fields = s.fields[:0]
	s.starts = s.starts[:0]
	s.raw = nil
	return &ingest.RowError{
		Path: s.path, Line: s.rowLine, Column: 1,
		Msg:  fmt.Sprintf("row longer than %d bytes (an unclosed quote, or no line breaks)", s.maxRow()),
		Want: "shorter rows", Raw: strings.ToValidUTF8(head, "\uFFFD") + "…",
	}
}
