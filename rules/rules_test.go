package rulefiles_test

import (
	"testing"

	"github.com/centinela-aml/centinela/internal/rules"
	rulefiles "github.com/centinela-aml/centinela/rules"
	"github.com/stretchr/testify/require"
)

// TestLibraryLoads checks that the shipped library compiles and passes the
// loader's checks (fairness, requirements, SAR codes).
func TestLibraryLoads(t *testing.T) {
	lib, err := rules.Load(rulefiles.FS())
	require.NoError(t, err)
	require.NotEmpty(t, lib.Rules())
}

// TestExamples runs every rule file's must-fire and must-not-fire examples.
func TestExamples(t *testing.T) {
	lib, err := rules.Load(rulefiles.FS())
	require.NoError(t, err)
	for _, res := range lib.Test() {
		t.Run(res.Rule+"/"+res.Example, func(t *testing.T) {
			require.True(t, res.Pass, "%s:%d: %s", res.File, res.Line, res.Problem)
			for _, a := range res.Alerts {
				t.Log(a.Reason)
			}
		})
	}
}
