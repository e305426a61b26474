package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/api"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

// ServeCmd serves the HTTP API, or makes API keys.
type ServeCmd struct {
	Start  ServeStartCmd  `cmd:"" default:"withargs" help:"Serve the HTTP API (the default: \"centinela serve --db bank.db\" is \"centinela serve start --db bank.db\")."`
	Keygen ServeKeygenCmd `cmd:"" help:"Make an API key with roles: prints the key once and adds its hash to the keys file."`
}

// Help explains the command.
func (ServeCmd) Help() string {
	return `Serves the operations of the command line over HTTP: screening (one name or
a batch), alerts, cases (triage, assignment, notes, attachments, RFI outcomes,
review, escalation, closing), SAR and goAML downloads, the audit log (verify,
checkpoint, entries), list reload, health probes and Prometheus metrics. The
OpenAPI 3.1 document is at /openapi.json and a reference page at /docs.

Every route but the health probes and the OpenAPI document needs an API key
("Authorization: Bearer KEY") whose roles hold the route's permission:
analyst, supervisor, auditor, admin (see docs/api.md for the matrix). Every
request is recorded in the audit log. SIGINT or SIGTERM stops the server after
the requests under way are answered.

Examples:
  centinela serve keygen --keys keys.txt --name ana --role analyst
  centinela serve keygen --keys keys.txt --name bsa-officer --role supervisor
  centinela serve --db bank.db --keys keys.txt
  centinela serve --db bank.db --keys keys.txt --addr 0.0.0.0:8080 --list ofac-csv:./sdn --list csv:internal.csv`
}

// ServeStartCmd runs the server.
type ServeStartCmd struct {
	DB             string        `help:"Database holding the alerts, cases and audit log." default:"centinela.db" type:"path"`
	Addr           string        `help:"Address to listen on (port 0: any free port, printed at start)." default:"127.0.0.1:8080"`
	Keys           string        `help:"API keys file (\"serve keygen\" writes it)." type:"path" placeholder:"FILE"`
	List           []string      `help:"Sanctions list to screen against, FORMAT:PATH (repeatable; default: the built-in OFAC SDN and UN lists); reloaded by POST /v1/lists/reload. Formats: ofac-csv:DIR, ofac-json:FILE, ofac-cons:FILE, un-xml:FILE, ftm:FILE, csv:FILE." placeholder:"FORMAT:PATH"`
	Filer          string        `help:"Filer configuration for SAR and goAML downloads (YAML; \"sar --filer-template\"); default: the demo bank's." type:"existingfile"`
	CheckpointKey  string        `help:"Signing key file (\"audit keygen\"): audit checkpoints taken through the API are signed." type:"existingfile" placeholder:"FILE"`
	MaxBody        int64         `help:"Largest request body in bytes (the batch screening endpoint takes eight times as much)." default:"1048576"`
	RequestTimeout time.Duration `help:"Longest a request may work." default:"60s"`
	DrainTimeout   time.Duration `help:"Longest to wait, at shutdown, for the requests under way." default:"30s"`
	LogFormat      string        `help:"Request log format on standard error: text or json." enum:"text,json" default:"text"`
	CPUProfile     string        `help:"Write a CPU profile of the whole run to this file (go tool pprof)." type:"path" hidden:""`
}

