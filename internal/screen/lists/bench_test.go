package lists

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

// BenchmarkBuiltinIndex measures start-up: decompress, parse and index the
// embedded SDN and UN lists.
func BenchmarkBuiltinIndex(b *testing.B) {
	for b.Loop() {
		if _, err := Index(nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchQueries(b testing.TB) []screen.Query {
	path := filepath.Join(sharedata.Dir(b, "sanctions", "eval", "bench_queries"), "ofac2026_queries.jsonl")
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []screen.Query
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct{ Name, Typ string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			b.Fatal(err)
		}
		t, _ := screen.ParseEntityType(l.Typ)
		qs = append(qs, screen.Query{Names: []string{l.Name}, Type: t})
	}
	return qs
}

// BenchmarkMatchMixed screens the 1,000 mixed queries of
// ofac2026_queries.jsonl against SDN + UN, one query an iteration, on all
// of GOMAXPROCS (queries are independent).
func BenchmarkMatchMixed(b *testing.B) {
	qs := benchQueries(b)
	ix, err := Index(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(1)
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			ix.Match(qs[int(i)%len(qs)])
		}
	})
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
}
