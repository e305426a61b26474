package rules

import (
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/expr-lang/expr/vm"
)

// Options tune an Engine. The zero value gives the defaults.
type Options struct {
	// FirstSeenWarmUp is how long the engine must have watched the stream
	// before it calls a counterparty "new" (first seen): without it every
	// counterparty would be new at the start of a stream. An account opened
	// shortly before the stream's first day needs only as long as the
	// history the stream missed (from its opening to that day); one opened
	// on or after it, none. Default 30 days.
	FirstSeenWarmUp time.Duration
	// CounterpartyMemory is how long a counterparty stays known after the
	// last transaction with it. Default 180 days.
	CounterpartyMemory time.Duration
	// MaxEvidence caps the evidence transaction IDs of one alert. Default
	// 1,000.
	MaxEvidence int
	// SweepEvery is the number of transactions between sweeps that expire
	// the windows of idle accounts, which bounds memory by the longest
	// window. Default 65,536.
	SweepEvery int
	// Peers are the peer statistics rules compare customers with (the
	// peers.* fields). Nil: no peer group is available, and rules that
	// require "peers" are not evaluable.
	Peers *Peers
	// OnboardingWindow is how far back network.onboarded_recent and
	// network.onboarded_unexplained count an employee's onboardings.
	// Default 365 days.
	OnboardingWindow time.Duration
}

func (o Options) withDefaults() Options {
	if o.FirstSeenWarmUp <= 0 {
		o.FirstSeenWarmUp = 30 * 24 * time.Hour
	}
	if o.CounterpartyMemory <= 0 {
		o.CounterpartyMemory = 180 * 24 * time.Hour
	}
	if o.MaxEvidence <= 0 {
		o.MaxEvidence = 1000
	}
	if o.SweepEvery <= 0 {
		o.SweepEvery = 1 << 16
	}
	if o.OnboardingWindow <= 0 {
		o.OnboardingWindow = 365 * 24 * time.Hour
	}
	return o
}

// RuleStats counts what one rule did in an engine.
type RuleStats struct {
	Rule    string `json:"rule"`
	Version string `json:"version"`
	// Evaluated counts evaluations of the condition; Fired those that were
	// true; Alerts the distinct alerts opened (firings merge into one alert
	// while they keep coming within the rule's cooldown).
	Evaluated int64 `json:"evaluated"`
	Fired     int64 `json:"fired"`
	Alerts    int64 `json:"alerts"`
	// NotEvaluable counts triggering transactions on which the rule could
	// not run because the subject's data lacks a required field.
	NotEvaluable int64 `json:"not_evaluable"`
	// Subjects and NotEvaluableSubjects count distinct accounts evaluated
	// at least once, and not evaluable at least once.
	Subjects             int64 `json:"subjects"`
	NotEvaluableSubjects int64 `json:"not_evaluable_subjects"`
	// Missing counts, per requirement, the subjects that lacked it.
	Missing map[string]int64 `json:"missing,omitempty"`
	// Errors counts expressions that failed at run time (an index out of
	// range, say); LastError is the last such message.
	Errors    int64  `json:"errors"`
	LastError string `json:"last_error,omitempty"`
}

// Engine runs a library over a stream of transactions in time order,
// keeping the windowed aggregates of every account incrementally. It is
// not safe for concurrent use; run one engine per goroutine over disjoint
// sets of accounts to use several cores.
type Engine struct {
	lib       *Library
	kyc       KYC
	opts      Options
	env       *env
	vm        vm.VM
	accounts  map[string]*accountRef // every account seen, with its state when this engine watches it
	active    []int                  // aggregates the rules read (library indices)
	slot      []int                  // library index → position in accountState.aggs, -1 when inactive
	stats     []RuleStats
	out       []model.Alert
	gen       uint64   // generation of the views in env
	viewGen   []uint64 // per aggregate: generation its view was filled at
	idx       []uint64 // scratch: evidence event indices
	clock     int64    // latest time seen
	shard     int      // this engine's share of the customers, when shards > 1
	shards    int
	partyOpen map[partyRule]*openAlert // open alerts of party-subject rules
	start     int64                    // midnight UTC of the day of the first transaction seen
	started   bool
	observed  int
	nextSweep int
	trackNew  [3][16]bool  // [direction][channel index+1]: record first-seen counterparties
	cands     [3][16][]int // [direction][channel index+1]: active aggregates whose direction and channels admit it
	payroll   bool         // some aggregate or rule reads the payroll flag
	netKYC    NetworkKYC   // the KYC's network view, nil when it has none
	network   bool         // some rule reads network.*
	cpParty   bool         // some rule reads the on-us counterparty's owner
}

