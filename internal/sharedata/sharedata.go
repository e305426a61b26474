// Package sharedata locates the shared research data (sanctions lists, AML
// benchmark sets, FinCEN schemas) that tests read from ../shared/data,
// relative to the repository root.
//
// The data is not part of the repository. Tests that need it call Dir,
// which skips the test when the data is absent, unless the environment
// variable CENTINELA_REQUIRE_DATA is set (CI sets it), in which case the
// test fails.
package sharedata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvDir, when set, names the shared data folder directly.
const EnvDir = "CENTINELA_DATA"

// EnvRequire, when set to a non-empty value, makes a missing data folder a
// test failure instead of a skip.
const EnvRequire = "CENTINELA_REQUIRE_DATA"

// Find returns the shared data folder: $CENTINELA_DATA, else ../shared/data
// next to the repository root (the folder holding go.mod) found from the
// working directory upwards. ok is false when there is none.
func Find() (dir string, ok bool) {
	if d := os.Getenv(EnvDir); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, true
		}
		return d, false
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			data := filepath.Join(d, "..", "shared", "data")
			if st, err := os.Stat(data); err == nil && st.IsDir() {
				return data, true
			}
			return data, false
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Dir returns the shared data folder, joined with the optional elements of
// a path below it. When the folder or that path is missing it skips t, or
// fails t if CENTINELA_REQUIRE_DATA is set.
func Dir(t testing.TB, elem ...string) string {
	t.Helper()
	dir, ok := Find()
	p := filepath.Join(append([]string{dir}, elem...)...)
	if ok {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("shared data %s is missing (set %s to its folder)", p, EnvDir)
	}
	t.Skipf("shared data %s is missing; set %s to its folder to run this test", p, EnvDir)
	return ""
}
