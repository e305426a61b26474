package gbt

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// ErrFeatures reports feature vectors that do not fit the model.
var ErrFeatures = errors.New("features do not match the model")

// tree is one regression tree in the saved form: parallel arrays indexed by
// node, node 0 the root, children after their parent. A row goes left at
// node i when x < Threshold[i], and to the DefaultLeft side when x is NaN.
type tree struct {
	Feature     []int32   `json:"feature"`      // split feature, -1 for a leaf
	Threshold   []float32 `json:"threshold"`    // split value (0 for a leaf)
	Left        []int32   `json:"left"`         // left child, -1 for a leaf
	Right       []int32   `json:"right"`        // right child, -1 for a leaf
	DefaultLeft []bool    `json:"default_left"` // side of missing values
	Value       []float64 `json:"value"`        // leaf margin (0 inside)
	Cover       []float64 `json:"cover"`        // hessian sum of the training rows
	Gain        []float64 `json:"gain"`         // loss reduction of the split
}

// flatNode is a node of the compiled scoring form: the children of a split
// are adjacent, so one index walks the tree.
type flatNode struct {
	thr     float32 // split value, or the leaf's margin
	feat    int32   // split feature, -1 for a leaf
	left    int32   // index of the left child; the right one follows
	defLeft bool
}

// Model is a trained ensemble of regression trees for binary
// classification with logistic loss. Its margin (log-odds) for a row is
// BaseScore plus the sum of the leaves the row reaches; Predict turns it
// into a probability. A Model is safe for concurrent use.
type Model struct {
	names    []string
	params   Params
	base     float64
	trees    []tree
	training TrainingInfo

	nodes    []flatNode
	cover    []float64 // per flat node
	roots    []int32
	expected []float64 // per tree: cover-weighted mean leaf value
	depth    int       // deepest tree

	batch batchForm
}

// FeatureNames returns the feature names, in the order rows must follow.
func (m *Model) FeatureNames() []string { return slices.Clone(m.names) }

// NumFeatures returns the number of features per row.
func (m *Model) NumFeatures() int { return len(m.names) }

// NumTrees returns the number of trees.
func (m *Model) NumTrees() int { return len(m.trees) }

// Params returns the hyper-parameters the model was trained with.
func (m *Model) Params() Params { return m.params }

// BaseScore returns the margin every prediction starts from.
func (m *Model) BaseScore() float64 { return m.base }

// Training returns what was recorded while training.
func (m *Model) Training() TrainingInfo {
	t := m.training
	t.History = slices.Clone(t.History)
	return t
}

// CheckFeatures reports whether names are the model's features in the
// model's order, so a caller can verify its feature layout once.
func (m *Model) CheckFeatures(names []string) error {
	if len(names) != len(m.names) {
		return fmt.Errorf("%d features, model has %d: %w", len(names), len(m.names), ErrFeatures)
	}
	for i, n := range names {
		if n != m.names[i] {
			return fmt.Errorf("feature %d is %q, model has %q: %w", i, n, m.names[i], ErrFeatures)
		}
	}
	return nil
}

// compile builds the scoring form from the saved trees.
func (m *Model) compile() {
	total := 0
	for i := range m.trees {
		total += len(m.trees[i].Feature)
	}
	m.nodes = make([]flatNode, 0, total)
	m.cover = make([]float64, 0, total)
	m.roots = make([]int32, len(m.trees))
	m.expected = make([]float64, len(m.trees))
	m.depth = 0
	type item struct {
		src   int32
		dst   int32
		depth int
	}
	var queue []item
	for ti := range m.trees {
		t := &m.trees[ti]
		root := int32(len(m.nodes))
		m.roots[ti] = root
		m.nodes = append(m.nodes, flatNode{})
		m.cover = append(m.cover, 0)
		queue = append(queue[:0], item{src: 0, dst: root})
		for len(queue) > 0 {
			it := queue[0]
			queue = queue[1:]
			m.depth = max(m.depth, it.depth)
			m.cover[it.dst] = t.Cover[it.src]
			if t.Feature[it.src] < 0 {
				m.nodes[it.dst] = flatNode{thr: float32(t.Value[it.src]), feat: -1, left: -1}
				continue
			}
			left := int32(len(m.nodes))
			m.nodes = append(m.nodes, flatNode{}, flatNode{})
			m.cover = append(m.cover, 0, 0)
			m.nodes[it.dst] = flatNode{thr: t.Threshold[it.src], feat: t.Feature[it.src], left: left, defLeft: t.DefaultLeft[it.src]}
			queue = append(queue,
				item{src: t.Left[it.src], dst: left, depth: it.depth + 1},
				item{src: t.Right[it.src], dst: left + 1, depth: it.depth + 1})
		}
		m.expected[ti] = m.expectedValue(root)
	}
	m.batch = m.compileBatch()
}

