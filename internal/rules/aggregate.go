package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// direction is the side of a transaction the subject account is on.
type direction uint8

const (
	dirAny direction = iota
	dirIn            // the subject is credited
	dirOut           // the subject is debited
)

func (d direction) String() string {
	switch d {
	case dirIn:
		return "in"
	case dirOut:
		return "out"
	}
	return "any"
}

func parseDirection(s string) (direction, bool) {
	switch s {
	case "in":
		return dirIn, true
	case "out":
		return dirOut, true
	case "any", "":
		return dirAny, true
	}
	return dirAny, false
}

// chanSet is a set of channels, one bit per index of model.Channels; the
// zero set means "every channel".
type chanSet uint32

func (s chanSet) has(ch int) bool { return s == 0 || (ch >= 0 && s&(1<<ch) != 0) }

func (s chanSet) String() string {
	var names []string
	for i, c := range model.Channels {
		if s&(1<<i) != 0 {
			names = append(names, string(c))
		}
	}
	return strings.Join(names, ",")
}

// tristate is an optional boolean filter: unset, must be true, must be false.
type tristate uint8

const (
	triUnset tristate = iota
	triTrue
	triFalse
)

func (t tristate) admits(v bool) bool {
	return t == triUnset || (t == triTrue) == v
}

// country is an ISO 3166 alpha-2 code packed in two bytes.
type country [2]byte

func toCountry(s string) country {
	if len(s) != 2 {
		return country{}
	}
	return country{s[0], s[1]}
}

func (c country) String() string {
	if c == (country{}) {
		return ""
	}
	return string(c[:])
}

// aggSpec is one distinct aggregate of a library: a window and a filter on
// the subject account's transactions. Rules that declare the same window
// and filter share one aggSpec, maintained once per transaction.
type aggSpec struct {
	window          time.Duration
	dir             direction
	channels        chanSet
	exclude         chanSet
	atLeast         float64 // amount >= atLeast, when hasAtLeast
	below           float64 // amount < below, when hasBelow
	hasAtLeast      bool
	hasBelow        bool
	countries       []country // counterparty country among these, when not empty
	outsideExpected tristate  // counterparty country not among the owner's expected countries
	payroll         tristate
	self            tristate
	newCounterparty tristate
	memoWords       []string // memo contains one of these (lower case, ASCII letters without case)
	mccs            []string // merchant category code among these
	naics           []string // counterparty NAICS code starts with one of these
	excludeNAICS    []string // counterparty NAICS code starts with none of these
	cpType          string   // counterparty type: person or organization
	awayFromHome    tristate // a branch other than the account's home branch (events without a branch never are)

	// Measures kept beyond count and sum, set from the rules' references.
	needBranches, needCounterparties, needNew, needCountries bool
}

// key identifies the spec's window and filter, for sharing.
func (s *aggSpec) key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "w=%d d=%d c=%d x=%d", s.window, s.dir, s.channels, s.exclude)
	if s.hasAtLeast {
		b.WriteString(" ge=" + strconv.FormatFloat(s.atLeast, 'g', -1, 64))
	}
	if s.hasBelow {
		b.WriteString(" lt=" + strconv.FormatFloat(s.below, 'g', -1, 64))
	}
	if len(s.countries) > 0 {
		cs := make([]string, len(s.countries))
		for i, c := range s.countries {
			cs[i] = c.String()
		}
		slices.Sort(cs)
		b.WriteString(" cc=" + strings.Join(cs, ","))
	}
	fmt.Fprintf(&b, " oe=%d p=%d s=%d n=%d", s.outsideExpected, s.payroll, s.self, s.newCounterparty)
	fmt.Fprintf(&b, " memo=%q mcc=%q naics=%q xnaics=%q cpt=%q away=%d", s.memoWords, s.mccs, s.naics, s.excludeNAICS, s.cpType, s.awayFromHome)
	return b.String()
}

