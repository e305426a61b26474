package detect

import (
	"strconv"
	"strings"
	"time"
)

// Default search parameters.
const (
	// DefaultScatterWindow is the window of the scatter-gather and
	// gather-scatter features: 6 h, as GFP (Blanuša et al., ICAIF 2024).
	DefaultScatterWindow = 6 * time.Hour
	// DefaultCycleWindow is the window of the cycle features: 1 day, as
	// GFP's other features.
	DefaultCycleWindow = 24 * time.Hour
	// DefaultMaxCycleLength is the longest cycle counted, in edges: 10, as
	// GFP.
	DefaultMaxCycleLength = 10
	// DefaultSearchBudget is the number of edges one search may read per
	// transaction. With it a search costs at most a few microseconds; on
	// AMLworld-like streams fewer than 1 % of searches reach it.
	DefaultSearchBudget = 256
)

// scatterGatherFeatures count the scatter-gather patterns a transaction
// belongs to, binned by number of intermediates (GFP).
type scatterGatherFeatures struct {
	e      *Engine
	window int64
	cols   []FeatureSpec
}

func binLabels(bins []int, last int) []string {
	out := make([]string, len(bins))
	for i, lo := range bins {
		hi := last
		if i+1 < len(bins) {
			hi = bins[i+1] - 1
		}
		switch {
		case i+1 == len(bins) && last == 0:
			out[i] = strconv.Itoa(lo) + "plus"
		case lo == hi:
			out[i] = strconv.Itoa(lo)
		default:
			out[i] = strconv.Itoa(lo) + "_" + strconv.Itoa(hi)
		}
	}
	return out
}

func newScatterGatherFeatures(e *Engine) *scatterGatherFeatures {
	w := windowLabel(e.cfg.ScatterWindow)
	f := &scatterGatherFeatures{e: e, window: int64(e.cfg.ScatterWindow)}
	for _, b := range binLabels(sgBins, 0) {
		words := "with " + spacedRange(b) + " intermediaries"
		if n, ok := strings.CutSuffix(b, "plus"); ok {
			words = "with " + n + " or more intermediaries"
		}
		f.cols = append(f.cols, FeatureSpec{Name: "sg_" + b + "_" + w,
			Phrase: "the payment is part of %s scatter-gather patterns " + words + " within " + w})
	}
	return f
}

func (f *scatterGatherFeatures) specs() []FeatureSpec { return f.cols }

func (f *scatterGatherFeatures) inBatch(s *searcher, i int, seq uint64, ed *edge, dst []float32) {
	s.scatterGather(seq, ed, f.e.scatterView.degs[i], max(ed.time-f.window, f.e.horizon(seq)), f.e.cfg.SearchBudget, edgeFilter{}, dst)
}

// cycleFeatures count the simple and the temporal cycles a transaction
// closes, binned by length (GFP).
type cycleFeatures struct {
	e      *Engine
	window int64
	cols   []FeatureSpec
}

func newCycleFeatures(e *Engine) *cycleFeatures {
	w := windowLabel(e.cfg.CycleWindow)
	f := &cycleFeatures{e: e, window: int64(e.cfg.CycleWindow)}
	labels := binLabels(cycleBins, e.cfg.MaxCycleLength)
	for _, kind := range []struct{ name, words string }{{"cycle", "cycles"}, {"tcycle", "time-ordered cycles"}} {
		for _, b := range labels {
			f.cols = append(f.cols, FeatureSpec{Name: kind.name + "_" + b + "_" + w,
				Phrase: "the payment closes %s " + kind.words + " of " + spacedRange(b) + " payments within " + w})
		}
	}
	return f
}

// spacedRange writes a bin label for people: "5_6" → "5–6".
func spacedRange(b string) string {
	for i := 0; i < len(b); i++ {
		if b[i] == '_' {
			return b[:i] + "–" + b[i+1:]
		}
	}
	return b
}

func (f *cycleFeatures) specs() []FeatureSpec { return f.cols }

func (f *cycleFeatures) inBatch(s *searcher, i int, seq uint64, ed *edge, dst []float32) {
	c := cycleSearch{maxLen: f.e.cfg.MaxCycleLength, since: max(ed.time-f.window, f.e.horizon(seq)), budget: f.e.cfg.SearchBudget}
	deg := f.e.cycleView.degs[i]
	s.cycles(seq, ed, deg, c, dst[:len(cycleBins)])
	c.temporal = true
	s.cycles(seq, ed, deg, c, dst[len(cycleBins):])
}

// gatherScatterFeatures describe a transaction as a leg of a gather-scatter
// pattern (many accounts pay a hub, which pays many others) within the
// scatter window: for a payment out of a hub, how many distinct accounts
// paid the hub; for a payment into a hub, how many distinct accounts the hub
// paid.
type gatherScatterFeatures struct {
	v    *view
	cols []FeatureSpec
}

func newGatherScatterFeatures(v *view, window time.Duration) *gatherScatterFeatures {
	w := windowLabel(window)
	return &gatherScatterFeatures{v: v, cols: []FeatureSpec{
		{Name: "gs_hub_payers_" + w, Phrase: "the originator, paying on, had been paid by %s distinct accounts within " + w},
		{Name: "gs_hub_payees_" + w, Phrase: "the beneficiary had paid %s distinct accounts within " + w + " (gather-scatter)"},
	}}
}

func (g *gatherScatterFeatures) specs() []FeatureSpec { return g.cols }

func (g *gatherScatterFeatures) view() *view { return g.v }

func (g *gatherScatterFeatures) onInsert(i int, _ uint64, e *edge, dst []float32) {
	dst[0], dst[1] = 0, 0
	if e.src != 0 {
		dst[0] = float32(g.v.c[e.src].fanIn)
	}
	if e.dst != 0 {
		dst[1] = float32(g.v.c[e.dst].fanOut)
	}
}
