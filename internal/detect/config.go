package detect

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"time"
)

// ErrConfig is wrapped by the error New returns for an invalid Config.
var ErrConfig = errors.New("invalid detection config")

// Config parameterises an Engine. The zero value is valid: every zero field
// takes the default documented on it.
type Config struct {
	// FeatureWindow is the window of the per-transaction graph features.
	// Default 24h, as GFP (Blanuša et al., ICAIF 2024).
	FeatureWindow time.Duration
	// Features names the feature groups to compute (see FeatureGroups);
	// nil means all of them.
	Features []string
	// Rows makes Observe return a feature row per transaction (for
	// training and scoring). Without it only the counters and the miners
	// run.
	Rows bool

	// ScatterWindow is the window of the scatter-gather and gather-scatter
	// features. Default 6h (GFP).
	ScatterWindow time.Duration
	// CycleWindow is the window of the cycle features. Default 24h.
	CycleWindow time.Duration
	// MaxCycleLength is the longest cycle the features count, in
	// transactions (2…30). Default 10 (GFP).
	MaxCycleLength int
	// SearchBudget bounds the edges a search (scatter-gather, cycles,
	// pattern miners) may read per transaction. Default
	// DefaultSearchBudget. Searches that reach it are counted in
	// Stats.Bounded and give lower bounds.
	SearchBudget int
	// PatternWindow is the window of the history features and of the
	// structural pattern miners (cycle, scatter-gather, gather-scatter,
	// bipartite, stack, random). Default 96h: AMLworld's laundering
	// attempts spread over up to four days (HI-Small_Patterns.txt).
	PatternWindow time.Duration
	// Patterns parameterises the structural pattern miners.
	Patterns PatternConfig
	// NewAccounts parameterises the miner of patterns among new accounts.
	NewAccounts NewAccountConfig
	// AccountOpened, when set, returns the opening date of an account the
	// bank knows (its KYC record), so that the engine can tell a new
	// account from an old one it sees for the first time. The engine calls
	// it once per account, when it first sees it, from the goroutine that
	// calls Observe.
	AccountOpened func(account string) (time.Time, bool)

	// Scorer, when set, scores every accepted transaction with a learned
	// model (Result.Scores) and raises an alert for each that scores at or
	// above the scorer's threshold, explained by the features that drove
	// its score. The engine must compute the model's features: make its
	// configuration with Scorer.Features.Apply.
	Scorer *Scorer

	// Amount parameterises the amount features.
	Amount AmountConfig

	// FanIn and FanOut parameterise the fan pattern miners.
	FanIn, FanOut FanConfig

	// NoveltyMemory is how long a counterparty stays "known" to an account
	// after their last transaction left the pattern window: between one
	// and two NoveltyMemory periods. Default 365 days, so that monthly
	// payroll, rent and supplier payments, quarterly taxes and yearly
	// premiums and fees are all remembered from one time to the next.
	NoveltyMemory time.Duration
	// BaselinePeriod is the time constant of the exponentially weighted
	// activity rate the miners compare a burst with. Default 30 days.
	BaselinePeriod time.Duration
	// MaxEvidence caps the transactions an alert cites. Default 200.
	MaxEvidence int

	// Lateness is how far a transaction's timestamp may lag behind the
	// latest timestamp already observed. A transaction late by at most
	// Lateness is processed as if it happened at that latest time; one
	// later than that makes Observe fail with ErrOutOfOrder. Default 0:
	// the stream must be in time order.
	Lateness time.Duration
	// Workers is the number of goroutines used for the parallel phases of
	// Observe. Default runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
}

// FanConfig parameterises a fan-in or fan-out miner.
//
// The miner raises an alert on account A when, within Window, A dealt
// (received from, for fan-in; paid, for fan-out) with at least
// MinCounterparties distinct counterparties that were new to it, A was
// observed for at least MinHistory before the window, and so many new
// counterparties had a chance of at most Significance given that history.
// See doc.go for why.
type FanConfig struct {
	// Off disables the miner.
	Off bool
	// Window is the sliding window. Default 96h: AMLworld's fan-in and
	// fan-out attempts spread their transactions over up to four days
	// (HI-Small_Patterns.txt: 0–96 h, median about 87 h).
	Window time.Duration
	// MinCounterparties is the smallest fan that alerts. Default 5.
	MinCounterparties int
	// Significance is the largest chance, under the account's own past
	// rate of transactions in that direction, of seeing so many new
	// counterparties in one window, for the fan to alert. Default 0.001.
	// The less history an account has, the larger the fan must be: after
	// one quiet day 12 new counterparties, after a month of one transaction
	// a week 6, after three quiet weeks MinCounterparties.
	Significance float64
	// MinHistory is how long the account must have been observed before
	// the window for the miner to judge it. Default 28 days: until the
	// engine has watched an account through a monthly cycle, its regular
	// counterparties (payroll, rent, suppliers) all look new, and without
	// history a burst cannot be told from an account's usual activity (a
	// busy merchant the engine has just started watching). Such accounts
	// are left to the learned scorer, whose features still see their fans.
	MinHistory time.Duration
}

