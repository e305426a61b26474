// Package evaluate measures the screening engine on labelled data, as
// docs/evaluation.md §3 describes: labelled name pairs (precision, recall,
// F1 and ROC-AUC at the default threshold), queries against a list
// (recall@1, false-alert rate, speed), negatives at scale (false-alert
// rate), cross-script pairs and OFAC search-tool parity.
package evaluate

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/centinela-aml/centinela/internal/screen"
)

// Metrics are binary-classification figures at one threshold.
type Metrics struct {
	Pairs     int     `json:"pairs"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	AUC       float64 `json:"auc"`
}

// PairsReport is the result of Pairs.
type PairsReport struct {
	Pairs     int                `json:"pairs"`
	Skipped   int                `json:"skipped"`
	Threshold float64            `json:"threshold"`
	Precision float64            `json:"precision"`
	Recall    float64            `json:"recall"`
	F1        float64            `json:"f1"`
	AUC       float64            `json:"auc"`
	ByGroup   map[string]Metrics `json:"by_group"`
	BySchema  map[string]Metrics `json:"by_schema"`
	Errors    []PairResult       `json:"errors,omitempty"` // misclassified pairs, when asked for
}

// PairResult is one scored pair.
type PairResult struct {
	Group  string  `json:"group"`
	Schema string  `json:"schema"`
	Name1  string  `json:"name1"`
	Name2  string  `json:"name2"`
	Match  bool    `json:"match"`
	Score  float64 `json:"score"`
}

// SchemaType maps a FollowTheMoney schema (Person, Company, Organization,
// LegalEntity, Vessel) to an entity type.
func SchemaType(schema string) screen.EntityType {
	switch schema {
	case "Person":
		return screen.TypePerson
	case "Vessel":
		return screen.TypeVessel
	case "Airplane":
		return screen.TypeAircraft
	case "Company", "Organization", "PublicBody":
		return screen.TypeOrganization
	}
	return ""
}

// Pairs scores every labelled pair of a name_bench-style CSV
// (case_group,schema,name1,name2,is_match,…) with ix's name matcher.
// Rows with an empty name or an is_match other than true/false are
// skipped and counted. withErrors lists the misclassified pairs.
func Pairs(r io.Reader, name string, ix *screen.Index, threshold float64, withErrors bool) (PairsReport, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return PairsReport{}, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, c := range []string{"name1", "name2", "is_match"} {
		if _, ok := col[c]; !ok {
			return PairsReport{}, fmt.Errorf("%s: no %q column: want case_group,schema,name1,name2,is_match,…", name, c)
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	rep := PairsReport{Threshold: threshold}
	var all []PairResult
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return PairsReport{}, fmt.Errorf("%s: %w", name, err)
		}
		a, b, m := get(rec, "name1"), get(rec, "name2"), strings.ToLower(get(rec, "is_match"))
		if a == "" || b == "" || (m != "true" && m != "false") {
			rep.Skipped++
			continue
		}
		schema := get(rec, "schema")
		all = append(all, PairResult{Group: get(rec, "case_group"), Schema: schema, Name1: a, Name2: b, Match: m == "true",
			Score: ix.CompareNames(a, b, SchemaType(schema))})
	}
	total := metrics(all, threshold)
	rep.Pairs, rep.Precision, rep.Recall, rep.F1, rep.AUC = total.Pairs, total.Precision, total.Recall, total.F1, total.AUC
	rep.ByGroup = groupMetrics(all, threshold, func(p PairResult) string { return p.Group })
	rep.BySchema = groupMetrics(all, threshold, func(p PairResult) string { return p.Schema })
	if withErrors {
		for _, p := range all {
			if (p.Score >= threshold) != p.Match {
				rep.Errors = append(rep.Errors, p)
			}
		}
	}
	return rep, nil
}

func groupMetrics(all []PairResult, threshold float64, key func(PairResult) string) map[string]Metrics {
	groups := map[string][]PairResult{}
	for _, p := range all {
		groups[key(p)] = append(groups[key(p)], p)
	}
	out := map[string]Metrics{}
	for k, ps := range groups {
		out[k] = metrics(ps, threshold)
	}
	return out
}

func metrics(ps []PairResult, threshold float64) Metrics {
	m := Metrics{Pairs: len(ps)}
	for _, p := range ps {
		switch pred := p.Score >= threshold; {
		case pred && p.Match:
			m.TP++
		case pred && !p.Match:
			m.FP++
		case !pred && p.Match:
			m.FN++
		default:
			m.TN++
		}
	}
	m.Precision = ratio(m.TP, m.TP+m.FP)
	m.Recall = ratio(m.TP, m.TP+m.FN)
	if m.Precision+m.Recall > 0 {
		m.F1 = round4(2 * m.Precision * m.Recall / (m.Precision + m.Recall))
	}
	m.AUC = round4(auc(ps))
	return m
}

// auc is the ROC area: the probability that a random match outscores a
// random non-match (ties count half).
func auc(ps []PairResult) float64 {
	sorted := append([]PairResult(nil), ps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Score < sorted[j].Score })
	var pos, neg float64
	for _, p := range sorted {
		if p.Match {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	var rankSum float64
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j].Score == sorted[i].Score {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1 … j
		for k := i; k < j; k++ {
			if sorted[k].Match {
				rankSum += avg
			}
		}
		i = j
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return round4(float64(a) / float64(b))
}

func round4(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Round(x*10000) / 10000
}

// QueryLine is one line of a queries file.
type QueryLine struct {
	Kind   string  `json:"kind"`
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	Typ    string  `json:"typ"` // the watchman-era spelling of type
	Expect *string `json:"expect"`
	DOB    string  `json:"dob"`
}

// KindReport is the outcome of the queries of one kind.
type KindReport struct {
	Queries        int     `json:"queries"`
	Positives      int     `json:"positives"`
	RecallAt1      float64 `json:"recall_at_1,omitempty"`
	Negatives      int     `json:"negatives"`
	FalseAlertRate float64 `json:"false_alert_rate,omitempty"`
	found, alerts  int
}

// QueriesReport is the result of Queries.
type QueriesReport struct {
	Queries        int                    `json:"queries"`
	Threshold      float64                `json:"threshold"`
	RecallAt1      float64                `json:"recall_at_1"`
	FalseAlertRate float64                `json:"false_alert_rate"`
	ByKind         map[string]*KindReport `json:"by_kind"`
	Workers        int                    `json:"workers"`
	QPS            float64                `json:"qps"`
	P50ms          float64                `json:"p50_ms"`
	P99ms          float64                `json:"p99_ms"`
	Misses         []Miss                 `json:"misses,omitempty"`
}

// Miss is a query whose outcome was wrong: a positive whose expected entry
// was not the top hit, or a negative that raised a hit.
type Miss struct {
	Kind   string  `json:"kind"`
	Name   string  `json:"name"`
	Expect string  `json:"expect,omitempty"`
	Top    string  `json:"top,omitempty"` // top hit: entity ID and name
	Score  float64 `json:"score,omitempty"`
	Why    string  `json:"why,omitempty"`
}

// ReadQueries reads a JSON-lines queries file.
func ReadQueries(r io.Reader, name string) ([]QueryLine, error) {
	dec := json.NewDecoder(r)
	var out []QueryLine
	for line := 1; ; line++ {
		var q QueryLine
		err := dec.Decode(&q)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s query %d: %w", name, line, err)
		}
		if strings.TrimSpace(q.Name) == "" {
			return nil, fmt.Errorf("%s query %d: empty \"name\"", name, line)
		}
		out = append(out, q)
	}
}

// ToQuery turns a query line into a screening query.
func (l QueryLine) ToQuery(threshold float64) screen.Query {
	typ := l.Type
	if typ == "" {
		typ = l.Typ
	}
	t, _ := screen.ParseEntityType(typ)
	q := screen.Query{Names: []string{l.Name}, Type: t, Threshold: threshold, Limit: 5}
	if d, err := screen.ParsePartialDate(l.DOB); err == nil {
		q.BirthDate = d
	}
	return q
}

// Queries screens every query with workers goroutines (0: one per CPU)
// and reports recall@1 for positives, the false-alert rate for negatives,
// per kind, and the throughput and latency of the run.
func Queries(qs []QueryLine, ix *screen.Index, threshold float64, workers int, withMisses bool) QueriesReport {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		hits []screen.Hit
		dur  time.Duration
	}
	results := make([]result, len(qs))
	var wg sync.WaitGroup
	next := make(chan int, len(qs))
	for i := range qs {
		next <- i
	}
	close(next)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				h := ix.Match(qs[i].ToQuery(threshold))
				results[i] = result{h, time.Since(t)}
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	rep := QueriesReport{Queries: len(qs), Threshold: threshold, ByKind: map[string]*KindReport{}, Workers: workers}
	var lat []float64
	var pos, found, neg, alerts int
	for i, q := range qs {
		res := results[i]
		lat = append(lat, float64(res.dur.Microseconds())/1000)
		k := rep.ByKind[q.Kind]
		if k == nil {
			k = &KindReport{}
			rep.ByKind[q.Kind] = k
		}
		k.Queries++
		var top string
		var topScore float64
		if len(res.hits) > 0 {
			top = res.hits[0].Entity.ID + " " + res.hits[0].Entity.PrimaryName()
			topScore = res.hits[0].Score
		}
		if q.Expect != nil {
			k.Positives++
			pos++
			if len(res.hits) > 0 && res.hits[0].Entity.ID == *q.Expect {
				k.found++
				found++
			} else if withMisses {
				m := Miss{Kind: q.Kind, Name: q.Name, Expect: *q.Expect, Top: top, Score: topScore}
				for _, h := range res.hits {
					if h.Entity.ID == *q.Expect {
						m.Why = fmt.Sprintf("expected scored %.3f: %s", h.Score, h.Explanation)
					}
				}
				rep.Misses = append(rep.Misses, m)
			}
		} else {
			k.Negatives++
			neg++
			if len(res.hits) > 0 {
				k.alerts++
				alerts++
				if withMisses {
					rep.Misses = append(rep.Misses, Miss{Kind: q.Kind, Name: q.Name, Top: top, Score: topScore, Why: res.hits[0].Explanation.String()})
				}
			}
		}
	}
	for _, k := range rep.ByKind {
		k.RecallAt1 = ratio(k.found, k.Positives)
		k.FalseAlertRate = ratio(k.alerts, k.Negatives)
	}
	rep.RecallAt1 = ratio(found, pos)
	rep.FalseAlertRate = ratio(alerts, neg)
	sort.Float64s(lat)
	if len(lat) > 0 {
		rep.P50ms = round4(percentile(lat, 0.50))
		rep.P99ms = round4(percentile(lat, 0.99))
		rep.QPS = math.Round(float64(len(qs)) / wall.Seconds())
	}
	return rep
}

func percentile(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
