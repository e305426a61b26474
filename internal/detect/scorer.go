package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/detect/gbt"
)

// ScorerFormat names a saved scorer file, ScorerVersion its version.
const (
	ScorerFormat  = "centinela-scorer"
	ScorerVersion = 1
)

// ErrScorer is wrapped by the errors of reading a scorer file or of using
// a scorer with an engine whose features differ from the model's.
var ErrScorer = errors.New("invalid scorer")

// Scorer is the learned scorer: a gradient-boosted tree model, the feature
// configuration its training rows were computed with, and the probability
// at or above which a transaction raises an alert. The engine that scores
// with it must compute the same features: Apply configures one.
type Scorer struct {
	Model     *gbt.Model
	Features  FeatureConfig
	Threshold float64
	// Trained says what the model was trained on, for people.
	Trained TrainingNote
}

// TrainingNote records where a scorer came from.
type TrainingNote struct {
	Data         string    `json:"data,omitempty"`
	Transactions int       `json:"transactions,omitempty"`
	Positives    int       `json:"positives,omitempty"`
	TrainDays    string    `json:"train_days,omitempty"`
	ValidDays    string    `json:"valid_days,omitempty"`
	ValidF1      float64   `json:"valid_f1,omitempty"`
	ValidPRAUC   float64   `json:"valid_pr_auc,omitempty"`
	Date         time.Time `json:"date,omitzero"`
}

// FeatureConfig is the part of an engine's configuration that decides the
// features: windows, feature groups, search limits and amount parameters.
type FeatureConfig struct {
	FeatureWindow  Duration     `json:"feature_window"`
	ScatterWindow  Duration     `json:"scatter_window"`
	CycleWindow    Duration     `json:"cycle_window"`
	PatternWindow  Duration     `json:"pattern_window"`
	NoveltyMemory  Duration     `json:"novelty_memory"`
	BaselinePeriod Duration     `json:"baseline_period"`
	MaxCycleLength int          `json:"max_cycle_length"`
	SearchBudget   int          `json:"search_budget"`
	Groups         []string     `json:"groups"`
	Amount         AmountConfig `json:"amount"`
}

// Duration is a time.Duration written in JSON as "96h0m0s".
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// FeatureConfig returns the feature configuration of c (defaults filled).
func (c Config) FeatureConfig() (FeatureConfig, error) {
	c, err := c.withDefaults()
	if err != nil {
		return FeatureConfig{}, err
	}
	return FeatureConfig{
		FeatureWindow: Duration(c.FeatureWindow), ScatterWindow: Duration(c.ScatterWindow),
		CycleWindow: Duration(c.CycleWindow), PatternWindow: Duration(c.PatternWindow),
		NoveltyMemory: Duration(c.NoveltyMemory), BaselinePeriod: Duration(c.BaselinePeriod),
		MaxCycleLength: c.MaxCycleLength, SearchBudget: c.SearchBudget,
		Groups: slices.Clone(c.Features), Amount: c.Amount,
	}, nil
}

// Apply returns c computing the features f describes.
func (f FeatureConfig) Apply(c Config) Config {
	c.FeatureWindow, c.ScatterWindow = time.Duration(f.FeatureWindow), time.Duration(f.ScatterWindow)
	c.CycleWindow, c.PatternWindow = time.Duration(f.CycleWindow), time.Duration(f.PatternWindow)
	c.NoveltyMemory, c.BaselinePeriod = time.Duration(f.NoveltyMemory), time.Duration(f.BaselinePeriod)
	c.MaxCycleLength, c.SearchBudget = f.MaxCycleLength, f.SearchBudget
	c.Features = slices.Clone(f.Groups)
	c.Amount = f.Amount
	return c
}

// scorerFile is the JSON form of a Scorer.
type scorerFile struct {
	Format    string          `json:"format"`
	Version   int             `json:"version"`
	Threshold float64         `json:"threshold"`
	Features  FeatureConfig   `json:"features"`
	Trained   TrainingNote    `json:"trained"`
	Model     json.RawMessage `json:"model"`
}

// Write writes the scorer as versioned JSON.
func (s *Scorer) Write(w io.Writer) error {
	m, err := s.Model.MarshalJSON()
	if err != nil {
		return err
	}
	// Compact: the trees are most of the file.
	b, err := json.Marshal(scorerFile{Format: ScorerFormat, Version: ScorerVersion, Threshold: s.Threshold,
		Features: s.Features, Trained: s.Trained, Model: m})
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Save writes the scorer to a file.
func (s *Scorer) Save(path string) error {
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		return fmt.Errorf("save scorer %s: %w", path, err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("save scorer: %w", err)
	}
	return nil
}

// LoadScorer reads a scorer file written by Save.
func LoadScorer(path string) (*Scorer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load scorer: %w", err)
	}
	defer f.Close()
	s, err := ReadScorer(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ReadScorer decodes a scorer and checks it: format, version, threshold,
// the model, and that the model's features are those its feature
// configuration computes.
func ReadScorer(r io.Reader) (*Scorer, error) {
	var f scorerFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScorer, err)
	}
	if f.Format != ScorerFormat {
		return nil, fmt.Errorf("%w: format %q, expected %q (a file written by centinela train)", ErrScorer, f.Format, ScorerFormat)
	}
	if f.Version != ScorerVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads version %d", ErrScorer, f.Version, ScorerVersion)
	}
	if !(f.Threshold >= 0 && f.Threshold <= 1) {
		return nil, fmt.Errorf("%w: threshold %v is not a probability", ErrScorer, f.Threshold)
	}
	m, err := gbt.Read(bytes.NewReader(f.Model))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScorer, err)
	}
	s := &Scorer{Model: m, Features: f.Features, Threshold: f.Threshold, Trained: f.Trained}
	cfg := s.Features.Apply(Config{})
	cfg, err = cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("%w: features: %w", ErrScorer, err)
	}
	if err := s.check(cfg); err != nil {
		return nil, err
	}
	return s, nil
}

// check reports whether an engine of configuration cfg (defaults filled)
// computes the model's features.
func (s *Scorer) check(cfg Config) error {
	names, err := schemaNames(cfg)
	if err != nil {
		return fmt.Errorf("%w: features: %w", ErrScorer, err)
	}
	if err := s.Model.CheckFeatures(names); err != nil {
		return fmt.Errorf("%w: the model was trained on other features than this engine computes (configure the engine with the scorer's Features): %w", ErrScorer, err)
	}
	return nil
}

// schemaNames returns the feature names an engine of configuration cfg
// computes, without making one.
func schemaNames(cfg Config) ([]string, error) {
	probe := cfg
	probe.Rows = true
	probe.Scorer = nil
	e, err := New(probe)
	if err != nil {
		return nil, err
	}
	return e.Schema().Names(), nil
}
