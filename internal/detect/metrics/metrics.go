// Package metrics scores binary classifiers the way the evaluation protocol
// (docs/evaluation.md §1) reports them: ROC-AUC, PR-AUC as average
// precision, and precision, recall and F1 of the positive (laundering) class
// at a threshold, with a search for the threshold that maximises F1 on a
// validation set.
//
// Scores are "higher means more likely positive"; a prediction is positive
// when its score is at or above the threshold.
package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrLength reports scores and labels of different lengths.
var ErrLength = errors.New("scores and labels differ in length")

// ErrOneClass reports a label set without positives or without negatives,
// for which a ranking metric is undefined.
var ErrOneClass = errors.New("labels hold only one class")

// ErrNaNScore reports a score that is NaN, which cannot be ranked.
var ErrNaNScore = errors.New("score is NaN")

// Confusion counts the outcomes of thresholded predictions.
type Confusion struct {
	TP, FP, TN, FN int
}

// Precision is TP/(TP+FP), or 0 when nothing was predicted positive.
func (c Confusion) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN), or 0 when there are no positives.
func (c Confusion) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of precision and recall, 2TP/(2TP+FP+FN), or 0
// when there is nothing to count.
func (c Confusion) F1() float64 {
	d := 2*c.TP + c.FP + c.FN
	if d == 0 {
		return 0
	}
	return float64(2*c.TP) / float64(d)
}

// ConfusionAt counts predictions with score >= threshold as positive.
func ConfusionAt(scores []float64, labels []bool, threshold float64) (Confusion, error) {
	if len(scores) != len(labels) {
		return Confusion{}, fmt.Errorf("confusion: %d scores, %d labels: %w", len(scores), len(labels), ErrLength)
	}
	var c Confusion
	for i, s := range scores {
		pos := s >= threshold
		switch {
		case pos && labels[i]:
			c.TP++
		case pos:
			c.FP++
		case labels[i]:
			c.FN++
		default:
			c.TN++
		}
	}
	return c, nil
}

// group is a run of equal scores in descending order with its label counts.
type group struct {
	score     float64
	pos, negs int
}

// groups sorts the scores in descending order and merges ties, so that
// every metric treats equal scores as one threshold.
func groups(scores []float64, labels []bool) ([]group, int, int, error) {
	if len(scores) != len(labels) {
		return nil, 0, 0, fmt.Errorf("%d scores, %d labels: %w", len(scores), len(labels), ErrLength)
	}
	idx := make([]int32, len(scores))
	for i, s := range scores {
		if math.IsNaN(s) {
			return nil, 0, 0, fmt.Errorf("score %d: %w", i, ErrNaNScore)
		}
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		// Descending by score; ties keep index order so that sorting is
		// deterministic (the result does not depend on it).
		if scores[a] != scores[b] {
			if scores[a] > scores[b] {
				return -1
			}
			return 1
		}
		return int(a) - int(b)
	})
	var out []group
	var npos, nneg int
	for _, i := range idx {
		s := scores[i]
		if len(out) == 0 || out[len(out)-1].score != s {
			out = append(out, group{score: s})
		}
		g := &out[len(out)-1]
		if labels[i] {
			g.pos++
			npos++
		} else {
			g.negs++
			nneg++
		}
	}
	return out, npos, nneg, nil
}

// ROCAUC returns the area under the ROC curve: the probability that a random
// positive scores above a random negative, ties counting one half (the
// Mann–Whitney U statistic divided by n₊·n₋).
func ROCAUC(scores []float64, labels []bool) (float64, error) {
	gs, npos, nneg, err := groups(scores, labels)
	if err != nil {
		return 0, fmt.Errorf("roc-auc: %w", err)
	}
	if npos == 0 || nneg == 0 {
		return 0, fmt.Errorf("roc-auc: %d positives, %d negatives: %w", npos, nneg, ErrOneClass)
	}
	// Walk from the highest score: each negative is beaten by the positives
	// seen so far and ties with the positives of its own group.
	var above, u float64
	for _, g := range gs {
		u += float64(g.negs) * (above + float64(g.pos)/2)
		above += float64(g.pos)
	}
	return u / (float64(npos) * float64(nneg)), nil
}

