package api

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	if string(want) != string(got) {
		t.Fatalf("docs/openapi.json is stale (the API's types changed; a field of model, screen, cases or audit types counts):\n%s\n"+
			"regenerate it: go test ./internal/api -run TestOpenAPIDocumentIsCurrent -update", firstDifference(string(want), string(got)))
	}

	// The served document is the same document.
	served := must(t, f.do("GET", "/openapi.json", "", nil), 200)
	var a, b any
	require.NoError(t, json.Unmarshal(served.body, &a))
	require.NoError(t, json.Unmarshal(got, &b))
	require.Equal(t, b, a)
	require.Equal(t, "3.1.0", a.(map[string]any)["openapi"])
}

// firstDifference shows where two texts first differ, a few lines each.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	from := max(0, i-3)
	return fmt.Sprintf("line %d\ncommitted:\n%s\ngenerated:\n%s", i+1,
		strings.Join(w[from:min(len(w), i+5)], "\n"), strings.Join(g[from:min(len(g), i+5)], "\n"))
}
