package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/api"
)

func TestServeKeygenAndServe(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys.txt")
	code, out, errOut := cli(t, "serve", "keygen", "--keys", keys, "--name", "ana", "--role", "analyst")
	require.Equal(t, 0, code, errOut)
	secret := strings.TrimSpace(out)
	require.True(t, strings.HasPrefix(secret, "cnt_"), out)
	code, out, errOut = cli(t, "serve", "keygen", "--keys", keys, "--name", "bsa", "--role", "supervisor,auditor", "--json")
	require.Equal(t, 0, code, errOut)
	var made struct {
		Key   string     `json:"key"`
		Roles []api.Role `json:"roles"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &made))
	require.Equal(t, []api.Role{api.RoleSupervisor, api.RoleAuditor}, made.Roles)

	text, err := os.ReadFile(keys)
	require.NoError(t, err)
	require.NotContains(t, string(text), secret, "the keys file holds hashes only")
	fi, err := os.Stat(keys)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	kr, err := api.LoadKeys(keys)
	require.NoError(t, err)
	require.Equal(t, 2, kr.Len())

	code, _, errOut = cli(t, "serve", "keygen", "--keys", keys, "--name", "ana", "--role", "admin")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `key name "ana" is used twice`)
	code, _, errOut = cli(t, "serve", "keygen", "--name", "x", "--role", "root")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `--role "root"`)

	db := detectedBank(t)
	code, _, errOut = cli(t, "serve", "--db", db)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "--keys FILE")

	// Serve on a free port, answer a request, stop on the context (as on
	// SIGINT), after which the command returns.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	g := &Globals{LogLevel: "warn", ctx: ctx, stdout: pw, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	cmd := &ServeStartCmd{DB: db, Addr: "127.0.0.1:0", Keys: keys, MaxBody: 1 << 20, RequestTimeout: 60e9, DrainTimeout: 30e9, LogFormat: "json"}
	done := make(chan error, 1)
	go func() { done <- cmd.Run(g); pw.Close() }()
	lines := bufio.NewReader(pr)
	first, err := lines.ReadString('\n')
	require.NoError(t, err)
	_, rest, ok := strings.Cut(first, "serving on ")
	require.True(t, ok, first)
	base, _, _ := strings.Cut(rest, " ")

	req, err := http.NewRequest("POST", base+"/v1/screen", strings.NewReader(`{"name": "Talavera Quispe"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode, string(body))
	res, err = http.Get(base + "/v1/cases")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 401, res.StatusCode)

	tail := make(chan string, 1)
	go func() { b, _ := io.ReadAll(lines); tail <- string(b) }()
	cancel()
	require.NoError(t, <-done)
	require.Contains(t, <-tail, "stopped")

	// The requests are in the audit log, by the key's name.
	code, out, errOut = cli(t, "audit", "show", "--db", db, "--actor", "ana", "--json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"action":"api.screen"`)
	code, _, errOut = cli(t, "audit", "verify", "--db", db)
	require.Equal(t, 0, code, errOut)
}

func TestWrkScript(t *testing.T) {
	require.Equal(t, `"{\"name\":\"O\\Brien\"}"`, luaQuote(`{"name":"O\Brien"}`))
	require.Equal(t, `"Mu\195\177oz\010"`, luaQuote("Muñoz\n"))
	script := string(wrkScript([][]byte{[]byte(`{"name":"a"}`), []byte(`{"name":"b"}`)}))
	require.Contains(t, script, `"{\"name\":\"a\"}",`)
	require.Contains(t, script, `wrk.format(nil, "/v1/screen", nil,`)
	require.Contains(t, script, `os.getenv("CENTINELA_API_KEY")`)
}
