package main

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/evaluate"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

// BenchScreenCmd measures screening: start-up (load and index the lists),
// memory, and query throughput and latency on all cores.
type BenchScreenCmd struct {
	listFlags
	Queries string `help:"Queries JSON lines ({kind,name,type,expect}); default: 1,000 mixed queries drawn from the lists themselves (exact, misspelled, reordered) and invented names." type:"existingfile"`
	Runs    int    `help:"Repetitions; medians are reported." default:"5"`
	Workers int    `help:"Concurrent queries (default: one per CPU)." default:"0"`
	Seed    uint64 `help:"Seed of the generated queries." default:"20260821"`
}

// Help is the long help of "centinela bench screen --help".
func (BenchScreenCmd) Help() string {
	return `Examples:
  centinela bench screen                                   # built-in SDN + UN lists, generated queries
  centinela bench screen --queries ../shared/data/sanctions/eval/bench_queries/ofac2026_queries.jsonl

Start-up is the time to load and index the lists (median of --runs); memory
is the resident set after loading and the peak. Throughput runs the queries
on --workers goroutines (queries are independent) and reports queries per
second and the 50th and 99th percentile latency, medians over --runs.
Record figures in docs/benchmarks.md.`
}

type screenBenchReport struct {
	Lists          []screen.ListInfo `json:"lists"`
	Entities       int               `json:"entities"`
	Queries        int               `json:"queries"`
	Generated      bool              `json:"generated_queries"`
	Runs           int               `json:"runs"`
	Workers        int               `json:"workers"`
	StartupMS      float64           `json:"startup_ms"`
	StartupRuns    []float64         `json:"startup_runs_ms"`
	RSSAfterLoad   float64           `json:"rss_after_load_mib"`
	PeakRSS        float64           `json:"peak_rss_mib"`
	QPS            float64           `json:"qps"`
	QPSRuns        []float64         `json:"qps_runs"`
	P50ms          float64           `json:"p50_ms"`
	P99ms          float64           `json:"p99_ms"`
	RecallAt1      float64           `json:"recall_at_1,omitempty"`
	FalseAlertRate float64           `json:"false_alert_rate,omitempty"`
	Machine        benchHost         `json:"machine"`
	Date           string            `json:"date"`
}

// Run measures and prints the report.
func (c *BenchScreenCmd) Run(g *Globals) error {
	if c.Runs < 1 {
		return usageError(errors.New("--runs must be at least 1"))
	}
	rep := screenBenchReport{Runs: c.Runs, Date: time.Now().UTC().Format(time.RFC3339), Machine: host()}
	var ix *screen.Index
	for range c.Runs {
		ix = nil // measure one index at a time
		resetPeakRSS()
		start := time.Now()
		next, err := lists.Index(c.Lists)
		if err != nil {
			return usageError(err)
		}
		rep.StartupRuns = append(rep.StartupRuns, round1(float64(time.Since(start).Microseconds())/1000))
		rep.PeakRSS = max(rep.PeakRSS, peakRSSMiB())
		ix = next
	}
	resetPeakRSS()
	rep.RSSAfterLoad = rssMiB()
	rep.StartupMS = median(rep.StartupRuns)
	rep.Lists, rep.Entities = ix.Lists(), len(ix.Entities())

	var qs []evaluate.QueryLine
	if c.Queries != "" {
		f, err := os.Open(c.Queries)
		if err != nil {
			return usageError(err)
		}
		qs, err = evaluate.ReadQueries(f, c.Queries)
		f.Close()
		if err != nil {
			return usageError(err)
		}
	} else {
		qs, rep.Generated = generateQueries(ix, 1000, c.Seed), true
	}
	rep.Queries = len(qs)
	var p50, p99 []float64
	for range c.Runs {
		r := evaluate.Queries(qs, ix, c.threshold(), c.Workers, false)
		rep.QPSRuns = append(rep.QPSRuns, r.QPS)
		p50, p99 = append(p50, r.P50ms), append(p99, r.P99ms)
		rep.Workers, rep.RecallAt1, rep.FalseAlertRate = r.Workers, r.RecallAt1, r.FalseAlertRate
	}
	rep.PeakRSS = max(rep.PeakRSS, peakRSSMiB())
	rep.QPS, rep.P50ms, rep.P99ms = median(rep.QPSRuns), median(p50), median(p99)
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// rssMiB is the current resident set (Linux), or 0.
func rssMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	return round1(float64(procKiB(b, "VmRSS:")) / 1024)
}

// generateQueries draws n mixed queries from the index: 40 % list names as
// written, 20 % with one letter changed, 15 % with their words reversed,
// and 25 % invented names (negatives). Deterministic for a seed.
func generateQueries(ix *screen.Index, n int, seed uint64) []evaluate.QueryLine {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ents := ix.Entities()
	syllables := []string{"ka", "lo", "mi", "ra", "ten", "su", "bo", "vel", "dar", "qui", "ne", "tor", "jan", "li", "po"}
	var qs []evaluate.QueryLine
	for i := range n {
		roll := i % 20
		if roll >= 15 {
			var parts []string
			for range 2 + rng.IntN(2) {
				w := ""
				for range 2 + rng.IntN(2) {
					w += syllables[rng.IntN(len(syllables))]
				}
				parts = append(parts, strings.ToUpper(w[:1])+w[1:])
			}
			qs = append(qs, evaluate.QueryLine{Kind: "negative", Name: strings.Join(parts, " ")})
			continue
		}
		e := ents[rng.IntN(len(ents))]
		name := e.PrimaryName()
		id := e.ID
		words := strings.Fields(strings.ReplaceAll(name, ",", ""))
		kind := "exact"
		switch {
		case roll >= 12 && len(words) > 1:
			slices.Reverse(words)
			kind = "reordered"
		case roll >= 8:
			w := []rune(strings.Join(words, " "))
			if k := rng.IntN(len(w)); w[k] != ' ' {
				w[k] = 'a' + rune(rng.IntN(26))
			}
			words = []string{string(w)}
			kind = "misspelled"
		}
		qs = append(qs, evaluate.QueryLine{Kind: kind, Name: strings.Join(words, " "), Type: string(e.Type), Expect: &id})
	}
	return qs
}
