package detect

import (
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// ErrOutOfOrder is wrapped by the error Observe returns when a transaction
// is older than the engine's clock by more than Config.Lateness. The batch
// is then not applied at all.
var ErrOutOfOrder = errors.New("transaction out of time order")

// ErrInvalidTransaction is wrapped by the Problem of a transaction the
// engine cannot use (no ID, no account, a negative or non-finite amount, a
// timestamp outside 1678–2262).
var ErrInvalidTransaction = errors.New("invalid transaction")

// MaxAmount is the largest amount the engine accepts: larger than any real
// payment in any currency, so a larger value is a unit or parsing error.
const MaxAmount = 1e15

// Status says what Observe did with one transaction.
type Status uint8

// Statuses.
const (
	Accepted  Status = iota // added to the graph
	Duplicate               // its ID was already observed within the retention horizon; ignored
	Invalid                 // unusable; see Result.Problems
)

// String returns the status's name.
func (s Status) String() string {
	switch s {
	case Accepted:
		return "accepted"
	case Duplicate:
		return "duplicate"
	case Invalid:
		return "invalid"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Problem explains why a transaction was Invalid.
type Problem struct {
	Index int    // position in the batch
	ID    string // the transaction's ID, possibly empty
	Err   error  // wraps ErrInvalidTransaction
}

// Result is what Observe found in one batch.
//
// Status, Problems and Rows are owned by the engine and overwritten by the
// next call to Observe; copy what must outlive it. Alerts are the caller's.
type Result struct {
	// Status has one entry per transaction of the batch, in batch order.
	Status []Status
	// Problems lists the invalid transactions.
	Problems []Problem
	// Accepted, Duplicates and Invalid count the statuses.
	Accepted, Duplicates, Invalid int
	// Rows holds a feature row per transaction of the batch when
	// Config.Rows is set, else nil.
	Rows *Rows
	// Scores holds the learned scorer's probability for each transaction
	// of the batch when Config.Scorer is set (NaN for transactions not
	// accepted), else nil.
	Scores []float64
	// Alerts holds every alert opened or grown by this batch, in its
	// latest state. An alert that grows again in a later batch comes back
	// with the same ID: callers replace the earlier copy.
	Alerts []model.Alert
}

// Engine is the streaming detection engine: a temporal transaction graph
// over sliding windows, per-transaction features and pattern miners. It is
// not safe for concurrent use; one goroutine feeds it batches in time order.
type Engine struct {
	cfg Config

	log   edgeLog
	arena idArena
	nodes nodeTable
	ids   idSet
	seed  maphash.Seed

	views       []*view
	featureView *view
	scatterView *view // gather-scatter features; degrees for scatter-gather
	cycleView   *view // degrees for the cycle features
	historyView *view // history features and the pattern miners, with novelty
	searchers   []*searcher
	retention   int64 // how long the edge log keeps edges, ns
	keep        int64 // how long an idle account is kept, ns
	sweepEvery  int64
	lastSweep   int64

	schema   *Schema
	txGrp    []groupAt[txFeatures]
	batGrp   []groupAt[batchFeatures]
	miners   []*fanMiner
	patterns *patternMiner
	fresh    *freshMiner
	models   *modelMiner // the learned scorer's alerts
	started  bool
	begin    int64 // time of the first observed transaction
	clock    int64

	currencyIndex map[string]uint16
	currencyName  []string

	rowsOn bool // rows are computed: for Config.Rows or the scorer
	flow   dataflow

	// Per-batch scratch, reused.
	scores  []float64
	prep    []txPrep
	status  []Status
	rows    Rows
	keyBufs [][]byte
	seqs    []uint64
	gaps    []accountGaps // per transaction of the batch, from insert
}

// accountGaps are how long before a transaction its accounts' previous
// edges came: the originator's out and in, the beneficiary's in and out,
// in hours, capped at the retention (a read never looks further back).
type accountGaps [4]float32

type groupAt[G featureGroup] struct {
	g   G
	off int
}

// txPrep is what the parallel first phase learns about a transaction.
type txPrep struct {
	time             int64
	idHash           uint64
	src, dst         node
	srcKey, dstKey   keyKind
	currency, recvCu uint16
	curNew, recvNew  bool
	channel          uint8
	err              error
}

// keyKind says where an endpoint's account key comes from.
type keyKind uint8

const (
	keyNone         keyKind = iota // no account (cash)
	keyAccount                     // the transaction's account field
	keyCounterparty                // the off-us counterparty
)

// New makes an engine.
func New(cfg Config) (*Engine, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, seed: maphash.MakeSeed(), currencyIndex: map[string]uint16{"": 0}, currencyName: []string{""}}
	e.log.init()
	e.arena.init()
	e.nodes.init()
	e.ids.init(0)

	e.featureView = e.viewFor(cfg.FeatureWindow)
	e.rowsOn = cfg.Rows || cfg.Scorer != nil
	wants := func(g string) bool { return e.rowsOn && slices.Contains(cfg.Features, g) }
	if wants(GroupStats) || wants(GroupChannel) {
		e.featureView.enableStats(e.nodes.len())
	}
	if wants(GroupGatherScatter) || wants(GroupScatterGather) {
		e.scatterView = e.viewFor(cfg.ScatterWindow)
		e.scatterView.degrees = true
	}
	if wants(GroupCycle) {
		e.cycleView = e.viewFor(cfg.CycleWindow)
		e.cycleView.degrees = true
	}
	bit := 0
	novelty := func(v *view) {
		if !v.novelty {
			v.enableNovelty(bit, int64(cfg.NoveltyMemory), float64(cfg.BaselinePeriod), e.nodes.len())
			bit++
		}
	}
	if wants(GroupHistory) || !cfg.Patterns.Off {
		e.historyView = e.viewFor(cfg.PatternWindow)
		novelty(e.historyView)
	}
	for _, spec := range []struct {
		fc  FanConfig
		dir direction
	}{{cfg.FanIn, inward}, {cfg.FanOut, outward}} {
		if spec.fc.Off {
			continue
		}
		v := e.viewFor(spec.fc.Window)
		novelty(v)
		m := newFanMiner(e, spec.dir, spec.fc, v)
		e.miners = append(e.miners, m)
		v.miners = append(v.miners, m)
	}
	for range cfg.Workers {
		e.searchers = append(e.searchers, newSearcher(e))
	}
	if !cfg.Patterns.Off {
		e.historyView.degrees = true
		e.patterns = newPatternMiner(e, e.historyView)
	}
	if !cfg.NewAccounts.Off {
		e.fresh = newFreshMiner(e)
	}
	for _, v := range e.views {
		e.retention = max(e.retention, v.window)
	}
	e.keep = max(e.retention, 2*int64(cfg.NoveltyMemory))
	e.sweepEvery = max(e.retention, int64(24*time.Hour))

	var groups []featureGroup
	off := 0
	for _, d := range featureGroupDefs {
		if !slices.Contains(cfg.Features, d.name) {
			continue
		}
		g := d.make(e)
		switch g := g.(type) {
		case txFeatures:
			e.txGrp = append(e.txGrp, groupAt[txFeatures]{g, off})
		case insertFeatures:
			if e.rowsOn {
				g.view().groups = append(g.view().groups, groupAt[insertFeatures]{g, off})
			}
		case batchFeatures:
			e.batGrp = append(e.batGrp, groupAt[batchFeatures]{g, off})
		default:
			return nil, fmt.Errorf("feature group %q has no extraction phase", d.name)
		}
		groups = append(groups, g)
		off += len(g.specs())
	}
	if e.schema, err = newSchema(groups); err != nil {
		return nil, err
	}
	if cfg.Scorer != nil {
		e.models = newModelMiner(e)
		if cfg.Scorer.Model == nil {
			return nil, fmt.Errorf("%w: Scorer has no model", ErrConfig)
		}
		if err := cfg.Scorer.Model.CheckFeatures(e.schema.Names()); err != nil {
			return nil, fmt.Errorf("%w: %w: the model was trained on other features than this engine computes (configure the engine with the scorer's Features.Apply): %w", ErrConfig, ErrScorer, err)
		}
	}
	e.rows.Schema = e.schema
	return e, nil
}

// viewFor returns the view of the given window, making it when new.
func (e *Engine) viewFor(w time.Duration) *view {
	for _, v := range e.views {
		if v.window == int64(w) {
			return v
		}
	}
	v := newView(int64(w), e.nodes.len())
	e.views = append(e.views, v)
	return v
}

// Config returns the engine's configuration, with defaults filled in.
func (e *Engine) Config() Config { return e.cfg }

// Schema returns the features of the rows the engine produces.
func (e *Engine) Schema() *Schema { return e.schema }

// Stats describes the engine's state, for monitoring and benchmarks.
type Stats struct {
	Clock    time.Time // timestamp of the latest observed transaction
	Edges    int       // transactions retained in the edge log
	Accounts int       // accounts interned
	Pairs    int       // distinct account pairs, summed over windows
	Episodes int       // open pattern episodes
	// Bounded counts the searches that stopped at their budget.
	Bounded BoundCounts
}

// Stats returns the engine's current state.
func (e *Engine) Stats() Stats {
	s := Stats{Edges: e.log.len(), Accounts: e.nodes.live()}
	if e.started {
		s.Clock = time.Unix(0, e.clock).UTC()
	}
	for _, v := range e.views {
		s.Pairs += v.pairs.len()
		s.Bounded.MinMax += v.bounded
	}
	for _, w := range e.searchers {
		s.Bounded.add(w.bounded)
	}
	for _, m := range e.miners {
		s.Episodes += len(m.episodes)
	}
	if e.patterns != nil {
		s.Episodes += len(e.patterns.episodes)
	}
	return s
}

// minParallel is the smallest batch worth splitting across goroutines.
const minParallel = 64

// Observe adds a batch of transactions, in time order, to the graph; computes
// their features (when Config.Rows is set) and runs the pattern miners.
//
// Each transaction's features describe the window ending at its own
// timestamp, including itself and every transaction observed before it
// (earlier batches and earlier positions in this batch) and nothing after:
// the results do not depend on how the stream is cut into batches.
//
// Transactions whose ID was already observed within the retention horizon
// are Duplicate and ignored; unusable ones are Invalid. A transaction older
// than the clock by more than Config.Lateness makes Observe return an error
// wrapping ErrOutOfOrder without applying any of the batch.
func (e *Engine) Observe(batch []model.Transaction) (Result, error) {
	n := len(batch)
	e.prep = grow(e.prep, n)
	e.status = grow(e.status, n)
	width := e.schema.Len()
	if e.rowsOn {
		e.rows.Values = grow(e.rows.Values, n*width)
	}
	if len(e.keyBufs) < e.cfg.Workers {
		e.keyBufs = make([][]byte, e.cfg.Workers)
	}

	// Phase 1, parallel: validate, hash IDs, look up known accounts and
	// currencies (read-only), compute per-transaction features.
	e.parallel(n, func(lo, hi, w int) {
		for i := lo; i < hi; i++ {
			e.prepare(&batch[i], &e.prep[i], w)
			if e.rowsOn {
				row := e.rows.Values[i*width : (i+1)*width]
				if e.prep[i].err != nil {
					clear(row)
					continue
				}
				for _, g := range e.txGrp {
					g.g.fromTx(&batch[i], row[g.off:])
				}
			}
		}
	})

	// Time order, checked before anything changes.
	clock, started := e.clock, e.started
	for i := range n {
		p := &e.prep[i]
		if p.err != nil {
			continue
		}
		if started && p.time < clock-int64(e.cfg.Lateness) {
			return Result{}, fmt.Errorf("%w: transaction %q at %s is before %s, the latest time already observed (tolerance %v)",
				ErrOutOfOrder, batch[i].ID, batch[i].Time.UTC().Format(time.RFC3339), time.Unix(0, clock).UTC().Format(time.RFC3339), e.cfg.Lateness)
		}
		if !started || p.time > clock {
			clock, started = p.time, true
		}
	}

	// Phase 2, sequential: deduplicate, intern, append to the log.
	res := Result{Status: e.status}
	e.seqs = grow(e.seqs, n)
	e.gaps = grow(e.gaps, n)
	for i := range n {
		tx, p := &batch[i], &e.prep[i]
		e.seqs[i] = 0
		if p.err != nil {
			res.Status[i] = Invalid
			res.Invalid++
			res.Problems = append(res.Problems, Problem{Index: i, ID: tx.ID, Err: p.err})
			continue
		}
		if e.ids.addUnlessPresent(p.idHash, tx.ID, max(p.time, e.clock)-e.retention, e.log.next, &e.log, &e.arena) != 0 {
			res.Status[i] = Duplicate
			res.Duplicates++
			if e.rowsOn {
				clear(e.rows.Values[i*width : (i+1)*width])
			}
			continue
		}
		res.Status[i] = Accepted
		res.Accepted++
		e.seqs[i] = e.insert(tx, p, &e.gaps[i])
	}

	// Phases 3 and 4, a dataflow over chunks of the batch (pipeline.go):
	// each view counts the chunks in order and runs what reads its
	// counters right after each insertion (fan, stats, channel and history
	// features, the fan miners); then, per chunk, the searches as of each
	// transaction (scatter-gather, cycles, flow, the structural miners) and
	// the learned scorer over the finished rows.
	if err := e.graphPhases(batch, &res, width); err != nil {
		return Result{}, err
	}

	// Phase 5: alerts, then forget what no window needs.
	if e.models != nil {
		res.Alerts = e.models.flush(res.Alerts)
	}
	for _, m := range e.miners {
		res.Alerts = m.flush(res.Alerts)
	}
	if e.patterns != nil {
		res.Alerts = e.patterns.flush(res.Alerts)
	}
	if e.fresh != nil {
		res.Alerts = e.fresh.settle(e.clock, res.Alerts)
	}
	e.trim()
	if e.cfg.Rows {
		e.rows.Values = e.rows.Values[:n*width]
		res.Rows = &e.rows
	}
	res.Status = res.Status[:n]
	return res, nil
}

// Flush ends a stream: the patterns among new accounts that are still
// open are judged as they stand (NewAccountConfig), and the alerts they
// raise are returned. Call it after the last batch. The engine may observe
// more batches afterwards; accounts still new then start afresh.
func (e *Engine) Flush() []model.Alert {
	if e.fresh == nil {
		return nil
	}
	out := e.fresh.settle(maxTime.UnixNano(), nil)
	e.fresh.finish()
	return out
}

// grow returns s resized to n elements, reusing its memory when it can.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

var minTime, maxTime = time.Unix(0, math.MinInt64+1), time.Unix(0, math.MaxInt64)

// prepare fills p from tx without changing the engine.
func (e *Engine) prepare(tx *model.Transaction, p *txPrep, worker int) {
	*p = txPrep{}
	invalid := func(format string, args ...any) {
		p.err = fmt.Errorf("%w %q: "+format, append([]any{ErrInvalidTransaction, tx.ID}, args...)...)
	}
	if tx.ID == "" {
		invalid("no transaction ID; the engine needs IDs to deduplicate and to cite evidence")
		return
	}
	if tx.Time.Before(minTime) || tx.Time.After(maxTime) {
		invalid("timestamp %s is outside the years 1678–2262", tx.Time.UTC().Format(time.RFC3339))
		return
	}
	recv, recvCur := tx.Received()
	for _, a := range [2]float64{tx.Amount, recv} {
		if !(a >= 0 && a <= MaxAmount) { // also catches NaN
			invalid("amount %v is not between 0 and %g", a, float64(MaxAmount))
			return
		}
	}
	p.time = tx.Time.UnixNano()
	p.idHash = maphash.String(e.seed, tx.ID)

	cp := !tx.Counterparty.IsZero()
	switch {
	case tx.Originator != "":
		p.srcKey = keyAccount
	case tx.Beneficiary != "" && cp:
		p.srcKey = keyCounterparty
	}
	switch {
	case tx.Beneficiary != "":
		p.dstKey = keyAccount
	case tx.Originator != "" && cp:
		p.dstKey = keyCounterparty
	}
	if tx.Originator == "" && tx.Beneficiary == "" {
		invalid("neither an originator nor a beneficiary account")
		return
	}
	p.src = e.lookupNode(tx, p.srcKey, tx.Originator, worker)
	p.dst = e.lookupNode(tx, p.dstKey, tx.Beneficiary, worker)
	var ok bool
	if p.currency, ok = e.currencyIndex[tx.Currency]; !ok {
		p.curNew = true
	}
	if p.recvCu, ok = e.currencyIndex[recvCur]; !ok {
		p.recvNew = true
	}
	p.channel = uint8(tx.Channel.Index() + 1)
}

// lookupNode returns the node of an endpoint if it is already interned.
func (e *Engine) lookupNode(tx *model.Transaction, kind keyKind, account string, worker int) node {
	switch kind {
	case keyAccount:
		return e.nodes.index[account]
	case keyCounterparty:
		buf := appendCounterpartyKey(e.keyBufs[worker][:0], &tx.Counterparty)
		e.keyBufs[worker] = buf
		return e.nodes.index[string(buf)]
	}
	return 0
}

// appendCounterpartyKey appends the account key of an off-us counterparty:
// "offus:BANK:ACCOUNT" when its account is known, else
// "offus:COUNTRY:NAME".
func appendCounterpartyKey(b []byte, c *model.Counterparty) []byte {
	b = append(b, "offus:"...)
	if c.Account != "" {
		b = append(b, c.Bank...)
		b = append(b, ':')
		return append(b, c.Account...)
	}
	b = append(b, c.Country...)
	b = append(b, ':')
	return append(b, c.Name...)
}

// resolveNode interns an endpoint that phase 1 did not find.
func (e *Engine) resolveNode(tx *model.Transaction, kind keyKind, account string, now int64) node {
	var key string
	switch kind {
	case keyNone:
		return 0
	case keyAccount:
		key = account
	case keyCounterparty:
		key = string(appendCounterpartyKey(nil, &tx.Counterparty))
	}
	n, created, grown := e.nodes.intern(key, now)
	for _, v := range e.views {
		if grown {
			v.grow(e.nodes.len())
		}
		if created {
			v.reset(n)
		}
	}
	if created {
		e.nodes.st[n].isNew = e.isNewAccount(key, now)
	}
	return n
}

// isNewAccount says whether an account first seen at time t is a new
// account (NewAccountConfig): by its opening date when AccountOpened knows
// it, else by how long the engine had watched the stream.
func (e *Engine) isNewAccount(key string, t int64) bool {
	if e.cfg.AccountOpened != nil {
		if opened, ok := e.cfg.AccountOpened(key); ok {
			return opened.UnixNano() >= t-int64(e.cfg.NewAccounts.Young)
		}
	}
	return t-e.begin >= int64(e.cfg.NewAccounts.Settle)
}

// wake forgets what the engine knew about account n when it has been idle
// for longer than the engine remembers (max(retention, 2 × NoveltyMemory)):
// it comes back as a new account. Sweeps release such accounts only from
// time to time, at the end of a batch; forgetting them here, as they come
// back, makes the result the same whether or not a sweep has run, and so
// independent of how the stream is cut into batches.
func (e *Engine) wake(n node, t int64) {
	if n == 0 || e.nodes.st[n].lastSeen > t-e.keep {
		return
	}
	e.nodes.st[n].firstSeen = t
	e.nodes.st[n].isNew = e.isNewAccount(e.nodes.name[n], t)
	e.nodes.st[n].lastOut, e.nodes.st[n].lastIn = 0, 0
	e.nodes.st[n].lastOutTime, e.nodes.st[n].lastInTime = 0, 0
	for _, v := range e.views {
		v.reset(n)
	}
}

func (e *Engine) currency(code string) uint16 {
	if i, ok := e.currencyIndex[code]; ok {
		return i
	}
	if len(e.currencyName) >= math.MaxUint16 {
		return 0 // absurd stream; fall back to "unknown currency"
	}
	i := uint16(len(e.currencyName))
	e.currencyIndex[code] = i
	e.currencyName = append(e.currencyName, code)
	return i
}

// insert appends an accepted transaction to the edge log and links it into
// its accounts' adjacency; the views count it later (runView).
func (e *Engine) insert(tx *model.Transaction, p *txPrep, gaps *accountGaps) uint64 {
	t := max(p.time, e.clock)
	if !e.started {
		t = p.time
		e.started = true
		e.begin = t
		e.lastSweep = t
	}
	e.clock = t
	src, dst := p.src, p.dst
	if src == 0 {
		src = e.resolveNode(tx, p.srcKey, tx.Originator, t)
	}
	if dst == 0 {
		dst = e.resolveNode(tx, p.dstKey, tx.Beneficiary, t)
	}
	e.wake(src, t)
	e.wake(dst, t)
	gap := func(prev int64) float32 {
		if prev == 0 || prev <= t-e.retention {
			return float32(float64(e.retention) / float64(time.Hour))
		}
		return float32(float64(t-prev) / float64(time.Hour))
	}
	*gaps = accountGaps{}
	if src != 0 {
		gaps[0], gaps[1] = gap(e.nodes.st[src].lastOutTime), gap(e.nodes.st[src].lastInTime)
	}
	if dst != 0 {
		gaps[2], gaps[3] = gap(e.nodes.st[dst].lastInTime), gap(e.nodes.st[dst].lastOutTime)
	}
	cur, recvCur := p.currency, p.recvCu
	recv, recvCode := tx.Received()
	if p.curNew {
		cur = e.currency(tx.Currency)
	}
	if p.recvNew {
		recvCur = e.currency(recvCode)
	}
	seq := e.log.push(edge{
		idPos: e.arena.put(tx.ID), idLen: uint32(len(tx.ID)), idHash: p.idHash, time: t,
		amount: tx.Amount, received: recv,
		prevOut: e.nodes.st[src].lastOut, prevIn: e.nodes.st[dst].lastIn,
		srcIn: e.nodes.st[src].lastIn, dstOut: e.nodes.st[dst].lastOut,
		src: src, dst: dst, currency: cur, currencyRecv: recvCur, channel: p.channel,
	})
	ed := e.log.at(seq)
	if src != 0 {
		e.nodes.st[src].lastOut = seq
		e.nodes.st[src].lastOutTime = t
		e.nodes.st[src].lastSeen = t
	} else {
		ed.prevOut, ed.srcIn = 0, 0
	}
	if dst != 0 {
		e.nodes.st[dst].lastIn = seq
		e.nodes.st[dst].lastInTime = t
		e.nodes.st[dst].lastSeen = t
	} else {
		ed.prevIn, ed.dstOut = 0, 0
	}
	if e.fresh != nil {
		e.fresh.observe(ed)
	}
	return seq
}

// graphPhases runs phases 3 and 4 of Observe over the inserted batch: the
// views' counting and what reads it, the searches and the scorer, as a
// dataflow over chunks (pipeline.go).
func (e *Engine) graphPhases(batch []model.Transaction, res *Result, width int) error {
	n := len(batch)
	for _, v := range e.views {
		if v.degrees {
			v.degs = grow(v.degs, n)
		}
	}
	searchRows := e.rowsOn && len(e.batGrp) > 0
	mine := e.patterns != nil && res.Accepted > 0
	if searchRows || mine {
		for _, w := range e.searchers {
			w.prepare()
		}
	}
	size := chunkFor(n)
	chunks := (n + size - 1) / size
	if mine {
		e.patterns.found = grow(e.patterns.found, chunks)
		for c := range e.patterns.found {
			e.patterns.found[c] = e.patterns.found[c][:0]
		}
	}
	scoring := e.cfg.Scorer != nil
	if scoring {
		e.scores = grow(e.scores, n)
	}
	do := func(t flowTask, worker int) {
		lo, hi := t.chunk*size, min(n, (t.chunk+1)*size)
		switch t.kind {
		case taskCount:
			e.count(e.views[t.view], lo, hi, width)
		case taskSearch:
			w := e.searchers[worker]
			for i := lo; i < hi; i++ {
				s := e.seqs[i]
				if s == 0 {
					continue
				}
				ed := e.log.at(s)
				if searchRows {
					row := e.rows.Values[i*width : (i+1)*width]
					for _, g := range e.batGrp {
						g.g.inBatch(w, i, s, ed, row[g.off:])
					}
				}
				if mine {
					e.patterns.search(w, i, s, ed, &e.patterns.found[t.chunk])
				}
			}
		case taskScore:
			e.scoreRows(res, lo, hi, width)
		}
	}
	e.flow.reset(len(e.views), chunks, searchRows || mine, scoring)
	if e.cfg.Workers > 1 && n >= minParallel {
		e.flow.run(e.cfg.Workers, do)
	} else {
		for c := range chunks {
			for v := range e.views {
				do(flowTask{kind: taskCount, view: v, chunk: c}, 0)
			}
			if searchRows || mine {
				do(flowTask{kind: taskSearch, chunk: c}, 0)
			}
			if scoring {
				do(flowTask{kind: taskScore, chunk: c}, 0)
			}
		}
	}
	if mine {
		e.patterns.merge()
	}
	if scoring {
		return e.scoreAlerts(batch, res, width)
	}
	return nil
}

// count brings view v up to date with the batch's accepted edges lo…hi−1,
// in order, running its feature groups and miners after each one.
func (e *Engine) count(v *view, lo, hi, width int) {
	for i := lo; i < hi; i++ {
		s := e.seqs[i]
		if s == 0 {
			continue
		}
		ed := e.log.at(s)
		v.expire(ed.time, &e.log, &e.nodes)
		v.add(ed, &e.nodes)
		if v.degrees {
			cs, cd := &v.c[ed.src], &v.c[ed.dst]
			d := endpointDegrees{srcIn: cs.degIn, srcOut: cs.degOut, dstIn: cd.degIn, dstOut: cd.degOut,
				srcNewIn: cs.novelIn, srcNewOut: cs.novelOut, dstNewIn: cd.novelIn, dstNewOut: cd.novelOut}
			if e.patterns != nil && v == e.patterns.v {
				d.srcGS = e.patterns.hubSurprise(ed.src, ed.time)
				d.dstGS = e.patterns.hubSurprise(ed.dst, ed.time)
				epoch := floorDiv(ed.time, v.period)
				d.srcKnown = float32(v.known[ed.src].size(epoch))
				d.dstKnown = float32(v.known[ed.dst].size(epoch))
			}
			v.degs[i] = d
		}
		if len(v.groups) > 0 {
			row := e.rows.Values[i*width : (i+1)*width]
			for _, g := range v.groups {
				g.g.onInsert(i, s, ed, row[g.off:])
			}
		}
		for _, m := range v.miners {
			m.observe(s, ed)
		}
	}
}

// trim drops the edges no window needs any more and, from time to time,
// the accounts idle for longer than the engine remembers anything about
// them.
func (e *Engine) trim() {
	limit := e.clock - e.retention
	for e.log.head < e.log.next {
		ed := e.log.at(e.log.head)
		if ed.time > limit {
			break
		}
		e.ids.remove(ed.idHash, e.log.head)
		*ed = edge{}
		e.log.head++
	}
	if e.log.head < e.log.next {
		e.arena.release(e.log.at(e.log.head).idPos)
	} else {
		e.arena.release(e.arena.next)
	}
	if e.clock-e.lastSweep < e.sweepEvery {
		return
	}
	e.lastSweep = e.clock
	for _, m := range e.miners {
		m.sweep(e.clock)
	}
	if e.models != nil {
		e.models.sweep(e.clock)
	}
	if e.patterns != nil {
		e.patterns.sweep(e.clock)
	}
	idle := e.clock - e.keep
	for n := 1; n < e.nodes.len(); n++ {
		if e.nodes.name[n] != "" && e.nodes.st[n].lastSeen <= idle {
			e.nodes.release(node(n))
		}
	}
}