// NewEngine returns an engine for the library, asking kyc about accounts.
func NewEngine(lib *Library, kyc KYC, opts Options) *Engine {
	e := &Engine{
		lib:       lib,
		kyc:       kyc,
		opts:      opts.withDefaults(),
		env:       lib.layout.newEnv(),
		accounts:  map[string]*accountRef{},
		stats:     make([]RuleStats, len(lib.rules)),
		viewGen:   make([]uint64, len(lib.aggs)),
		slot:      make([]int, len(lib.aggs)),
		partyOpen: map[partyRule]*openAlert{},
	}
	act := lib.active()
	for i := range lib.aggs {
		e.slot[i] = -1
		if act.has(i) {
			e.slot[i] = len(e.active)
			e.active = append(e.active, i)
			if lib.aggs[i].payroll != triUnset {
				e.payroll = true
			}
		}
	}
	for i, r := range lib.rules {
		e.stats[i] = RuleStats{Rule: r.ID, Version: r.Version}
		e.payroll = e.payroll || r.payroll
		e.network = e.network || r.network
		e.cpParty = e.cpParty || r.cpParty
	}
	e.netKYC, _ = kyc.(NetworkKYC)
	e.nextSweep = e.opts.SweepEvery
	e.planFirstSeen()
	for _, d := range []direction{dirIn, dirOut} {
		for ch := -1; ch < len(model.Channels); ch++ {
			for _, i := range e.active {
				s := e.lib.aggs[i]
				if (s.dir == dirAny || s.dir == d) && (s.channels == 0 || (ch >= 0 && s.channels.has(ch))) && (s.exclude == 0 || ch < 0 || !s.exclude.has(ch)) {
					e.cands[d][ch+1] = append(e.cands[d][ch+1], i)
				}
			}
		}
	}
	return e
}

// planFirstSeen decides on which transactions the engine records
// counterparties for first-seen: those a rule reading tx.new_counterparty
// sees (all of them), and those that can enter an aggregate counting or
// filtering new counterparties. Card spend, for one, need not be tracked
// when only dispersal aggregates ask.
func (e *Engine) planFirstSeen() {
	all := false
	for _, r := range e.lib.rules {
		all = all || r.firstSeen
	}
	for _, d := range []direction{dirIn, dirOut} {
		for ch := -1; ch < len(model.Channels); ch++ {
			track := all
			for _, i := range e.active {
				s := e.lib.aggs[i]
				if !s.needNew && s.newCounterparty == triUnset {
					continue
				}
				dirOK := s.dir == dirAny || s.dir == d
				chOK := (ch < 0 && s.channels == 0) || (ch >= 0 && s.channels.has(ch) && (s.exclude == 0 || !s.exclude.has(ch)))
				track = track || (dirOK && chOK)
			}
			e.trackNew[d][ch+1] = track
		}
	}
}

// accountState is everything the engine keeps about one account.
type accountState struct {
	id      string
	win     window
	aggs    []aggState // per active aggregate, in Engine.active order
	seen    lastSeen   // counterparty → last transaction, for first-seen
	lastAt  int64
	opened  int64 // account opening date, 0 when unknown
	nextExp int64 // when some aggregate's oldest event leaves its window

	acct     *model.Account
	party    *model.Party
	kyc      KYCView
	acctView AccountView
	net      *PartyNetwork // nil: no links, not an employee
	netView  NetworkView
	static   []uint8 // per rule: the static conjuncts' result (staticUnknown until computed)
	netFrom  int64   // the view holds from this time…
	netUntil int64   // …until this one (0: for ever)
	peerView PeerView
	present  reqMask

	open      []*openAlert // per rule, nil when none
	evaluated []uint64     // per rule bit: evaluated at least once
	notEval   []uint64     // per rule bit: not evaluable at least once
}

