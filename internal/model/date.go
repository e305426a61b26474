package model

import (
	"fmt"
	"time"
)

// DateLayout is the text form of a [Date]: ISO 8601 calendar date.
const DateLayout = "2006-01-02"

// Date is a calendar date without a time of day (a birth date, an account
// opening date). The zero Date means "not known".
type Date struct {
	time.Time
}

// NewDate returns the date y-m-d at midnight UTC.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the UTC calendar date of t.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return NewDate(y, m, d)
}

// ParseDate parses "YYYY-MM-DD". The empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// YearsBetween returns the whole years from d to t (an age when d is a birth
// date), or -1 when d is zero.
func (d Date) YearsBetween(t time.Time) int {
	if d.IsZero() {
		return -1
	}
	y := t.Year() - d.Year()
	if t.Month() < d.Month() || (t.Month() == d.Month() && t.Day() < d.Day()) {
		y--
	}
	return y
}

// MarshalJSON writes the date as "YYYY-MM-DD" (the embedded time.Time would
// otherwise write a full timestamp).
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("date %s: want a string YYYY-MM-DD", s)
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}
