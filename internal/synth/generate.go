package synth

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// event is a transaction waiting to be written, with the planted case it
// belongs to (nil for ordinary activity).
type event struct {
	tx model.Transaction
	cs *plantedCase
}

// sortKey orders a day's transactions by time, then by creation.
type sortKey struct {
	at int64
	i  int32
}

// generator holds the state of one generation.
type generator struct {
	cfg   Config
	days  []day
	scale int

	ids   *idMaker
	names *nameMaker
	pop   *rng // population, pools, profiles
	act   *rng // daily ordinary behaviour
	plant *rng // planted cases

	bank      *party
	bankers   map[string][]*party
	employees []*party
	customers []*party // ordinary customers: persons and organisations
	persons   []*party
	orgs      []*party
	byBranch  map[string][]*party
	corrMX    []*party
	corrCN    []*party
	planted   []*party // parties created for planted cases
	accounts  []*account
	pools     pools

	plan    [][]event // planned transactions by day
	today   []event
	order   []sortKey
	cases   []*plantedCase
	looks   map[LookAlike][]*party
	nextTx  int
	summary *Summary

	sanctionOrder []int
	sanctionsDone int
	insiderTaken  map[*party]bool
}

// Summary describes a generated bank.
type Summary struct {
	Seed          uint64    `json:"seed"`
	Start         string    `json:"start"`
	End           string    `json:"end"`
	Days          int       `json:"days"`
	Customers     int       `json:"customers"`     // ordinary customers
	Persons       int       `json:"persons"`       // ordinary persons
	Organizations int       `json:"organizations"` // ordinary organisations
	Employees     int       `json:"employees"`     // bank employees (also customers)
	Correspondent int       `json:"correspondent_parties"`
	Planted       int       `json:"planted_parties"` // parties created for planted cases
	Parties       int       `json:"parties"`         // all parties written
	Accounts      int       `json:"accounts"`
	Transactions  int       `json:"transactions"`
	Labels        int       `json:"labels"`
	Elapsed       float64   `json:"elapsed_seconds"`
	PerSecond     float64   `json:"transactions_per_second"`
	Cases         []CaseSum `json:"cases"`
	// ByTypology counts planted cases per typology.
	ByTypology map[model.Typology]int `json:"by_typology"`
	// LookAlikes lists the look-alike customers' party IDs per kind.
	LookAlikes map[LookAlike][]string `json:"lookalikes"`
	// CashShare is the share of transactions that move cash.
	CashShare float64 `json:"cash_share"`
}

// CaseSum describes one planted case.
type CaseSum struct {
	ID           string         `json:"id"`
	Typology     model.Typology `json:"typology"`
	Variant      string         `json:"variant,omitempty"`
	Parties      []string       `json:"parties"`
	Accounts     []string       `json:"accounts"`
	Transactions int            `json:"transactions"`
	Note         string         `json:"note,omitempty"`
}

// Progress is told how many days are done; Generate calls it once a day.
type Progress func(daysDone, days int)

// Generate writes a synthetic bank described by cfg to out: parties and
// accounts, then transactions day by day in time order, and the labels of
// the planted cases. The same cfg always produces the same records in the
// same order. progress may be nil. Memory grows with the population and
// the planted cases, not with the number of transactions.
func Generate(ctx context.Context, cfg Config, out Output, progress Progress) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	began := time.Now()
	y, m, d := cfg.Start.Date()
	cfg.Start = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	g := newGenerator(cfg)
	if err := g.build(ctx); err != nil {
		return nil, err
	}
	if err := g.writeRecords(out); err != nil {
		return nil, err
	}
	cash := 0
	for di := range g.days {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
		n, c, err := g.runDay(di, out)
		if err != nil {
			return nil, err
		}
		g.summary.Transactions += n
		cash += c
		if progress != nil {
			progress(di+1, len(g.days))
		}
	}
	s := g.summary
	s.Elapsed = time.Since(began).Seconds()
	if s.Elapsed > 0 {
		s.PerSecond = math.Round(float64(s.Transactions) / s.Elapsed)
	}
	if s.Transactions > 0 {
		s.CashShare = float64(cash) / float64(s.Transactions)
	}
	for i := range s.Cases {
		s.Cases[i].Transactions = g.cases[i].txs
	}
	return s, nil
}

func newGenerator(cfg Config) *generator {
	seed := cfg.Seed
	g := &generator{
		cfg:      cfg,
		days:     calendar(cfg.Start, cfg.Days),
		scale:    max(2, int(math.Sqrt(float64(cfg.Customers))/6)),
		pop:      newRNG(seed, 1),
		act:      newRNG(seed, 2),
		plant:    newRNG(seed, 3),
		byBranch: map[string][]*party{},
		looks:    map[LookAlike][]*party{},
	}
	g.ids = newIDMaker(newRNG(seed, 4))
	g.names = newNameMaker(newRNG(seed, 5))
	g.plan = make([][]event, cfg.Days)
	return g
}

// build makes the population, its behaviour and the planted cases.
func (g *generator) build(ctx context.Context) error {
	g.buildBankers()
	g.buildPools()
	g.buildMerchants()
	g.buildLookAlikes()
	if err := g.buildOrdinary(ctx); err != nil {
		return err
	}
	g.hire()
	for _, p := range g.persons {
		if p.pb == nil {
			g.personProfile(p)
		}
	}
	for _, e := range g.employees {
		g.personProfile(e)
		e.pb.employer, e.pb.employerOrg = nil, nil
		e.pb.pay = payBiweeklyA
		e.pb.payAmt = e.income * 0.76 / 26
		e.pb.employer = &counterparty{acct: g.bank.chk.m.ID}
		e.pb.payMemo = "PAYROLL " + bankName
		g.addFriends(e)
	}
	for _, o := range g.orgs {
		if o.bb.daily == 0 && o.bb.receipts == nil && o.bb.tenants == nil && o.bb.escrowRate == 0 {
			g.bizProfile(o)
		}
	}
	g.applyLookAlikes()
	g.buildSocial()
	for _, p := range g.customers {
		g.setExpected(p)
	}
	for _, e := range g.employees {
		g.setExpected(e)
	}
	g.buildCorrespondents()
	g.plantAll()
	g.summarise()
	return nil
}

