package gbt

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
)

// FormatName identifies a saved model file.
const FormatName = "centinela-gbt"

// FormatVersion is the version of the saved model format that Save writes
// and Load reads. A change that older readers cannot read raises it.
const FormatVersion = 1

// Objective is the loss the model was trained with, xgboost's name for it.
const Objective = "binary:logistic"

// maxNodesPerTree bounds a loaded tree; a tree of MaxTreeDepth has at most
// 2^65 nodes in principle, but no trained model comes near this.
const maxNodesPerTree = 1 << 22

// ErrModel reports a saved model that cannot be loaded.
var ErrModel = errors.New("invalid model file")

// ErrVersion reports a saved model of another format version.
var ErrVersion = errors.New("unsupported model format version")

// modelFile is the JSON form of a Model.
type modelFile struct {
	Format        string       `json:"format"`
	FormatVersion int          `json:"format_version"`
	Objective     string       `json:"objective"`
	FeatureNames  []string     `json:"feature_names"`
	BaseScore     float64      `json:"base_score"`
	Params        Params       `json:"params"`
	Training      TrainingInfo `json:"training"`
	Trees         []tree       `json:"trees"`
}

// savedTree is a tree as written: leaf values, covers and gains with
// float32 precision (as xgboost writes them), which is all scoring and
// explanations use, and half the file.
type savedTree struct {
	Feature     []int32   `json:"feature"`
	Threshold   []float32 `json:"threshold"`
	Left        []int32   `json:"left"`
	Right       []int32   `json:"right"`
	DefaultLeft []bool    `json:"default_left"`
	Value       []float32 `json:"value"`
	Cover       []float32 `json:"cover"`
	Gain        []float32 `json:"gain"`
}

// MarshalJSON writes the versioned JSON form of the model.
func (m *Model) MarshalJSON() ([]byte, error) {
	trees := make([]savedTree, len(m.trees))
	narrow := func(xs []float64) []float32 {
		out := make([]float32, len(xs))
		for i, x := range xs {
			out[i] = float32(x)
		}
		return out
	}
	for i, t := range m.trees {
		trees[i] = savedTree{Feature: t.Feature, Threshold: t.Threshold, Left: t.Left, Right: t.Right,
			DefaultLeft: t.DefaultLeft, Value: narrow(t.Value), Cover: narrow(t.Cover), Gain: narrow(t.Gain)}
	}
	return json.Marshal(struct {
		modelFile
		Trees []savedTree `json:"trees"`
	}{modelFile{
		Format:        FormatName,
		FormatVersion: FormatVersion,
		Objective:     Objective,
		FeatureNames:  m.names,
		BaseScore:     m.base,
		Params:        m.params,
		Training:      m.training,
	}, trees})
}

// Write writes the model as JSON to w.
func (m *Model) Write(w io.Writer) error {
	b, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// Save writes the model to a file.
func (m *Model) Save(path string) error {
	b, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("save model %s: %w", path, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

// Load reads a model file written by Save.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer f.Close()
	m, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", path, err)
	}
	return m, nil
}

// Read decodes a model from its JSON form and checks that it is a
// well-formed ensemble: every tree a tree, every feature index in range,
// every number finite. It never panics on malformed input.
func Read(r io.Reader) (*Model, error) {
	var mf modelFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&mf); err != nil {
		return nil, fmt.Errorf("decode model: %w: %w", ErrModel, err)
	}
	if mf.Format != FormatName {
		return nil, fmt.Errorf("format %q, want %q: %w", mf.Format, FormatName, ErrModel)
	}
	if mf.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("format version %d, this build reads %d: %w", mf.FormatVersion, FormatVersion, ErrVersion)
	}
	if mf.Objective != Objective {
		return nil, fmt.Errorf("objective %q, want %q: %w", mf.Objective, Objective, ErrModel)
	}
	nf := len(mf.FeatureNames)
	if nf == 0 {
		return nil, fmt.Errorf("no feature names: %w", ErrModel)
	}
	seen := make(map[string]bool, nf)
	for i, n := range mf.FeatureNames {
		if n == "" || seen[n] {
			return nil, fmt.Errorf("feature %d: empty or repeated name %q: %w", i, n, ErrModel)
		}
		seen[n] = true
	}
	if !finite(mf.BaseScore) {
		return nil, fmt.Errorf("base_score %v is not finite: %w", mf.BaseScore, ErrModel)
	}
	for ti := range mf.Trees {
		if err := checkTree(&mf.Trees[ti], nf); err != nil {
			return nil, fmt.Errorf("tree %d: %w", ti, err)
		}
		// Scoring uses float32 leaves; keep the saved values consistent.
		t := &mf.Trees[ti]
		for i := range t.Cover {
			// Covers and gains are kept with float32 precision, in
			// memory as in the file (savedTree).
			t.Cover[i] = float64(float32(t.Cover[i]))
			t.Gain[i] = float64(float32(t.Gain[i]))
			if !(t.Cover[i] > 0) || !finite(t.Cover[i]) || !finite(t.Gain[i]) {
				return nil, fmt.Errorf("tree %d: node %d: cover %v or gain %v out of float32 range: %w", ti, i, t.Cover[i], t.Gain[i], ErrModel)
			}
		}
		for i, v := range mf.Trees[ti].Value {
			mf.Trees[ti].Value[i] = float64(float32(v))
		}
	}
	m := &Model{
		names:    mf.FeatureNames,
		params:   mf.Params,
		base:     mf.BaseScore,
		trees:    mf.Trees,
		training: mf.Training,
	}
	m.compile()
	return m, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkTree verifies the shape and numbers of one saved tree.
