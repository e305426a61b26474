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
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/evaluate"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/detect/streamgen"
	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// BenchCmd groups the speed measurements; each prints JSON.
type BenchCmd struct {
	Ingest BenchIngestCmd `cmd:"" help:"Measure parsing and ingesting speed: rows per second parsed and validated, and into a fresh SQLite store, with peak memory."`
	Screen BenchScreenCmd `cmd:"" help:"Measure screening: start-up (load and index the lists), memory, queries per second and latency on all cores."`
	Detect BenchDetectCmd `cmd:"" help:"Measure detection: features, pattern miners and the learned scorer over a stream; transactions per second, batch latency, peak memory."`
	API    BenchAPICmd    `cmd:"" name:"api" help:"Measure the HTTP API's screening endpoint under load: requests per second, latency percentiles, errors, server memory over the run."`
	Rules  BenchRulesCmd  `cmd:"" help:"Measure the typology rule library on a generated bank: transactions per second and CPU per transaction, aggregates, network view and peer statistics included."`
}

// BenchIngestCmd measures the ingest path.
type BenchIngestCmd struct {
	Rows   int    `help:"Rows of the synthetic AMLworld file written when no --input is given." default:"1000000"`
	Input  string `help:"Measure this file instead of a synthetic one." placeholder:"FILE"`
	Format string `help:"Format of --input: native, amlworld, amlsim or samld." default:"amlworld"`
	DB     string `help:"Database to ingest into; must not exist. A temporary one when empty (removed afterwards)." placeholder:"PATH"`
	Runs   int    `help:"Repetitions of each measurement; the median is reported." default:"3"`
	Seed   uint64 `help:"Seed of the synthetic file." default:"1"`
	Keep   bool   `help:"Keep the synthetic file and the temporary database."`
}

// Help is the long help of "centinela bench ingest --help".
func (BenchIngestCmd) Help() string {
	return `Examples:
  centinela bench ingest                       # 1,000,000 synthetic AMLworld rows
  centinela bench ingest --rows 10000000       # ten times more: memory should not grow
  centinela bench ingest --input HI-Small_Trans.csv --format amlworld

Two measurements, each repeated --runs times (the median is reported):
  parse: the format's reader over the whole file, rows parsed and validated
         per second, nothing stored;
  store: the full ingest pipeline into a fresh SQLite database, rows per
         second from the first byte read to the last batch committed.
Peak memory is the process's peak resident set (VmHWM), reset before each
measurement where the system allows it (Linux). Without --input the command
writes a synthetic AMLworld *_Trans.csv file: 500,000 accounts at 3,000
banks, heavy-tailed amounts, AMLworld's currencies and payment formats, rows
in time order over 18 days. Record figures in docs/benchmarks.md.`
}

// benchReport is the JSON that bench ingest prints.
type benchReport struct {
	Input     string      `json:"input"`
	Format    string      `json:"format"`
	Generated bool        `json:"generated"`
	Rows      int64       `json:"rows"`
	Bytes     int64       `json:"bytes"`
	Runs      int         `json:"runs"`
	Parse     benchResult `json:"parse"`
	Store     benchResult `json:"store"`
	Machine   benchHost   `json:"machine"`
	Date      string      `json:"date"`
}

type benchResult struct {
	RowsPerSec float64   `json:"rows_per_sec"` // median over the runs
	Seconds    float64   `json:"seconds"`      // median
	AllRuns    []float64 `json:"runs_rows_per_sec"`
	PeakRSSMiB float64   `json:"peak_rss_mib"` // highest over the runs; 0 when unknown
	DBBytes    int64     `json:"db_bytes,omitempty"`
	Rejected   int64     `json:"rejected"`
}

type benchHost struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Go         string `json:"go"`
	OS         string `json:"os"`
	MemMiB     int64  `json:"mem_mib,omitempty"`
}

