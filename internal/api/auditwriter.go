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

// errAuditClosed is returned for a request audited after the writer
// stopped.
var errAuditClosed = errors.New("audit writer stopped")

// auditWriter appends the request entries of the audit log with group
// commit: requests hand their events to one goroutine, which appends all
// the events waiting at that moment in one database transaction and then
// tells each request its entry is committed. A request is served only once
// its entry is in the log, and concurrent requests share the cost of a
// commit.
type auditWriter struct {
	st      store.CaseStore
	clock   func() time.Time
	jobs    chan auditJob
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
	batch   func(n int) // observes each batch's size
}

type auditJob struct {
	ctx   context.Context
	event audit.Event
	done  chan error
}

func newAuditWriter(st store.CaseStore, clock func() time.Time, batch func(int)) *auditWriter {
	w := &auditWriter{st: st, clock: clock, jobs: make(chan auditJob, maxAuditBatch), stop: make(chan struct{}),
		stopped: make(chan struct{}), batch: batch}
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
		w.commit(batch)
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
	if w.batch != nil {
		w.batch(len(events))
	}
	// The transaction is not tied to one request: a request that goes away
	// meanwhile must not roll back the others' entries.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := w.st.CaseTx(ctx, func(tx store.CaseTx) error {
		_, err := audit.Append(ctx, tx, w.clock(), events...)
		return err
	})
	if err != nil {
		err = fmt.Errorf("%w: audit log: %w", ErrUnavailable, err)
	}
	for _, j := range live {
		j.done <- err
	}
}
