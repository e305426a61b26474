package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/google/uuid"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/store"
)

// Version is the version of the API the OpenAPI document describes. It
// changes with the API, not with each build.
const Version = "1.0.0"

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 1 << 20
	DefaultRequestTimeout = 60 * time.Second
	DefaultDrainTimeout   = 30 * time.Second
)

// KindRequest is the audit object kind of an API request: every request
// that names a route the server serves (or that is denied) is an entry.
const KindRequest = "request"

// Config is what a Server serves and how.
type Config struct {
	// Store holds the alerts, cases and audit log.
	Store store.Store
	// Screener screens names; ReloadLists, when set, builds a new index
	// from the configured lists for the reload endpoint.
	Screener    *screen.Screener
	ReloadLists func() (*screen.Index, error)
	// Keys are the API keys accepted.
	Keys *Keyring
	// Filer is the filing institution written into SAR and goAML files.
	Filer report.Filer
	// CheckpointKey, when set, signs the audit checkpoints the API gives
	// out (a golang.org/x/mod/sumdb/note signer key, from audit.GenerateKey).
	CheckpointKey string
	// Log receives one line per request and the causes of server errors.
	Log *slog.Logger
	// Clock stamps audit entries and computes deadlines; nil is time.Now.
	Clock func() time.Time
	// MaxBodyBytes bounds a request body (DefaultMaxBodyBytes when 0);
	// the batch screening endpoint takes eight times as much.
	MaxBodyBytes int64
	// RequestTimeout bounds the work of one request (DefaultRequestTimeout
	// when 0); DrainTimeout bounds the wait for in-flight requests at
	// shutdown (DefaultDrainTimeout when 0).
	RequestTimeout time.Duration
	DrainTimeout   time.Duration
}

// Server is Centinela's HTTP API: screening, alerts, cases, SAR downloads,
// the audit log, health and metrics, behind API keys with roles. Requests
// flow handler → use case (cases.Service, screen.Screener, audit) →
// store.
type Server struct {
	cfg      Config
	log      *slog.Logger
	clock    func() time.Time
	mux      *recordingMux
	api      huma.API
	routes   map[string]route
	metrics  *metrics
	audit    *auditWriter
	cases    *cases.Service
	draining atomic.Bool
	underway atomic.Int64 // protected and unmatched requests being served: each has an audit entry
}

// New returns a server for cfg. Close it to stop its audit writer.
func New(cfg Config) (*Server, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("api: no store")
	case cfg.Screener == nil:
		return nil, errors.New("api: no screener")
	case cfg.Keys == nil:
		return nil, errors.New("api: no API keys")
	}
	if err := cfg.Filer.Validate(); err != nil {
		return nil, fmt.Errorf("api: filer: %w", err)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = DefaultDrainTimeout
	}
	s := &Server{
		cfg:     cfg,
		log:     cfg.Log,
		clock:   cfg.Clock,
		mux:     &recordingMux{ServeMux: http.NewServeMux()},
		routes:  map[string]route{},
		metrics: newMetrics(),
		cases:   cases.New(cfg.Store, cfg.Clock),
	}
	s.audit = newAuditWriter(cfg.Store, cfg.Clock, s.underway.Load, func(n int, d time.Duration) {
		s.metrics.auditBatch.Observe(float64(n))
		s.metrics.auditCommit.Observe(d.Seconds())
	})
	s.api = humago.New(s.mux, s.humaConfig())
	for _, p := range s.mux.patterns {
		if isDocsPattern(p) {
			s.routes[p] = route{public: true, operationID: "openapi"}
		}
	}
	s.registerRoutes()
	s.metrics.listEntities.Set(float64(len(cfg.Screener.Index().Entities())))
	return s, nil
}

// docsPatterns are the routes huma serves the OpenAPI document and its
// reference page on; they are public, like the document in docs/.
func docsPatterns() []string {
	return []string{"GET /openapi.json", "GET /openapi-3.0.json", "GET /openapi.yaml", "GET /openapi-3.0.yaml", "GET /docs"}
}

func isDocsPattern(p string) bool {
	for _, d := range docsPatterns() {
		if p == d {
			return true
		}
	}
	return false
}

