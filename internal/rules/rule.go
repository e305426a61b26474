package rules

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/expr-lang/expr/vm"
)

// ErrInvalidRule is wrapped by every error Load reports about a rule file.
var ErrInvalidRule = errors.New("invalid rule")

// ErrNationalityOnly is wrapped by the error Load reports for a rule whose
// condition can fire on nationality, citizenship or ID-document country
// alone. FIN-2025-A003 asks that these attributes weight a risk, never
// trigger it on their own.
var ErrNationalityOnly = errors.New("condition fires on nationality, citizenship or ID-document country alone")

// LoadError is one problem in a rule file, with its position.
type LoadError struct {
	File   string
	Line   int
	Column int    // 0 when not known
	Rule   string // rule ID, when known
	Err    error
}

// Error renders "file:line:column: rule ID: what is wrong".
func (e *LoadError) Error() string {
	pos := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Column > 0 {
		pos += fmt.Sprintf(":%d", e.Column)
	}
	if e.Rule != "" {
		return fmt.Sprintf("%s: rule %s: %v", pos, e.Rule, e.Err)
	}
	return fmt.Sprintf("%s: %v", pos, e.Err)
}

// Unwrap returns the cause and ErrInvalidRule.
func (e *LoadError) Unwrap() []error { return []error{e.Err, ErrInvalidRule} }

// Rule is one loaded, compiled rule.
type Rule struct {
	ID          string
	Version     string
	Title       string
	Description string
	Typology    model.Typology
	// Advisories are the published advisories whose red flags the rule
	// implements ("FIN-2025-A003"); its alerts carry them, and a SAR built
	// from them the advisories' key terms.
	Advisories []string
	Effective  model.Date     // since when the rule is in force; zero when not stated
	Requires   []string       // data the rule needs (see the requirement names in docs/rules.md)
	Params     []Param        // in file order
	Aggregates []Aggregate    // in file order
	When       string         // the condition, as written
	Score      string         // the score, as written (a number or an expression)
	Severity   model.Severity // as written; empty: derived from the score
	SAR        []model.SARCode
	// SARConditions holds, for each SAR code, the condition under which an
	// alert carries it ("" for always).
	SARConditions []string
	Cooldown      time.Duration // firings closer than this merge into one alert
	// Subject is what the rule's alerts are about: an account (the
	// default) or the account's owner, a party (shared identifiers, an
	// insider), whose alert gathers all the party's accounts.
	Subject  model.SubjectKind
	Examples []Example
	File     string
	Line     int

	on           trigger
	reqMask      reqMask
	when         *vm.Program
	guard        *vm.Program // the leading conjuncts of when that read no aggregate; nil when none
	static       *vm.Program // the leading conjuncts of when that read only what is constant for an account
	score        *vm.Program // nil: scoreConst
	scoreConst   float64
	facts        []factProgram
	sarWhen      []*vm.Program // per SAR code; nil: always
	explain      template
	aggs         []int // library aggregates the rule reads, in any phase
	evidence     []int // library aggregates whose transactions are the evidence
	firstSeen    bool  // reads tx.new_counterparty
	payroll      bool  // reads tx.payroll
	network      bool  // reads network.*
	partySubject bool  // Subject is a party
	cpParty      bool  // reads tx.counterparty_party or tx.counterparty_onboarded_by
}

// Param is a rule parameter: a threshold or list with the reason for its
// default.
type Param struct {
	Name   string
	Value  any    // float64, time.Duration, string, []string or map[string]float64
	Text   string // the value as written
	Reason string
}

// Aggregate is a windowed aggregate a rule declares.
type Aggregate struct {
	Name        string
	Window      time.Duration
	Description string // the filter in words
	spec        int    // index in the library
}

// trigger selects the transactions on which a rule is evaluated.
type trigger struct {
	dir      direction
	channels chanSet
}

func (t trigger) match(d direction, ch int) bool {
	return (t.dir == dirAny || t.dir == d) && t.channels.has(ch)
}

type factProgram struct {
	name      string
	value     *vm.Program
	threshold *vm.Program // nil when the fact has none
}

// Library is a set of compiled rules sharing one environment and one set of
// aggregates. It is immutable and safe for concurrent use by engines.
type Library struct {
	rules  []*Rule
	aggs   []*aggSpec
	layout envLayout
	txReqs reqMask // transaction requirements some rule needs
}

// Rules returns the library's rules in load order (by file name, then
// position in the file).
func (l *Library) Rules() []*Rule { return slices.Clone(l.rules) }

// Rule returns the rule with the given ID, or nil.
func (l *Library) Rule(id string) *Rule {
	for _, r := range l.rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Select returns a library with only the rules whose IDs are given, in the
// library's order; it fails on an unknown ID. The selection shares the
// compiled programs; the engine keeps only the aggregates its rules read.
func (l *Library) Select(ids ...string) (*Library, error) {
	sub := &Library{aggs: l.aggs, layout: l.layout}
	for _, id := range ids {
		if l.Rule(id) == nil {
			return nil, fmt.Errorf("select rules: no rule %q", id)
		}
	}
	for _, r := range l.rules {
		if slices.Contains(ids, r.ID) {
			sub.rules = append(sub.rules, r)
		}
	}
	sub.finish()
	return sub, nil
}

// finish computes what the engine needs from the rules chosen.
func (l *Library) finish() {
	l.txReqs = 0
	for _, r := range l.rules {
		l.txReqs |= r.reqMask
	}
	l.txReqs &^= (1 << firstTxRequirement) - 1
}

// active returns the aggregates the library's rules read.
func (l *Library) active() aggSet {
	var s aggSet
	for _, r := range l.rules {
		for _, a := range r.aggs {
			s.add(a)
		}
	}
	return s
}
