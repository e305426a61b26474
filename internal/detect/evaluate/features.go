package evaluate

import (
	"context"
	"fmt"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
)

// Features are the engine's feature rows for a whole stream, in stream
// order.
type Features struct {
	Schema   *detect.Schema
	Width    int
	Values   []float32 // row after row
	Accepted []bool    // false for duplicates and invalid transactions (all-zero rows)
	// Seconds is the engine's wall time; TxPerSecond the stream's length
	// over it.
	Seconds     float64
	TxPerSecond float64
	// Bounded counts the searches that reached their budget.
	Bounded detect.BoundCounts
	// Invalid lists the first problems the engine found.
	Invalid []string
}

// Row returns transaction i's features.
func (f *Features) Row(i int) []float32 { return f.Values[i*f.Width : (i+1)*f.Width] }

// Extract runs the stream through a detection engine in time order and
// keeps every transaction's feature row. Day-resolution streams are
// observed one day per batch (evaluation.md §1); others in batches of
// batch transactions. The features do not depend on the batch size (the
// engine's property), only the speed does.
func Extract(ctx context.Context, d *Dataset, cfg detect.Config, batch int) (*Features, error) {
	cfg.Rows = true
	e, err := detect.New(cfg)
	if err != nil {
		return nil, err
	}
	if batch <= 0 {
		batch = 2048
	}
	f := &Features{Schema: e.Schema(), Width: e.Schema().Len()}
	f.Values = make([]float32, 0, len(d.Txs)*f.Width)
	f.Accepted = make([]bool, 0, len(d.Txs))
	start := time.Now()
	days := d.days()
	for lo := 0; lo < len(d.Txs); {
		hi := min(len(d.Txs), lo+batch)
		if d.DayResolution {
			hi = lo + 1
			for hi < len(d.Txs) && days[hi] == days[lo] {
				hi++
			}
		}
		res, err := e.Observe(d.Txs[lo:hi])
		if err != nil {
			return nil, fmt.Errorf("evaluate: engine: %w", err)
		}
		f.Values = append(f.Values, res.Rows.Values...)
		for _, st := range res.Status {
			f.Accepted = append(f.Accepted, st == detect.Accepted)
		}
		for _, p := range res.Problems {
			if len(f.Invalid) < 10 {
				f.Invalid = append(f.Invalid, p.Err.Error())
			}
		}
		lo = hi
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	f.Seconds = time.Since(start).Seconds()
	if f.Seconds > 0 {
		f.TxPerSecond = float64(len(d.Txs)) / f.Seconds
	}
	f.Bounded = e.Stats().Bounded
	return f, nil
}
