package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"reflect"
	"strings"
	"unicode"

	"github.com/danielgtaylor/huma/v2"
)

// route is what the server knows of one registered route pattern
// ("GET /v1/cases/{id}"): the permission it requires, or that it is public.
type route struct {
	permission  Permission
	public      bool
	operationID string
	maxBody     int64 // request body limit
}

// recordingMux is the router: a net/http ServeMux that remembers every
// pattern registered on it, so that the authorization middleware can deny
// any route that declared no permission and tests can enumerate the routes.
type recordingMux struct {
	*http.ServeMux
	patterns []string
}

// HandleFunc registers a handler and records its pattern.
func (m *recordingMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.HandleFunc(pattern, h)
}

// Handle registers a handler and records its pattern.
func (m *recordingMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// securityScheme names the bearer-key scheme in the OpenAPI document.
const securityScheme = "apiKey"

// register adds an operation that requires perm: the route, its security
// requirement and required roles in the OpenAPI document, and its handler,
// whose errors are mapped to problems in one place (problemOf).
func register[I, O any](s *Server, op huma.Operation, perm Permission, h func(context.Context, *I) (*O, error)) {
	if len(perm.Roles()) == 0 {
		panic(fmt.Sprintf("api: route %s %s: permission %q is held by no role", op.Method, op.Path, perm))
	}
	roles := make([]string, 0, 4)
	for _, r := range perm.Roles() {
		roles = append(roles, string(r))
	}
	op.Security = []map[string][]string{{securityScheme: {}}}
	if op.Extensions == nil {
		op.Extensions = map[string]any{}
	}
	op.Extensions["x-permission"] = string(perm)
	op.Extensions["x-roles"] = roles
	op.Description = strings.TrimSpace(op.Description + fmt.Sprintf("\n\nRequires permission `%s`: roles %s.", perm,
		strings.Join(roles, ", ")))
	op.Errors = append([]int{http.StatusUnauthorized, http.StatusForbidden}, op.Errors...)
	if op.MaxBodyBytes == 0 {
		op.MaxBodyBytes = s.cfg.MaxBodyBytes
	}
	s.addRoute(op, route{permission: perm, operationID: op.OperationID, maxBody: op.MaxBodyBytes})
	huma.Register(s.api, op, mapErrors(s, h))
}

// registerPublic adds an operation that needs no key: only the health
// probes, which disclose nothing.
func registerPublic[I, O any](s *Server, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	s.addRoute(op, route{public: true, operationID: op.OperationID})
	huma.Register(s.api, op, mapErrors(s, h))
}

func (s *Server) addRoute(op huma.Operation, r route) {
	s.routes[strings.ToUpper(op.Method)+" "+op.Path] = r
}

// mapErrors wraps a handler so that every error it returns goes through
// problemOf.
func mapErrors[I, O any](s *Server, h func(context.Context, *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			if errors.Is(err, ErrForbidden) {
				// A refusal that depends on the request's content (closing
				// as SAR filed) is audited like one at the door.
				if aerr := s.recordDenial(ctx, err); aerr != nil {
					err = aerr
				}
			}
			return nil, problemOf(ctx, s.log, err)
		}
		return out, nil
	}
}

// schemaName names the schemas of the OpenAPI document after their Go
// package and type ("ModelCase", "ScreenHit"), so that types of the same
// name in two packages do not collide; the API's own types and huma's
// (ErrorModel) keep their name.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	pkg := path.Base(t.PkgPath())
	if t.Name() == "" || pkg == "." || pkg == "api" || strings.Contains(t.Name(), "[") ||
		strings.HasPrefix(t.PkgPath(), "github.com/danielgtaylor/huma/") {
		return name
	}
	r := []rune(pkg)
	r[0] = unicode.ToUpper(r[0])
	return string(r) + name
}
