// Package readertest holds the checks that the tests and fuzz targets of
// every ingest reader share.
package readertest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
)

// T is the part of testing.TB (and of rapid.T) that the checks use.
type T interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Open opens input with f and checks that a failure is a header error
// (ingest.ErrHeader or ingest.ErrUnknownFile). It returns nil when Open
// failed.
func Open(t T, f ingest.Format, path, input string) ingest.Reader {
	t.Helper()
	r, err := f.Open(ingest.Source{Path: path, R: strings.NewReader(input)})
	if err != nil {
		if !errors.Is(err, ingest.ErrHeader) && !errors.Is(err, ingest.ErrUnknownFile) {
			t.Fatalf("Open: %v is not a header error", err)
		}
		return nil
	}
	return r
}

// Drain reads r to the end and returns its records and row errors. It
// fails t when the reader returns another error, when it returns more than
// limit results (it loops), when a row error has no line, or when the
// line numbers of records go backwards.
func Drain(t T, r ingest.Reader, limit int) (recs []ingest.Record, errs []*ingest.RowError) {
	t.Helper()
	last := 0
	for calls := 0; ; calls++ {
		if calls > limit {
			t.Fatalf("more than %d results: the reader loops", limit)
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs
		}
		var re *ingest.RowError
		switch {
		case errors.As(err, &re):
			if re.Line < 1 || re.Column < 0 || re.Path == "" || re.Msg == "" {
				t.Fatalf("row error without a position or a message: %#v", re)
			}
			errs = append(errs, re)
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			if rec.Line < 1 {
				t.Fatalf("record without a line: %#v", rec)
			}
			if rec.Line <= last {
				t.Fatalf("record of line %d after line %d", rec.Line, last)
			}
			last = rec.Line
			recs = append(recs, rec)
		}
	}
}

// B is the part of *testing.B that Bench uses.
type B interface {
	T
	ReportAllocs()
	ResetTimer()
	SetBytes(n int64)
	ReportMetric(n float64, unit string)
	Elapsed() time.Duration
}

// Bench reads data with f until n records have been read (starting over at
// the end of data) and reports rows per second: one op is one row. Every
// row of data must be accepted.
func Bench(b B, n int, f ingest.Format, path string, data []byte, rows int) {
	b.SetBytes(int64(len(data) / max(rows, 1)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	var r ingest.Reader
	for done := 0; done < n; {
		if r == nil {
			var err error
			if r, err = f.Open(ingest.Source{Path: path, R: bytes.NewReader(data)}); err != nil {
				b.Fatalf("Open: %v", err)
			}
		}
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			r = nil
			continue
		}
		if err != nil {
			b.Fatalf("Next: %v", err)
		}
		done++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "rows/cpu-s")
	}
}
