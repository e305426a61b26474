package gbt

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// pathElem is one feature on the path from the root to the current node in
// TreeSHAP: the share of the training cover that follows the path when the
// feature is unknown (zero) or known (one, 1 or 0), and the permutation
// weight of the subset size at this position (weight).
type pathElem struct {
	feature   int32
	zero, one float64
	weight    float64
}

// Contributions computes each feature's SHAP value for one row, exactly and
// in polynomial time with the path-dependent TreeSHAP algorithm of
// Lundberg, Erion & Lee (2018, Algorithm 2; Lundberg et al. 2020): the
// expectation over absent features follows the training covers of the
// trees. phi must hold NumFeatures values; it is overwritten with the
// contributions in log-odds. The returned bias is the expected margin
// (BaseScore plus every tree's cover-weighted mean), so that
//
//	Margin(row) = bias + Σ phi[i].
func (m *Model) Contributions(row []float32, phi []float64) (bias float64, err error) {
	if err := m.checkRow(row); err != nil {
		return 0, err
	}
	if len(phi) != len(m.names) {
		return 0, fmt.Errorf("contributions: %d slots for %d features: %w", len(phi), len(m.names), ErrFeatures)
	}
	clear(phi)
	buf := make([]pathElem, (m.depth+2)*(m.depth+3)/2)
	bias = m.base
	for ti, r := range m.roots {
		bias += m.expected[ti]
		m.shapRecurse(r, row, phi, nil, buf, 1, 1, -1)
	}
	return bias, nil
}

// shapRecurse extends the parent's path with the split that led to node i
// and, at a leaf, credits every feature on the path. The path lives in buf;
// children get the part of buf after it.
func (m *Model) shapRecurse(i int32, row []float32, phi []float64, parent, buf []pathElem, pz, po float64, pf int32) {
	path := buf[:len(parent)+1]
	copy(path, parent)
	extendPath(path, pz, po, pf)
	rest := buf[len(path):]
	n := &m.nodes[i]
	if n.feat < 0 {
		v := float64(n.thr)
		for k := 1; k < len(path); k++ {
			e := &path[k]
			phi[e.feature] += unwoundSum(path, k) * (e.one - e.zero) * v
		}
		return
	}
	hot, cold := n.left, n.left+1
	if x := row[n.feat]; !(x < n.thr || (n.defLeft && x != x)) {
		hot, cold = cold, hot
	}
	fl, fr := m.fractions(i)
	hz, cz := fl, fr
	if hot != n.left {
		hz, cz = fr, fl
	}
	// A feature met again on the path is undone first, so that it counts
	// once with the product of its fractions.
	iz, io := 1.0, 1.0
	for k := 1; k < len(path); k++ {
		if path[k].feature == n.feat {
			iz, io = path[k].zero, path[k].one
			unwindPath(path, k)
			path = path[:len(path)-1]
			break
		}
	}
	m.shapRecurse(hot, row, phi, path, rest, hz*iz, io, n.feat)
	m.shapRecurse(cold, row, phi, path, rest, cz*iz, 0, n.feat)
}

// extendPath adds the element at the end of path (already sized for it)
// and updates the subset-size weights (EXTEND in Lundberg et al. 2018).
func extendPath(path []pathElem, pz, po float64, pf int32) {
	d := len(path) - 1
	path[d] = pathElem{feature: pf, zero: pz, one: po}
	if d == 0 {
		path[d].weight = 1
	}
	for i := d - 1; i >= 0; i-- {
		path[i+1].weight += po * path[i].weight * float64(i+1) / float64(d+1)
		path[i].weight = pz * path[i].weight * float64(d-i) / float64(d+1)
	}
}

// unwindPath removes element k, inverting extendPath (UNWIND).
func unwindPath(path []pathElem, k int) {
	d := len(path) - 1
	one, zero := path[k].one, path[k].zero
	next := path[d].weight
	for i := d - 1; i >= 0; i-- {
		if one != 0 {
			w := path[i].weight
			path[i].weight = next * float64(d+1) / (float64(i+1) * one)
			next = w - path[i].weight*zero*float64(d-i)/float64(d+1)
		} else {
			path[i].weight = path[i].weight * float64(d+1) / (zero * float64(d-i))
		}
	}
	for i := k; i < d; i++ {
		path[i].feature, path[i].zero, path[i].one = path[i+1].feature, path[i+1].zero, path[i+1].one
	}
}

// unwoundSum is the total weight of the path with element k removed,
// without changing the path.
func unwoundSum(path []pathElem, k int) float64 {
	d := len(path) - 1
	one, zero := path[k].one, path[k].zero
	next := path[d].weight
	total := 0.0
	for i := d - 1; i >= 0; i-- {
		if one != 0 {
			w := next * float64(d+1) / (float64(i+1) * one)
			total += w
			next = path[i].weight - w*zero*float64(d-i)/float64(d+1)
		} else if zero != 0 {
			total += path[i].weight / zero * float64(d+1) / float64(d-i)
		}
	}
	return total
}

// Contribution is one feature's share of a prediction.
type Contribution struct {
	// Feature is the feature's name and Index its column.
	Feature string `json:"feature"`
	Index   int    `json:"index"`
	// Value is the row's value of the feature (0 when Missing; ±Inf are
	// reported as the largest finite float32, so the JSON stays valid).
	Value   float64 `json:"value"`
	Missing bool    `json:"missing,omitempty"`
	// SHAP is the contribution in log-odds: positive values push the
	// score towards the positive class.
	SHAP float64 `json:"shap"`
}

// Explanation is a prediction with the features that drove it.
type Explanation struct {
	Probability float64 `json:"probability"`
	Margin      float64 `json:"margin"`
	// Bias is the expected margin; Margin = Bias + the sum of all SHAP
	// values, of which Top lists the largest.
	Bias float64        `json:"bias"`
	Top  []Contribution `json:"top"`
}

// Explain scores a row and lists its k largest contributions by absolute
// value (ties: lower column first), leaving out features contributing 0;
// k < 0 lists them all.
func (m *Model) Explain(row []float32, k int) (Explanation, error) {
	phi := make([]float64, len(m.names))
	bias, err := m.Contributions(row, phi)
	if err != nil {
		return Explanation{}, err
	}
	margin := m.margin(row)
	ex := Explanation{Probability: Sigmoid(margin), Margin: margin, Bias: bias}
	order := make([]int, 0, len(phi))
	for i, v := range phi {
		if v != 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(math.Abs(phi[b]), math.Abs(phi[a])); c != 0 {
			return c
		}
		return a - b
	})
	if k >= 0 && len(order) > k {
		order = order[:k]
	}
	for _, i := range order {
		c := Contribution{Feature: m.names[i], Index: i, SHAP: phi[i]}
		if x := row[i]; x != x {
			c.Missing = true
		} else {
			c.Value = float64(clampInf(x))
		}
		ex.Top = append(ex.Top, c)
	}
	return ex, nil
}
