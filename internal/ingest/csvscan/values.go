package csvscan

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/model"
)

// Reasons a value is rejected. They are sentinel values so that parsing a
// field costs no allocation even when it fails.
var (
	ErrEmpty        = errors.New("empty")
	ErrNegative     = errors.New("negative")
	ErrNotNumber    = errors.New("not a number")
	ErrTooPrecise   = errors.New("too many decimals")
	ErrOutOfRange   = errors.New("out of range")
	ErrNotDate      = errors.New("not a date")
	ErrNotTimeOfDay = errors.New("not a time of day")
)

// pow10 holds the powers of ten that are exact in a float64.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// Decimal parses a non-negative decimal number written as digits with an
// optional '.' and fraction: "123", "0.01", "2848.96". No sign, exponent,
// thousands separator or currency sign. maxFrac limits the digits after the
// point (no limit when negative). The result equals strconv.ParseFloat's.
func Decimal(b []byte, maxFrac int) (float64, error) {
	if len(b) == 0 {
		return 0, ErrEmpty
	}
	if b[0] == '-' {
		if len(b) > 1 && (b[1] >= '0' && b[1] <= '9' || b[1] == '.') {
			return 0, ErrNegative
		}
		return 0, ErrNotNumber
	}
	var m uint64
	nd, frac := 0, -1
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if nd < 19 {
				m = m*10 + uint64(c-'0')
			}
			nd++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0 && i > 0 && i < len(b)-1:
			frac = 0
		default:
			return 0, ErrNotNumber
		}
	}
	if frac < 0 {
		frac = 0
	}
	if maxFrac >= 0 && frac > maxFrac {
		return 0, ErrTooPrecise
	}
	if nd <= 19 && m <= 1<<53 && frac < len(pow10) {
		// Both operands are exact, so one division is correctly rounded
		// (Clinger's fast path).
		return float64(m) / pow10[frac], nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, ErrOutOfRange
	}
	return v, nil
}

// Uint parses a non-negative integer of at most 18 digits.
func Uint(b []byte) (uint64, error) {
	if len(b) == 0 {
		return 0, ErrEmpty
	}
	if b[0] == '-' && len(b) > 1 {
		return 0, ErrNegative
	}
	if len(b) > 18 {
		return 0, ErrOutOfRange
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, ErrNotNumber
		}
		n = n*10 + uint64(c-'0')
	}
	return n, nil
}