// Run measures and prints the report.
func (c *BenchIngestCmd) Run(g *Globals) error {
	format, ok := formats[c.Format]
	if !ok {
		return usageError(fmt.Errorf("unknown format %q: expected one of %s", c.Format, formatNames()))
	}
	if c.Runs < 1 || c.Rows < 1 {
		return usageError(errors.New("--runs and --rows must be at least 1"))
	}
	if c.DB != "" {
		if _, err := os.Stat(c.DB); err == nil {
			return usageError(fmt.Errorf("--db %s exists; the benchmark needs a fresh database", c.DB))
		}
	}
	tmp, err := os.MkdirTemp("", "centinela-bench-")
	if err != nil {
		return err
	}
	if !c.Keep {
		defer os.RemoveAll(tmp)
	}

	rep := benchReport{Format: c.Format, Runs: c.Runs, Date: time.Now().UTC().Format(time.RFC3339), Machine: host()}
	input := c.Input
	if input == "" {
		input = filepath.Join(tmp, fmt.Sprintf("synthetic-%d_Trans.csv", c.Rows))
		g.log.Info("writing synthetic AMLworld file", "rows", c.Rows, "path", input)
		if err := writeSyntheticAMLworld(input, c.Rows, c.Seed); err != nil {
			return err
		}
		rep.Generated = true
		format = formats["amlworld"]
		rep.Format = "amlworld"
	}
	st, err := os.Stat(input)
	if err != nil {
		return usageError(err)
	}
	rep.Input, rep.Bytes = input, st.Size()
	if err := (&ingest.Pipeline{Format: format}).Check([]ingest.Input{{Path: input}}); err != nil {
		return usageError(err)
	}

	for i := range c.Runs {
		resetPeakRSS()
		start := time.Now()
		rows, rejected, err := parseOnly(g.ctx, format, input)
		if err != nil {
			return err
		}
		secs := time.Since(start).Seconds()
		rep.Rows, rep.Parse.Rejected = rows, rejected
		rep.Parse.AllRuns = append(rep.Parse.AllRuns, math.Round(float64(rows)/secs))
		rep.Parse.PeakRSSMiB = max(rep.Parse.PeakRSSMiB, peakRSSMiB())
		g.log.Info("parse", "run", i+1, "rows", rows, "seconds", secs)
	}
	for i := range c.Runs {
		db := filepath.Join(tmp, fmt.Sprintf("bench-%d.db", i))
		if c.DB != "" {
			db = c.DB
		}
		resetPeakRSS()
		start := time.Now()
		res, err := ingestOnce(g.ctx, format, input, db)
		if err != nil {
			return err
		}
		secs := time.Since(start).Seconds()
		rep.Store.AllRuns = append(rep.Store.AllRuns, math.Round(float64(res.Read)/secs))
		rep.Store.PeakRSSMiB = max(rep.Store.PeakRSSMiB, peakRSSMiB())
		rep.Store.Rejected = res.Rejected
		rep.Store.DBBytes = filesSize(db, db+"-wal")
		g.log.Info("store", "run", i+1, "rows", res.Read, "seconds", secs)
		// Each run starts from an empty database; the last one is kept
		// when --db named it.
		if c.DB == "" || i < c.Runs-1 {
			removeDB(db)
		}
	}
	rep.Parse.RowsPerSec, rep.Parse.Seconds = medianRate(rep.Parse.AllRuns, rep.Rows)
	rep.Store.RowsPerSec, rep.Store.Seconds = medianRate(rep.Store.AllRuns, rep.Rows)
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// parseOnly reads every row of the file, storing nothing.
func parseOnly(ctx context.Context, format ingest.Format, path string) (rows, rejected int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	r, err := format.Open(ingest.Source{Path: path, R: f})
	if err != nil {
		return 0, 0, err
	}
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows, rejected, nil
		}
		var rowErr *ingest.RowError
		switch {
		case errors.As(err, &rowErr):
			rejected++
		case err != nil:
			return rows, rejected, err
		}
		rows++
		if rows%(1<<20) == 0 && ctx.Err() != nil {
			return rows, rejected, ctx.Err()
		}
	}
}

// ingestOnce ingests the file into a fresh database at db.
func ingestOnce(ctx context.Context, format ingest.Format, input, db string) (*ingest.Result, error) {
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	p := &ingest.Pipeline{Format: format, Sink: st, Runs: st, RejectDir: db + ".rejects"}
	return p.Run(ctx, []ingest.Input{{Path: input}})
}

func removeDB(db string) {
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		os.Remove(p)
	}
	os.RemoveAll(db + ".rejects")
}

func filesSize(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n
}

// medianRate returns the median of rates and the seconds it stands for.
func medianRate(rates []float64, rows int64) (rate, seconds float64) {
	s := slices.Clone(rates)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return math.Round(m), math.Round(float64(rows)/m*1000) / 1000
}

func host() benchHost {
	h := benchHost{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version(),
		OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		h.MemMiB = procKiB(b, "MemTotal:") / 1024
	}
	return h
}

// resetPeakRSS returns freed memory to the system and resets the kernel's
// record of the peak resident set (Linux; elsewhere it does nothing).
func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSMiB returns the peak resident set since the last reset (Linux),
// or 0.
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	return math.Round(float64(procKiB(b, "VmHWM:"))/1024*10) / 10
}