func checkTree(t *tree, nf int) error {
	n := len(t.Feature)
	if n == 0 || n > maxNodesPerTree {
		return fmt.Errorf("%d nodes, want 1 to %d: %w", n, maxNodesPerTree, ErrModel)
	}
	for name, l := range map[string]int{
		"threshold": len(t.Threshold), "left": len(t.Left), "right": len(t.Right),
		"default_left": len(t.DefaultLeft), "value": len(t.Value), "cover": len(t.Cover), "gain": len(t.Gain),
	} {
		if l != n {
			return fmt.Errorf("%d %s entries for %d nodes: %w", l, name, n, ErrModel)
		}
	}
	parents := make([]int32, n)
	for i := range parents {
		parents[i] = -1
	}
	depth := make([]int, n)
	for i := range n {
		f := t.Feature[i]
		if !finite(t.Value[i]) || math.Abs(t.Value[i]) > math.MaxFloat32 || !finite(t.Gain[i]) {
			return fmt.Errorf("node %d: value or gain not finite: %w", i, ErrModel)
		}
		if !(t.Cover[i] > 0) || !finite(t.Cover[i]) {
			return fmt.Errorf("node %d: cover %v, want finite > 0: %w", i, t.Cover[i], ErrModel)
		}
		if f == -1 {
			if t.Left[i] != -1 || t.Right[i] != -1 {
				return fmt.Errorf("node %d: leaf with children: %w", i, ErrModel)
			}
			continue
		}
		if f < 0 || int(f) >= nf {
			return fmt.Errorf("node %d: feature %d, model has %d: %w", i, f, nf, ErrModel)
		}
		if !finite(float64(t.Threshold[i])) {
			return fmt.Errorf("node %d: threshold not finite: %w", i, ErrModel)
		}
		for _, c := range []int32{t.Left[i], t.Right[i]} {
			// Children come after their parent, so the nodes form a tree
			// reachable from node 0 once each has exactly one parent.
			if c <= int32(i) || int(c) >= n {
				return fmt.Errorf("node %d: child %d, want in (%d, %d): %w", i, c, i, n, ErrModel)
			}
			if parents[c] >= 0 {
				return fmt.Errorf("node %d: child %d already has parent %d: %w", i, c, parents[c], ErrModel)
			}
			parents[c] = int32(i)
			depth[c] = depth[i] + 1
			if depth[c] > MaxTreeDepth {
				return fmt.Errorf("node %d: deeper than %d: %w", c, MaxTreeDepth, ErrModel)
			}
		}
		if t.Left[i] == t.Right[i] {
			return fmt.Errorf("node %d: both children are %d: %w", i, t.Left[i], ErrModel)
		}
	}
	if i := slices.IndexFunc(parents[1:], func(p int32) bool { return p < 0 }); i >= 0 {
		return fmt.Errorf("node %d: no parent: %w", i+1, ErrModel)
	}
	return nil
}
