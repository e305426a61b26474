package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHelpPrintsAndDoesNotRun(t *testing.T) {
	code, out, _ := cli(t, "version", "--help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "Usage: centinela version")
	require.NotContains(t, out, "centinela dev", "help must not run the command")

	dir := filepath.Join(t.TempDir(), "demo")
	code, out, _ = cli(t, "demo", "--dir", dir, "--help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "Examples")
	_, err := os.Stat(dir)
	require.True(t, os.IsNotExist(err), "demo --help must not run the demo")

	code, _, errOut := cli(t, "no-such-command")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "unexpected argument")
}