// procKiB reads a "Key:   123 kB" line of a /proc file.
func procKiB(b []byte, key string) int64 {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return 0
	}
	line := b[i+len(key):]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	line = bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))
	n, _ := strconv.ParseInt(string(line), 10, 64)
	return n
}

// Synthetic AMLworld traffic. The shares below are round figures chosen to
// resemble the HI-Small set (Altman et al., NeurIPS 2023): US dollars and
// euros dominate, most payments are cheques, cards and ACH, self-transfers
// ("Reinvestment") are common, and about one row in a thousand is
// laundering. They make the rows look like AMLworld's, not a model of it.
var (
	synthCurrencies = []weighted[string]{
		{"USD", 36}, {"EUR", 23}, {"CNY", 7}, {"JPY", 6}, {"GBP", 5}, {"INR", 4}, {"CAD", 3}, {"AUD", 3},
		{"CHF", 3}, {"MXN", 2}, {"BRL", 2}, {"RUB", 2}, {"ILS", 1}, {"SAR", 1}, {"BTC", 2},
	}
	synthChannels = []weighted[model.Channel]{
		{model.ChannelCheck, 36}, {model.ChannelCard, 26}, {model.ChannelACH, 12}, {model.ChannelInternal, 12},
		{model.ChannelCash, 10}, {model.ChannelWire, 2}, {model.ChannelCrypto, 2},
	}
	// synthRates are rough units of currency per US dollar, for the rows
	// whose received currency differs from the paid one.
	synthRates = map[string]float64{
		"USD": 1, "EUR": 0.92, "CNY": 7.2, "JPY": 150, "GBP": 0.79, "INR": 83, "CAD": 1.36, "AUD": 1.52,
		"CHF": 0.88, "MXN": 17, "BRL": 5, "RUB": 92, "ILS": 3.7, "SAR": 3.75, "BTC": 0.000016,
	}
)

type weighted[T any] struct {
	v T
	w int
}

