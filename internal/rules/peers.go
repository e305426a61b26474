package rules

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// Peer statistics compare a customer with its peers: persons with others of
// the same occupation class, organisations with others of the same
// industry (NAICS) and size band. FIN-2025-A003 suggests them for MM-4
// (credits beyond the occupation's 99th percentile) and TB-6 (a seller's
// income out of line with businesses of its size). They are computed from a
// reference history — the previous period in production, the replayed
// history itself in a backtest — by a PeerBuilder, and handed to engines
// in Options.Peers.

// PeerGroup is the distribution of monthly credits in one peer group:
// money received per 30 days, payroll and pensions and own-account
// transfers excluded, per party.
type PeerGroup struct {
	Key     string  `json:"key"` // "occupation:student", "industry:4431:1-4"
	Members int     `json:"members"`
	P50     float64 `json:"p50"`
	P75     float64 `json:"p75"`
	P90     float64 `json:"p90"`
	P95     float64 `json:"p95"`
	P99     float64 `json:"p99"`
}

// Peers is a table of peer groups. The zero value has none.
type Peers struct {
	groups map[string]*PeerGroup
	// MinMembers is the size below which a group is too small to compare
	// with; an organisation falls back to a wider industry group.
	MinMembers int
}

// DefaultMinPeers is the default MinMembers: a 90th percentile of fewer
// parties than this is one or two customers' behaviour.
const DefaultMinPeers = 20

// Groups returns every group, by key.
func (p *Peers) Groups() []PeerGroup {
	out := make([]PeerGroup, 0, len(p.groups))
	for _, k := range slices.Sorted(maps.Keys(p.groups)) {
		out = append(out, *p.groups[k])
	}
	return out
}

// For returns the peer group of a party: its occupation class for a
// person; for an organisation its industry and size band, widening the
// industry (NAICS 4, 3, then 2 digits, then any size) until the group has
// MinMembers. It returns nil when no group is large enough.
func (p *Peers) For(party *model.Party) *PeerGroup {
	if p == nil || party == nil {
		return nil
	}
	for _, k := range peerKeys(party) {
		if g := p.groups[k]; g != nil && g.Members >= max(p.MinMembers, 1) {
			return g
		}
	}
	return nil
}

// peerKeys lists a party's groups, most specific first.
func peerKeys(p *model.Party) []string {
	if p.Kind != model.Organization {
		c := model.ClassifyOccupation(p.Occupation)
		if c == model.OccUnknown {
			return nil
		}
		return []string{"occupation:" + string(c)}
	}
	naics := strings.TrimSpace(p.NAICS)
	if len(naics) < 2 {
		return nil
	}
	band := sizeBand(p.Employees)
	var keys []string
	for _, n := range []int{4, 3, 2} {
		if len(naics) >= n {
			keys = append(keys, "industry:"+naics[:n]+":"+band)
		}
	}
	return append(keys, "industry:"+naics[:2])
}

// sizeBand names the employment size class of an organisation, after the
// US Census Bureau's Statistics of US Businesses classes.
func sizeBand(employees *int) string {
	if employees == nil {
		return "size-unknown"
	}
	switch e := *employees; {
	case e < 5:
		return "1-4"
	case e < 20:
		return "5-19"
	case e < 100:
		return "20-99"
	case e < 500:
		return "100-499"
	}
	return "500+"
}

// PeerView is the subject owner's peer group.
type PeerView struct {
	// Available says a large enough peer group exists; an expression that
	// tests it may read the other fields without requiring "peers".
	Available bool    `expr:"available" presence:"peers"`
	Group     string  `expr:"group" requires:"peers"`
	Members   int     `expr:"members" requires:"peers"`
	P50       float64 `expr:"credits_p50" requires:"peers"` // monthly credits, median of the group
	P75       float64 `expr:"credits_p75" requires:"peers"`
	P90       float64 `expr:"credits_p90" requires:"peers"`
	P95       float64 `expr:"credits_p95" requires:"peers"`
	P99       float64 `expr:"credits_p99" requires:"peers"`
}

func peerView(g *PeerGroup) PeerView {
	if g == nil {
		return PeerView{}
	}
	return PeerView{Available: true, Group: g.Key, Members: g.Members, P50: g.P50, P75: g.P75, P90: g.P90, P95: g.P95, P99: g.P99}
}

// PeerBuilder computes peer statistics from a history of transactions.
// It is not safe for concurrent use.
type PeerBuilder struct {
	kyc         KYC
	credits     map[*model.Party]float64
	first, last time.Time
}

// NewPeerBuilder returns a builder asking kyc about accounts.
func NewPeerBuilder(kyc KYC) *PeerBuilder {
	return &PeerBuilder{kyc: kyc, credits: map[*model.Party]float64{}}
}

// Observe adds one transaction: its credit to the beneficiary's owner,
// unless it is payroll or a transfer between accounts of one owner; the
// originator's owner is counted as a member with what it received.
func (b *PeerBuilder) Observe(tx *model.Transaction) {
	if b.first.IsZero() || tx.Time.Before(b.first) {
		b.first = tx.Time
	}
	if tx.Time.After(b.last) {
		b.last = tx.Time
	}
	var oa *model.Account
	if tx.Originator != "" {
		a, p, ok := b.kyc.Lookup(tx.Originator)
		if ok && p != nil {
			b.credits[p] += 0
		}
		oa = a
	}
	if tx.Beneficiary == "" || tx.Beneficiary == tx.Originator {
		return
	}
	ba, p, ok := b.kyc.Lookup(tx.Beneficiary)
	if !ok || p == nil {
		return
	}
	if sameOwner(oa, ba) || IsPayroll(tx) {
		b.credits[p] += 0
		return
	}
	amount, _ := tx.Received()
	b.credits[p] += amount
}

// Build returns the peer table: per group, percentiles of the members'
// credits per 30 days over the history observed.
func (b *PeerBuilder) Build() *Peers {
	months := math.Max(b.last.Sub(b.first).Hours()/24/30, 1.0/30)
	values := map[string][]float64{}
	for p, c := range b.credits {
		for _, k := range peerKeys(p) {
			values[k] = append(values[k], c/months)
		}
	}
	peers := &Peers{groups: map[string]*PeerGroup{}, MinMembers: DefaultMinPeers}
	for k, v := range values {
		slices.Sort(v)
		peers.groups[k] = &PeerGroup{Key: k, Members: len(v),
			P50: percentile(v, 0.5), P75: percentile(v, 0.75), P90: percentile(v, 0.9), P95: percentile(v, 0.95), P99: percentile(v, 0.99)}
	}
	return peers
}

// NewPeers returns a peer table of the given groups, for tests and for
// callers that compute statistics elsewhere.
func NewPeers(groups []PeerGroup, minMembers int) *Peers {
	p := &Peers{groups: map[string]*PeerGroup{}, MinMembers: cmp.Or(minMembers, DefaultMinPeers)}
	for _, g := range groups {
		p.groups[g.Key] = &g
	}
	return p
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