// describe renders the filter in words for documentation and `rules list`.
func (s *aggSpec) describe() string {
	parts := []string{"over " + formatDuration(s.window)}
	if s.dir != dirAny {
		parts = append(parts, "direction "+s.dir.String())
	}
	if s.channels != 0 {
		parts = append(parts, "channels "+s.channels.String())
	}
	if s.exclude != 0 {
		parts = append(parts, "not channels "+s.exclude.String())
	}
	if s.hasAtLeast {
		parts = append(parts, "amount ≥ "+formatMoney(s.atLeast))
	}
	if s.hasBelow {
		parts = append(parts, "amount < "+formatMoney(s.below))
	}
	if len(s.countries) > 0 {
		cs := make([]string, len(s.countries))
		for i, c := range s.countries {
			cs[i] = c.String()
		}
		parts = append(parts, "counterparty country in "+strings.Join(cs, ","))
	}
	if len(s.memoWords) > 0 {
		parts = append(parts, "memo mentions "+strings.Join(s.memoWords, " or "))
	}
	if len(s.mccs) > 0 {
		parts = append(parts, "MCC in "+strings.Join(s.mccs, ","))
	}
	if len(s.naics) > 0 {
		parts = append(parts, "counterparty NAICS "+strings.Join(s.naics, ",")+"…")
	}
	if len(s.excludeNAICS) > 0 {
		parts = append(parts, "counterparty NAICS not "+strings.Join(s.excludeNAICS, ",")+"…")
	}
	if s.cpType != "" {
		parts = append(parts, "counterparty a "+s.cpType)
	}
	switch s.awayFromHome {
	case triTrue:
		parts = append(parts, "at a branch other than the account's")
	case triFalse:
		parts = append(parts, "not at another branch")
	}
	for _, f := range []struct {
		t    tristate
		name string
	}{{s.outsideExpected, "outside expected countries"}, {s.payroll, "payroll"}, {s.self, "own-account transfer"}, {s.newCounterparty, "new counterparty"}} {
		switch f.t {
		case triTrue:
			parts = append(parts, f.name)
		case triFalse:
			parts = append(parts, "not "+f.name)
		}
	}
	return strings.Join(parts, ", ")
}

// match reports whether the event, from transaction tx, belongs to the
// aggregate of an account whose owner expects the given countries and whose
// home branch is home.
func (s *aggSpec) match(e *event, tx *model.Transaction, expected []string, home string) bool {
	if s.dir != dirAny && s.dir != e.dir {
		return false
	}
	if !s.channels.has(int(e.channel)) || (s.exclude != 0 && s.exclude.has(int(e.channel))) {
		return false
	}
	if s.hasAtLeast && !(e.amount >= s.atLeast) {
		return false
	}
	if s.hasBelow && !(e.amount < s.below) {
		return false
	}
	if len(s.countries) > 0 && !slices.Contains(s.countries, e.country) {
		return false
	}
	if s.outsideExpected != triUnset {
		outside := e.country != (country{}) && !slices.Contains(expected, e.country.String())
		if !s.outsideExpected.admits(outside) {
			return false
		}
	}
	if !s.payroll.admits(e.flags&flagPayroll != 0) || !s.self.admits(e.flags&flagSelf != 0) ||
		!s.newCounterparty.admits(e.flags&flagNew != 0) {
		return false
	}
	if len(s.memoWords) > 0 && !slices.ContainsFunc(s.memoWords, func(w string) bool { return containsFold(tx.Memo, w) }) {
		return false
	}
	if len(s.mccs) > 0 && !slices.Contains(s.mccs, tx.MCC) {
		return false
	}
	if len(s.naics) > 0 && !slices.ContainsFunc(s.naics, func(p string) bool { return strings.HasPrefix(tx.Counterparty.NAICS, p) && tx.Counterparty.NAICS != "" }) {
		return false
	}
	if len(s.excludeNAICS) > 0 && tx.Counterparty.NAICS != "" && slices.ContainsFunc(s.excludeNAICS, func(p string) bool { return strings.HasPrefix(tx.Counterparty.NAICS, p) }) {
		return false
	}
	if s.awayFromHome != triUnset && !s.awayFromHome.admits(tx.Branch != "" && home != "" && tx.Branch != home) {
		return false
	}
	return s.cpType == "" || string(tx.Counterparty.Type) == s.cpType
}

// aggSet is a set of aggregate indices of a library, one bit each.
type aggSet [2]uint64