// schedule plans a transaction on day di; days outside the history are
// dropped.
func (g *generator) schedule(di int, t model.Transaction, cs *plantedCase) {
	if di < 0 || di >= len(g.days) {
		if cs != nil {
			cs.dropped++
		}
		return
	}
	g.plan[di] = append(g.plan[di], event{tx: t, cs: cs})
	if cs != nil {
		cs.planned++
	}
}

// runDay makes day di's ordinary activity, adds its planned transactions,
// sorts them by time and writes them. It returns the number written and
// how many moved cash.
func (g *generator) runDay(di int, out Output) (int, int, error) {
	g.today = g.today[:0]
	for _, p := range g.persons {
		g.personDay(p, di)
	}
	for _, e := range g.employees {
		g.personDay(e, di)
	}
	for _, p := range g.planted {
		switch {
		case p.pb != nil:
			g.personDay(p, di)
		case p.bb != nil:
			g.bizDay(p, di)
		}
	}
	for _, o := range g.orgs {
		g.bizDay(o, di)
	}
	for _, p := range g.corrMX {
		g.corrDay(p, di)
	}
	for _, p := range g.corrCN {
		g.corrDay(p, di)
	}
	g.today = append(g.today, g.plan[di]...)
	g.plan[di] = nil
	// Sort small keys, not the transactions; ties keep the order made.
	g.order = g.order[:0]
	for i := range g.today {
		g.order = append(g.order, sortKey{at: g.today[i].tx.Time.UnixNano(), i: int32(i)})
	}
	slices.SortFunc(g.order, func(a, b sortKey) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	cash := 0
	for _, k := range g.order {
		e := &g.today[k.i]
		g.nextTx++
		e.tx.ID = fmt.Sprintf("T%09d", g.nextTx)
		if e.tx.Channel.IsCash() {
			cash++
		}
		if err := out.Transaction(&e.tx); err != nil {
			return 0, 0, fmt.Errorf("write transaction %s: %w", e.tx.ID, err)
		}
		if e.cs != nil {
			e.cs.txs++
			if err := out.Label(model.Label{CaseID: e.cs.id, Typology: e.cs.typ, EntityKind: model.EntityTransaction, EntityID: e.tx.ID, Note: e.cs.variant}); err != nil {
				return 0, 0, fmt.Errorf("write label: %w", err)
			}
			g.summary.Labels++
		}
	}
	return len(g.today), cash, nil
}

// writeRecords writes every party and account, sorted by ID (IDs are
// random, so the order says nothing about how a record was made), then the
// party and account labels.
func (g *generator) writeRecords(out Output) error {
	all := make([]*party, 0, len(g.customers)+len(g.employees)+len(g.planted)+len(g.corrMX)+len(g.corrCN)+1)
	all = append(all, g.bank)
	all = append(all, g.employees...)
	all = append(all, g.customers...)
	all = append(all, g.planted...)
	all = append(all, g.corrMX...)
	all = append(all, g.corrCN...)
	slices.SortFunc(all, func(a, b *party) int { return cmp.Compare(a.m.ID, b.m.ID) })
	for _, p := range all {
		if err := out.Party(&p.m); err != nil {
			return fmt.Errorf("write party %s: %w", p.m.ID, err)
		}
	}
	accts := slices.Clone(g.accounts)
	slices.SortFunc(accts, func(a, b *account) int { return cmp.Compare(a.m.ID, b.m.ID) })
	for _, a := range accts {
		if err := out.Account(&a.m); err != nil {
			return fmt.Errorf("write account %s: %w", a.m.ID, err)
		}
	}
	g.summary.Parties = len(all)
	g.summary.Accounts = len(accts)
	for _, c := range g.cases {
		for _, l := range c.entityLabels() {
			if err := out.Label(l); err != nil {
				return fmt.Errorf("write label: %w", err)
			}
			g.summary.Labels++
		}
	}
	return nil
}

// summarise fills the summary's description of the population and cases.
func (g *generator) summarise() {
	s := &Summary{
		Seed:          g.cfg.Seed,
		Start:         g.cfg.Start.Format(model.DateLayout),
		End:           g.cfg.Start.AddDate(0, 0, g.cfg.Days-1).Format(model.DateLayout),
		Days:          g.cfg.Days,
		Customers:     len(g.customers),
		Persons:       len(g.persons),
		Organizations: len(g.orgs),
		Employees:     len(g.employees),
		Correspondent: len(g.corrMX) + len(g.corrCN),
		Planted:       len(g.planted),
		ByTypology:    map[model.Typology]int{},
		LookAlikes:    map[LookAlike][]string{},
	}
	for _, c := range g.cases {
		s.ByTypology[c.typ]++
		cs := CaseSum{ID: c.id, Typology: c.typ, Variant: c.variant, Note: c.note}
		for _, p := range c.parties {
			cs.Parties = append(cs.Parties, p.m.ID)
		}
		for _, a := range c.accounts {
			cs.Accounts = append(cs.Accounts, a)
		}
		s.Cases = append(s.Cases, cs)
	}
	for k, ps := range g.looks {
		for _, p := range ps {
			s.LookAlikes[k] = append(s.LookAlikes[k], p.m.ID)
		}
	}
	g.summary = s
}
