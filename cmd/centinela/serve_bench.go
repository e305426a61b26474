package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/centinela-aml/centinela/internal/api"
	"github.com/centinela-aml/centinela/internal/screen/evaluate"
	"github.com/centinela-aml/centinela/internal/screen/lists"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// BenchAPICmd measures the screening endpoint of the HTTP API under load.
type BenchAPICmd struct {
	URL      string        `help:"Server to load, e.g. http://127.0.0.1:8080 (default: start \"centinela serve\" as a child process on 127.0.0.1 with a temporary database and key and the built-in lists)." placeholder:"URL"`
	Key      string        `help:"API key with the analyst or supervisor role, for --url." env:"CENTINELA_API_KEY"`
	PID      int           `help:"Process ID of the --url server, to sample its memory (Linux)." name:"pid"`
	Clients  int           `help:"Concurrent clients, each with its own connection." default:"16"`
	Duration time.Duration `help:"Length of each measured run." default:"30s"`
	Warmup   time.Duration `help:"Load before the first run, not measured." default:"5s"`
	Runs     int           `help:"Measured runs; medians are reported." default:"3"`
	Sample   time.Duration `help:"Interval between samples of the server's memory." default:"10s"`
	Queries  string        `help:"Queries JSON lines ({kind,name,type}); default: 1,000 mixed queries drawn from the built-in lists (exact, misspelled, reordered) and invented names." type:"existingfile"`
	Seed     uint64        `help:"Seed of the generated queries." default:"20260821"`
	Wrk      string        `help:"Write a wrk Lua script that sends the same queries to this file and exit (the key is read from $CENTINELA_API_KEY when wrk runs)." type:"path" placeholder:"FILE"`
}

// Help is the long help of "centinela bench api --help".
func (BenchAPICmd) Help() string {
	return `Examples:
  centinela bench api                                  # 16 clients, 3 runs of 30 s
  centinela bench api --duration 5m --runs 1           # the soak: is memory flat?
  centinela bench api --url http://127.0.0.1:8080 --key $KEY --pid $(pgrep -n centinela)
  centinela bench api --wrk screen.lua && CENTINELA_API_KEY=$KEY wrk -t2 -c16 -d60s --latency -s screen.lua http://127.0.0.1:8080

Each client sends POST /v1/screen with one query after another (keep-alive,
one connection per client) for --duration, and the latency of every request
is kept. Reported: requests per second, the 50th, 90th and 99th percentile
and the largest latency (medians over --runs), errors (transport errors and
statuses other than 200), and the server's resident memory (VmRSS) sampled
every --sample from the end of the warm-up. Every request goes through the
whole server: authentication, the audit log entry (group commit), screening,
JSON. The load generator shares the machine's cores with the server. Record
figures in docs/benchmarks.md with the machine's load (uptime).`
}

// apiBenchReport is what bench api prints.
type apiBenchReport struct {
	Target        string         `json:"target"` // "child" or "url"
	URL           string         `json:"url"`
	Clients       int            `json:"clients"`
	Queries       int            `json:"queries"`
	Runs          int            `json:"runs"`
	DurationS     float64        `json:"duration_s"`
	RPS           float64        `json:"rps"`
	RPSRuns       []float64      `json:"rps_runs"`
	P50ms         float64        `json:"p50_ms"`
	P90ms         float64        `json:"p90_ms"`
	P99ms         float64        `json:"p99_ms"`
	P99Runs       []float64      `json:"p99_runs_ms"`
	MaxMS         float64        `json:"max_ms"`
	Requests      int64          `json:"requests"`
	Errors        int64          `json:"errors"`
	Status        map[string]int `json:"status"`
	CPUPerRequest float64        `json:"server_cpu_ms_per_request,omitempty"` // user+system CPU of the server over the runs, per request
	RSSStartMiB   float64        `json:"rss_start_mib,omitempty"`
	RSSEndMiB     float64        `json:"rss_end_mib,omitempty"`
	RSSMaxMiB     float64        `json:"rss_max_mib,omitempty"`
	RSSSamples    []float64      `json:"rss_samples_mib,omitempty"`
	LoadStart     string         `json:"load_avg_start,omitempty"`
	LoadEnd       string         `json:"load_avg_end,omitempty"`
	ShutdownClean *bool          `json:"shutdown_clean,omitempty"` // the child stopped on SIGTERM with status 0
	Machine       benchHost      `json:"machine"`
	Date          string         `json:"date"`
}