// maxAggregates is the number of distinct aggregates a library may hold.
const maxAggregates = 128

func (s *aggSet) has(i int) bool { return s[i>>6]&(1<<(i&63)) != 0 }

func (s *aggSet) add(i int) { s[i>>6] |= 1 << (i & 63) }

func (s *aggSet) empty() bool { return s[0]|s[1] == 0 }

// Event flags.
const (
	flagPayroll uint8 = 1 << iota
	flagSelf
	flagNew
)

// event is one transaction as one account saw it, kept while an aggregate
// window may still need it.
type event struct {
	at      int64 // Unix nanoseconds
	amount  float64
	tx      string
	branch  string
	cp      uint64 // counterparty key hash; 0: none (cash)
	branchH uint64 // branch hash; 0: none
	mask    aggSet // the aggregates the event belongs to
	country country
	channel int8
	dir     direction
	flags   uint8
}

// aggState is one aggregate of one account, maintained incrementally: its
// window starts at the event with absolute index tail. The distinct
// counters exist only for aggregates whose distinct measures some rule
// reads.
type aggState struct {
	tail  uint64
	next  int64 // time of the event at tail, math.MaxInt64 when none: expiry is due when next <= now − window
	count int
	sum   float64
	d     *distinctSet
}

type distinctSet struct {
	branches       distinct
	counterparties distinct
	newCps         distinct
	countries      distinct
}

func (s *aggSpec) needsDistinct() bool {
	return s.needBranches || s.needCounterparties || s.needNew || s.needCountries
}

// distinct counts distinct non-zero keys in a multiset, with the amount
// each key contributes: a short slice while small, a map beyond.
type distinct struct {
	small []keyCount
	big   map[uint64]keyTotal
}

type keyCount struct {
	key uint64
	keyTotal
}

type keyTotal struct {
	n   int32
	sum float64
}

const distinctSmall = 24

func (d *distinct) add(k uint64, amount float64) {
	if k == 0 {
		return
	}
	if d.big != nil {
		t := d.big[k]
		d.big[k] = keyTotal{t.n + 1, t.sum + amount}
		return
	}
	for i := range d.small {
		if d.small[i].key == k {
			d.small[i].n++
			d.small[i].sum += amount
			return
		}
	}
	if len(d.small) < distinctSmall {
		d.small = append(d.small, keyCount{k, keyTotal{1, amount}})
		return
	}
	d.big = make(map[uint64]keyTotal, 2*distinctSmall)
	for _, kc := range d.small {
		d.big[kc.key] = kc.keyTotal
	}
	d.small = nil
	d.big[k] = keyTotal{1, amount}
}

func (d *distinct) remove(k uint64, amount float64) {
	if k == 0 {
		return
	}
	if d.big != nil {
		if t := d.big[k]; t.n <= 1 {
			delete(d.big, k)
		} else {
			d.big[k] = keyTotal{t.n - 1, t.sum - amount}
		}
		return
	}
	for i := range d.small {
		if d.small[i].key == k {
			d.small[i].n--
			d.small[i].sum -= amount
			if d.small[i].n <= 0 {
				last := len(d.small) - 1
				d.small[i] = d.small[last]
				d.small = d.small[:last]
			}
			return
		}
	}
}

func (d *distinct) len() int {
	if d.big != nil {
		return len(d.big)
	}
	return len(d.small)
}

// top returns the largest amount one key contributes.
func (d *distinct) top() float64 {
	best := 0.0
	if d.big != nil {
		for _, t := range d.big {
			best = max(best, t.sum)
		}
		return best
	}
	for _, kc := range d.small {
		best = max(best, kc.sum)
	}
	return best
}

// add puts event e into the aggregate.
func (a *aggState) add(s *aggSpec, e *event) {
	a.count++
	a.sum += e.amount
	if !s.needsDistinct() {
		return
	}
	if a.d == nil {
		a.d = &distinctSet{}
	}
	if s.needBranches {
		a.d.branches.add(e.branchH, e.amount)
	}
	if s.needCounterparties {
		a.d.counterparties.add(e.cp, e.amount)
	}
	if s.needNew && e.flags&flagNew != 0 {
		a.d.newCps.add(e.cp, e.amount)
	}
	if s.needCountries {
		a.d.countries.add(countryKey(e.country), e.amount)
	}
}

