package csvscan_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

// seedFromFile adds the first bytes of a shared data file as a fuzz seed.
func seedFromFile(f *testing.F, elem ...string) {
	dir, ok := sharedata.Find()
	if !ok {
		return
	}
	data, err := os.ReadFile(strings.Join(append([]string{dir}, elem...), string(os.PathSeparator)))
	if err != nil {
		return
	}
	f.Add(string(data[:min(len(data), 2000)]))
}

// FuzzScanner checks that the scanner never panics or loops, that it ends,
// that row lines only grow, and that every error has a position.
func FuzzScanner(f *testing.F) {
	seedFromFile(f, "aml", "ibm_hi_small", "HI-Small_Patterns.txt")
	seedFromFile(f, "aml", "amlsim_dev", "accounts.csv")
	for _, s := range []string{"a,b\r\n\"c\nd\",e\n", "\xef\xbb\xbf\"\"\"\",\n\n", "\"a\"b,c\nd\"e\n", "\"unterminated", "x\xff,y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, expect := range []bool{false, true} {
			sc := csvscan.New(strings.NewReader(in), "f")
			sc.MaxRow = 64
			if expect {
				sc.Expect([]string{"a", "b"})
			}
			last := 0
			for calls := 0; ; calls++ {
				if calls > len(in)+2 {
					t.Fatalf("more rows than bytes: the scanner loops")
				}
				err := sc.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				line := sc.Line()
				var re *ingest.RowError
				if errors.As(err, &re) {
					if re.Line < 1 || re.Column < 1 || re.Path != "f" {
						t.Fatalf("error without a position: %#v", re)
					}
					line = re.Line
				} else if err != nil {
					t.Fatal(err)
				} else {
					for i := range sc.NumFields() {
						_ = sc.Field(i)
						if c := sc.Column(i); c < 1 {
							t.Fatalf("column %d", c)
						}
					}
				}
				if line <= last {
					t.Fatalf("line %d after line %d", line, last)
				}
				last = line
			}
		}
	})
}