// Defaults.
const (
	DefaultFeatureWindow     = 24 * time.Hour
	DefaultPatternWindow     = 96 * time.Hour
	DefaultFanWindow         = 96 * time.Hour
	DefaultMinCounterparties = 5
	DefaultSignificance      = 1e-4
	DefaultMinHistory        = 28 * 24 * time.Hour
	DefaultNoveltyMemory     = 365 * 24 * time.Hour
	DefaultBaselinePeriod    = 30 * 24 * time.Hour
	DefaultMaxEvidence       = 200
	DefaultThreshold         = 10000.0
	DefaultThresholdCurrency = "USD"
	DefaultBelowMargin       = 0.1
)

// withDefaults fills zero fields and checks the rest.
func (c Config) withDefaults() (Config, error) {
	bad := func(format string, args ...any) (Config, error) {
		return c, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	durations := []struct {
		name string
		d    *time.Duration
		def  time.Duration
	}{
		{"FeatureWindow", &c.FeatureWindow, DefaultFeatureWindow},
		{"ScatterWindow", &c.ScatterWindow, DefaultScatterWindow},
		{"CycleWindow", &c.CycleWindow, DefaultCycleWindow},
		{"PatternWindow", &c.PatternWindow, DefaultPatternWindow},
		{"FanIn.Window", &c.FanIn.Window, DefaultFanWindow},
		{"FanOut.Window", &c.FanOut.Window, DefaultFanWindow},
		{"NoveltyMemory", &c.NoveltyMemory, DefaultNoveltyMemory},
		{"BaselinePeriod", &c.BaselinePeriod, DefaultBaselinePeriod},
	}
	for _, d := range durations {
		switch {
		case *d.d == 0:
			*d.d = d.def
		case *d.d < time.Second:
			return bad("%s is %v; it must be at least 1s", d.name, *d.d)
		}
	}
	if c.Lateness < 0 {
		return bad("Lateness is %v; it must not be negative", c.Lateness)
	}
	for _, f := range []*FanConfig{&c.FanIn, &c.FanOut} {
		if f.MinCounterparties == 0 {
			f.MinCounterparties = DefaultMinCounterparties
		}
		if f.MinCounterparties < 2 {
			return bad("MinCounterparties is %d; a fan needs at least 2", f.MinCounterparties)
		}
		if f.MinHistory == 0 {
			f.MinHistory = DefaultMinHistory
		}
		if f.MinHistory < 0 {
			return bad("MinHistory is %v; it must not be negative", f.MinHistory)
		}
		if f.Significance == 0 {
			f.Significance = DefaultSignificance
		}
		if !(f.Significance > 0 && f.Significance <= 1) {
			return bad("Significance is %v; it must be in (0, 1]", f.Significance)
		}
	}
	if c.MaxCycleLength == 0 {
		c.MaxCycleLength = DefaultMaxCycleLength
	}
	if c.MaxCycleLength < 2 || c.MaxCycleLength > 30 {
		return bad("MaxCycleLength is %d; it must be between 2 and 30", c.MaxCycleLength)
	}
	if c.SearchBudget == 0 {
		c.SearchBudget = DefaultSearchBudget
	}
	if c.SearchBudget < 16 {
		return bad("SearchBudget is %d; it must be at least 16 edges", c.SearchBudget)
	}
	var err error
	if c.Patterns, err = c.Patterns.withDefaults(); err != nil {
		return c, err
	}
	if c.NewAccounts, err = c.NewAccounts.withDefaults(c.PatternWindow, c.Patterns.MinHistory); err != nil {
		return c, err
	}
	if c.MaxEvidence == 0 {
		c.MaxEvidence = DefaultMaxEvidence
	}
	if c.MaxEvidence < 0 {
		return bad("MaxEvidence is %d; it must be positive", c.MaxEvidence)
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Workers < 0 {
		return bad("Workers is %d; it must be positive", c.Workers)
	}
	if c.Amount.ReportingThreshold == 0 {
		c.Amount.ReportingThreshold = DefaultThreshold
	}
	if c.Amount.ThresholdCurrency == "" {
		c.Amount.ThresholdCurrency = DefaultThresholdCurrency
	}
	if c.Amount.BelowMargin == 0 {
		c.Amount.BelowMargin = DefaultBelowMargin
	}
	if c.Amount.ReportingThreshold < 0 || c.Amount.BelowMargin < 0 || c.Amount.BelowMargin >= 1 {
		return bad("Amount: threshold %v and margin %v; want a positive threshold and a margin in [0, 1)",
			c.Amount.ReportingThreshold, c.Amount.BelowMargin)
	}
	if c.Features == nil {
		c.Features = FeatureGroups()
	}
	known := FeatureGroups()
	for _, g := range c.Features {
		if !slices.Contains(known, g) {
			return bad("unknown feature group %q (known: %v)", g, known)
		}
	}
	return c, nil
}
