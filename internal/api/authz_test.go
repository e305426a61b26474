package api

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// publicRoutes are the only routes that need no key: the health probes and
// the OpenAPI document with its reference page.
func publicRoutes() []string {
	return append([]string{"GET /healthz/live", "GET /healthz/ready"}, docsPatterns()...)
}

// TestEveryRouteDeniesWithoutKeyAndWithWrongRole enumerates every route
// registered on the router (not a hand-written list) and checks that each
// either is one of the documented public routes or declares a permission
// — the same one the OpenAPI document states — and then that the route
// answers 401 without a key and with an unknown key, 403 with a key of
// each role that lacks the permission, and neither with a key of a role
// that holds it.
func TestEveryRouteDeniesWithoutKeyAndWithWrongRole(t *testing.T) {
	f := newFixture(t)
	var doc struct {
		Paths map[string]map[string]struct {
			Permission string   `json:"x-permission"`
			Roles      []string `json:"x-roles"`
			Security   []map[string][]string
		} `json:"paths"`
	}
	spec, err := f.srv.OpenAPI()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(spec, &doc))

	patterns := slices.Clone(f.srv.mux.patterns)
	require.GreaterOrEqual(t, len(patterns), 20)
	var public []string
	for _, pattern := range patterns {
		rt, ok := f.srv.routes[pattern]
		require.True(t, ok, "route %s declares neither a permission nor that it is public", pattern)
		method, path, _ := strings.Cut(pattern, " ")
		if rt.public {
			public = append(public, pattern)
			continue
		}
		op, ok := doc.Paths[path][strings.ToLower(method)]
		require.True(t, ok, "route %s is not in the OpenAPI document", pattern)
		require.Equal(t, string(rt.permission), op.Permission, pattern)
		require.Equal(t, []map[string][]string{{securityScheme: {}}}, op.Security, pattern)
		var held []string
		for _, r := range rt.permission.Roles() {
			held = append(held, string(r))
		}
		require.Equal(t, held, op.Roles, pattern)

		url := strings.NewReplacer("{id}", "C-999999").Replace(path)
		t.Run(pattern, func(t *testing.T) {
			r := f.doKey(method, url, "", nil)
			require.Equal(t, http.StatusUnauthorized, r.status, "no key: %s", r.body)
			require.Equal(t, ProblemUnauthenticated, r.problem(t).Type)
			require.Equal(t, `Bearer realm="centinela"`, r.header.Get("WWW-Authenticate"))

			r = f.doKey(method, url, "cnt_not-a-key-of-this-server", nil)
			require.Equal(t, http.StatusUnauthorized, r.status, "unknown key: %s", r.body)

			var wrong int
			for _, role := range Roles() {
				r := f.do(method, url, role, nil)
				if slices.Contains(rt.permission.Roles(), role) {
					require.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, r.status,
						"role %s holds %s: %s", role, rt.permission, r.body)
					continue
				}
				wrong++
				require.Equal(t, http.StatusForbidden, r.status, "role %s lacks %s: %s", role, rt.permission, r.body)
				p := r.problem(t)
				require.Equal(t, ProblemForbidden, p.Type)
				require.Contains(t, p.Detail, string(rt.permission))
			}
			require.Positive(t, wrong, "some role must lack %s, or the route cannot be denied", rt.permission)
		})
	}
	require.ElementsMatch(t, publicRoutes(), public, "the public routes are exactly the documented ones")
}

// TestUndeclaredRouteIsDenied: a handler put on the router without a
// permission (a programming mistake) is refused to every key.
func TestUndeclaredRouteIsDenied(t *testing.T) {
	f := newFixture(t)
	f.srv.mux.HandleFunc("GET /v1/undeclared", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("should not be served"))
	})
	for _, role := range Roles() {
		r := f.do("GET", "/v1/undeclared", role, nil)
		require.Equal(t, http.StatusForbidden, r.status, "role %s: %s", role, r.body)
		require.NotContains(t, string(r.body), "should not be served")
	}
	require.Equal(t, http.StatusUnauthorized, f.do("GET", "/v1/undeclared", "", nil).status)
}

// TestPermissionMatrixIsDocumented keeps the matrix in docs/api.md equal to
// Permission.Roles.
func TestPermissionMatrixIsDocumented(t *testing.T) {
	var b strings.Builder
	b.WriteString("| permission |")
	for _, r := range Roles() {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|")
	for range Roles() {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, p := range Permissions() {
		require.NotEmpty(t, p.Roles(), p)
		require.Less(t, len(p.Roles()), len(Roles()), "%s is held by every role", p)
		b.WriteString("| `" + string(p) + "` |")
		for _, r := range Roles() {
			if slices.Contains(p.Roles(), r) {
				b.WriteString(" ✓ |")
			} else {
				b.WriteString("   |")
			}
		}
		b.WriteString("\n")
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "api.md"))
	require.NoError(t, err)
	require.Contains(t, string(doc), b.String(), "docs/api.md's permission matrix differs from Permission.Roles; it should read:\n%s", b.String())
}

func TestPrincipalCan(t *testing.T) {
	tests := []struct {
		roles []Role
		perm  Permission
		want  bool
	}{
		{[]Role{RoleAnalyst}, PermScreen, true},
		{[]Role{RoleAnalyst}, PermCasesFileSAR, false},
		{[]Role{RoleSupervisor}, PermCasesFileSAR, true},
		{[]Role{RoleAdmin}, PermCasesRead, false},
		{[]Role{RoleAuditor}, PermCasesWork, false},
		{[]Role{RoleAuditor}, PermAuditRead, true},
		{[]Role{RoleAnalyst, RoleAdmin}, PermListsReload, true},
		{nil, PermScreen, false},
		{[]Role{RoleAdmin}, Permission("no.such"), false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Principal{Name: "x", Roles: tt.roles}.Can(tt.perm), "%v %s", tt.roles, tt.perm)
	}
}
