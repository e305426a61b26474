package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// TestErrorMapping is the table of errors.go: each domain and API error,
// bare or wrapped, and the status and problem type it becomes.
func TestErrorMapping(t *testing.T) {
	tests := []struct {
		err    error
		status int
		typ    string
	}{
		{cases.ErrNotFound, 404, ProblemNotFound},
		{store.ErrNotFound, 404, ProblemNotFound},
		{cases.ErrConflict, 409, ProblemConflict},
		{cases.ErrInvalidTransition, 409, ProblemInvalidTransition},
		{cases.ErrInvalid, 422, ProblemInvalid},
		{store.ErrInvalid, 422, ProblemInvalid},
		{ErrInvalidRequest, 422, ProblemInvalid},
		{audit.ErrCheckpoint, 422, ProblemInvalid},
		{ErrUnauthenticated, 401, ProblemUnauthenticated},
		{ErrForbidden, 403, ProblemForbidden},
		{ErrUnavailable, 503, ProblemUnavailable},
		{context.DeadlineExceeded, 503, ProblemUnavailable},
		{errors.New("disk full"), 500, ProblemInternal},
	}
	for _, tt := range tests {
		for _, err := range []error{tt.err, fmt.Errorf("case C-000001: %w", tt.err)} {
			k := kindOf(err)
			require.Equal(t, tt.status, k.status, "%v", err)
			require.Equal(t, tt.typ, k.typ, "%v", err)
		}
	}
}

// failingStore is a store whose reads of alerts fail, with a cause that
// must not reach the client.
type failingStore struct {
	store.Store
}

func (failingStore) Alerts(context.Context, store.AlertFilter) ([]model.Alert, error) {
	return nil, errors.New("sqlite: disk I/O error reading /srv/secret/bank.db")
}

func TestServerErrorIsLoggedNotSent(t *testing.T) {
	f := newFixture(t, fixtureOptions{wrap: func(st store.Store) store.Store { return failingStore{st} }})
	r := must(t, f.do("GET", "/v1/alerts", RoleAnalyst, nil), 500)
	p := r.problem(t)
	require.Equal(t, ProblemInternal, p.Type)
	require.Equal(t, internalDetail, p.Detail)
	require.NotContains(t, string(r.body), "secret")
	id := r.header.Get("X-Request-ID")
	require.NotEmpty(t, id)
	require.Equal(t, "urn:uuid:"+id, p.Instance)
	logs := f.logs.String()
	require.Contains(t, logs, "/srv/secret/bank.db", "the cause is in the server log")
	require.Contains(t, logs, `"request_id":"`+id+`"`)
}

// brokenAuditStore cannot write: every transaction fails.
type brokenAuditStore struct {
	store.Store
	alertReads atomic.Int64
}

func (*brokenAuditStore) CaseTx(context.Context, func(store.CaseTx) error) error {
	return errors.New("database is locked")
}

func (b *brokenAuditStore) Alerts(ctx context.Context, f store.AlertFilter) ([]model.Alert, error) {
	b.alertReads.Add(1)
	return b.Store.Alerts(ctx, f)
}

// TestUnauditedRequestIsRefused: when the audit entry cannot be written,
// the request is refused with 503 and its handler does not run.
func TestUnauditedRequestIsRefused(t *testing.T) {
	broken := &brokenAuditStore{}
	f := newFixture(t, fixtureOptions{wrap: func(st store.Store) store.Store { broken.Store = st; return broken }})
	for _, path := range []string{"/v1/alerts", "/v1/alerts/x"} {
		p := must(t, f.do("GET", path, RoleAnalyst, nil), 503).problem(t)
		require.Equal(t, ProblemUnavailable, p.Type)
	}
	require.Zero(t, broken.alertReads.Load(), "no handler ran")
	must(t, f.do("GET", "/healthz/live", "", nil), 200)
}

// blockingStore holds reads of alerts until released.
type blockingStore struct {
	store.Store
	entered chan struct{}
	release chan struct{}
}

func (b blockingStore) Alerts(ctx context.Context, f store.AlertFilter) ([]model.Alert, error) {
	close(b.entered)
	<-b.release
	return b.Store.Alerts(ctx, f)
}

// TestGracefulShutdownDrainsRequests: a request under way when the server
// is told to stop is answered; readiness turns to 503 meanwhile; Serve
// returns once it is done.
func TestGracefulShutdownDrainsRequests(t *testing.T) {
	bs := blockingStore{entered: make(chan struct{}), release: make(chan struct{})}
	f := newFixture(t, fixtureOptions{wrap: func(st store.Store) store.Store { bs.Store = st; return bs }})
	got := make(chan response, 1)
	go func() { got <- f.do("GET", "/v1/alerts?limit=1", RoleAnalyst, nil) }()
	<-bs.entered
	f.cancel()
	for !f.srv.draining.Load() {
		runtime.Gosched()
	}
	ready := httpTestReady(t, f)
	require.Equal(t, http.StatusServiceUnavailable, ready.status, "not ready while draining")
	select {
	case err := <-f.done:
		t.Fatalf("Serve returned (%v) with a request under way", err)
	default:
	}
	close(bs.release)
	r := <-got
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	require.NoError(t, <-f.done)
	f.done <- nil // for the fixture's cleanup
	_, err := http.Get(f.base + "/healthz/live")
	require.Error(t, err, "the listener is closed")
}

// httpTestReady calls the readiness handler in process (the listener is
// already closed while draining).
func httpTestReady(t *testing.T, f *fixture) response {
	t.Helper()
	rec := &recorder{header: http.Header{}}
	req, err := http.NewRequest("GET", "/healthz/ready", nil)
	require.NoError(t, err)
	f.srv.ServeHTTP(rec, req)
	return response{status: rec.status, header: rec.header, body: []byte(rec.body.String())}
}

type recorder struct {
	header http.Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.body.Write(b)
}

// TestAuditWriterGroupCommit: concurrent requests' entries are all
// appended, in fewer transactions than entries when they arrive together,
// and the log verifies.
func TestAuditWriterGroupCommit(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "audit.db"))
	require.NoError(t, err)
	defer st.Close()
	var batches, entries atomic.Int64
	w := newAuditWriter(st, time.Now, nil, func(n int, _ time.Duration) { batches.Add(1); entries.Add(int64(n)) })
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- w.record(context.Background(), audit.Event{Actor: fmt.Sprint("user-", i), Action: "api.test",
				Object: audit.Object{Kind: KindRequest, ID: fmt.Sprint(i)}})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	w.close()
	require.Equal(t, int64(n), entries.Load())
	require.Less(t, batches.Load(), int64(n), "concurrent entries share transactions")
	size, err := st.AuditSize(t.Context())
	require.NoError(t, err)
	require.Equal(t, int64(n), size)
	rep, err := audit.Verify(t.Context(), st)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problems)

	require.ErrorIs(t, w.record(context.Background(), audit.Event{Actor: "late", Action: "x", Object: audit.Object{Kind: "x"}}), errAuditClosed)
	// An invalid event fails its batch with the store's error wrapped as
	// unavailable; the writer goes on.
	w2 := newAuditWriter(st, time.Now, nil, nil)
	defer w2.close()
	require.ErrorIs(t, w2.record(context.Background(), audit.Event{Action: "no actor", Object: audit.Object{Kind: "x"}}), ErrUnavailable)
	require.NoError(t, w2.record(context.Background(), audit.Event{Actor: "a", Action: "x", Object: audit.Object{Kind: "x"}}))
}
