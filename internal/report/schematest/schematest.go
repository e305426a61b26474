// Package schematest validates generated XML in tests: against FinCEN's
// SARX batch schema, from the shared data folder, with xmllint (Debian
// package libxml2-utils).
//
// xmllint implements XML Schema 1.0; the SARX schema declares
// vc:minVersion="1.1" but uses no 1.1 construct that xmllint would need to
// check the structure, the types, the enumerations and the uniqueness
// constraints. report.CheckSAR covers the rules no schema states.
//
// Tests that need xmllint skip when it is not installed, unless the
// environment variable CENTINELA_REQUIRE_XMLLINT is set (CI sets it), in
// which case they fail.
package schematest

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/centinela-aml/centinela/internal/sharedata"
)

// EnvRequire, when set to a non-empty value, makes a missing xmllint a
// test failure instead of a skip.
const EnvRequire = "CENTINELA_REQUIRE_XMLLINT"

// Xmllint returns the path of the xmllint command. When it is not
// installed it skips t, or fails t if CENTINELA_REQUIRE_XMLLINT is set.
func Xmllint(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err == nil {
		return path
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("xmllint is not installed (apt-get install libxml2-utils) and %s is set", EnvRequire)
	}
	t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	return ""
}

// SARXSchema returns the path of FinCEN's SARX batch schema in the shared
// data folder (skipping t when it is absent; see sharedata.Dir).
func SARXSchema(t testing.TB) string {
	t.Helper()
	return sharedata.Dir(t, "fincen", "EFL_SARXBatchSchema.xsd")
}

// ValidateSARX validates the files at paths against the SARX schema and
// fails t with xmllint's messages for any that does not validate.
func ValidateSARX(t testing.TB, paths ...string) {
	t.Helper()
	xmllint := Xmllint(t)
	schema := SARXSchema(t)
	for _, p := range paths {
		var out bytes.Buffer
		cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, p)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Errorf("%s does not validate against %s: %v\n%s", p, schema, err, out.String())
		}
	}
}

// WellFormed checks that the files at paths are well-formed XML with
// xmllint and fails t for any that is not.
func WellFormed(t testing.TB, paths ...string) {
	t.Helper()
	xmllint := Xmllint(t)
	for _, p := range paths {
		out, err := exec.Command(xmllint, "--noout", "--nonet", p).CombinedOutput()
		if err != nil {
			t.Errorf("%s is not well-formed: %v\n%s", p, err, out)
		}
	}
}