// treeDepth returns the depth of the subtree at node i.
func (m *Model) treeDepth(i int32) int {
	n := m.nodes[i]
	if n.feat < 0 {
		return 0
	}
	return 1 + max(m.treeDepth(n.left), m.treeDepth(n.left+1))
}

// expectedValue is the tree's mean prediction under the training
// distribution as the covers record it, computed with the same cover
// fractions TreeSHAP uses so that contributions add up exactly.
func (m *Model) expectedValue(i int32) float64 {
	n := m.nodes[i]
	if n.feat < 0 {
		return float64(n.thr)
	}
	fl, fr := m.fractions(i)
	return fl*m.expectedValue(n.left) + fr*m.expectedValue(n.left+1)
}

// fractions are the shares of node i's cover in its two children.
func (m *Model) fractions(i int32) (left, right float64) {
	l := m.nodes[i].left
	c := m.cover[i]
	if !(c > 0) {
		return 0.5, 0.5
	}
	return m.cover[l] / c, m.cover[l+1] / c
}

// leaf walks one tree for a row and returns the leaf index.
func (m *Model) leaf(root int32, row []float32) int32 {
	nodes := m.nodes
	i := root
	for {
		n := &nodes[i]
		if n.feat < 0 {
			return i
		}
		x := row[n.feat]
		if x < n.thr || (n.defLeft && x != x) {
			i = n.left
		} else {
			i = n.left + 1
		}
	}
}

func (m *Model) checkRow(row []float32) error {
	if len(row) != len(m.names) {
		return fmt.Errorf("row of %d values, model has %d features: %w", len(row), len(m.names), ErrFeatures)
	}
	return nil
}

// Margin returns the model's log-odds for one row (NaN = missing).
func (m *Model) Margin(row []float32) (float64, error) {
	if err := m.checkRow(row); err != nil {
		return 0, err
	}
	return m.margin(row), nil
}

func (m *Model) margin(row []float32) float64 {
	s := m.base
	for _, r := range m.roots {
		s += float64(m.nodes[m.leaf(r, row)].thr)
	}
	return s
}

// Predict returns the probability that one row is positive.
func (m *Model) Predict(row []float32) (float64, error) {
	s, err := m.Margin(row)
	if err != nil {
		return 0, err
	}
	return Sigmoid(s), nil
}

// Sigmoid maps a margin to a probability, 1/(1+e^−x).
func Sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// MarginBatch writes the margin of every row of features (row after row,
// NumFeatures values each) to out, which must hold one value per row. Large
// batches are scored on GOMAXPROCS goroutines.
func (m *Model) MarginBatch(features []float32, out []float64) error {
	nf := len(m.names)
	if len(features) != len(out)*nf {
		return fmt.Errorf("%d values for %d rows × %d features: %w", len(features), len(out), nf, ErrFeatures)
	}
	n := len(out)
	workers := runtime.GOMAXPROCS(0)
	if n < parallelScoreRows || workers == 1 {
		m.marginRange(features, out, 0, n)
		return nil
	}
	var wg sync.WaitGroup
	chunks := workers
	for w := range chunks {
		lo, hi := n*w/chunks, n*(w+1)/chunks
		wg.Go(func() { m.marginRange(features, out, lo, hi) })
	}
	wg.Wait()
	return nil
}

// PredictBatch is MarginBatch followed by Sigmoid: probabilities.
func (m *Model) PredictBatch(features []float32, out []float64) error {
	if err := m.MarginBatch(features, out); err != nil {
		return err
	}
	for i, s := range out {
		out[i] = Sigmoid(s)
	}
	return nil
}
