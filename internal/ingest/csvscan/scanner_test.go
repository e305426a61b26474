package csvscan_test

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
)

type row struct {
	line   int
	fields []string
	err    string
}

func scanAll(t testing.TB, sc *csvscan.Scanner) []row {
	var rows []row
	for {
		err := sc.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			rows = append(rows, row{line: re.Line, err: re.Error()})
			continue
		}
		require.NoError(t, err)
		var f []string
		for i := range sc.NumFields() {
			f = append(f, string(sc.Field(i)))
		}
		rows = append(rows, row{line: sc.Line(), fields: f})
	}
}

func TestScanner(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []row
		blank int
	}{
		{"plain", "a,b,c\n1,2,3\n", []row{{1, []string{"a", "b", "c"}, ""}, {2, []string{"1", "2", "3"}, ""}}, 0},
		{"empty fields", ",,\n", []row{{1, []string{"", "", ""}, ""}}, 0},
		{"no final newline", "a\nb", []row{{1, []string{"a"}, ""}, {2, []string{"b"}, ""}}, 0},
		{"CRLF", "a,b\r\nc,d\r\n", []row{{1, []string{"a", "b"}, ""}, {2, []string{"c", "d"}, ""}}, 0},
		{"BOM", "\xef\xbb\xbfa,b\n", []row{{1, []string{"a", "b"}, ""}}, 0},
		{"blank lines", "\n  \n\t\r\na\n\n", []row{{4, []string{"a"}, ""}}, 4},
		{"quoted comma", `"a,b",c` + "\n", []row{{1, []string{"a,b", "c"}, ""}}, 0},
		{"doubled quote", `"say ""hi""",x` + "\n", []row{{1, []string{`say "hi"`, "x"}, ""}}, 0},
		{"quoted newlines keep line numbers", "\"a\nb\r\nc\",d\ne,f\n", []row{{1, []string{"a\nb\nc", "d"}, ""}, {4, []string{"e", "f"}, ""}}, 0},
		{"quoted empty", `"",x` + "\n", []row{{1, []string{"", "x"}, ""}}, 0},
		{"quoted last field CRLF", "a,\"b\"\r\nc\n", []row{{1, []string{"a", "b"}, ""}, {2, []string{"c"}, ""}}, 0},
		{"quoted at EOF", `a,"b"`, []row{{1, []string{"a", "b"}, ""}}, 0},
		{"bare quote", "ab\"c,d\ne\n", []row{{1, nil, `f:1:3: bare " in an unquoted field, expected the field quoted, with each inner " doubled`}, {2, []string{"e"}, ""}}, 0},
		{"text after quote", "\"ab\"c,d\ne\n", []row{{1, nil, `f:1:5: text after the closing quote of a field, expected "," or the end of the row`}, {2, []string{"e"}, ""}}, 0},
		{"unterminated quote", "a\n\"b,c\nd\n", []row{{1, []string{"a"}, ""}, {2, nil, `f:2:1: quoted field not closed before the end of the file, expected a closing "`}}, 0},
		{"invalid UTF-8", "ok\nab\xc3(\nz\n", []row{{1, []string{"ok"}, ""}, {2, nil, "f:2:3: invalid UTF-8 byte 0xc3, expected UTF-8 text"}, {3, []string{"z"}, ""}}, 0},
		{"invalid UTF-8 in quotes", "\"é\xff\"\n", []row{{1, nil, "f:1:3: invalid UTF-8 byte 0xff, expected UTF-8 text"}}, 0},
		{"columns are characters", "éé,\"x\"y\n", []row{{1, nil, `f:1:7: text after the closing quote of a field, expected "," or the end of the row`}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = strings.NewReader(tt.in)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				sc := csvscan.New(r, "f")
				require.Equal(t, tt.want, scanAll(t, sc), "one byte at a time: %v", oneByte)
				require.Equal(t, tt.blank, sc.Blank())
			}
		})
	}
}