// Digits reports whether b is n ASCII digits and returns their value.
func Digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DaysIn returns the number of days of month m (1–12) of year y.
func DaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DaysFromCivil returns the number of days from 1970-01-01 to the proleptic
// Gregorian date y-m-d (the "days from civil" algorithm published by Howard
// Hinnant, chrono-Compatible Low-Level Date Algorithms).
func DaysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// YMD parses "YYYY-MM-DD" (sep '-') or "YYYY/MM/DD" (sep '/') into a
// checked calendar date.
func YMD(b []byte, sep byte) (y, m, d int, ok bool) {
	if len(b) != 10 || b[4] != sep || b[7] != sep {
		return 0, 0, 0, false
	}
	y, ok1 := Digits(b[0:4])
	m, ok2 := Digits(b[5:7])
	d, ok3 := Digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// Date parses "YYYY-MM-DD".
func Date(b []byte) (model.Date, error) {
	if len(b) == 0 {
		return model.Date{}, ErrEmpty
	}
	y, m, d, ok := YMD(b, '-')
	if !ok {
		return model.Date{}, ErrNotDate
	}
	return model.NewDate(y, time.Month(m), d), nil
}

// Clock parses "HH:MM" or "HH:MM:SS" and returns the seconds since midnight.
func Clock(b []byte) (int, error) {
	if len(b) != 5 && len(b) != 8 || b[2] != ':' || len(b) == 8 && b[5] != ':' {
		return 0, ErrNotTimeOfDay
	}
	h, ok1 := Digits(b[0:2])
	mi, ok2 := Digits(b[3:5])
	sec, ok3 := 0, true
	if len(b) == 8 {
		sec, ok3 = Digits(b[6:8])
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return 0, ErrNotTimeOfDay
	}
	return h*3600 + mi*60 + sec, nil
}

// Quote returns b quoted for a message, shortened to about 60 bytes.
func Quote(b []byte) string {
	const most = 60
	if len(b) > most {
		return strconv.Quote(strings.ToValidUTF8(string(b[:most]), "\uFFFD")) + "…"
	}
	return strconv.Quote(string(b))
}

// HeaderError returns an error wrapping ingest.ErrHeader about the current
// row (a header) at the start of field i (0 for the whole row).
func (s *Scanner) HeaderError(i int, format string, args ...any) error {
	col := 0
	if i >= 0 && s.raw != nil {
		col = s.Column(i)
	}
	pos := fmt.Sprintf("%s:%d", s.path, s.rowLine)
	if col > 0 {
		pos += ":" + strconv.Itoa(col)
	}
	return fmt.Errorf("%s: %w: %s", pos, ingest.ErrHeader, fmt.Sprintf(format, args...))
}

// Header reads the first row of the input as a header. An empty input, a
// malformed header row or a read error is returned as an error wrapping
// ingest.ErrHeader (read errors are wrapped as they are).
func (s *Scanner) Header() error {
	err := s.Next()
	if err == nil {
		return nil
	}
	var re *ingest.RowError
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: %w: the file is empty, expected a header row", s.path, ingest.ErrHeader)
	case errors.As(err, &re):
		return fmt.Errorf("%s:%d:%d: %w: %s", s.path, re.Line, re.Column, ingest.ErrHeader, re.Reason())
	}
	return err
}

// HeaderNames returns the fields of the current row as trimmed strings.
func (s *Scanner) HeaderNames() []string {
	names := make([]string, s.NumFields())
	for i := range names {
		names[i] = strings.TrimSpace(string(s.Field(i)))
	}
	return names
}

// MatchColumns checks the current row as a header whose columns may come in
// any order: each name must be one of known and appear once, and every
// name in required must be present. It returns, for each known name (in the
// order of known), its position in the row or -1, and sets Expect to the
// header. Errors wrap ingest.ErrHeader and give the column.
func (s *Scanner) MatchColumns(known, required []string) ([]int, error) {
	names := s.HeaderNames()
	pos := make([]int, len(known))
	for i := range pos {
		pos[i] = -1
	}
	for i, n := range names {
		k := -1
		for j, kn := range known {
			if kn == n {
				k = j
				break
			}
		}
		if k < 0 {
			return nil, s.HeaderError(i, "unknown column %q, expected one of %s", n, strings.Join(known, ", "))
		}
		if pos[k] >= 0 {
			return nil, s.HeaderError(i, "duplicate column %q (also column %d)", n, s.Column(pos[k]))
		}
		pos[k] = i
	}
	for _, r := range required {
		found := false
		for j, kn := range known {
			if kn == r && pos[j] >= 0 {
				found = true
			}
		}
		if !found {
			return nil, s.HeaderError(-1, "missing column %q", r)
		}
	}
	s.Expect(names)
	return pos, nil
}

// TextProblem returns what is wrong with b as a text value of at most max
// characters without control characters (tab and line feed allowed when
// multiline is true), or "" when nothing is. b must be valid UTF-8 (the
// Scanner checks rows).
func TextProblem(b []byte, max int, multiline bool) string {
	n := 0
	for _, r := range string(b) {
		n++
		if r < 0x20 && !(multiline && (r == '\t' || r == '\n')) || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return fmt.Sprintf("control character %U", r)
		}
	}
	if n > max {
		return fmt.Sprintf("%d characters, more than %d", n, max)
	}
	return ""
}
