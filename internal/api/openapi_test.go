package api

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/openapi.json from the code")

// openAPIFile is the committed copy of the OpenAPI document.
var openAPIFile = filepath.Join("..", "..", "docs", "openapi.json")

// TestOpenAPIDocumentIsCurrent fails when docs/openapi.json no longer
// matches the routes: regenerate it with
//
//	go test ./internal/api -run TestOpenAPIDocumentIsCurrent -update
func TestOpenAPIDocumentIsCurrent(t *testing.T) {
	f := newFixture(t)
	got, err := f.srv.OpenAPI()
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(openAPIFile, got, 0o644))
	}
	want, err := os.ReadFile(openAPIFile)
	require.NoError(t, err, "docs/openapi.json is missing: run the test with -update")
	require.Equal(t, string(want), string(got), "docs/openapi.json is stale: run go test ./internal/api -run TestOpenAPIDocumentIsCurrent -update")

	// The served document is the same document.
	served := must(t, f.do("GET", "/openapi.json", "", nil), 200)
	var a, b any
	require.NoError(t, json.Unmarshal(served.body, &a))
	require.NoError(t, json.Unmarshal(got, &b))
	require.Equal(t, b, a)
	require.Equal(t, "3.1.0", a.(map[string]any)["openapi"])
}