// Run serves until the process is told to stop.
func (c *ServeStartCmd) Run(g *Globals) error {
	if c.Keys == "" {
		return usageError(errors.New("--keys FILE: the server needs API keys; make one with \"centinela serve keygen --keys FILE --name NAME --role ROLE\""))
	}
	if c.MaxBody <= 0 || c.RequestTimeout <= 0 || c.DrainTimeout <= 0 {
		return usageError(errors.New("--max-body, --request-timeout and --drain-timeout must be positive"))
	}
	keys, err := api.LoadKeys(c.Keys)
	if err != nil {
		return usageError(err)
	}
	if fi, err := os.Stat(c.Keys); err == nil && fi.Mode().Perm()&0o077 != 0 {
		g.log.Warn("the keys file is readable by other users; chmod 600 it", "file", c.Keys, "mode", fi.Mode().Perm())
	}
	if keys.Len() == 0 {
		return usageError(fmt.Errorf("%s holds no key: add one with \"centinela serve keygen --keys %s --name NAME --role ROLE\"", c.Keys, c.Keys))
	}
	filer, err := loadFiler(c.Filer)
	if err != nil {
		return err
	}
	var signer string
	if c.CheckpointKey != "" {
		b, err := os.ReadFile(c.CheckpointKey)
		if err != nil {
			return usageError(err)
		}
		signer = strings.TrimSpace(string(b))
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	specs := c.List
	build := func() (*screen.Index, error) { return lists.Index(specs) }
	ix, err := build()
	if err != nil {
		return usageError(fmt.Errorf("sanctions lists: %w", err))
	}
	debug.FreeOSMemory() // the list files' garbage
	srv, err := api.New(api.Config{
		Store: st, Screener: screen.NewScreener(ix), ReloadLists: build, Keys: keys, Filer: filer, CheckpointKey: signer,
		Log: serverLog(g, c.LogFormat), MaxBodyBytes: c.MaxBody, RequestTimeout: c.RequestTimeout, DrainTimeout: c.DrainTimeout,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return usageError(fmt.Errorf("--addr %s: %w", c.Addr, err))
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return usageError(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(g.stdout, "centinela: serving on http://%s (%d API keys, %d list entities; docs at /docs); Ctrl-C stops\n",
		ln.Addr(), keys.Len(), len(ix.Entities()))
	if err := srv.Serve(g.ctx, ln); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(g.stdout, "centinela: stopped")
	return nil
}

// serverLog is the server's logger. The request log is a server's output,
// at info level: it is shown whatever --log-level says (debug adds more).
func serverLog(g *Globals, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: min(logLevel(g.LogLevel), slog.LevelInfo)}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(g.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(g.stderr, opts))
}

// ServeKeygenCmd makes an API key.
type ServeKeygenCmd struct {
	Name string   `help:"Who holds the key: recorded as the actor in the audit log (letters, digits, . _ @ -)." required:""`
	Role []string `help:"Role of the key: analyst, supervisor, auditor or admin (repeatable or comma-separated)." required:""`
	Keys string   `help:"Keys file to add the key's hash to (created with mode 0600 when missing); without it the line to add is printed." type:"path" placeholder:"FILE"`
	JSON bool     `help:"Print the key and its line as JSON."`
}

// Help explains the command.
func (ServeKeygenCmd) Help() string {
	return `Makes a random 256-bit API key, prints it once, and keeps only its SHA-256 in
the keys file, one key a line: "NAME ROLE[,ROLE…] sha256:HEX". To revoke a
key, delete its line and restart the server.

Examples:
  centinela serve keygen --keys keys.txt --name ana --role analyst
  centinela serve keygen --keys keys.txt --name prometheus --role admin`
}

// Run makes the key.
func (k *ServeKeygenCmd) Run(g *Globals) error {
	var roles []api.Role
	for _, s := range splitList(k.Role) {
		r, ok := api.ParseRole(s)
		if !ok {
			return usageError(fmt.Errorf("--role %q: want analyst, supervisor, auditor or admin", s))
		}
		roles = append(roles, r)
	}
	secret, key, err := api.NewKey(k.Name, roles...)
	if err != nil {
		return usageError(fmt.Errorf("--name %q: %w", k.Name, err))
	}
	if k.Keys != "" {
		if err := appendKey(k.Keys, key); err != nil {
			return err
		}
	}
	if k.JSON {
		return json.NewEncoder(g.stdout).Encode(struct {
			Name  string     `json:"name"`
			Roles []api.Role `json:"roles"`
			Key   string     `json:"key"`
			Line  string     `json:"line"`
			File  string     `json:"file,omitempty"`
		}{key.Name, key.Roles, secret, key.Line(), k.Keys})
	}
	if k.Keys != "" {
		fmt.Fprintf(g.stderr, "added key %q to %s; the key is shown once:\n", key.Name, k.Keys)
	} else {
		fmt.Fprintf(g.stderr, "add this line to the keys file:\n%s\nthe key is shown once:\n", key.Line())
	}
	_, err = fmt.Fprintln(g.stdout, secret)
	return err
}

// appendKey adds key to the keys file at path, refusing a name already
// there (the file is checked whole before it is written).
func appendKey(path string, key api.Key) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return usageError(err)
	}
	text := string(old)
	if text == "" {
		text = "# Centinela API keys: NAME ROLE[,ROLE…] sha256:HEX (see docs/api.md)\n"
	} else if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text += key.Line() + "\n"
	if _, err := api.ParseKeys(strings.NewReader(text), path); err != nil {
		return usageError(err)
	}
	// Write a new file beside the old one and rename it: the keys file is
	// whole at every moment.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".keys-*")
	if err != nil {
		return usageError(err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := io.WriteString(tmp, text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
