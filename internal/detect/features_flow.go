package detect

import (
	"math"
	"time"
)

// flowFeatures describe a payment as a possible leg of layering: money
// that came in and goes straight on, in about the same amount. Layering
// moves funds through accounts "to distance them from their source"
// (FATF, Money Laundering Typologies, 2003–2004; the pass-through and
// funnel accounts of FinCEN FIN-2014-A005), so a payment that matches an
// amount the originator received shortly before — the same sum less a fee —
// is a sign of it, as is a beneficiary that already paid out a matching sum
// (the order of legs need not follow the money: AMLworld's scatter-gather
// legs come in any order).
//
// For u→v paying a in currency c, within the pattern window and before
// this payment: the smallest |ln(a / x)| over the amounts x that u
// received in c, how long before the best match arrived (both −1 when
// there is none), and how many of them were within 10 % of a; the same for
// the amounts v paid in c. The reads are bounded by the search budget.
type flowFeatures struct {
	e     *Engine
	cols  []FeatureSpec
	since int64
}

func newFlowFeatures(e *Engine) *flowFeatures {
	w := windowLabel(e.cfg.PatternWindow)
	within := " within " + w
	return &flowFeatures{e: e, since: int64(e.cfg.PatternWindow), cols: []FeatureSpec{
		{Name: "src_in_match_logratio_" + w, Phrase: "the closest amount the originator had received" + within + " differs from this payment by %s", value: logFactor},
		{Name: "src_in_match_age_" + w, Phrase: "the originator had received the closest amount %s before", value: hoursSpan},
		{Name: "src_in_matches_" + w, Phrase: "the originator had received %s amounts within 10%% of this payment" + within},
		{Name: "dst_out_match_logratio_" + w, Phrase: "the closest amount the beneficiary had paid" + within + " differs from this payment by %s", value: logFactor},
		{Name: "dst_out_match_age_" + w, Phrase: "the beneficiary had paid the closest amount %s before", value: hoursSpan},
		{Name: "dst_out_matches_" + w, Phrase: "the beneficiary had paid %s amounts within 10%% of this payment" + within},
	}}
}

func (f *flowFeatures) specs() []FeatureSpec { return f.cols }

// matchTolerance is the relative difference within which two amounts count
// as the same money passed on: a fee or commission of up to 10 %.
var matchTolerance = math.Log(1.1)

func (f *flowFeatures) inBatch(s *searcher, _ int, seq uint64, ed *edge, dst []float32) {
	e := f.e
	since := max(ed.time-f.since, e.horizon(seq))
	budget := e.cfg.SearchBudget
	const none = -1
	match := func(start uint64, in bool, amount float64, cur uint16, out []float32) {
		out[0], out[1], out[2] = none, none, 0
		if amount <= 0 {
			return
		}
		best, age, n, read := math.Inf(1), int64(0), 0, 0
		for sq := start; e.log.retained(sq) && read < budget; {
			x := e.log.at(sq)
			if x.time <= since {
				break
			}
			next := x.prevOut
			if in {
				next = x.prevIn
			}
			if sq < seq {
				read++
				a, c := x.amount, x.currency
				if in {
					a, c = x.received, x.currencyRecv
				}
				if c == cur && a > 0 && x.src != x.dst {
					r := math.Abs(math.Log(amount / a))
					if r < best {
						best, age = r, ed.time-x.time
					}
					if r <= matchTolerance {
						n++
					}
				}
			}
			sq = next
		}
		if read == budget {
			s.bounded.Patterns++
		}
		if !math.IsInf(best, 1) {
			out[0], out[1], out[2] = float32(best), float32(float64(age)/float64(time.Hour)), float32(n)
		}
	}
	if ed.src != 0 && ed.src != ed.dst {
		match(ed.srcIn, true, ed.amount, ed.currency, dst[0:3])
	} else {
		dst[0], dst[1], dst[2] = none, none, 0
	}
	if ed.dst != 0 && ed.src != ed.dst {
		match(ed.dstOut, false, ed.received, ed.currencyRecv, dst[3:6])
	} else {
		dst[3], dst[4], dst[5] = none, none, 0
	}
}