func (s *Server) humaConfig() huma.Config {
	c := huma.DefaultConfig("Centinela API", Version)
	// No $schema links in responses: they cost a transformer per response
	// and point at a schemas route the server does not serve.
	c.CreateHooks = nil
	c.SchemasPath = ""
	c.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{securityScheme: {
		Type:         "http",
		Scheme:       "bearer",
		BearerFormat: "cnt_…",
		Description:  "An API key made with `centinela serve keygen`, sent as `Authorization: Bearer KEY`.",
	}}
	c.Info.Description = "Centinela's HTTP API: screening against sanctions lists, alerts, cases worked to a decision, " +
		"FinCEN SAR and goAML XML, and the tamper-evident audit log. Every route but the health probes and this " +
		"document requires an API key whose roles hold the route's permission (see `x-permission` and `x-roles` on " +
		"each operation, and docs/api.md). Every request is recorded in the audit log. Errors are RFC 9457 problems " +
		"whose `instance` is the request's ID."
	c.Transformers = []huma.Transformer{func(ctx huma.Context, status string, v any) (any, error) {
		if p, ok := v.(*huma.ErrorModel); ok {
			code, _ := strconv.Atoi(status)
			return scrubProblem(ctx.Context(), s.log, code, p), nil
		}
		return v, nil
	}}
	return c
}

// OpenAPI returns the OpenAPI 3.1 document of the API, indented.
func (s *Server) OpenAPI() ([]byte, error) {
	b, err := json.MarshalIndent(s.api.OpenAPI(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Close stops the audit writer once the entries handed to it are written.
// Call it after the last request has been served.
func (s *Server) Close() { s.audit.close() }

// requestInfo is what the middleware knows of a request, in its context.
type requestInfo struct {
	id        string
	origin    string // "api@ADDRESS (request ID)"
	principal Principal
	route     string // the matched pattern, "" when none
}

type requestInfoKey struct{}

func infoOf(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// requestID returns the ID of the request ctx belongs to, or "".
func requestID(ctx context.Context) string {
	if info := infoOf(ctx); info != nil {
		return info.id
	}
	return ""
}

// actorOf returns who acts in a request, as the cases service records it.
func actorOf(ctx context.Context) cases.Actor {
	info := infoOf(ctx)
	if info == nil {
		return cases.Actor{}
	}
	return cases.Actor{User: info.principal.Name, Origin: info.origin}
}

// principalOf returns the caller of a request.
func principalOf(ctx context.Context) Principal {
	if info := infoOf(ctx); info != nil {
		return info.principal
	}
	return Principal{}
}

// statusWriter records the status a handler writes.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (huma sets read
// deadlines through it).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP runs a request through the middleware: request ID, metrics,
// request log, panic recovery, body limit, authentication, authorization
// (deny by default: a route that declares no permission is refused), the
// audit entry (written before the handler runs; a request whose entry
// cannot be written is refused), then the route's handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	info := &requestInfo{id: uuid.NewString()}
	info.origin = "api@" + clientAddr(r) + " (request " + info.id + ")"
	sw := &statusWriter{ResponseWriter: w}
	sw.Header().Set("X-Request-ID", info.id)
	ctx, cancel := context.WithTimeout(context.WithValue(r.Context(), requestInfoKey{}, info), s.cfg.RequestTimeout)
	defer cancel()
	r = r.WithContext(ctx)

	s.metrics.inFlight.Inc()
	h, pattern := s.mux.Handler(r)
	info.route = pattern
	routeLabel := "unmatched"
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		routeLabel = pattern[i+1:] // "GET /v1/cases/{id}" → "/v1/cases/{id}"
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(ctx, "panic serving request", "request_id", info.id, "panic", v)
			if sw.status == 0 {
				writeProblem(sw, ctx, s.log, fmt.Errorf("panic: %v", v))
			}
		}
		s.metrics.inFlight.Dec()
		d := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		s.metrics.observe(routeLabel, r.Method, status, d)
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("request_id", info.id),
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", routeLabel),
			slog.Int("status", status), slog.Float64("ms", float64(d.Microseconds())/1000), slog.Int64("bytes", sw.bytes),
			slog.String("actor", info.principal.Name), slog.String("remote", r.RemoteAddr))
	}()

	rt, known := s.routes[pattern]
	if rt.public {
		s.mux.ServeHTTP(sw, r)
		return
	}
	s.underway.Add(1)
	defer s.underway.Add(-1)
	// Case files and SARs must not be kept by browsers or proxies.
	sw.Header().Set("Cache-Control", "no-store")
	sw.Header().Set("X-Content-Type-Options", "nosniff")
	limit := rt.maxBody
	if limit == 0 {
		limit = s.cfg.MaxBodyBytes
	}
	r.Body = http.MaxBytesReader(sw, r.Body, limit)
	decision, denied := s.authorize(r, info, rt, known)
	if err := s.audit.record(ctx, s.requestEvent(r, info, rt, decision)); err != nil {
		s.metrics.auditFailures.Inc()
		if !errors.Is(err, ErrUnavailable) {
			err = fmt.Errorf("%w: audit log: %w", ErrUnavailable, err)
		}
		writeProblem(sw, ctx, s.log, err)
		return
	}
	switch {
	case denied != nil:
		writeProblem(sw, ctx, s.log, denied)
	case pattern == "":
		s.serveUnmatched(sw, r, h)
	default:
		// The mux routes again to set the path's values on the request.
		s.mux.ServeHTTP(sw, r)
	}
}