type openAlert struct {
	alert model.Alert
	last  int64
	have  map[string]bool
}

// partyRule keys the open alert of a party-subject rule.
type partyRule struct {
	party string
	rule  int
}

// Observe feeds one transaction to the engine and returns the alerts it
// opened or updated. An alert keeps its ID while it grows; a later version
// supersedes an earlier one. The returned slice is reused by the next call;
// the alerts in it are the caller's.
func (e *Engine) Observe(tx *model.Transaction) []model.Alert {
	e.out = e.out[:0]
	e.observed++
	if e.observed >= e.nextSweep {
		e.sweep()
		// Sweeping visits every account: space sweeps so that each costs
		// at most a few account visits per transaction.
		e.nextSweep = e.observed + max(e.opts.SweepEvery, 2*len(e.accounts))
	}
	now := tx.Time.UnixNano()
	e.clock = max(e.clock, now)
	if !e.started {
		e.started, e.start = true, now-now%int64(24*time.Hour)
	}
	ch := tx.Channel.Index()
	var oref, bref *accountRef
	if tx.Originator != "" {
		oref = e.ref(tx.Originator)
	}
	if tx.Beneficiary != "" && tx.Beneficiary != tx.Originator {
		bref = e.ref(tx.Beneficiary)
	}
	if oref.state() == nil && bref.state() == nil {
		return e.out
	}
	self := oref != nil && bref != nil && sameOwner(oref.acct, bref.acct)
	if st := oref.state(); st != nil {
		e.side(st, tx, dirOut, ch, tx.Beneficiary, bref, self)
	}
	if st := bref.state(); st != nil {
		e.side(st, tx, dirIn, ch, tx.Originator, oref, self)
	}
	return e.out
}

// accountRef is what the engine knows of an account it has seen: its
// records, and its state when this engine watches it. Another bank's
// account has neither; another shard's account has records and no state.
type accountRef struct {
	acct  *model.Account
	party *model.Party
	st    *accountState
}

func (r *accountRef) state() *accountState {
	if r == nil {
		return nil
	}
	return r.st
}

// ref returns the account's entry, asking the KYC on first sight. Shards
// split customers, not accounts: an account goes with its owner (the first
// owner the KYC knows), so that rules about a party see all its accounts in
// one engine.
func (e *Engine) ref(id string) *accountRef {
	if r, ok := e.accounts[id]; ok {
		return r
	}
	acct, party, held := e.kyc.Lookup(id)
	r := &accountRef{acct: acct, party: party}
	if held && e.mine(id, party) {
		r.st = e.newState(id, acct, party)
	}
	e.accounts[id] = r
	return r
}

// mine reports whether the account of the given owner falls to this
// engine's shard.
func (e *Engine) mine(id string, owner *model.Party) bool {
	if e.shards <= 1 {
		return true
	}
	key := id
	if owner != nil {
		key = owner.ID
	}
	return int(hashString(key)%uint64(e.shards)) == e.shard
}

// Stats returns the per-rule counters, in the library's order.
func (e *Engine) Stats() []RuleStats {
	out := slices.Clone(e.stats)
	for i := range out {
		out[i].Missing = maps.Clone(out[i].Missing)
	}
	return out
}

func sameOwner(a, b *model.Account) bool {
	if a == nil || b == nil {
		return false
	}
	for _, o := range a.Owners {
		if slices.Contains(b.Owners, o) {
			return true
		}
	}
	return false
}

// newState makes the state of an account the engine watches.
func (e *Engine) newState(id string, acct *model.Account, party *model.Party) *accountState {
	words := (len(e.lib.rules) + 63) / 64
	st := &accountState{
		id:        id,
		aggs:      make([]aggState, len(e.active)),
		open:      make([]*openAlert, len(e.lib.rules)),
		evaluated: make([]uint64, words),
		notEval:   make([]uint64, words),
	}
	for k := range st.aggs {
		st.aggs[k].next = math.MaxInt64
	}
	st.nextExp = math.MaxInt64
	e.refresh(st, acct, party)
	return st
}