// Run measures and prints the report.
func (c *BenchAPICmd) Run(g *Globals) error {
	if c.Clients < 1 || c.Runs < 1 || c.Duration <= 0 || c.Sample <= 0 || c.Warmup < 0 {
		return usageError(errors.New("--clients and --runs must be at least 1, --duration and --sample positive"))
	}
	if c.URL != "" && c.Key == "" {
		return usageError(errors.New("--url needs --key (or $CENTINELA_API_KEY): an API key with the analyst or supervisor role"))
	}
	bodies, err := c.bodies()
	if err != nil {
		return err
	}
	if c.Wrk != "" {
		if err := os.WriteFile(c.Wrk, wrkScript(bodies), 0o644); err != nil {
			return err
		}
		_, err := fmt.Fprintf(g.stdout, "wrote %s: %d queries; run CENTINELA_API_KEY=KEY wrk -t2 -c%d -d60s --latency -s %s URL\n",
			c.Wrk, len(bodies), c.Clients, c.Wrk)
		return err
	}
	rep := apiBenchReport{Target: "url", URL: c.URL, Clients: c.Clients, Queries: len(bodies), Runs: c.Runs,
		DurationS: c.Duration.Seconds(), Status: map[string]int{}, Date: time.Now().UTC().Format(time.RFC3339), Machine: host()}
	pid := c.PID
	key := c.Key
	var child *exec.Cmd
	if c.URL == "" {
		tmp, err := os.MkdirTemp("", "centinela-bench-api-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		child, rep.URL, key, err = startBenchServer(g.ctx, tmp)
		if err != nil {
			return err
		}
		defer func() {
			if child.ProcessState == nil {
				_ = child.Process.Kill()
				_ = child.Wait()
			}
		}()
		rep.Target, pid = "child", child.Process.Pid
	}

	transport := &http.Transport{MaxIdleConnsPerHost: c.Clients, MaxConnsPerHost: c.Clients, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	load := loadRun{client: client, url: strings.TrimSuffix(rep.URL, "/") + "/v1/screen", key: key, bodies: bodies, clients: c.Clients}
	if c.Warmup > 0 {
		load.run(g.ctx, c.Warmup)
	}
	rep.LoadStart = loadAvg()
	sampler := startRSSSampler(pid, c.Sample)
	cpuStart := serverCPU(pid)
	var p50, p90, p99, maxs []float64
	for range c.Runs {
		r := load.run(g.ctx, c.Duration)
		if g.ctx.Err() != nil {
			return g.ctx.Err()
		}
		rep.RPSRuns = append(rep.RPSRuns, round1(r.rps))
		p50, p90, p99, maxs = append(p50, r.pct(50)), append(p90, r.pct(90)), append(p99, r.pct(99)), append(maxs, r.pct(100))
		rep.Requests += int64(len(r.latencies))
		rep.Errors += r.errors
		for code, n := range r.status {
			rep.Status[strconv.Itoa(code)] += n
		}
	}
	rep.RSSSamples = sampler.stop()
	if cpu := serverCPU(pid) - cpuStart; cpu > 0 && rep.Requests > 0 {
		rep.CPUPerRequest = math.Round(cpu.Seconds()*1e6/float64(rep.Requests)) / 1000
	}
	rep.LoadEnd = loadAvg()
	rep.RPS, rep.P50ms, rep.P90ms, rep.P99ms, rep.MaxMS = median(rep.RPSRuns), median(p50), median(p90), median(p99), median(maxs)
	rep.P99Runs = p99
	if n := len(rep.RSSSamples); n > 0 {
		rep.RSSStartMiB, rep.RSSEndMiB, rep.RSSMaxMiB = rep.RSSSamples[0], rep.RSSSamples[n-1], slices.Max(rep.RSSSamples)
	}
	if child != nil {
		clean := stopBenchServer(child)
		rep.ShutdownClean = &clean
	}
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// bodies returns the request bodies, one per query.
func (c *BenchAPICmd) bodies() ([][]byte, error) {
	var qs []evaluate.QueryLine
	if c.Queries != "" {
		f, err := os.Open(c.Queries)
		if err != nil {
			return nil, usageError(err)
		}
		defer f.Close()
		if qs, err = evaluate.ReadQueries(f, c.Queries); err != nil {
			return nil, usageError(err)
		}
	} else {
		ix, err := lists.Index(nil)
		if err != nil {
			return nil, err
		}
		qs = generateQueries(ix, 1000, c.Seed)
	}
	if len(qs) == 0 {
		return nil, usageError(errors.New("no queries"))
	}
	bodies := make([][]byte, len(qs))
	for i, q := range qs {
		b, err := json.Marshal(api.ScreenParty{Name: q.Name, Type: screenType(q.Type)})
		if err != nil {
			return nil, err
		}
		bodies[i] = b
	}
	return bodies, nil
}

// screenType maps a query's type to the API's (unknown spellings: none).
func screenType(s string) string {
	switch s {
	case "person", "organization", "vessel", "aircraft":
		return s
	}
	return ""
}

// startBenchServer starts "centinela serve" on 127.0.0.1 with a fresh
// database in dir and one analyst key, and returns its URL and key.
func startBenchServer(ctx context.Context, dir string) (*exec.Cmd, string, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", "", err
	}
	db := filepath.Join(dir, "bench.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, "", "", err
	}
	if err := st.Close(); err != nil {
		return nil, "", "", err
	}
	secret, key, err := api.NewKey("bench-api", api.RoleAnalyst)
	if err != nil {
		return nil, "", "", err
	}
	keys := filepath.Join(dir, "keys.txt")
	if err := os.WriteFile(keys, []byte(key.Line()+"\n"), 0o600); err != nil {
		return nil, "", "", err
	}
	cmd := exec.Command(exe, "serve", "--db", db, "--keys", keys, "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", "", err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	_, rest, ok := strings.Cut(line, "serving on ")
	url, _, _ := strings.Cut(rest, " ")
	if err != nil || !ok || !strings.HasPrefix(url, "http://") {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, "", "", fmt.Errorf("bench api: the server did not start (said %q): %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return cmd, url, secret, nil
}

// stopBenchServer sends SIGTERM and reports whether the server stopped
// cleanly (graceful shutdown, exit status 0).
func stopBenchServer(cmd *exec.Cmd) bool {
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return false
	}
	return cmd.Wait() == nil
}

// loadRun is a closed-loop load: each client sends its next request when
// the previous one is answered.
type loadRun struct {
	client  *http.Client
	url     string
	key     string
	bodies  [][]byte
	clients int
}

// loadResult is one run's outcome.
type loadResult struct {
	latencies []time.Duration // sorted
	errors    int64
	status    map[int]int
	rps       float64
}

// pct returns the p-th percentile latency in milliseconds (100: the
// largest), nearest rank.
func (r loadResult) pct(p float64) float64 {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies))*p/100+0.5) - 1
	i = max(0, min(i, len(r.latencies)-1))
	return float64(r.latencies[i].Microseconds()) / 1000
}

func (l loadRun) run(ctx context.Context, d time.Duration) loadResult {
	type clientResult struct {
		lat    []time.Duration
		errors int64
		status map[int]int
	}
	results := make([]clientResult, l.clients)
	start := time.Now()
	end := start.Add(d)
	var wg sync.WaitGroup
	for w := range l.clients {
		wg.Go(func() {
			res := clientResult{status: map[int]int{}}
			for i := w; ctx.Err() == nil && time.Now().Before(end); i += l.clients {
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.url, bytes.NewReader(l.bodies[i%len(l.bodies)]))
				if err != nil {
					res.errors++
					continue
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+l.key)
				t0 := time.Now()
				resp, err := l.client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						res.errors++
					}
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				res.lat = append(res.lat, time.Since(t0))
				res.status[resp.StatusCode]++
				if err != nil || resp.StatusCode != http.StatusOK {
					res.errors++
				}
			}
			results[w] = res
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	out := loadResult{status: map[int]int{}}
	for _, r := range results {
		out.latencies = append(out.latencies, r.lat...)
		out.errors += r.errors
		for k, v := range r.status {
			out.status[k] += v
		}
	}
	slices.Sort(out.latencies)
	out.rps = float64(len(out.latencies)) / elapsed.Seconds()
	return out
}

// rssSampler reads a process's resident set at intervals.
type rssSampler struct {
	done    chan struct{}
	stopped chan struct{}
	samples []float64
}

func startRSSSampler(pid int, every time.Duration) *rssSampler {
	s := &rssSampler{done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(s.stopped)
		if pid <= 0 {
			return
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if v := processRSSMiB(pid); v > 0 {
				s.samples = append(s.samples, v)
			}
			select {
			case <-s.done:
				if v := processRSSMiB(pid); v > 0 {
					s.samples = append(s.samples, v)
				}
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) stop() []float64 {
	close(s.done)
	<-s.stopped
	return s.samples
}

// processRSSMiB is a process's current resident set (Linux), or 0.
func processRSSMiB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	return round1(float64(procKiB(b, "VmRSS:")) / 1024)
}

// serverCPU is the user and system CPU time a process has used (Linux), or 0.
func serverCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th, in clock ticks
	// (USER_HZ, 100 on Linux).
	_, rest, ok := bytes.Cut(b, []byte(") "))
	if !ok {
		return 0
	}
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * (time.Second / 100)
}

// loadAvg is the system's load averages (Linux), as uptime shows them.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// wrkScript is a wrk Lua script that posts the bodies to /v1/screen in
// turn, each wrk thread starting at its own offset.
func wrkScript(bodies [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString("-- centinela bench api --wrk: POST /v1/screen with mixed queries.\n")
	b.WriteString("-- Run: CENTINELA_API_KEY=KEY wrk -t2 -c16 -d60s --latency -s THIS_FILE http://127.0.0.1:8080\n")
	b.WriteString("local bodies = {\n")
	for _, body := range bodies {
		b.WriteString("  " + luaQuote(string(body)) + ",\n")
	}
	b.WriteString(`}
local i = 0
local threads = 0
setup = function(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
init = function(args)
  i = offset or 0
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("CENTINELA_API_KEY") or "")
request = function()
  i = i + 1
  return wrk.format(nil, "/v1/screen", nil, bodies[(i % #bodies) + 1])
end
`)
	return b.Bytes()
}

// luaQuote writes s as a Lua string literal: bytes other than printable
// ASCII, quotes and backslashes as decimal escapes.
func luaQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
