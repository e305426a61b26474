package rules

import (
	"sync"

	"github.com/centinela-aml/centinela/internal/model"
)

// Parallel runs one engine per worker goroutine, each owning the accounts
// whose ID hashes to it, so that a library uses several cores. Every worker
// reads every transaction of a batch and runs the sides it owns; the
// accounts' windows, alerts and statistics never cross workers, and the
// results are the same as one engine's.
//
// The KYC must be safe for concurrent reads (a Directory is, once built).
type Parallel struct {
	engines []*Engine
	work    []chan []model.Transaction
	done    sync.WaitGroup
	out     [][]model.Alert
	closed  bool
}

// NewParallel starts workers engines (at least one) over the library.
// Call Close when done.
func NewParallel(lib *Library, kyc KYC, opts Options, workers int) *Parallel {
	workers = max(workers, 1)
	p := &Parallel{
		engines: make([]*Engine, workers),
		work:    make([]chan []model.Transaction, workers),
		out:     make([][]model.Alert, workers),
	}
	for i := range workers {
		e := NewEngine(lib, kyc, opts)
		e.shard, e.shards = i, workers
		p.engines[i] = e
		p.work[i] = make(chan []model.Transaction)
		go p.run(i)
	}
	return p
}

func (p *Parallel) run(i int) {
	e := p.engines[i]
	for batch := range p.work[i] {
		var out []model.Alert
		for k := range batch {
			out = append(out, e.Observe(&batch[k])...)
		}
		p.out[i] = out
		p.done.Done()
	}
}

// ObserveBatch feeds transactions, in time order, to every worker and
// waits for them. It returns the alerts opened or updated, worker by worker
// and in transaction order within a worker; as with Engine.Observe, a later
// version of an alert ID supersedes an earlier one. Batches of a few
// thousand transactions keep the synchronisation cost negligible.
func (p *Parallel) ObserveBatch(txs []model.Transaction) []model.Alert {
	p.done.Add(len(p.engines))
	for _, w := range p.work {
		w <- txs
	}
	p.done.Wait()
	var out []model.Alert
	for i := range p.out {
		out = append(out, p.out[i]...)
		p.out[i] = nil
	}
	return out
}

// Stats returns the per-rule counters summed over the workers.
func (p *Parallel) Stats() []RuleStats {
	total := p.engines[0].Stats()
	for _, e := range p.engines[1:] {
		for k, s := range e.Stats() {
			t := &total[k]
			t.Evaluated += s.Evaluated
			t.Fired += s.Fired
			t.Alerts += s.Alerts
			t.NotEvaluable += s.NotEvaluable
			t.Subjects += s.Subjects
			t.NotEvaluableSubjects += s.NotEvaluableSubjects
			t.Errors += s.Errors
			if s.LastError != "" {
				t.LastError = s.LastError
			}
			for name, n := range s.Missing {
				if t.Missing == nil {
					t.Missing = map[string]int64{}
				}
				t.Missing[name] += n
			}
		}
	}
	return total
}

// Close stops the workers.
func (p *Parallel) Close() {
	if p.closed {
		return
	}
	p.closed = true
	for _, w := range p.work {
		close(w)
	}
}