// Refresh asks the KYC about the account again: call it when the
// account's or its owner's records change. The account's windows and
// alerts are kept.
func (e *Engine) Refresh(accountID string) {
	r, ok := e.accounts[accountID]
	if !ok {
		return
	}
	if r.st == nil {
		delete(e.accounts, accountID) // asked again on next sight
		return
	}
	acct, party, held := e.kyc.Lookup(accountID)
	if !held {
		return // keep the state; the account stays evaluated as before
	}
	r.acct, r.party = acct, party
	e.refresh(r.st, acct, party)
}

// refresh rebuilds the account's cached views from its records.
func (e *Engine) refresh(st *accountState, acct *model.Account, party *model.Party) {
	st.acct, st.party = acct, party
	st.kyc = kycView(party)
	st.acctView = accountView(acct)
	st.acctView.ID = st.id
	if party != nil {
		st.acctView.OwnerKind = string(party.Kind)
	}
	st.present = subjectMask(party, acct)
	st.opened = 0
	if acct != nil && !acct.Opened.IsZero() {
		st.opened = acct.Opened.UnixNano()
	}
	st.net, st.netView, st.netFrom, st.netUntil = nil, NetworkView{}, 0, 0
	clear(st.static)
	if e.netKYC != nil && party != nil {
		st.net = e.netKYC.Network(party.ID)
		st.netView = NetworkView{Available: true}
		st.present |= 1 << reqNetwork
	}
	st.peerView = peerView(e.opts.Peers.For(party))
	if st.peerView.Available {
		st.present |= 1 << reqPeers
	}
}