// remove takes event e, which add put in, out of the aggregate.
func (a *aggState) remove(s *aggSpec, e *event) {
	a.count--
	a.sum -= e.amount
	if a.count == 0 {
		a.sum = 0 // no drift from repeated subtraction
	}
	if a.d == nil {
		return
	}
	if s.needBranches {
		a.d.branches.remove(e.branchH, e.amount)
	}
	if s.needCounterparties {
		a.d.counterparties.remove(e.cp, e.amount)
	}
	if s.needNew && e.flags&flagNew != 0 {
		a.d.newCps.remove(e.cp, e.amount)
	}
	if s.needCountries {
		a.d.countries.remove(countryKey(e.country), e.amount)
	}
	if a.count == 0 {
		a.d.reset() // keep the storage: windows empty and fill again
	}
}

func (s *distinctSet) reset() {
	s.branches.reset()
	s.counterparties.reset()
	s.newCps.reset()
	s.countries.reset()
}

// reset empties the set, keeping a short slice's storage; a large map is
// rare and let go.
func (d *distinct) reset() {
	d.small = d.small[:0]
	d.big = nil
}

// distincts returns the distinct counts: branches, counterparties, new
// counterparties, countries.
func (a *aggState) distincts() (int, int, int, int) {
	if a.d == nil {
		return 0, 0, 0, 0
	}
	return a.d.branches.len(), a.d.counterparties.len(), a.d.newCps.len(), a.d.countries.len()
}

func countryKey(c country) uint64 {
	if c == (country{}) {
		return 0
	}
	return uint64(c[0])<<8 | uint64(c[1])
}

// window is the events of one account that some aggregate still needs, in
// arrival order, addressed by absolute index.
type window struct {
	ev   []event
	base uint64 // absolute index of ev[0]
}

func (w *window) head() uint64 { return w.base + uint64(len(w.ev)) }

func (w *window) at(i uint64) *event { return &w.ev[i-w.base] }

// dropBefore forgets the events before absolute index i.
func (w *window) dropBefore(i uint64) {
	n := int(i - w.base)
	if n <= 0 {
		return
	}
	clear(w.ev[:n]) // release the strings
	w.ev = w.ev[n:]
	w.base = i
}

// hashString is FNV-1a, 64 bits; 0 is reserved for "none".
func hashString(parts ...string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	empty := true
	for i, s := range parts {
		if i > 0 {
			h ^= 0xff
			h *= prime
		}
		for j := 0; j < len(s); j++ {
			h ^= uint64(s[j])
			h *= prime
		}
		if s != "" {
			empty = false
		}
	}
	if empty {
		return 0
	}
	if h == 0 {
		h = 1
	}
	return h
}

// lastSeen maps counterparties to the time of the account's last
// transaction with them: a short slice while small, a map beyond.
type lastSeen struct {
	small []seenAt
	big   map[uint64]int64
}

type seenAt struct {
	key uint64
	at  int64
}

// touch records a transaction with k at now and returns the previous time.
func (l *lastSeen) touch(k uint64, now int64) (int64, bool) {
	if l.big != nil {
		prev, ok := l.big[k]
		l.big[k] = now
		return prev, ok
	}
	for i := range l.small {
		if l.small[i].key == k {
			prev := l.small[i].at
			l.small[i].at = now
			return prev, true
		}
	}
	if len(l.small) < distinctSmall {
		l.small = append(l.small, seenAt{k, now})
		return 0, false
	}
	l.big = make(map[uint64]int64, 2*distinctSmall)
	for _, s := range l.small {
		l.big[s.key] = s.at
	}
	l.small = nil
	l.big[k] = now
	return 0, false
}

// forget drops the counterparties last seen before t.
func (l *lastSeen) forget(t int64) {
	if l.big != nil {
		for k, at := range l.big {
			if at < t {
				delete(l.big, k)
			}
		}
		return
	}
	l.small = slices.DeleteFunc(l.small, func(s seenAt) bool { return s.at < t })
	if len(l.small) == 0 {
		l.small = nil
	}
}