func TestExpectAndColumns(t *testing.T) {
	sc := csvscan.New(strings.NewReader("a,b,c\n1,2\n1,2,3,4\n\"x\",\"y\",z\n"), "f.csv")
	require.NoError(t, sc.Next())
	sc.Expect(sc.HeaderNames())
	err := sc.Next()
	require.EqualError(t, err, "f.csv:2:4: c: row ends after 2 fields, expected 3 fields")
	err = sc.Next()
	require.EqualError(t, err, "f.csv:3:7: row has 4 fields, expected 3 fields")
	require.NoError(t, sc.Next())
	require.Equal(t, 9, sc.Column(2))
	require.Equal(t, `"x","y",z`, string(sc.Raw()))
	re := sc.Error(1, "bad", "good")
	require.Equal(t, &ingest.RowError{Path: "f.csv", Line: 4, Column: 5, Field: "b", Msg: "bad", Want: "good", Raw: `"x","y",z`}, re)
}

func TestLines(t *testing.T) {
	sc := csvscan.NewLines(strings.NewReader("\xef\xbb\xbf{\"a\":\"x,\\\"y\"}\r\n\n{}"), "f.jsonl")
	require.Equal(t, []row{{1, []string{`{"a":"x,\"y"}`}, ""}, {3, []string{"{}"}, ""}}, scanAll(t, sc))
	require.Equal(t, 1, sc.Blank())
}

func TestMaxRow(t *testing.T) {
	long := strings.Repeat("x", 300)
	sc := csvscan.New(strings.NewReader("a\n"+long+"\nb\n\""+long+"\nc\n"), "f")
	sc.MaxRow = 100
	rows := scanAll(t, sc)
	require.Len(t, rows, 5)
	require.Equal(t, row{1, []string{"a"}, ""}, rows[0])
	require.Equal(t, "f:2:1: row longer than 100 bytes (an unclosed quote, or no line breaks), expected shorter rows", rows[1].err)
	require.Equal(t, row{3, []string{"b"}, ""}, rows[2])
	// The unclosed quote is cut at MaxRow; the rows after it are read again.
	require.Equal(t, 4, rows[3].line)
	require.NotEmpty(t, rows[3].err)
	require.Equal(t, row{5, []string{"c"}, ""}, rows[4])
}

func TestMaxRowThenRows(t *testing.T) {
	long := strings.Repeat("y", 300)
	sc := csvscan.New(strings.NewReader("\""+long+"\nc\n"), "f")
	sc.MaxRow = 100
	rows := scanAll(t, sc)
	require.Equal(t, []row{{1, nil, rows[0].err}, {2, []string{"c"}, ""}}, rows)
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	sc := csvscan.New(io.MultiReader(strings.NewReader("a\n"), iotest.ErrReader(boom)), "f")
	require.NoError(t, sc.Next())
	err := sc.Next()
	require.ErrorIs(t, err, boom)
	require.EqualError(t, err, "read f: disk on fire")
}

func TestDecimal(t *testing.T) {
	for _, s := range []string{"0", "0.01", "2848.96", "123456789012.34", "0.370287", "9007199254740993", "12345678901234567890.5", "00012.500"} {
		got, err := csvscan.Decimal([]byte(s), -1)
		require.NoError(t, err, s)
		want, _ := strconv.ParseFloat(s, 64)
		require.Equal(t, want, got, s)
	}
	bad := map[string]error{"": csvscan.ErrEmpty, "-1": csvscan.ErrNegative, "-": csvscan.ErrNotNumber, "1e5": csvscan.ErrNotNumber,
		".5": csvscan.ErrNotNumber, "5.": csvscan.ErrNotNumber, "1,000": csvscan.ErrNotNumber, "$5": csvscan.ErrNotNumber,
		"1.2.3": csvscan.ErrNotNumber, "+1": csvscan.ErrNotNumber, "NaN": csvscan.ErrNotNumber, " 1": csvscan.ErrNotNumber}
	for s, want := range bad {
		_, err := csvscan.Decimal([]byte(s), -1)
		require.ErrorIs(t, err, want, s)
	}
	_, err := csvscan.Decimal([]byte("1.123456789"), 8)
	require.ErrorIs(t, err, csvscan.ErrTooPrecise)
}