// side runs the library for one account's side of a transaction.
func (e *Engine) side(st *accountState, tx *model.Transaction, dir direction, ch int, other string, oref *accountRef, self bool) {
	now := tx.Time.UnixNano()
	if now < st.lastAt {
		now = st.lastAt // late transactions join the current window
	}
	st.lastAt = now

	amount, currency := tx.Amount, tx.Currency
	if dir == dirIn {
		amount, currency = tx.Received()
	}
	cpName, cpHash := counterpartyKey(tx, other)
	ev := event{
		at: now, amount: amount, tx: tx.ID, branch: tx.Branch, cp: cpHash,
		branchH: hashString(tx.Branch), country: toCountry(tx.Counterparty.Country),
		channel: int8(ch), dir: dir,
	}
	if self {
		ev.flags |= flagSelf
	}
	if e.payroll && dir == dirIn && IsPayroll(tx) {
		ev.flags |= flagPayroll
	}
	if e.trackNew[dir][ch+1] && e.firstSeen(st, cpHash, now) {
		ev.flags |= flagNew
	}

	// Update the aggregates: add the event to those it belongs to, then,
	// when some window is due, expire what left it.
	for _, i := range e.cands[dir][ch+1] {
		if e.lib.aggs[i].match(&ev, tx, st.kyc.ExpectedCountries, st.acctView.Branch) {
			ev.mask.add(i)
		}
	}
	if !ev.mask.empty() {
		h := st.win.head()
		st.win.ev = append(st.win.ev, ev)
		added := &st.win.ev[len(st.win.ev)-1]
		for w, word := range ev.mask {
			for word != 0 {
				i := w*64 + bits.TrailingZeros64(word)
				word &= word - 1
				spec, a := e.lib.aggs[i], &st.aggs[e.slot[i]]
				if a.count == 0 {
					// An empty aggregate's window starts at its first event.
					a.tail, a.next = h, now
					st.nextExp = min(st.nextExp, now+int64(spec.window))
				}
				a.add(spec, added)
			}
		}
	}
	if st.nextExp <= now {
		e.expireAll(st, now)
	}

	// Fill the views every rule reads.
	e.gen++
	*e.env.tx = TxView{
		ID: tx.ID, Time: tx.Time, Amount: amount, Currency: currency, Channel: string(tx.Channel),
		Direction: dir.String(), Memo: tx.Memo, Counterparty: cpName,
		CounterpartyName: tx.Counterparty.Name, CounterpartyCountry: tx.Counterparty.Country,
		CounterpartyType: string(tx.Counterparty.Type), CounterpartyNAICS: tx.Counterparty.NAICS,
		CounterpartyBank: tx.Counterparty.Bank,
		NewCounterparty:  ev.flags&flagNew != 0, Branch: tx.Branch, MCC: tx.MCC,
		Payroll: ev.flags&flagPayroll != 0, Self: self,
	}
	if e.cpParty && oref != nil && oref.party != nil {
		e.env.tx.CounterpartyParty, e.env.tx.CounterpartyOnboardedBy = oref.party.ID, oref.party.OnboardedBy
	}
	if e.network && st.net != nil && (tx.Time.UnixNano() < st.netFrom || (st.netUntil != 0 && tx.Time.UnixNano() >= st.netUntil) || st.netFrom == 0) {
		next := st.net.view(tx.Time, e.opts.OnboardingWindow, &st.netView)
		clear(st.static) // static conditions may read the network view
		st.netFrom, st.netUntil = tx.Time.UnixNano(), 0
		if !next.IsZero() {
			st.netUntil = next.UnixNano()
		}
	}
	st.acctView.Watched = time.Duration(now - max(e.start, st.opened))
	*e.env.kyc = &st.kyc
	*e.env.account = &st.acctView
	*e.env.network = &st.netView
	*e.env.peers = &st.peerView
	present := st.present
	if e.lib.txReqs != 0 {
		present |= txMask(tx, e.lib.txReqs)
	}

	for k, r := range e.lib.rules {
		if !r.on.match(dir, ch) {
			continue
		}
		s := &e.stats[k]
		word, bit := k/64, uint64(1)<<(k%64)
		if present&r.reqMask != r.reqMask {
			s.NotEvaluable++
			if st.notEval[word]&bit == 0 {
				st.notEval[word] |= bit
				s.NotEvaluableSubjects++
				e.countMissing(s, r.reqMask&^present)
			}
			continue
		}
		// The cheap parts first: what is constant for the account (its
		// result remembered), then what reads no aggregate; most
		// transactions stop there, before the aggregate views are filled.
		var out any = false
		var err error
		pass := true
		if r.static != nil {
			pass, err = e.staticGuard(st, k, r)
		}
		if pass && err == nil && r.guard != nil {
			out, err = e.vm.Run(r.guard, e.env.value)
			pass = out == true
		}
		if pass && err == nil {
			for _, a := range r.aggs {
				e.fillView(st, a)
			}
			out, err = e.vm.Run(r.when, e.env.value)
		}
		if err != nil {
			s.Errors++
			s.LastError = fmt.Sprintf("%s: %v", tx.ID, err)
			continue
		}
		s.Evaluated++
		if st.evaluated[word]&bit == 0 {
			st.evaluated[word] |= bit
			s.Subjects++
		}
		if fired, _ := out.(bool); fired {
			s.Fired++
			e.fire(st, k, tx, now)
		}
	}
}

// staticGuard returns the result of rule k's static conjuncts for the
// account, computing it on first need after the account's views change.
func (e *Engine) staticGuard(st *accountState, k int, r *Rule) (bool, error) {
	if st.static == nil {
		st.static = make([]uint8, len(e.lib.rules))
	}
	switch st.static[k] {
	case staticTrue:
		return true, nil
	case staticFalse:
		return false, nil
	}
	out, err := e.vm.Run(r.static, e.env.value)
	if err != nil {
		return false, err
	}
	st.static[k] = staticFalse
	if out == true {
		st.static[k] = staticTrue
	}
	return out == true, nil
}

// Results of static conditions remembered per account.
const (
	staticUnknown uint8 = iota
	staticTrue
	staticFalse
)

// expireAll expires the account's aggregates whose oldest event left
// their window by now, forgets the events no aggregate needs any more, and
// records when the next expiry is due.
func (e *Engine) expireAll(st *accountState, now int64) {
	head := st.win.head()
	keep, next := head, int64(math.MaxInt64)
	for k, i := range e.active {
		a := &st.aggs[k]
		if a.count == 0 {
			continue
		}
		spec := e.lib.aggs[i]
		if a.next <= now-int64(spec.window) {
			st.expire(i, spec, a, head, now)
		}
		if a.count > 0 {
			keep = min(keep, a.tail)
			next = min(next, a.next+int64(spec.window))
		}
	}
	st.win.dropBefore(keep)
	st.nextExp = next
}

