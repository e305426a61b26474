package readertest

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/ingest"
)

// Accounting checks, for random mixes of good, bad and blank rows after a
// header, with LF or CRLF line ends, that every non-blank row yields
// exactly one record (good rows) or one row error (bad rows) on its own
// line, and that the reader counts the blank lines. Each row must be one
// line.
func Accounting(t *testing.T, f ingest.Format, path, header string, good, bad []string) {
	rapid.Check(t, func(t *rapid.T) {
		eol := rapid.SampledFrom([]string{"\n", "\r\n"}).Draw(t, "eol")
		kinds := rapid.SliceOfN(rapid.IntRange(0, 2), 0, 50).Draw(t, "kinds")
		var b strings.Builder
		b.WriteString(strings.TrimSuffix(header, "\n") + eol)
		want := map[int]bool{} // line → good
		blank := 0
		for i, k := range kinds {
			line := i + 2
			switch k {
			case 0:
				b.WriteString([]string{"", " ", "\t"}[i%3])
				blank++
			case 1:
				b.WriteString(rapid.SampledFrom(good).Draw(t, "good"))
				want[line] = true
			case 2:
				b.WriteString(rapid.SampledFrom(bad).Draw(t, "bad"))
				want[line] = false
			}
			b.WriteString(eol)
		}
		r := Open(t, f, path, b.String())
		if r == nil {
			t.Fatalf("the header was refused")
		}
		recs, errs := Drain(t, r, len(kinds)+1)
		got := map[int]bool{}
		for _, rec := range recs {
			got[rec.Line] = true
		}
		for _, e := range errs {
			if _, dup := got[e.Line]; dup {
				t.Fatalf("two results for line %d: %v", e.Line, e)
			}
			got[e.Line] = false
		}
		if len(got) != len(recs)+len(errs) {
			t.Fatalf("two results for one line")
		}
		for line, ok := range want {
			g, found := got[line]
			if !found {
				t.Fatalf("nothing for line %d", line)
			}
			if g != ok {
				t.Fatalf("line %d: accepted %v, want %v", line, g, ok)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d results for %d rows", len(got), len(want))
		}
		if n := r.(ingest.BlankCounter).BlankLines(); n != blank {
			t.Fatalf("%d blank lines counted, want %d", n, blank)
		}
	})
}
