package detect

import (
	"math"
	"time"
)

// historyFeatures describe a transaction u→v against what came before it
// in the pattern window (default 96 h) and the accounts' longer history:
// whether each account was new to the other, how often the pair and the
// reverse pair dealt within the window, how many counterparties new to
// them the accounts took on, their usual activity before the window and how
// surprising their new counterparties are given it (the statistic of the
// fan miners), and how long the engine has watched them.
//
// Laundering recruits counterparties for the occasion: accounts paid or
// paying for the first time, in bursts that stand out from the accounts'
// own history (FinCEN FIN-2014-A005 on funnel accounts; the fan patterns
// of AMLworld and AMLSim). The anchor baseline's pair counts and
// reciprocity (docs/anchors.md §3) are here too.
type historyFeatures struct {
	e    *Engine
	v    *view
	cols []FeatureSpec
}

func newHistoryFeatures(e *Engine, v *view) *historyFeatures {
	w := windowLabel(e.cfg.PatternWindow)
	b := windowLabel(e.cfg.BaselinePeriod)
	within := " within " + w
	return &historyFeatures{e: e, v: v, cols: []FeatureSpec{
		{Name: "pair_new_to_src", Phrase: "the beneficiary was new to the originator (%s)",
			whole: yesNo("the originator had never paid the beneficiary before", "the originator had paid the beneficiary before")},
		{Name: "pair_new_to_dst", Phrase: "the originator was new to the beneficiary (%s)",
			whole: yesNo("the beneficiary had never dealt with the originator before", "the beneficiary had dealt with the originator before")},
		{Name: "pair_count_" + w, Phrase: "the originator paid the beneficiary %s times" + within},
		{Name: "pair_reverse_" + w, Phrase: "the beneficiary paid the originator %s times" + within},
		{Name: "src_new_out_" + w, Phrase: "the originator paid %s accounts new to it" + within},
		{Name: "src_new_in_" + w, Phrase: "the originator was paid by %s accounts new to it" + within},
		{Name: "dst_new_in_" + w, Phrase: "the beneficiary was paid by %s accounts new to it" + within},
		{Name: "dst_new_out_" + w, Phrase: "the beneficiary paid %s accounts new to it" + within},
		{Name: "src_new_out_ewm_" + b, Phrase: "the originator took on %s new payees (decaying over " + b + ")"},
		{Name: "dst_new_in_ewm_" + b, Phrase: "the beneficiary took on %s new payers (decaying over " + b + ")"},
		{Name: "src_usual_out_" + w, Phrase: "before this window the originator made %s payments per " + w},
		{Name: "dst_usual_in_" + w, Phrase: "before this window the beneficiary received %s payments per " + w},
		{Name: "src_new_out_surprise", Phrase: "so many new payees" + within + " had a chance of %s at the rate the originator usually takes on new payees", value: chanceOf},
		{Name: "dst_new_in_surprise", Phrase: "so many new payers" + within + " had a chance of %s at the rate the beneficiary usually takes on new payers", value: chanceOf},
		{Name: "src_watched_days", Phrase: "the originator has been watched for %s days"},
		{Name: "dst_watched_days", Phrase: "the beneficiary has been watched for %s days"},
		{Name: "src_known", Phrase: "the originator had dealt with about %s distinct accounts before (memory " + windowLabel(e.cfg.NoveltyMemory) + ")"},
		{Name: "dst_known", Phrase: "the beneficiary had dealt with about %s distinct accounts before (memory " + windowLabel(e.cfg.NoveltyMemory) + ")"},
		{Name: "src_gap_out_hours", Phrase: "the originator's previous payment was %s earlier", value: hoursSpan},
		{Name: "src_gap_in_hours", Phrase: "the originator was last paid %s earlier", value: hoursSpan},
		{Name: "dst_gap_in_hours", Phrase: "the beneficiary was last paid %s earlier", value: hoursSpan},
		{Name: "dst_gap_out_hours", Phrase: "the beneficiary's previous payment was %s earlier", value: hoursSpan},
	}}
}

func (h *historyFeatures) specs() []FeatureSpec { return h.cols }

func (h *historyFeatures) view() *view { return h.v }

// The surprise of an account's new counterparties is computed when their
// number changes and kept until it changes again: the account's usual rate
// moves slowly, and the chance costs a few log-gamma evaluations.

// surprise returns −log10 of the chance of k new counterparties in a window
// given a history of events over windows; 0 below two.
func surprise(k int32, events, windows float64) float32 {
	if k < 2 {
		return 0
	}
	return float32(min(30, -math.Log10(max(chance(int(k), events, windows), 1e-300))))
}

func (h *historyFeatures) onInsert(i int, _ uint64, e *edge, dst []float32) {
	v := h.v
	clear(dst[:len(h.cols)])
	flags := e.novel[v.slot]
	if flags&edgeNovelOut != 0 {
		dst[0] = 1
	}
	if flags&edgeNovelIn != 0 {
		dst[1] = 1
	}
	if e.src != 0 && e.dst != 0 && e.src != e.dst {
		if i := v.pairs.find(pairKey(e.src, e.dst)); i >= 0 {
			dst[2] = float32(v.pairs.slots[i].count)
		}
		if i := v.pairs.find(pairKey(e.dst, e.src)); i >= 0 {
			dst[3] = float32(v.pairs.slots[i].count)
		}
	}
	t := e.time
	if u := e.src; u != 0 {
		c := &v.c[u]
		dst[4], dst[5] = float32(c.novelOut), float32(c.novelIn)
		_, out := v.newCounterparties(u, t)
		dst[8] = float32(out)
		events, windows := v.baseline(u, true, t, h.e.nodes.st[u].firstSeen)
		if windows > 0 {
			dst[10] = float32(events / windows)
		}
		if c.novelOut != v.surpriseOutK[u] {
			ne, nw := v.noveltyBaseline(u, true, t, h.e.nodes.st[u].firstSeen)
			v.surpriseOut[u], v.surpriseOutK[u] = surprise(c.novelOut, ne, nw), c.novelOut
		}
		dst[12] = v.surpriseOut[u]
		dst[14] = float32(float64(t-h.e.nodes.st[u].firstSeen) / float64(24*time.Hour))
	}
	if w := e.dst; w != 0 {
		c := &v.c[w]
		dst[6], dst[7] = float32(c.novelIn), float32(c.novelOut)
		in, _ := v.newCounterparties(w, t)
		dst[9] = float32(in)
		events, windows := v.baseline(w, false, t, h.e.nodes.st[w].firstSeen)
		if windows > 0 {
			dst[11] = float32(events / windows)
		}
		if c.novelIn != v.surpriseInK[w] {
			ne, nw := v.noveltyBaseline(w, false, t, h.e.nodes.st[w].firstSeen)
			v.surpriseIn[w], v.surpriseInK[w] = surprise(c.novelIn, ne, nw), c.novelIn
		}
		dst[13] = v.surpriseIn[w]
		dst[15] = float32(float64(t-h.e.nodes.st[w].firstSeen) / float64(24*time.Hour))
	}
	epoch := floorDiv(t, v.period)
	if e.src != 0 {
		dst[16] = float32(v.known[e.src].size(epoch))
	}
	if e.dst != 0 {
		dst[17] = float32(v.known[e.dst].size(epoch))
	}
	// Gaps since the accounts' previous edges, as far back as the
	// retention reaches (measured at insertion, phase 2).
	g := h.e.gaps[i]
	dst[18], dst[19], dst[20], dst[21] = g[0], g[1], g[2], g[3]
}
