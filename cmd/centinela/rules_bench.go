package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/synth"
)

// BenchRulesCmd measures the typology rule library.
type BenchRulesCmd struct {
	Rules     string `help:"Folder of rule files (default: the built-in library)." type:"existingdir" placeholder:"DIR"`
	Seed      uint64 `help:"Seed of the generated bank." default:"1"`
	Customers int    `help:"Ordinary customers of the generated bank." default:"3000"`
	Days      int    `help:"Days of history." default:"90"`
	Workers   int    `help:"Rule engine workers (goroutines, one per core)." default:"2"`
	Batch     int    `help:"Transactions per batch handed to the workers." default:"4096"`
	Runs      int    `help:"Repetitions; the median is reported." default:"3"`
}

// Help is the long help of "centinela bench rules --help".
func (BenchRulesCmd) Help() string {
	return `Generates a bank in memory (the generator's default: 3,000 customers, 90 days,
about 430,000 transactions, planted cases and look-alikes included), builds the
KYC directory, the network view and the peer statistics, then replays every
transaction through the whole rule library — aggregates, network view and peer
groups included — on --workers engines, --runs times.

Reported: transactions per second (wall clock, median of the runs, and each
run), CPU time per transaction (all threads, garbage collection included: the
steadier figure on a shared machine), the time to build the peer statistics,
the alerts raised, and the machine. Issue 5's target is 200,000 transactions
per second for the whole library on two cores. Record figures in
docs/benchmarks.md.

Examples:
  centinela bench rules
  centinela bench rules --customers 20000 --workers 2 --runs 5
  centinela bench rules --rules ./my-rules`
}

// rulesBenchReport is the JSON bench rules prints.
type rulesBenchReport struct {
	Rules         int       `json:"rules"`
	Aggregates    int       `json:"aggregates"`
	Transactions  int       `json:"transactions"`
	Customers     int       `json:"customers"`
	Workers       int       `json:"workers"`
	Runs          int       `json:"runs"`
	TxPerSec      float64   `json:"tx_per_sec"` // median
	AllRuns       []float64 `json:"runs_tx_per_sec"`
	CPUNsPerTx    float64   `json:"cpu_ns_per_tx"` // median
	PeersSeconds  float64   `json:"peer_statistics_seconds"`
	NetworkSecs   float64   `json:"network_view_seconds"`
	Alerts        int       `json:"alerts"`
	GenerateSecs  float64   `json:"generate_seconds"`
	Machine       benchHost `json:"machine"`
	Date          string    `json:"date"`
	LoadAverage1m string    `json:"load_average_1m,omitempty"`
}

// Run measures and prints the report.
func (c *BenchRulesCmd) Run(g *Globals) error {
	if c.Workers < 1 || c.Batch < 1 || c.Runs < 1 {
		return usageError(fmt.Errorf("--workers, --batch and --runs must be at least 1"))
	}
	lib, err := loadLibrary(c.Rules)
	if err != nil {
		return err
	}
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Customers, cfg.Days = c.Seed, c.Customers, c.Days
	if err := cfg.Validate(); err != nil {
		return usageError(err)
	}
	t0 := time.Now()
	var bank synth.Memory
	if _, err := synth.Generate(g.ctx, cfg, &bank, nil); err != nil {
		return err
	}
	rep := rulesBenchReport{Rules: len(lib.Rules()), Transactions: len(bank.Transactions), Customers: c.Customers,
		Workers: c.Workers, Runs: c.Runs, GenerateSecs: time.Since(t0).Seconds(), Machine: host(),
		Date: time.Now().UTC().Format(time.RFC3339), LoadAverage1m: loadAverage()}
	for _, r := range lib.Rules() {
		rep.Aggregates += len(r.Aggregates)
	}

	dir := rules.NewDirectory(bank.Parties, bank.Accounts)
	dir.Institution = mostCommonInstitutionOf(bank.Accounts)
	t0 = time.Now()
	dir.Network("") // builds the network view
	rep.NetworkSecs = time.Since(t0).Seconds()
	t0 = time.Now()
	pb := rules.NewPeerBuilder(dir)
	for i := range bank.Transactions {
		pb.Observe(&bank.Transactions[i])
	}
	opts := rules.Options{Peers: pb.Build()}
	rep.PeersSeconds = time.Since(t0).Seconds()

	var cpu []float64
	for run := range c.Runs {
		runtime.GC()
		alerts := map[string]bool{}
		start, cpu0 := time.Now(), processCPU()
		par := rules.NewParallel(lib, dir, opts, c.Workers)
		for i := 0; i < len(bank.Transactions); i += c.Batch {
			for _, a := range par.ObserveBatch(bank.Transactions[i:min(i+c.Batch, len(bank.Transactions))]) {
				alerts[a.ID] = true
			}
		}
		par.Close()
		secs, used := time.Since(start).Seconds(), processCPU()-cpu0
		rep.AllRuns = append(rep.AllRuns, float64(len(bank.Transactions))/secs)
		cpu = append(cpu, float64(used.Nanoseconds())/float64(len(bank.Transactions)))
		if run == 0 {
			rep.Alerts = len(alerts)
		}
		if err := g.ctx.Err(); err != nil {
			return err
		}
	}
	rep.TxPerSec = median(rep.AllRuns)
	rep.CPUNsPerTx = median(cpu)
	e := json.NewEncoder(g.stdout)
	e.SetIndent("", "  ")
	return e.Encode(rep)
}

// mostCommonInstitutionOf returns the institution holding most accounts.
func mostCommonInstitutionOf(accounts []model.Account) string {
	counts := map[string]int{}
	for i := range accounts {
		counts[accounts[i].Institution]++
	}
	return mostCommon(counts)
}

// loadAverage returns the one-minute load average where the system says
// (Linux), for reading the figures of a shared machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return ""
}