func pick[T any](rng *rand.Rand, ws []weighted[T], total int) T {
	n := rng.IntN(total)
	for _, x := range ws {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return ws[len(ws)-1].v
}

func totalWeight[T any](ws []weighted[T]) int {
	t := 0
	for _, x := range ws {
		t += x.w
	}
	return t
}

// writeSyntheticAMLworld writes rows AMLworld-like transactions to path
// with the amlworld Writer, deterministically for a seed.
func writeSyntheticAMLworld(path string, rows int, seed uint64) error {
	const (
		nAccounts = 500_000
		nBanks    = 3_000
	)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	accounts := make([]string, nAccounts)
	for i := range accounts {
		// Small banks are many, big ones few: the bank index is skewed
		// towards 0. Bank IDs keep AMLworld's leading zeros.
		bank := int(float64(nBanks) * math.Pow(rng.Float64(), 2.5))
		width := 3 + rng.IntN(4)
		accounts[i] = fmt.Sprintf("%0*d:%09X", width, bank, 0x800000000+rng.Int64N(0xFFFFFFF))
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := amlworld.NewWriter(bw)
	curTotal, chTotal := totalWeight(synthCurrencies), totalWeight(synthChannels)
	start := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	span := 18 * 24 * time.Hour
	var tx model.Transaction
	for i := range rows {
		// Active accounts pay more often: the payer index is skewed.
		from := accounts[int(float64(nAccounts)*math.Pow(rng.Float64(), 1.7))]
		to := accounts[rng.IntN(nAccounts)]
		ch := pick(rng, synthChannels, chTotal)
		if ch == model.ChannelInternal {
			to = from
		}
		cur := pick(rng, synthCurrencies, curTotal)
		if ch == model.ChannelCrypto {
			cur = model.BTC
		}
		usd := math.Exp(rng.NormFloat64()*2.2 + 7) // median about $1,100, a long tail
		paid := roundAmount(usd*synthRates[cur], cur)
		recvCur, recv := cur, paid
		if rng.IntN(100) == 0 && cur != model.BTC {
			recvCur = synthCurrencies[rng.IntN(len(synthCurrencies)-1)].v
			recv = roundAmount(usd*synthRates[recvCur], recvCur)
		}
		tx = model.Transaction{
			ID:         strconv.Itoa(i),
			Time:       start.Add(time.Duration(float64(span) * float64(i) / float64(rows))),
			Originator: from, Beneficiary: to, Amount: paid, Currency: cur,
			AmountReceived: recv, CurrencyReceived: recvCur, Channel: ch,
		}
		if err := w.Write(&tx, rng.IntN(1000) == 0); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func roundAmount(v float64, cur string) float64 {
	if cur == model.BTC {
		return math.Round(v*1e8) / 1e8
	}
	return math.Max(0.01, math.Round(v*100)/100)
}

// BenchDetectCmd measures the detection engine: features, pattern miners
// and the learned scorer over a stream.
type BenchDetectCmd struct {
	Transactions int    `help:"Transactions of the generated stream when no --input is given (HI-Small: about 5.1 million)." default:"5100000"`
	Accounts     int    `help:"Accounts of the generated stream (HI-Small: about 515 thousand)." default:"515000"`
	Days         int    `help:"Days the generated stream covers." default:"10"`
	Batch        int    `help:"Transactions per batch." default:"2048"`
	Input        string `help:"Measure this file instead of a generated stream." placeholder:"FILE" type:"existingpath"`
	Format       string `help:"Format of --input: amlworld or amlsim." default:"amlworld" enum:"amlworld,amlsim"`
	Model        string `help:"Scorer to score with (default: a stand-in of the default size, 100 trees of depth 6, trained on the stream's first rows)." placeholder:"FILE" type:"existingfile"`
	NoMiners     bool   `name:"no-miners" help:"Features and scoring only, without the pattern miners."`
	Seed         uint64 `help:"Seed of the generated stream." default:"1"`
	CPUProfile   string `name:"cpuprofile" help:"Write a CPU profile of the measured part to this file (go tool pprof)." type:"path" placeholder:"FILE"`
}

// Help is the long help of "centinela bench detect --help".
func (BenchDetectCmd) Help() string {
	return `Measures the detection engine on a stream: every feature row computed, scored
by the learned scorer, and the pattern miners run (the default configuration),
in batches of --batch, in time order. Prints JSON: transactions per second
(wall time, stream generation excluded), batch latency p50 and p99, and the
process's peak resident memory after 1 million transactions and at the end.

Without --input the stream is generated with AMLworld-like statistics at
HI-Small's scale: 5.1 million transactions of 515 thousand accounts over 10
days (internal/detect/streamgen). Without --model the scorer is a stand-in
of the default size (100 trees of depth 6), trained on the first 100,000
rows against a random label: the generated stream has no laundering, and
scoring costs the same whatever the trees learned.

Examples:
  centinela bench detect
  centinela bench detect --transactions 1000000 --batch 128
  centinela bench detect --input HI-Small_Trans.csv --format amlworld`
}

// benchDetectReport is the JSON bench detect prints.
type benchDetectReport struct {
	Transactions int64              `json:"transactions"`
	TxPerSecond  float64            `json:"tx_per_s"`
	P50BatchMS   float64            `json:"p50_batch_ms"`
	P99BatchMS   float64            `json:"p99_batch_ms"`
	PeakRSSMB    float64            `json:"peak_rss_mb"`
	PeakRSS1MMB  float64            `json:"peak_rss_mb_at_1m,omitempty"`
	Batch        int                `json:"batch"`
	Batches      int                `json:"batches"`
	Seconds      float64            `json:"seconds"`
	CPUSeconds   float64            `json:"cpu_seconds"`
	Input        string             `json:"input"`
	Accounts     int                `json:"accounts,omitempty"`
	Features     int                `json:"features"`
	Trees        int                `json:"trees"`
	Miners       bool               `json:"miners"`
	Alerts       int                `json:"alert_updates"`
	Bounded      detect.BoundCounts `json:"bounded_searches"`
	Edges        int                `json:"edges_retained"`
	Machine      benchHost          `json:"machine"`
	Date         string             `json:"date"`
}

// Run measures.
func (c *BenchDetectCmd) Run(g *Globals) error {
	if c.Batch < 1 || c.Transactions < 1 || c.Accounts < 1 || c.Days < 1 {
		return usageError(errors.New("--batch, --transactions, --accounts and --days must be positive"))
	}
	// The stream, in chunks: generated on the fly, or read whole.
	var next func(buf []model.Transaction) int
	rep := benchDetectReport{Batch: c.Batch, Miners: !c.NoMiners, Machine: host(), Date: time.Now().UTC().Format(time.RFC3339)}
	if c.Input != "" {
		var d *evaluate.Dataset
		var err error
		if c.Format == "amlsim" {
			d, err = evaluate.LoadAMLSim(c.Input)
		} else {
			d, _, err = evaluate.LoadAMLworld(c.Input, "")
		}
		if err != nil {
			return usageError(err)
		}
		pos := 0
		next = func(buf []model.Transaction) int {
			n := copy(buf, d.Txs[pos:])
			pos += n
			return n
		}
		rep.Input = c.Input
	} else {
		gen := streamgen.New(streamgen.Config{Seed: c.Seed, Accounts: c.Accounts, Transactions: c.Transactions,
			Span: time.Duration(c.Days) * 24 * time.Hour})
		next = gen.Fill
		rep.Input = fmt.Sprintf("generated: %d transactions, %d accounts, %d days (streamgen, seed %d)", c.Transactions, c.Accounts, c.Days, c.Seed)
		rep.Accounts = c.Accounts
	}

	const chunk = 1 << 18
	buf := make([]model.Transaction, chunk)
	k := next(buf)
	if k == 0 {
		return usageError(errors.New("the stream is empty"))
	}
	sc, err := c.scorer(g, buf[:min(k, 100_000)])
	if err != nil {
		return err
	}
	cfg := sc.Features.Apply(detect.Config{})
	cfg.Scorer = sc
	if c.NoMiners {
		cfg.FanIn.Off, cfg.FanOut.Off, cfg.Patterns.Off = true, true, true
	}
	e, err := detect.New(cfg)
	if err != nil {
		return err
	}
	rep.Features, rep.Trees = e.Schema().Len(), sc.Model.NumTrees()
	resetPeakRSS()
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var lat []float64
	var wall time.Duration
	cpu0 := processCPU()
	for k > 0 {
		for lo := 0; lo < k; lo += c.Batch {
			t0 := time.Now()
			res, err := e.Observe(buf[lo:min(k, lo+c.Batch)])
			d := time.Since(t0)
			if err != nil {
				return err
			}
			wall += d
			lat = append(lat, float64(d.Microseconds())/1000)
			rep.Alerts += len(res.Alerts)
			before := rep.Transactions
			rep.Transactions += int64(len(res.Status))
			if before < 1_000_000 && rep.Transactions >= 1_000_000 {
				rep.PeakRSS1MMB = peakRSSMiB()
			}
		}
		if g.ctx.Err() != nil {
			return g.ctx.Err()
		}
		k = next(buf)
	}
	rep.CPUSeconds = math.Round((processCPU()-cpu0).Seconds()*100) / 100
	rep.PeakRSSMB = peakRSSMiB()
	rep.Seconds = math.Round(wall.Seconds()*1000) / 1000
	rep.TxPerSecond = math.Round(float64(rep.Transactions) / wall.Seconds())
	rep.Batches = len(lat)
	slices.Sort(lat)
	rep.P50BatchMS = percentile(lat, 0.50)
	rep.P99BatchMS = percentile(lat, 0.99)
	st := e.Stats()
	rep.Bounded, rep.Edges = st.Bounded, st.Edges
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// scorer loads --model or trains the stand-in on the first rows.
func (c *BenchDetectCmd) scorer(g *Globals, first []model.Transaction) (*detect.Scorer, error) {
	if c.Model != "" {
		sc, err := detect.LoadScorer(c.Model)
		if err != nil {
			return nil, usageError(err)
		}
		return sc, nil
	}
	cfg := detect.Config{Rows: true}
	fc, err := cfg.FeatureConfig()
	if err != nil {
		return nil, err
	}
	e, err := detect.New(fc.Apply(detect.Config{Rows: true}))
	if err != nil {
		return nil, err
	}
	ds := &gbt.Dataset{Names: e.Schema().Names()}
	rng := rand.New(rand.NewPCG(c.Seed, 7))
	for lo := 0; lo < len(first); lo += 2048 {
		res, err := e.Observe(first[lo:min(len(first), lo+2048)])
		if err != nil {
			return nil, err
		}
		ds.Features = append(ds.Features, res.Rows.Values...)
		for range res.Status {
			ds.Labels = append(ds.Labels, rng.IntN(50) == 0)
		}
	}
	p := gbt.DefaultParams()
	p.Seed = c.Seed
	g.log.Info("training the stand-in scorer", "rows", len(ds.Labels))
	m, err := gbt.Train(g.ctx, ds, nil, p)
	if err != nil {
		return nil, err
	}
	return &detect.Scorer{Model: m, Features: fc, Threshold: 0.99}, nil
}

// percentile returns the q-quantile of sorted values (nearest rank).
func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return math.Round(sorted[max(0, min(i, len(sorted)-1))]*1000) / 1000
}
