// Package monitor is transaction monitoring: it replays a time-ordered
// stream of transactions through the detection engines — the temporal-graph
// engine of internal/detect and the typology rules of internal/rules — and
// keeps the latest version of every alert they raise.
//
// It is the use-case layer between the store and the engines: commands
// (demo, detect, later the stream consumer and the HTTP API) read
// transactions from wherever they are and hand them to a Monitor; the
// engines never see a store.
package monitor

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/screen"
)

// DefaultBatchSize is the number of transactions Run hands to the engines
// at once.
const DefaultBatchSize = 2048

// Config says which engines a Monitor runs and how.
type Config struct {
	// Graph enables the temporal-graph engine with this configuration.
	Graph *detect.Config
	// Rules, when not nil, is the rule library to run; KYC gives the rules
	// the customers' data.
	Rules       *rules.Library
	KYC         rules.KYC
	RuleOptions rules.Options
	// Workers is the number of goroutines the rule engine uses (default 2).
	Workers int
	// Screener, when not nil, screens the off-us counterparty of every
	// transaction (each distinct name and country once) against the lists.
	Screener *screen.Screener
	// Scorer, when not nil, is the learned scorer (centinela train): the
	// graph engine computes the model's features, scores every
	// transaction and raises an explained alert for each at or above the
	// scorer's threshold.
	Scorer *detect.Scorer
}

// Stats counts what a Monitor has seen.
type Stats struct {
	Transactions int64                  `json:"transactions"`
	Duplicates   int64                  `json:"duplicates"` // ignored by the graph engine
	Invalid      int64                  `json:"invalid"`    // rejected by the graph engine, with problems
	Problems     []detect.Problem       `json:"problems,omitempty"`
	Rules        []rules.RuleStats      `json:"rules,omitempty"`
	Alerts       int                    `json:"alerts"`
	ByTypology   []report.TypologyCount `json:"by_typology,omitempty"`
}

// maxProblems caps the invalid-transaction problems a Monitor keeps.
const maxProblems = 100

// Monitor runs the engines over batches of transactions. It is not safe for
// concurrent use.
type Monitor struct {
	graph  *detect.Engine
	rules  *rules.Parallel
	screen *counterpartyScreen

	alerts map[string]model.Alert
	stats  Stats
}

// New returns a Monitor running the engines cfg enables.
func New(cfg Config) (*Monitor, error) {
	m := &Monitor{alerts: map[string]model.Alert{}}
	if cfg.Scorer != nil {
		g := detect.Config{}
		if cfg.Graph != nil {
			g = *cfg.Graph
		}
		g = cfg.Scorer.Features.Apply(g)
		g.Scorer = cfg.Scorer
		cfg.Graph = &g
	}
	if cfg.Graph != nil {
		g, err := detect.New(*cfg.Graph)
		if err != nil {
			return nil, fmt.Errorf("monitor: graph engine: %w", err)
		}
		m.graph = g
	}
	if cfg.Rules != nil {
		if cfg.KYC == nil {
			return nil, errors.New("monitor: rules need a KYC directory")
		}
		w := cfg.Workers
		if w <= 0 {
			w = 2
		}
		m.rules = rules.NewParallel(cfg.Rules, cfg.KYC, cfg.RuleOptions, w)
	}
	if cfg.Screener != nil {
		var held func(string) bool
		if cfg.KYC != nil {
			held = func(id string) bool { _, _, ok := cfg.KYC.Lookup(id); return ok }
		}
		m.screen = newCounterpartyScreen(cfg.Screener, held)
	}
	if m.graph == nil && m.rules == nil && m.screen == nil {
		return nil, errors.New("monitor: no engine enabled")
	}
	return m, nil
}

// Observe runs one batch of transactions, in time order and later than
// every earlier batch, through the engines. The graph engine and the rules
// run concurrently on the same batch.
func (m *Monitor) Observe(batch []model.Transaction) error {
	if len(batch) == 0 {
		return nil
	}
	var (
		wg         sync.WaitGroup
		graphRes   detect.Result
		graphErr   error
		ruleAlerts []model.Alert
	)
	if m.rules != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ruleAlerts = m.rules.ObserveBatch(batch)
		}()
	}
	if m.screen != nil {
		for _, a := range m.screen.observe(batch) {
			m.alerts[a.ID] = a
		}
	}
	if m.graph != nil {
		graphRes, graphErr = m.graph.Observe(batch)
	}
	wg.Wait()
	if graphErr != nil {
		return fmt.Errorf("monitor: graph engine: %w", graphErr)
	}
	m.stats.Transactions += int64(len(batch))
	m.stats.Duplicates += int64(graphRes.Duplicates)
	m.stats.Invalid += int64(graphRes.Invalid)
	for _, p := range graphRes.Problems {
		if len(m.stats.Problems) < maxProblems {
			m.stats.Problems = append(m.stats.Problems, p)
		}
	}
	for _, a := range graphRes.Alerts {
		m.alerts[a.ID] = a
	}
	for _, a := range ruleAlerts {
		m.alerts[a.ID] = a
	}
	return nil
}

// Add records alerts raised outside the stream (party screening, say) so
// that Alerts and Stats include them. An alert replaces one with its ID.
func (m *Monitor) Add(alerts ...model.Alert) {
	for _, a := range alerts {
		m.alerts[a.ID] = a
	}
}

// Alerts returns the latest version of every alert raised so far, most
// severe and highest scored first.
func (m *Monitor) Alerts() []model.Alert {
	out := make([]model.Alert, 0, len(m.alerts))
	for _, a := range m.alerts {
		out = append(out, a)
	}
	report.SortAlerts(out)
	return out
}

// Stats returns what the Monitor has seen so far.
func (m *Monitor) Stats() Stats {
	s := m.stats
	if m.rules != nil {
		s.Rules = m.rules.Stats()
	}
	alerts := m.Alerts()
	s.Alerts = len(alerts)
	s.ByTypology = report.CountByTypology(alerts)
	return s
}

// Close stops the engines' workers.
func (m *Monitor) Close() {
	if m.rules != nil {
		m.rules.Close()
	}
}

// Run feeds txs, which must be in time order, to m in batches of batchSize
// (DefaultBatchSize when ≤ 0), calling progress after each batch with the
// number of transactions it held. It stops at the first error of txs or of
// the engines, or when ctx is done.
func Run(ctx context.Context, m *Monitor, txs iter.Seq2[model.Transaction, error], batchSize int, progress func(n int)) error {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	batch := make([]model.Transaction, 0, batchSize)
	flush := func() error {
		if err := m.Observe(batch); err != nil {
			return err
		}
		if progress != nil {
			progress(len(batch))
		}
		batch = batch[:0]
		return ctx.Err()
	}
	for tx, err := range txs {
		if err != nil {
			return fmt.Errorf("monitor: read transactions: %w", err)
		}
		batch = append(batch, tx)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		return flush()
	}
	return nil
}