// expire moves aggregate i's window start past the events at or before
// now − window and past events that are not its own, among the events
// before head, and records when its oldest event will leave. An aggregate
// left empty waits for its next event (its start is then reset).
func (st *accountState) expire(i int, spec *aggSpec, a *aggState, head uint64, now int64) {
	a.tail = max(a.tail, st.win.base)
	cutoff := now - int64(spec.window)
	for a.tail < head {
		old := st.win.at(a.tail)
		member := old.mask.has(i)
		if member && old.at > cutoff {
			a.next = old.at
			return
		}
		if member {
			a.remove(spec, old)
		}
		a.tail++
	}
	a.next = math.MaxInt64
}

func (e *Engine) countMissing(s *RuleStats, missing reqMask) {
	if s.Missing == nil {
		s.Missing = map[string]int64{}
	}
	for missing != 0 {
		i := bits.TrailingZeros32(uint32(missing))
		s.Missing[requirements[i].name]++
		missing &^= 1 << i
	}
}

// counterpartyKey names the other side of a transaction: the other account
// when there is one, else the off-us party's account, else its name.
func counterpartyKey(tx *model.Transaction, other string) (string, uint64) {
	switch {
	case other != "":
		return other, hashString(other)
	case tx.Counterparty.Account != "":
		return tx.Counterparty.Account, hashString(tx.Counterparty.Bank, tx.Counterparty.Account)
	case tx.Counterparty.Name != "":
		return tx.Counterparty.Name, hashString(strings.ToLower(tx.Counterparty.Name))
	}
	return "", 0
}

// firstSeen records a transaction with counterparty cp and reports whether
// the account had no transaction with it within CounterpartyMemory, as far
// as the engine can know.
func (e *Engine) firstSeen(st *accountState, cp uint64, now int64) bool {
	if cp == 0 {
		return false
	}
	last, ok := st.seen.touch(cp, now)
	if ok && now-last <= int64(e.opts.CounterpartyMemory) {
		return false
	}
	return now-e.start >= e.warmUp(st)
}

// warmUp is how long the engine must watch the stream before first-seen
// is reliable for the account: the part of its history the stream missed
// (from its opening to the stream's first day), at most FirstSeenWarmUp.
// An account opened on or after the first day needs none.
func (e *Engine) warmUp(st *accountState) int64 {
	w := int64(e.opts.FirstSeenWarmUp)
	if st.opened != 0 {
		w = min(w, max(e.start-st.opened, 0))
	}
	return w
}

// fillView copies aggregate i of the account into the environment, once
// per transaction side.
func (e *Engine) fillView(st *accountState, i int) {
	if e.viewGen[i] == e.gen {
		return
	}
	e.viewGen[i] = e.gen
	a, v := &st.aggs[e.slot[i]], e.env.aggs[i]
	*v = AggView{Count: a.count, Sum: a.sum, Window: e.lib.aggs[i].window}
	v.Branches, v.Counterparties, v.NewCounterparties, v.Countries = a.distincts()
	if a.count > 0 {
		v.Avg = a.sum / float64(a.count)
		if a.d != nil && e.lib.aggs[i].needCounterparties && a.sum > 0 {
			v.TopShare = a.d.counterparties.top() / a.sum
		}
	}
}

