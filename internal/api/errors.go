package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// This file is the one place where errors become HTTP responses. Every
// response error is an RFC 9457 problem (application/problem+json) whose
// "type" tells the kind of problem, whose "instance" is the request's ID
// ("urn:uuid:…", also in the X-Request-ID header), and whose "detail" says
// what was wrong — except for server errors, whose cause is logged with
// the request ID and never sent.

// API errors that handlers and the middleware return; problemOf maps them.
var (
	// ErrUnauthenticated: no API key, or one the server does not know.
	ErrUnauthenticated = errors.New("a valid API key is required (Authorization: Bearer KEY)")
	// ErrForbidden: the key's roles do not hold the permission.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalidRequest: a parameter the schema cannot check is wrong
	// (a date that does not exist, a malformed checkpoint).
	ErrInvalidRequest = errors.New("invalid request")
	// ErrUnavailable: the service cannot take the request now (the audit
	// log cannot be written, the server is shutting down).
	ErrUnavailable = errors.New("service unavailable")
)

// Problem types, in the "type" member of error responses.
const (
	ProblemNotFound          = "urn:centinela:problem:not-found"
	ProblemConflict          = "urn:centinela:problem:conflict"
	ProblemInvalidTransition = "urn:centinela:problem:invalid-transition"
	ProblemInvalid           = "urn:centinela:problem:invalid"
	ProblemBadRequest        = "urn:centinela:problem:bad-request"
	ProblemTooLarge          = "urn:centinela:problem:too-large"
	ProblemUnauthenticated   = "urn:centinela:problem:unauthenticated"
	ProblemForbidden         = "urn:centinela:problem:forbidden"
	ProblemMethodNotAllowed  = "urn:centinela:problem:method-not-allowed"
	ProblemUnavailable       = "urn:centinela:problem:unavailable"
	ProblemInternal          = "urn:centinela:problem:internal"
)

// problemKind is the status, type and title of one kind of problem.
type problemKind struct {
	status int
	typ    string
	title  string
}

// kindOf is the mapping from domain and API errors to problems.
//
// ErrInvalidTransition is 409, not 422: the request is well formed and
// would be accepted in another state of the case; it conflicts with the
// case's current state (RFC 9110 §15.5.10). Its type tells it from a
// version conflict, which a client retries from a fresh read.
func kindOf(err error) problemKind {
	switch {
	case errors.Is(err, ErrUnauthenticated):
		return problemKind{http.StatusUnauthorized, ProblemUnauthenticated, "Unauthenticated"}
	case errors.Is(err, ErrForbidden):
		return problemKind{http.StatusForbidden, ProblemForbidden, "Forbidden"}
	case errors.Is(err, cases.ErrNotFound): // store.ErrNotFound too: the same value
		return problemKind{http.StatusNotFound, ProblemNotFound, "Not found"}
	case errors.Is(err, cases.ErrInvalidTransition):
		return problemKind{http.StatusConflict, ProblemInvalidTransition, "Transition not allowed"}
	case errors.Is(err, cases.ErrConflict): // store.ErrConflict too
		return problemKind{http.StatusConflict, ProblemConflict, "Conflict"}
	case errors.Is(err, cases.ErrInvalid), errors.Is(err, store.ErrInvalid), errors.Is(err, ErrInvalidRequest),
		errors.Is(err, audit.ErrCheckpoint), errors.Is(err, report.ErrSAR), errors.Is(err, report.ErrGoAML):
		return problemKind{http.StatusUnprocessableEntity, ProblemInvalid, "Invalid request"}
	case errors.Is(err, ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return problemKind{http.StatusServiceUnavailable, ProblemUnavailable, "Service unavailable"}
	}
	return problemKind{http.StatusInternalServerError, ProblemInternal, "Internal server error"}
}

// kindOfStatus is the problem kind of a status that huma or the router
// chose (a body that fails the schema, an unknown route).
func kindOfStatus(status int) problemKind {
	switch status {
	case http.StatusBadRequest:
		return problemKind{status, ProblemBadRequest, "Bad request"}
	case http.StatusNotFound:
		return problemKind{status, ProblemNotFound, "Not found"}
	case http.StatusMethodNotAllowed:
		return problemKind{status, ProblemMethodNotAllowed, "Method not allowed"}
	case http.StatusRequestEntityTooLarge:
		return problemKind{status, ProblemTooLarge, "Request too large"}
	case http.StatusUnprocessableEntity:
		return problemKind{status, ProblemInvalid, "Invalid request"}
	case http.StatusUnauthorized:
		return problemKind{status, ProblemUnauthenticated, "Unauthenticated"}
	case http.StatusForbidden:
		return problemKind{status, ProblemForbidden, "Forbidden"}
	case http.StatusServiceUnavailable:
		return problemKind{status, ProblemUnavailable, "Service unavailable"}
	}
	if status >= 500 {
		return problemKind{http.StatusInternalServerError, ProblemInternal, "Internal server error"}
	}
	return problemKind{status, "about:blank", http.StatusText(status)}
}

// internalDetail is all a client learns of a server error.
const internalDetail = "internal error; the server log has the cause under this request's ID"

// problemOf turns an error returned by a handler into the problem to send,
// logging server errors with the request's ID.
func problemOf(ctx context.Context, log *slog.Logger, err error) *huma.ErrorModel {
	id := requestID(ctx)
	k := kindOf(err)
	p := &huma.ErrorModel{Type: k.typ, Title: k.title, Status: k.status, Detail: err.Error(), Instance: instanceOf(id)}
	switch {
	case k.status >= 500 && k.status != http.StatusServiceUnavailable:
		log.ErrorContext(ctx, "request failed", "request_id", id, "error", err)
		p.Detail = internalDetail
	case k.status == http.StatusServiceUnavailable:
		log.WarnContext(ctx, "request refused", "request_id", id, "error", err)
	}
	return p
}

// scrubProblem gives the problems huma writes itself (a body that fails
// the schema, a response that cannot be encoded) a type and the request's
// ID, and removes the cause of server errors. It runs as a huma
// transformer on every response body.
func scrubProblem(ctx context.Context, log *slog.Logger, status int, p *huma.ErrorModel) *huma.ErrorModel {
	if p.Instance == "" {
		p.Instance = instanceOf(requestID(ctx))
	}
	if p.Type == "" || p.Type == "about:blank" {
		k := kindOfStatus(status)
		p.Type, p.Title = k.typ, k.title
		if status >= 500 && status != http.StatusServiceUnavailable {
			log.ErrorContext(ctx, "request failed", "request_id", requestID(ctx), "error", p.Detail, "errors", p.Errors)
			p.Detail, p.Errors = internalDetail, nil
		}
	}
	return p
}

// writeProblem writes a problem from the middleware, outside huma.
func writeProblem(w http.ResponseWriter, ctx context.Context, log *slog.Logger, err error) {
	p := problemOf(ctx, log, err)
	writeProblemModel(w, p)
}

// writeProblemStatus writes the problem of a status the router chose.
func writeProblemStatus(w http.ResponseWriter, ctx context.Context, status int, detail string) {
	k := kindOfStatus(status)
	writeProblemModel(w, &huma.ErrorModel{Type: k.typ, Title: k.title, Status: k.status, Detail: detail,
		Instance: instanceOf(requestID(ctx))})
}

func writeProblemModel(w http.ResponseWriter, p *huma.ErrorModel) {
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="centinela"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func instanceOf(requestID string) string {
	if requestID == "" {
		return ""
	}
	return "urn:uuid:" + requestID
}