func TestDecimalMatchesParseFloat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9]{1,20}(\.[0-9]{1,10})?`).Draw(t, "s")
		got, err := csvscan.Decimal([]byte(s), -1)
		want, perr := strconv.ParseFloat(s, 64)
		if perr != nil || err != nil {
			t.Fatalf("%q: %v %v", s, err, perr)
		}
		if got != want {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	})
}

func TestDaysFromCivil(t *testing.T) {
	for _, d := range []struct{ y, m, d int }{{1970, 1, 1}, {2022, 9, 1}, {2000, 2, 29}, {1969, 12, 31}, {1600, 3, 1}, {2400, 12, 31}} {
		want := int64(mustDate(t, d.y, d.m, d.d))
		require.Equal(t, want, csvscan.DaysFromCivil(d.y, d.m, d.d), "%v", d)
	}
}

func mustDate(t *testing.T, y, m, d int) int {
	t.Helper()
	dt, err := csvscan.Date([]byte(strconv.Itoa(y) + "-" + pad(m) + "-" + pad(d)))
	require.NoError(t, err)
	return int(dt.Unix() / 86400)
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Every line of a random mix of good, bad and blank rows is accounted for:
// each non-blank row gives exactly one row or one error, on its own line,
// and the blank lines are counted.
func TestEveryRowAccountedFor(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kinds := rapid.SliceOfN(rapid.IntRange(0, 5), 0, 60).Draw(t, "kinds")
		crlf := rapid.Bool().Draw(t, "crlf")
		eol := "\n"
		if crlf {
			eol = "\r\n"
		}
		var b strings.Builder
		line := 1
		var wantLines []int
		wantBad := map[int]bool{}
		blank := 0
		for i, k := range kinds {
			switch k {
			case 0: // blank
				b.WriteString([]string{"", " ", "\t "}[i%3])
				blank++
			case 1: // good
				b.WriteString("a,b,c")
				wantLines = append(wantLines, line)
			case 2: // good, with a quoted field over two lines
				b.WriteString("a,\"b" + eol + "b\",c")
				wantLines = append(wantLines, line)
				line++
			case 3: // wrong number of fields
				b.WriteString("a,b")
				wantLines = append(wantLines, line)
				wantBad[line] = true
			case 4: // bare quote
				b.WriteString("a,b\"b,c")
				wantLines = append(wantLines, line)
				wantBad[line] = true
			case 5: // invalid UTF-8
				b.WriteString("a,\xfe,c")
				wantLines = append(wantLines, line)
				wantBad[line] = true
			}
			b.WriteString(eol)
			line++
		}
		sc := csvscan.New(strings.NewReader(b.String()), "f")
		sc.Expect([]string{"x", "y", "z"})
		var gotLines []int
		for {
			err := sc.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var re *ingest.RowError
			if errors.As(err, &re) {
				if !wantBad[re.Line] {
					t.Fatalf("unexpected error %v", re)
				}
				if re.Column < 1 {
					t.Fatalf("no column in %v", re)
				}
				gotLines = append(gotLines, re.Line)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if wantBad[sc.Line()] {
				t.Fatalf("line %d accepted", sc.Line())
			}
			gotLines = append(gotLines, sc.Line())
		}
		require.Equal(t, wantLines, gotLines)
		require.Equal(t, blank, sc.Blank())
	})
}

func TestNoAllocationsPerRow(t *testing.T) {
	in := strings.Repeat("2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,0\n", 100000)
	sc := csvscan.New(strings.NewReader(in), "f")
	for range 1000 { // warm up the buffers
		require.NoError(t, sc.Next())
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if err := sc.Next(); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}
