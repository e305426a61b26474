package api

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/store"
)

// Health is the answer of the health probes.
type Health struct {
	Status string `json:"status" enum:"ok,ready" doc:"ok: the process serves requests; ready: it can do its work."`
}

// ListsReload says what a reload changed.
type ListsReload struct {
	Before []screen.ListInfo `json:"before"`
	After  screen.IndexStats `json:"after"`
}

type healthOutput struct{ Body Health }
type listsOutput struct{ Body screen.IndexStats }
type reloadOutput struct{ Body ListsReload }

func (s *Server) registerRoutes() {
	s.registerScreening()
	s.registerAlerts()
	s.registerCases()
	s.registerReports()
	s.registerAudit()
	s.registerService()
}

func (s *Server) registerService() {
	registerPublic(s, huma.Operation{
		OperationID: "live", Method: http.MethodGet, Path: "/healthz/live", Tags: []string{"Service"},
		Summary: "Liveness probe", Description: "200 while the process serves HTTP. Needs no key and is not audited.",
	}, func(context.Context, *struct{}) (*healthOutput, error) {
		return &healthOutput{Body: Health{Status: "ok"}}, nil
	})
	registerPublic(s, huma.Operation{
		OperationID: "ready", Method: http.MethodGet, Path: "/healthz/ready", Tags: []string{"Service"},
		Summary:     "Readiness probe",
		Description: "200 when the database answers and the lists are loaded; 503 otherwise and while shutting down. Needs no key and is not audited.",
		Errors:      []int{http.StatusServiceUnavailable},
	}, s.ready)
	register(s, huma.Operation{
		OperationID: "metrics", Method: http.MethodGet, Path: "/metrics", Tags: []string{"Service"},
		Summary:     "Prometheus metrics",
		Description: "Request counts and latencies by route and status, screening latency, audit group-commit sizes, list reloads, Go runtime and process metrics, in the Prometheus text format.",
		Responses: map[string]*huma.Response{"200": {Description: "Metrics in the Prometheus text exposition format.",
			Content: map[string]*huma.MediaType{"text/plain": {Schema: &huma.Schema{Type: "string"}}}}},
	}, PermMetricsRead, func(ctx context.Context, _ *struct{}) (*huma.StreamResponse, error) {
		return &huma.StreamResponse{Body: func(hctx huma.Context) {
			r, w := humago.Unwrap(hctx)
			s.metrics.handler.ServeHTTP(w, r)
		}}, nil
	})
	register(s, huma.Operation{
		OperationID: "get-lists", Method: http.MethodGet, Path: "/v1/lists", Tags: []string{"Screening"},
		Summary: "Lists in service", Description: "The screening lists in service, their dates and sizes.",
	}, PermListsRead, func(context.Context, *struct{}) (*listsOutput, error) {
		return &listsOutput{Body: s.cfg.Screener.Index().Stats()}, nil
	})
	register(s, huma.Operation{
		OperationID: "reload-lists", Method: http.MethodPost, Path: "/v1/lists/reload", Tags: []string{"Screening"},
		Summary: "Reload the screening lists",
		Description: "Reads the lists the server was started with again and swaps the new index in atomically: requests under way finish on the old one. " +
			"When a list fails to load, the lists in service stay and the answer is an error. The reload is recorded in the audit log.",
		Errors: []int{http.StatusServiceUnavailable},
	}, PermListsReload, s.reloadLists)
}

func (s *Server) ready(ctx context.Context, _ *struct{}) (*healthOutput, error) {
	if s.draining.Load() {
		return nil, fmt.Errorf("%w: shutting down", ErrUnavailable)
	}
	if _, err := s.cfg.Store.AuditSize(ctx); err != nil {
		return nil, fmt.Errorf("%w: database: %w", ErrUnavailable, err)
	}
	if s.cfg.Screener.Index() == nil {
		return nil, fmt.Errorf("%w: no screening index", ErrUnavailable)
	}
	return &healthOutput{Body: Health{Status: "ready"}}, nil
}

func (s *Server) reloadLists(ctx context.Context, _ *struct{}) (*reloadOutput, error) {
	if s.cfg.ReloadLists == nil {
		return nil, fmt.Errorf("%w: this server has no lists to reload", ErrUnavailable)
	}
	before := s.cfg.Screener.Index().Lists()
	if err := s.cfg.Screener.Reload(s.cfg.ReloadLists); err != nil {
		s.metrics.listReloads.WithLabelValues("error").Inc()
		return nil, fmt.Errorf("reload lists: %w", err)
	}
	// Parsing leaves the list files' garbage behind: give it back now
	// rather than carry it as resident memory.
	debug.FreeOSMemory()
	s.metrics.listReloads.WithLabelValues("ok").Inc()
	after := s.cfg.Screener.Index().Stats()
	s.metrics.listEntities.Set(float64(after.Entities))
	actor := actorOf(ctx)
	err := s.cfg.Store.CaseTx(ctx, func(tx store.CaseTx) error {
		_, err := audit.Append(ctx, tx, s.clock(), audit.Event{Actor: actor.User, Origin: actor.Origin, Action: "list.reload",
			Object: audit.Object{Kind: audit.KindList, ID: "screening"}, Before: audit.JSON(before), After: audit.JSON(after.Lists)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &reloadOutput{Body: ListsReload{Before: before, After: after}}, nil
}
