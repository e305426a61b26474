// Package builtinscorer holds the learned scorer built into Centinela, so
// that demo and detect score transactions without a model file of the
// bank's own.
//
// The scorer (scorer.json, versioned JSON) was trained with
//
//	centinela generate --seed 7 --customers 6000 --days 120 --out bank
//	centinela ingest --db generated-bank-seed7.db --format native bank/
//	centinela train --db generated-bank-seed7.db --out scorer.json \
//	    --scales 1 --depths 4,6 --rounds 150 --precision 0.95
//
// on a generated bank (internal/synth, seed 7; the demo uses seed 1), on
// the engine's default windows, with its alert threshold set for 95 %
// precision on the validation days. It has learned the generator's planted
// typologies, not any bank's laundering: a bank should train its own on
// its confirmed cases with centinela train (docs/detection.md).
package builtinscorer

import (
	"bytes"
	_ "embed"

	"github.com/centinela-aml/centinela/internal/detect"
)

//go:embed scorer.json
var file []byte

// Load returns a fresh copy of the built-in scorer.
func Load() (*detect.Scorer, error) { return detect.ReadScorer(bytes.NewReader(file)) }