// fillAlertView adds the fields known only when a rule fires: extremes,
// first and last times, lists.
func (e *Engine) fillAlertView(st *accountState, i int) {
	a, v := &st.aggs[e.slot[i]], e.env.aggs[i]
	v.Max, v.Min = 0, 0
	v.First, v.Last = time.Time{}, time.Time{}
	v.BranchList, v.CountryList, v.Transactions = nil, nil, nil
	first := true
	for j := a.tail; a.count > 0 && j < st.win.head(); j++ {
		ev := st.win.at(j)
		if !ev.mask.has(i) {
			continue
		}
		if first {
			v.Max, v.Min, v.First = ev.amount, ev.amount, time.Unix(0, ev.at).UTC()
			first = false
		}
		v.Max, v.Min = max(v.Max, ev.amount), min(v.Min, ev.amount)
		v.Last = time.Unix(0, ev.at).UTC()
		if ev.branch != "" && !slices.Contains(v.BranchList, ev.branch) {
			v.BranchList = append(v.BranchList, ev.branch)
		}
		if c := ev.country.String(); c != "" && !slices.Contains(v.CountryList, c) {
			v.CountryList = append(v.CountryList, c)
		}
		v.Transactions = append(v.Transactions, ev.tx)
	}
	slices.Sort(v.BranchList)
	slices.Sort(v.CountryList)
}

// fire opens or grows the rule's alert on the account.
func (e *Engine) fire(st *accountState, k int, tx *model.Transaction, now int64) {
	r, s := e.lib.rules[k], &e.stats[k]
	// Evidence: the transactions of the evidence aggregates, in order.
	e.idx = e.idx[:0]
	for _, i := range r.evidence {
		a := &st.aggs[e.slot[i]]
		for j := a.tail; a.count > 0 && j < st.win.head(); j++ {
			if st.win.at(j).mask.has(i) {
				e.idx = append(e.idx, j)
			}
		}
	}
	slices.Sort(e.idx)
	e.idx = slices.Compact(e.idx)
	start := tx.Time
	if len(e.idx) > 0 {
		start = time.Unix(0, st.win.at(e.idx[0]).at).UTC()
	}

	// The open alert: the account's, or the owner's for a party-subject
	// rule (all its accounts are in this engine: shards split customers).
	subject := model.Subject{Kind: model.SubjectAccount, ID: st.id}
	var oa *openAlert
	var pkey partyRule
	party := r.partySubject && st.party != nil
	if party {
		subject = model.Subject{Kind: model.SubjectParty, ID: st.party.ID}
		pkey = partyRule{st.party.ID, k}
		oa = e.partyOpen[pkey]
	} else {
		oa = st.open[k]
	}
	if oa != nil && now-oa.last > int64(r.Cooldown) {
		oa = nil // the pattern stopped for longer than the cooldown: a new alert
	}
	if oa == nil {
		oa = &openAlert{have: map[string]bool{}, alert: model.Alert{
			ID:          r.ID + "/" + subject.ID + "/" + tx.ID,
			Subject:     subject,
			Typology:    r.Typology,
			RuleID:      r.ID,
			RuleVersion: r.Version,
			Source:      model.SourceRule,
			WindowStart: start,
			Created:     tx.Time,
			Advisories:  r.Advisories,
		}}
		if party {
			e.partyOpen[pkey] = oa
		} else {
			st.open[k] = oa
		}
		s.Alerts++
	}
	oa.last = now
	al := &oa.alert
	if subject.Kind == model.SubjectParty && !slices.Contains(al.Accounts, st.id) {
		al.Accounts = append(al.Accounts, st.id)
	}
	add := func(id string) {
		if !oa.have[id] && len(al.Evidence) < e.opts.MaxEvidence {
			oa.have[id] = true
			al.Evidence = append(al.Evidence, id)
		}
	}
	if len(r.evidence) == 0 {
		add(tx.ID)
	}
	for _, j := range e.idx {
		add(st.win.at(j).tx)
	}
	if start.Before(al.WindowStart) {
		al.WindowStart = start
	}
	al.WindowEnd = tx.Time

	for _, i := range r.aggs {
		e.fillView(st, i)
		e.fillAlertView(st, i)
	}
	*e.env.alert = AlertView{
		Start: al.WindowStart, End: al.WindowEnd, Span: al.WindowEnd.Sub(al.WindowStart),
		Transactions: len(al.Evidence),
	}

	score := r.scoreConst
	if r.score != nil {
		if v, err := e.vm.Run(r.score, e.env.value); err != nil {
			e.runError(s, tx, "score", err)
		} else {
			score = toFloat(v)
		}
	}
	if math.IsNaN(score) {
		score = 0
	}
	al.Score = max(al.Score, min(max(score, 0), 1))
	al.Severity = r.Severity
	if al.Severity == "" {
		al.Severity = severityOf(al.Score)
	}

	// SAR codes in the rule's order: those already on the alert, and
	// those whose condition holds now.
	codes := make([]model.SARCode, 0, len(r.SAR))
	for i, code := range r.SAR {
		include := r.sarWhen[i] == nil || slices.Contains(al.SAR, code)
		if !include {
			v, err := e.vm.Run(r.sarWhen[i], e.env.value)
			if err != nil {
				e.runError(s, tx, "sar", err)
			}
			include, _ = v.(bool)
		}
		if include {
			codes = append(codes, code)
		}
	}
	al.SAR = codes

	al.Facts = al.Facts[:0]
	for _, f := range r.facts {
		fact := model.Fact{Name: f.name}
		v, err := e.vm.Run(f.value, e.env.value)
		if err != nil {
			e.runError(s, tx, "facts", err)
			continue
		}
		fact.Value = toFloat(v)
		fact.Text = f.name + ": " + formatNumber(fact.Value)
		if f.threshold != nil {
			t, err := e.vm.Run(f.threshold, e.env.value)
			if err != nil {
				e.runError(s, tx, "facts", err)
				continue
			}
			fact.Threshold = toFloat(t)
			fact.Text += " (threshold " + formatNumber(fact.Threshold) + ")"
		}
		al.Facts = append(al.Facts, fact)
	}
	text, err := r.explain.render(&e.vm, e.env.value)
	if err != nil {
		e.runError(s, tx, "explain", err)
		text = r.Title
	}
	al.Reason = reason(r, text, al)

	out := *al
	out.Accounts = slices.Clone(al.Accounts)
	out.Advisories = slices.Clone(al.Advisories)
	out.Evidence = slices.Clone(al.Evidence)
	out.Facts = slices.Clone(al.Facts)
	out.SAR = slices.Clone(al.SAR)
	e.out = append(e.out, out)
}

