package gbt

import (
	"errors"
	"fmt"
	"math"
)

// ErrData reports a malformed training or validation set.
var ErrData = errors.New("invalid data")

// Dataset is a labelled, dense feature matrix. Features are float32, row
// after row (row i is Features[i*len(Names) : (i+1)*len(Names)]); NaN marks
// a missing value. float32 halves the memory of float64 for millions of
// rows and is the precision split thresholds are stored in.
type Dataset struct {
	// Names are the feature names, one per column.
	Names []string
	// Features holds len(Labels) rows of len(Names) values.
	Features []float32
	// Labels are true for positive (laundering) rows.
	Labels []bool
	// Weights, if not nil, weigh each row's loss (≥ 0, finite).
	Weights []float32
}

// Rows returns the number of rows.
func (d *Dataset) Rows() int { return len(d.Labels) }

// Row returns row i's feature values.
func (d *Dataset) Row(i int) []float32 {
	nf := len(d.Names)
	return d.Features[i*nf : (i+1)*nf]
}

// validate checks shapes and values; role names the set in errors.
func (d *Dataset) validate(role string) error {
	nf := len(d.Names)
	if nf == 0 {
		return fmt.Errorf("%s set: no feature names: %w", role, ErrData)
	}
	seen := make(map[string]int, nf)
	for i, n := range d.Names {
		if n == "" {
			return fmt.Errorf("%s set: feature %d has an empty name: %w", role, i, ErrData)
		}
		if j, dup := seen[n]; dup {
			return fmt.Errorf("%s set: feature name %q used by columns %d and %d: %w", role, n, j, i, ErrData)
		}
		seen[n] = i
	}
	if len(d.Labels) == 0 {
		return fmt.Errorf("%s set: no rows: %w", role, ErrData)
	}
	if len(d.Features) != len(d.Labels)*nf {
		return fmt.Errorf("%s set: %d feature values for %d rows × %d features (want %d): %w",
			role, len(d.Features), len(d.Labels), nf, len(d.Labels)*nf, ErrData)
	}
	if d.Weights != nil {
		if len(d.Weights) != len(d.Labels) {
			return fmt.Errorf("%s set: %d weights for %d rows: %w", role, len(d.Weights), len(d.Labels), ErrData)
		}
		for i, w := range d.Weights {
			if !(w >= 0) || math.IsInf(float64(w), 1) {
				return fmt.Errorf("%s set: row %d: weight %v, want finite ≥ 0: %w", role, i, w, ErrData)
			}
		}
	}
	return nil
}

// weight returns row i's sample weight.
func (d *Dataset) weight(i int) float64 {
	if d.Weights == nil {
		return 1
	}
	return float64(d.Weights[i])
}
