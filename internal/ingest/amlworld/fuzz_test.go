package amlworld_test

import (
	"os"
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func seedLines(f *testing.F, path string, n int, prefix string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	lines := strings.SplitAfter(string(data), "\n")
	f.Add(prefix + strings.Join(lines[:min(n, len(lines))], ""))
}

func FuzzAMLworld(f *testing.F) {
	if dir, ok := sharedata.Find(); ok {
		seedLines(f, dir+"/aml/ibm_hi_small/HI-Small_Patterns.txt", 20, header) // the lines of the answer key are rows
	}
	f.Add(header + "2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1\n\n")
	f.Add("\xef\xbb\xbf" + header + "2022/09/01 00:06,\"021174\",\"8007\n\",012,80011F990,-1,Euro,2848.96,Euro,ACH,1\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := readertest.Open(t, amlworld.Format{}, "f_Trans.csv", in)
		if r == nil {
			return
		}
		recs, _ := readertest.Drain(t, r, len(in)+1)
		for _, rec := range recs {
			if rec.Tx == nil || rec.Tx.ID != ingest.PositionID("f_Trans.csv", rec.Line) {
				t.Fatalf("record %#v", rec)
			}
		}
	})
}

func FuzzAMLworldPatterns(f *testing.F) {
	if dir, ok := sharedata.Find(); ok {
		seedLines(f, dir+"/aml/ibm_hi_small/HI-Small_Patterns.txt", 40, "")
	}
	f.Add("BEGIN LAUNDERING ATTEMPT - CYCLE:  Max 2 hops\n2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1\nEND LAUNDERING ATTEMPT - CYCLE\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := readertest.Open(t, amlworld.Format{}, "f_Patterns.txt", in)
		if r == nil {
			return
		}
		recs, _ := readertest.Drain(t, r, len(in)+1)
		for _, rec := range recs {
			if rec.Tx == nil || len(rec.Labels) != 1 || rec.Labels[0].EntityID != rec.Tx.ID {
				t.Fatalf("record %#v", rec)
			}
		}
	})
}

// Every non-blank row of a random mix of good, bad and blank rows yields
// exactly one record or one row error, on the row's line.
func TestEveryRowAccountedFor(t *testing.T) {
	good := []string{
		"2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1",
		"2022/09/18 16:18,0,A,1,B,0.01,US Dollar,0.01,US Dollar,Reinvestment,0",
		`2022/09/02 10:00,"070","80""0",1,"B,2",5,Yuan,5,Yuan,Wire,0`,
	}
	bad := []string{
		"2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH",
		"2022/09/31 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1",
		"2022/09/01 00:06,021174,800737690,012,80011F990,-1,Euro,2848.96,Euro,ACH,1",
		"2022/09/01 00:06,021174,800737690,012,80011F990,abc,Euro,2848.96,Euro,ACH,1",
		"2022/09/01 00:06,021174,800737690,012,80011F990,1,Peso,2848.96,Euro,ACH,1",
		"2022/09/01 00:06,021174,800737690,012,80011F990,1,Euro,2848.96,Euro,Zelle,1",
		"2022/09/01 00:06,021174,800737690,012,80011F990,1,Euro,2848.96,Euro,ACH,1,extra",
		"2022/09/01 00:06,021174,8007\xff,012,80011F990,1,Euro,2848.96,Euro,ACH,1",
		`2022/09/01 00:06,021174,8"007,012,80011F990,1,Euro,2848.96,Euro,ACH,1`,
	}
	readertest.Accounting(t, amlworld.Format{}, "p.csv", header, good, bad)
}
