package api

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/store"
)

// maxAuditBatch bounds the entries one transaction appends.
const maxAuditBatch = 256

// auditLinger bounds how long the writer waits for more entries while other
// requests are under way. Appending 16 entries in one transaction costs a
// third of appending them one by one (0.14 against 0.44 ms an entry on the
// development machine, 32 KiB pages), so under load a short wait pays for
// itself: with 16 clients it raised the screening endpoint's throughput by
// half. A lone request never waits.
const auditLinger = 2 * time.Millisecond

// errAuditClosed is returned for a request audited after the writer
// stopped.
var errAuditClosed = errors.New("audit writer stopped")

// auditWriter appends the request entries of the audit log with group
// commit: requests hand their events to one goroutine, which appends all
// the events waiting at that moment — and, while more requests are under
// way than it holds entries, those that arrive within auditLinger — in one
// database transaction, and then tells each request its entry is
// committed. A request is served only once its entry is in the log, and
// concurrent requests share the cost of a commit.
type auditWriter struct {
	busy    func() int64 // requests under way that have or will have an entry; nil: do not wait
	st      store.CaseStore
	clock   func() time.Time
	jobs    chan auditJob
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
	observe func(n int, d time.Duration) // observes each batch's size and commit time
}

type auditJob struct {
	ctx   context.Context
	event audit.Event
	done  chan error
}

func newAuditWriter(st store.CaseStore, clock func() time.Time, busy func() int64, observe func(int, time.Duration)) *auditWriter {
	w := &auditWriter{st: st, clock: clock, busy: busy, jobs: make(chan auditJob, maxAuditBatch), stop: make(chan struct{}),
		stopped: make(chan struct{}), observe: observe}
	go w.run()
	return w
}

// record appends e to the log and returns once it is committed.
func (w *auditWriter) record(ctx context.Context, e audit.Event) error {
	job := auditJob{ctx: ctx, event: e, done: make(chan error, 1)}
	select {
	case w.jobs <- job:
	case <-w.stop:
		return errAuditClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-job.done:
		return err
	case <-w.stopped:
		// The writer may have committed the job just before stopping.
		select {
		case err := <-job.done:
			return err
		default:
			return errAuditClosed
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stops the writer after it has appended every job handed to it.
func (w *auditWriter) close() {
	w.once.Do(func() { close(w.stop) })
	<-w.stopped
}

func (w *auditWriter) run() {
	defer close(w.stopped)
	batch := make([]auditJob, 0, maxAuditBatch)
	linger := time.NewTimer(auditLinger)
	linger.Stop()
	for {
		select {
		case job := <-w.jobs:
			batch = append(batch[:0], job)
		case <-w.stop:
			// Append what was handed over before the stop.
			for {
				batch = batch[:0]
				w.drain(&batch)
				if len(batch) == 0 {
					return
				}
				w.commit(batch)
			}
		}
		w.drain(&batch)
		w.wait(&batch, linger)
		w.commit(batch)
	}
}

// wait adds to batch the jobs that arrive within auditLinger while more
// requests are under way than the batch holds.
func (w *auditWriter) wait(batch *[]auditJob, linger *time.Timer) {
	more := func() bool { return w.busy != nil && w.busy() > int64(len(*batch)) && len(*batch) < maxAuditBatch }
	if !more() {
		return
	}
	linger.Reset(auditLinger)
	defer linger.Stop()
	for more() {
		select {
		case job := <-w.jobs:
			*batch = append(*batch, job)
			w.drain(batch)
		case <-linger.C:
			return
		case <-w.stop:
			return
		}
	}
}

// drain adds the jobs waiting now to batch.
func (w *auditWriter) drain(batch *[]auditJob) {
	for len(*batch) < maxAuditBatch {
		select {
		case job := <-w.jobs:
			*batch = append(*batch, job)
		default:
			return
		}
	}
}

// commit appends the batch's events in one transaction and answers each
// job. Jobs whose request has gone are left out.
func (w *auditWriter) commit(batch []auditJob) {
	events := make([]audit.Event, 0, len(batch))
	live := batch[:0:0]
	for _, j := range batch {
		if j.ctx.Err() != nil {
			j.done <- j.ctx.Err()
			continue
		}
		events = append(events, j.event)
		live = append(live, j)
	}
	if len(events) == 0 {
		return
	}
	// The transaction is not tied to one request: a request that goes away
	// meanwhile must not roll back the others' entries.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err := w.st.CaseTx(ctx, func(tx store.CaseTx) error {
		_, err := audit.Append(ctx, tx, w.clock(), events...)
		return err
	})
	if w.observe != nil {
		w.observe(len(events), time.Since(start))
	}
	if err != nil {
		err = fmt.Errorf("%w: audit log: %w", ErrUnavailable, err)
	}
	for _, j := range live {
		j.done <- err
	}
}
