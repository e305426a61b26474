package detect

import (
	"time"
)

// minMaxBudget bounds the edges read to refresh a stale minimum or maximum
// (see flowStats). When it is hit the value is the extreme of the newest
// minMaxBudget edges and the engine counts a bounded search.
const minMaxBudget = 4096

// statsFeatures are GFP's vertex statistics (Blanuša et al., ICAIF 2024):
// for each end of a transaction u→v and each direction, the sum, mean,
// minimum and maximum of the amounts of the account's edges within the
// feature window, the spread, skewness and kurtosis of their logarithms,
// and the mean age and spread of their times, this transaction included.
// Amounts are in the currency each edge is in (paid for out-edges,
// received for in-edges); the engine has no exchange rates.
type statsFeatures struct {
	e    *Engine
	v    *view
	cols []FeatureSpec
}

// statsPerBlock is the number of columns per account and direction.
const statsPerBlock = 9

func newStatsFeatures(e *Engine, v *view) *statsFeatures {
	w := windowLabel(time.Duration(v.window))
	f := &statsFeatures{e: e, v: v}
	for _, b := range []struct{ key, who, what string }{
		{"src_out", "the originator", "paid"},
		{"src_in", "the originator", "received"},
		{"dst_out", "the beneficiary", "paid"},
		{"dst_in", "the beneficiary", "received"},
	} {
		within := " within " + w
		f.cols = append(f.cols,
			FeatureSpec{Name: b.key + "_amount_sum_" + w, Phrase: b.who + " " + b.what + " %s in all" + within, value: money},
			FeatureSpec{Name: b.key + "_amount_mean_" + w, Phrase: b.who + " " + b.what + " %s on average per transaction" + within, value: money},
			FeatureSpec{Name: b.key + "_amount_min_" + w, Phrase: "the smallest amount " + b.who + " " + b.what + within + " was %s", value: money},
			FeatureSpec{Name: b.key + "_amount_max_" + w, Phrase: "the largest amount " + b.who + " " + b.what + within + " was %s", value: money},
			FeatureSpec{Name: b.key + "_amount_logstd_" + w, Phrase: "the amounts " + b.who + " " + b.what + within + " spread by %s (standard deviation of their logarithms)"},
			FeatureSpec{Name: b.key + "_amount_skew_" + w, Phrase: "the amounts " + b.who + " " + b.what + within + " have skewness %s (of their logarithms)"},
			FeatureSpec{Name: b.key + "_amount_kurt_" + w, Phrase: "the amounts " + b.who + " " + b.what + within + " have excess kurtosis %s (of their logarithms)"},
			FeatureSpec{Name: b.key + "_age_mean_" + w, Phrase: "the transactions " + b.who + " " + b.what + within + " are %s old on average", value: hoursSpan},
			FeatureSpec{Name: b.key + "_age_std_" + w, Phrase: "the transactions " + b.who + " " + b.what + within + " spread over %s (standard deviation)", value: hoursSpan},
		)
	}
	return f
}

func (f *statsFeatures) specs() []FeatureSpec { return f.cols }

func (f *statsFeatures) view() *view { return f.v }

func (f *statsFeatures) onInsert(i int, seq uint64, e *edge, dst []float32) {
	f.put(seq, e, e.src, true, dst[0:])
	f.put(seq, e, e.src, false, dst[statsPerBlock:])
	f.put(seq, e, e.dst, true, dst[2*statsPerBlock:])
	f.put(seq, e, e.dst, false, dst[3*statsPerBlock:])
}

func (f *statsFeatures) put(seq uint64, e *edge, n node, out bool, dst []float32) {
	if n == 0 {
		clear(dst[:statsPerBlock])
		return
	}
	st := &f.v.statsIn[n]
	if out {
		st = &f.v.statsOut[n]
	}
	if st.stale != 0 {
		f.refresh(seq, e.time, n, out, st)
	}
	m := st.moments(e.time)
	dst[0] = float32(m.sum)
	dst[1] = float32(m.mean)
	dst[2] = float32(m.min)
	dst[3] = float32(m.max)
	dst[4] = float32(m.logStd)
	dst[5] = float32(m.skew)
	dst[6] = float32(m.kurt)
	dst[7] = float32(m.ageMean)
	dst[8] = float32(m.ageStd)
}

// refresh recomputes a stale minimum or maximum from the account's edges in
// the window as of edge seq, reading at most minMaxBudget of them.
func (f *statsFeatures) refresh(seq uint64, now int64, n node, out bool, st *flowStats) {
	lo, hi := 0.0, 0.0
	seen := 0
	since := now - f.v.window
	edges := f.e.inEdges(n, seq, since)
	if out {
		edges = f.e.outEdges(n, seq, since)
	}
	for _, ed := range edges {
		if seen == minMaxBudget {
			f.v.bounded++
			break
		}
		a := ed.received
		if out {
			a = ed.amount
		}
		if seen == 0 || a < lo {
			lo = a
		}
		if seen == 0 || a > hi {
			hi = a
		}
		seen++
	}
	if seen > 0 {
		st.min, st.max = lo, hi
	}
	st.stale = 0
}

// channelFeatures are per-channel aggregates: how much of each account's
// activity within the feature window went through this transaction's
// channel (payment format), and through how many channels it moved money.
type channelFeatures struct {
	v    *view
	cols []FeatureSpec
}

func newChannelFeatures(v *view) *channelFeatures {
	w := windowLabel(time.Duration(v.window))
	within := " within " + w
	return &channelFeatures{v: v, cols: []FeatureSpec{
		{Name: "src_out_same_channel_" + w, Phrase: "%s of the originator's payments" + within + " used this payment's channel", value: share},
		{Name: "dst_in_same_channel_" + w, Phrase: "%s of the payments the beneficiary received" + within + " used this payment's channel", value: share},
		{Name: "src_out_channels_" + w, Phrase: "the originator paid through %s channels" + within},
		{Name: "dst_in_channels_" + w, Phrase: "the beneficiary was paid through %s channels" + within},
	}}
}

func (c *channelFeatures) specs() []FeatureSpec { return c.cols }

func (c *channelFeatures) view() *view { return c.v }

func (c *channelFeatures) onInsert(i int, _ uint64, e *edge, dst []float32) {
	share := func(counts *[numChannels]uint32, total int32) (same, kinds float32) {
		if total <= 0 {
			return 0, 0
		}
		k := 0
		for _, x := range counts {
			if x > 0 {
				k++
			}
		}
		return float32(counts[e.channel]) / float32(total), float32(k)
	}
	clear(dst[:4])
	if e.src != 0 {
		dst[0], dst[2] = share(&c.v.chanOut[e.src], c.v.c[e.src].degOut)
	}
	if e.dst != 0 {
		dst[1], dst[3] = share(&c.v.chanIn[e.dst], c.v.c[e.dst].degIn)
	}
}