// AveragePrecision returns the area under the precision–recall curve as
// average precision, Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct score thresholds
// from the highest down (the step-wise definition used by scikit-learn, with
// no interpolation). It is the PR-AUC of docs/evaluation.md.
func AveragePrecision(scores []float64, labels []bool) (float64, error) {
	gs, npos, nneg, err := groups(scores, labels)
	if err != nil {
		return 0, fmt.Errorf("average precision: %w", err)
	}
	if npos == 0 || nneg == 0 {
		return 0, fmt.Errorf("average precision: %d positives, %d negatives: %w", npos, nneg, ErrOneClass)
	}
	var tp, fp int
	var ap float64
	for _, g := range gs {
		tp += g.pos
		fp += g.negs
		if g.pos > 0 {
			ap += float64(g.pos) / float64(npos) * float64(tp) / float64(tp+fp)
		}
	}
	return ap, nil
}

// Operating is a decision threshold with the precision, recall and F1 it
// gives on the data it was measured on.
type Operating struct {
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// BestF1 searches every distinct score for the threshold with the highest F1
// (ties: the higher threshold, which raises fewer alerts). The returned
// threshold lies halfway between the chosen score and the next lower one, so
// that applying it to other data does not depend on exact score equality;
// on the data searched it classifies exactly as the chosen score does.
// Choose it on validation data, never on test data.
func BestF1(scores []float64, labels []bool) (Operating, error) {
	gs, npos, nneg, err := groups(scores, labels)
	if err != nil {
		return Operating{}, fmt.Errorf("best f1: %w", err)
	}
	if npos == 0 || nneg == 0 {
		return Operating{}, fmt.Errorf("best f1: %d positives, %d negatives: %w", npos, nneg, ErrOneClass)
	}
	best := Operating{F1: -1}
	var tp, fp int
	for k, g := range gs {
		tp += g.pos
		fp += g.negs
		c := Confusion{TP: tp, FP: fp, FN: npos - tp, TN: nneg - fp}
		if f := c.F1(); f > best.F1 {
			thr := g.score
			if k+1 < len(gs) {
				mid := g.score/2 + gs[k+1].score/2
				if mid > gs[k+1].score && mid <= g.score {
					thr = mid
				}
			}
			best = Operating{Threshold: thr, Precision: c.Precision(), Recall: c.Recall(), F1: f}
		}
	}
	return best, nil
}

// AtPrecision returns the operating point of highest recall whose
// precision is at least minPrecision (score ≥ threshold positive), the
// threshold placed halfway to the next lower score as BestF1 does; ok is
// false when no threshold reaches that precision.
func AtPrecision(scores []float64, labels []bool, minPrecision float64) (op Operating, ok bool, err error) {
	gs, npos, nneg, err := groups(scores, labels)
	if err != nil {
		return Operating{}, false, fmt.Errorf("at precision: %w", err)
	}
	if npos == 0 || nneg == 0 {
		return Operating{}, false, fmt.Errorf("at precision: %d positives, %d negatives: %w", npos, nneg, ErrOneClass)
	}
	var tp, fp int
	for k, g := range gs {
		tp += g.pos
		fp += g.negs
		c := Confusion{TP: tp, FP: fp, FN: npos - tp, TN: nneg - fp}
		if tp == 0 || c.Precision() < minPrecision {
			continue
		}
		thr := g.score
		if k+1 < len(gs) {
			mid := g.score/2 + gs[k+1].score/2
			if mid > gs[k+1].score && mid <= g.score {
				thr = mid
			}
		}
		op, ok = Operating{Threshold: thr, Precision: c.Precision(), Recall: c.Recall(), F1: c.F1()}, true
	}
	return op, ok, nil
}

// At returns the operating point of a fixed threshold.
func At(scores []float64, labels []bool, threshold float64) (Operating, error) {
	c, err := ConfusionAt(scores, labels, threshold)
	if err != nil {
		return Operating{}, err
	}
	return Operating{Threshold: threshold, Precision: c.Precision(), Recall: c.Recall(), F1: c.F1()}, nil
}

// LogLoss returns the mean negative log-likelihood of probabilities p for
// the labels, with p clipped to [1e-15, 1−1e-15] so one confident mistake
// cannot make it infinite.
func LogLoss(probs []float64, labels []bool) (float64, error) {
	if len(probs) != len(labels) {
		return 0, fmt.Errorf("log-loss: %d probabilities, %d labels: %w", len(probs), len(labels), ErrLength)
	}
	if len(probs) == 0 {
		return 0, nil
	}
	const eps = 1e-15
	var s float64
	for i, p := range probs {
		if math.IsNaN(p) {
			return 0, fmt.Errorf("log-loss: probability %d: %w", i, ErrNaNScore)
		}
		p = min(max(p, eps), 1-eps)
		if labels[i] {
			s -= math.Log(p)
		} else {
			s -= math.Log1p(-p)
		}
	}
	return s / float64(len(probs)), nil
}
