package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
	"github.com/centinela-aml/centinela/internal/synth"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// bankDB is a database of a small generated bank with its alerts, made
// once for the package (generate, store, detect) and copied by each test.
var bankDB = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "centinela-api-test-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "bank.db")
	return path, makeBank(context.Background(), path)
})

// builtinIndex is the index of the built-in lists, loaded once.
var builtinIndex = sync.OnceValues(func() (*screen.Index, error) { return lists.Index(nil) })

func TestMain(m *testing.M) {
	code := m.Run()
	if path, err := bankDB(); err == nil {
		os.RemoveAll(filepath.Dir(path))
	}
	os.Exit(code)
}

// makeBank generates a bank of 300 customers over 40 days, stores it, runs
// the detection engines (graph, rules, screening of parties and
// counterparties) over it and stores the alerts: what `centinela generate`,
// `ingest` and `detect` do.
func makeBank(ctx context.Context, path string) error {
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Customers, cfg.Days = 3, 300, 40
	var mem synth.Memory
	if _, err := synth.Generate(ctx, cfg, &mem, nil); err != nil {
		return err
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.WriteBatch(ctx, store.Batch{Parties: mem.Parties, Accounts: mem.Accounts,
		Transactions: mem.Transactions, Labels: mem.Labels}); err != nil {
		return err
	}
	lib, err := rules.Load(rulefiles.FS())
	if err != nil {
		return err
	}
	ix, err := builtinIndex()
	if err != nil {
		return err
	}
	kyc := rules.NewDirectory(mem.Parties, mem.Accounts)
	perInst := map[string]int{}
	for _, a := range mem.Accounts {
		perInst[a.Institution]++
	}
	kyc.Institution = slices.MaxFunc(slices.Collect(maps.Keys(perInst)), func(a, b string) int { return perInst[a] - perInst[b] })
	scr := screen.NewScreener(ix)
	m, err := monitor.New(monitor.Config{Graph: &detect.Config{}, Rules: lib, KYC: kyc, Screener: scr})
	if err != nil {
		return err
	}
	defer m.Close()
	created := time.Date(2025, 4, 15, 12, 0, 0, 0, time.UTC)
	m.Add(monitor.ScreenParties(scr, mem.Parties, created)...)
	if err := monitor.Run(ctx, m, st.Transactions(ctx, store.TxFilter{}), 0, nil); err != nil {
		return err
	}
	alerts := m.Alerts()
	for i := range alerts {
		if alerts[i].Created.IsZero() {
			alerts[i].Created = created
		}
	}
	if len(alerts) == 0 {
		return errors.New("the generated bank raised no alert")
	}
	return st.SaveAlerts(ctx, alerts)
}

// fixture is a server on 127.0.0.1 with a copy of the bank and one key per
// role.
type fixture struct {
	t      testing.TB
	srv    *Server
	st     store.Store
	base   string
	keys   map[Role]string
	logs   *syncBuffer
	stop   func()
	cancel context.CancelFunc // stops serving
	done   chan error         // Serve's result
	client *http.Client
}

// fixtureOptions change a fixture's server.
type fixtureOptions struct {
	wrap   func(store.Store) store.Store // wraps the store the server sees
	config func(*Config)
}

// testClock is the fixture's clock: the bank's history ends in April 2025.
func testClock() time.Time { return time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC) }

func newFixture(t testing.TB, opts ...fixtureOptions) *fixture {
	t.Helper()
	src, err := bankDB()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "bank.db")
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o600))
	st, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)

	ix, err := builtinIndex()
	require.NoError(t, err)
	f := &fixture{t: t, st: st, keys: map[Role]string{}, logs: &syncBuffer{}, client: &http.Client{Timeout: 30 * time.Second}}
	var keys []Key
	for _, r := range Roles() {
		secret, k, err := NewKey("test-"+string(r), r)
		require.NoError(t, err)
		f.keys[r] = secret
		keys = append(keys, k)
	}
	kr, err := NewKeyring(keys...)
	require.NoError(t, err)
	served := store.Store(st)
	cfg := Config{
		Store: served, Screener: screen.NewScreener(ix), Keys: kr, Filer: report.DemoFiler(), Clock: testClock,
		Log:         slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		ReloadLists: func() (*screen.Index, error) { return ix, nil },
	}
	for _, o := range opts {
		if o.wrap != nil {
			cfg.Store = o.wrap(st)
		}
		if o.config != nil {
			o.config(&cfg)
		}
	}
	f.srv, err = New(cfg)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	f.base = "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	f.cancel, f.done = cancel, done
	var once sync.Once
	f.stop = func() {
		once.Do(func() {
			cancel()
			require.NoError(t, <-done)
			f.srv.Close()
			require.NoError(t, st.Close())
		})
	}
	t.Cleanup(f.stop)
	return f
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.body, v), string(r.body))
}

// problem decodes an error response.
func (r response) problem(t *testing.T) problemBody {
	t.Helper()
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"), string(r.body))
	var p problemBody
	r.json(t, &p)
	return p
}

type problemBody struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
	Errors   []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

// do sends a request as role ("" for no key) with body encoded as JSON
// unless it is a string or nil.
func (f *fixture) do(method, path string, role Role, body any) response {
	f.t.Helper()
	return f.doKey(method, path, f.keys[role], body)
}

func (f *fixture) doKey(method, path, key string, body any) response {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(f.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.base+path, rd)
	require.NoError(f.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := f.client.Do(req)
	require.NoError(f.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(f.t, err)
	return response{status: res.StatusCode, header: res.Header, body: data}
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// must fails the test unless the response has status want.
func must(t *testing.T, r response, want int) response {
	t.Helper()
	require.Equal(t, want, r.status, fmt.Sprintf("body: %s", r.body))
	return r
}