// authorize authenticates the request's key and checks that its roles hold
// the route's permission. It returns the decision in words, for the audit
// log, and the error to answer with when the request is denied.
func (s *Server) authorize(r *http.Request, info *requestInfo, rt route, known bool) (string, error) {
	secret, ok := bearerToken(r.Header.Get("Authorization"))
	if ok {
		info.principal, ok = s.cfg.Keys.Authenticate(secret)
	}
	switch {
	case info.route == "":
		return "no such route", nil
	case !ok && secret == "":
		return "denied: no API key", ErrUnauthenticated
	case !ok:
		return "denied: unknown API key", ErrUnauthenticated
	case !known:
		// Deny by default: a route registered without a permission.
		s.log.Error("route declares no permission; denied", "route", info.route)
		return "denied: route declares no permission", fmt.Errorf("%w: route %s declares no permission", ErrForbidden, info.route)
	case !info.principal.Can(rt.permission):
		return fmt.Sprintf("denied: roles %v lack %s", info.principal.Roles, rt.permission),
			fmt.Errorf("%w: key %q (roles %v) lacks permission %s, held by %v", ErrForbidden, info.principal.Name,
				info.principal.Roles, rt.permission, rt.permission.Roles())
	}
	return "allowed: " + string(rt.permission), nil
}

// bearerToken reads "Bearer KEY".
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// requestDetail is the After state of a request's audit entry.
type requestDetail struct {
	Method   string `json:"method"`
	Path     string `json:"path"`
	Query    string `json:"query,omitempty"`
	Route    string `json:"route,omitempty"`
	Decision string `json:"decision"`
	Roles    []Role `json:"roles,omitempty"`
}

// requestEvent is the audit entry of a request: who (the key's name, or
// "anonymous"), from where, what (the operation, method, path and query),
// and whether it was allowed. Bodies are not recorded; the changes a
// request makes are, by the use cases, in their own entries.
func (s *Server) requestEvent(r *http.Request, info *requestInfo, rt route, decision string) audit.Event {
	actor := info.principal.Name
	if actor == "" {
		actor = "anonymous"
	}
	action := "api.request"
	if rt.operationID != "" {
		action = "api." + rt.operationID
	}
	d := requestDetail{Method: r.Method, Path: clip(r.URL.Path, 1000), Query: clip(r.URL.RawQuery, 1000),
		Route: info.route, Decision: decision, Roles: info.principal.Roles}
	return audit.Event{Actor: actor, Origin: info.origin, Action: action, Object: audit.Object{Kind: KindRequest, ID: info.id},
		Detail: r.Method + " " + clip(r.URL.Path, 200) + ": " + decision, After: audit.JSON(d)}
}

// recordDenial appends the entry of a request that its handler refused for
// want of a permission.
func (s *Server) recordDenial(ctx context.Context, denied error) error {
	info := infoOf(ctx)
	if info == nil {
		return nil
	}
	rt := s.routes[info.route]
	err := s.audit.record(ctx, audit.Event{Actor: info.principal.Name, Origin: info.origin, Action: "api." + rt.operationID,
		Object: audit.Object{Kind: KindRequest, ID: info.id}, Detail: clip("denied: "+denied.Error(), 500)})
	if err != nil {
		s.metrics.auditFailures.Inc()
		if !errors.Is(err, ErrUnavailable) {
			err = fmt.Errorf("%w: audit log: %w", ErrUnavailable, err)
		}
	}
	return err
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// serveUnmatched answers a request no route matched with a problem: 404,
// or 405 with the Allow header the router sets.
func (s *Server) serveUnmatched(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := &headerRecorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if allow := rec.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	status := rec.status
	if status == 0 {
		status = http.StatusNotFound
	}
	writeProblemStatus(w, r.Context(), status, fmt.Sprintf("no route for %s %s", r.Method, clip(r.URL.Path, 200)))
}

// headerRecorder keeps the status and headers the router's not-found or
// method-not-allowed handler writes, and drops its text body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header { return h.header }
func (h *headerRecorder) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }

// clientAddr is the address a request came from: the connection's peer.
// Forwarding headers are not trusted; behind a proxy this is the proxy.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Serve serves HTTP on ln until ctx is done, then shuts down gracefully:
// readiness turns to 503, the listener closes, and in-flight requests
// finish (within DrainTimeout) before Serve returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 10*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("shutting down: draining in-flight requests", "timeout", s.cfg.DrainTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.DrainTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