func (e *Engine) runError(s *RuleStats, tx *model.Transaction, what string, err error) {
	s.Errors++
	s.LastError = fmt.Sprintf("%s: %s: %v", tx.ID, what, err)
}

// severityOf derives a severity from a score when the rule sets none.
// Critical is left to rules that say so (a terrorist-list hit, say).
func severityOf(score float64) model.Severity {
	switch {
	case score >= 0.75:
		return model.SeverityHigh
	case score >= 0.45:
		return model.SeverityMedium
	}
	return model.SeverityLow
}

// reason composes an alert's reason: the rule, the explanation, the window
// and the transactions.
func reason(r *Rule, text string, al *model.Alert) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (v%s): %s", r.ID, r.Title, r.Version, strings.TrimRight(text, ". "))
	fmt.Fprintf(&b, ". Window %s to %s; %s", formatTime(al.WindowStart), formatTime(al.WindowEnd), plural(len(al.Evidence), "transaction"))
	const shown = 10
	if n := len(al.Evidence); n > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(al.Evidence[:min(n, shown)], ", "))
		if n > shown {
			fmt.Fprintf(&b, " and %d more", n-shown)
		}
	}
	b.WriteString(".")
	return b.String()
}

// sweep expires the windows of every account to the engine's clock, so
// idle accounts do not keep events past the longest window, forgets
// counterparties older than CounterpartyMemory, and closes alerts whose
// cooldown has passed.
func (e *Engine) sweep() {
	now := e.clock
	for _, r := range e.accounts {
		st := r.st
		if st == nil {
			continue
		}
		if st.nextExp <= now {
			e.expireAll(st, now)
		}
		if len(st.win.ev) == 0 {
			st.win.ev = nil // give the array back
		}
		st.seen.forget(now - int64(e.opts.CounterpartyMemory))
		for i, oa := range st.open {
			if oa != nil && now-oa.last > int64(e.lib.rules[i].Cooldown) {
				st.open[i] = nil
			}
		}
	}
	for k, oa := range e.partyOpen {
		if now-oa.last > int64(e.lib.rules[k.rule].Cooldown) {
			delete(e.partyOpen, k)
		}
	}
}
