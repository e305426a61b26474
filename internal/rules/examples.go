package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
	"go.yaml.in/yaml/v3"
)

// Expectation is what an example says its rule must do.
type Expectation string

// Expectations.
const (
	ExpectFire         Expectation = "fire"          // at least one alert on the subject
	ExpectNoFire       Expectation = "no_fire"       // evaluated, and no alert
	ExpectNotEvaluable Expectation = "not_evaluable" // reported not evaluable, and no alert
)

// Example is a small case that a rule must get right: the subject's KYC
// and a stream of transactions, with the expected outcome.
type Example struct {
	Name   string
	Expect Expectation
	// Alerts, when not zero, is the exact number of distinct alerts.
	Alerts int
	// Evidence, when given, is the exact set of evidence transaction IDs
	// over the subject's alerts.
	Evidence []string
	Party    *model.Party // nil: the owner is unknown
	Account  model.Account
	// Others are other parties the institution knows, and OtherAccounts
	// their accounts (here or at other institutions): what network rules
	// compare the subject with. An other party without an account listed
	// gets a checking account at the subject's institution.
	Others        []model.Party
	OtherAccounts []model.Account
	// Peers, when given, are the peer statistics the example runs with.
	Peers        []PeerGroup
	Transactions []model.Transaction
	Line         int
}

// subjectAccount is the account ID examples use when they name none.
const subjectAccount = "A1"

// parseExample reads one example: name, expect, alerts, evidence, party,
// account, transactions. Party, account and transactions are written as
// the native JSON records (docs/formats.md), in YAML; a transaction may say
// `direction: in` or `out` instead of naming the subject account.
func parseExample(s *ruleSource, n *yaml.Node, i int) (Example, error) {
	ex := Example{Line: n.Line}
	bad := func(at *yaml.Node, format string, args ...any) (Example, error) {
		return Example{}, &LoadError{File: s.file, Line: at.Line, Column: at.Column, Rule: s.rule.ID,
			Err: fmt.Errorf("examples[%d]: %s", i, fmt.Sprintf(format, args...))}
	}
	if n.Kind != yaml.MappingNode {
		return bad(n, "want a mapping (name, expect, party, account, transactions), got %s", kindName(n))
	}
	var partyN, accountN, txsN, othersN, accountsN, peersN *yaml.Node
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, v := n.Content[j], n.Content[j+1]
		switch k.Value {
		case "name":
			ex.Name = v.Value
		case "expect":
			ex.Expect = Expectation(v.Value)
			if !slices.Contains([]Expectation{ExpectFire, ExpectNoFire, ExpectNotEvaluable}, ex.Expect) {
				return bad(v, "expect: want fire, no_fire or not_evaluable, got %q", v.Value)
			}
		case "alerts":
			a, err := strconv.Atoi(v.Value)
			if err != nil || a < 1 {
				return bad(v, "alerts: want a positive integer, got %q", v.Value)
			}
			ex.Alerts = a
		case "evidence":
			if v.Kind != yaml.SequenceNode {
				return bad(v, "evidence: want a list of transaction IDs")
			}
			for _, c := range v.Content {
				ex.Evidence = append(ex.Evidence, c.Value)
			}
		case "party":
			partyN = v
		case "account":
			accountN = v
		case "transactions":
			txsN = v
		case "others":
			othersN = v
		case "accounts":
			accountsN = v
		case "peers":
			peersN = v
		default:
			return bad(k, "unknown field %q (want name, expect, alerts, evidence, party, account, others, accounts, peers, transactions)", k.Value)
		}
	}
	if ex.Name == "" || ex.Expect == "" || txsN == nil {
		return bad(n, "each example needs a name, expect and transactions")
	}
	if ex.Expect != ExpectFire && (ex.Alerts > 0 || ex.Evidence != nil) {
		return bad(n, "alerts and evidence apply only to expect: fire")
	}
	if partyN != nil {
		m, err := yamlMapping(partyN)
		if err != nil {
			return bad(partyN, "party: %v", err)
		}
		setDefault(m, "id", "P1")
		setDefault(m, "kind", "person")
		setDefault(m, "names", []any{map[string]any{"full": "Example Customer"}})
		var p model.Party
		if err := decodeStrict(m, &p); err != nil {
			return bad(partyN, "party: %v", err)
		}
		ex.Party = &p
	}
	acct := map[string]any{}
	if accountN != nil {
		m, err := yamlMapping(accountN)
		if err != nil {
			return bad(accountN, "account: %v", err)
		}
		acct = m
	}
	setDefault(acct, "id", subjectAccount)
	if ex.Party != nil {
		setDefault(acct, "owners", []any{ex.Party.ID})
	}
	if err := decodeStrict(acct, &ex.Account); err != nil {
		return bad(orNode(accountN, n), "account: %v", err)
	}
	if othersN != nil {
		if othersN.Kind != yaml.SequenceNode {
			return bad(othersN, "others: want a list of parties")
		}
		for k, on := range othersN.Content {
			m, err := yamlMapping(on)
			if err != nil {
				return bad(on, "others[%d]: %v", k, err)
			}
			setDefault(m, "id", "P"+strconv.Itoa(k+2))
			setDefault(m, "kind", "person")
			setDefault(m, "names", []any{map[string]any{"full": "Other Customer " + strconv.Itoa(k+2)}})
			var p model.Party
			if err := decodeStrict(m, &p); err != nil {
				return bad(on, "others[%d]: %v", k, err)
			}
			ex.Others = append(ex.Others, p)
		}
	}
	if accountsN != nil {
		if accountsN.Kind != yaml.SequenceNode {
			return bad(accountsN, "accounts: want a list of accounts")
		}
		for k, an := range accountsN.Content {
			m, err := yamlMapping(an)
			if err != nil {
				return bad(an, "accounts[%d]: %v", k, err)
			}
			var a model.Account
			if err := decodeStrict(m, &a); err != nil {
				return bad(an, "accounts[%d]: %v", k, err)
			}
			ex.OtherAccounts = append(ex.OtherAccounts, a)
		}
	}
	if peersN != nil {
		if peersN.Kind != yaml.SequenceNode {
			return bad(peersN, "peers: want a list of peer groups {key, members, p50, p75, p90, p95, p99}")
		}
		for k, pn := range peersN.Content {
			m, err := yamlMapping(pn)
			if err != nil {
				return bad(pn, "peers[%d]: %v", k, err)
			}
			var g PeerGroup
			if err := decodeStrict(m, &g); err != nil {
				return bad(pn, "peers[%d]: %v", k, err)
			}
			ex.Peers = append(ex.Peers, g)
		}
	}
	for _, p := range ex.Others {
		if !slices.ContainsFunc(ex.OtherAccounts, func(a model.Account) bool { return slices.Contains(a.Owners, p.ID) }) {
			ex.OtherAccounts = append(ex.OtherAccounts, model.Account{ID: "A-" + p.ID, Institution: ex.Account.Institution,
				Owners: []string{p.ID}, Type: model.AcctChecking})
		}
	}
	if txsN.Kind != yaml.SequenceNode || len(txsN.Content) == 0 {
		return bad(txsN, "transactions: want a list of transactions")
	}
	for k, tn := range txsN.Content {
		m, err := yamlMapping(tn)
		if err != nil {
			return bad(tn, "transactions[%d]: %v", k, err)
		}
		if d, ok := m["direction"]; ok {
			delete(m, "direction")
			switch d {
			case "in":
				setDefault(m, "beneficiary_account", ex.Account.ID)
			case "out":
				setDefault(m, "originator_account", ex.Account.ID)
			default:
				return bad(tn, "transactions[%d]: direction: want in or out, got %v", k, d)
			}
		}
		switch m["channel"] {
		case string(model.ChannelCashDeposit):
			setDefault(m, "beneficiary_account", ex.Account.ID)
		case string(model.ChannelCashWithdrawal):
			setDefault(m, "originator_account", ex.Account.ID)
		}
		setDefault(m, "id", "T"+strconv.Itoa(k+1))
		setDefault(m, "currency", "USD")
		var tx model.Transaction
		if err := decodeStrict(m, &tx); err != nil {
			return bad(tn, "transactions[%d]: %v", k, err)
		}
		if !tx.Channel.Valid() {
			return bad(tn, "transactions[%d]: unknown channel %q", k, tx.Channel)
		}
		if tx.Time.IsZero() {
			return bad(tn, "transactions[%d]: missing timestamp", k)
		}
		if tx.Originator != ex.Account.ID && tx.Beneficiary != ex.Account.ID {
			return bad(tn, "transactions[%d]: %s does not involve the subject account %s (give direction: in or out)", k, tx.ID, ex.Account.ID)
		}
		ex.Transactions = append(ex.Transactions, tx)
	}
	sort.SliceStable(ex.Transactions, func(a, b int) bool { return ex.Transactions[a].Time.Before(ex.Transactions[b].Time) })
	return ex, nil
}

func setDefault(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// yamlMapping converts a YAML mapping to JSON-ready values: numbers stay
// numbers, booleans booleans, and everything else (timestamps and dates
// included) text, so that the model's JSON decoders read it as they read
// the native format.
func yamlMapping(n *yaml.Node) (map[string]any, error) {
	v, err := yamlValue(n)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a mapping, got %s", kindName(n))
	}
	return m, nil
}

func yamlValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return json.Number(strings.ReplaceAll(n.Value, "_", "")), nil
		case "!!bool":
			return n.Value == "true", nil
		case "!!null":
			return nil, nil
		}
		return n.Value, nil
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	}
	return nil, errors.New("empty value")
}

// decodeStrict decodes m into v through JSON, refusing unknown fields.
func decodeStrict(m map[string]any, v any) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// ExampleResult is the outcome of one example.
type ExampleResult struct {
	Rule    string        `json:"rule"`
	Version string        `json:"version"`
	Example string        `json:"example"`
	File    string        `json:"file"`
	Line    int           `json:"line"`
	Expect  Expectation   `json:"expect"`
	Pass    bool          `json:"pass"`
	Problem string        `json:"problem,omitempty"` // why it failed
	Alerts  []model.Alert `json:"alerts,omitempty"`  // the subject's alerts, final versions
}

// Test runs every rule's examples, each rule alone in a fresh engine, and
// returns one result per example in the library's order.
func (l *Library) Test() []ExampleResult {
	var out []ExampleResult
	for _, r := range l.rules {
		sub, _ := l.Select(r.ID)
		for _, ex := range r.Examples {
			out = append(out, sub.runExample(r, ex))
		}
	}
	return out
}

func (l *Library) runExample(r *Rule, ex Example) ExampleResult {
	res := ExampleResult{Rule: r.ID, Version: r.Version, Example: ex.Name, File: r.File, Line: ex.Line, Expect: ex.Expect}
	var parties []model.Party
	if ex.Party != nil {
		parties = []model.Party{*ex.Party}
	}
	parties = append(parties, ex.Others...)
	dir := NewDirectory(parties, append([]model.Account{ex.Account}, ex.OtherAccounts...))
	dir.Institution = ex.Account.Institution
	var opts Options
	if ex.Peers != nil {
		opts.Peers = NewPeers(ex.Peers, 1)
	}
	eng := NewEngine(l, dir, opts)
	byID := map[string]model.Alert{}
	var order []string
	for i := range ex.Transactions {
		for _, a := range eng.Observe(&ex.Transactions[i]) {
			if a.Subject.ID != ex.Account.ID && (ex.Party == nil || a.Subject != (model.Subject{Kind: model.SubjectParty, ID: ex.Party.ID})) {
				continue
			}
			if _, ok := byID[a.ID]; !ok {
				order = append(order, a.ID)
			}
			byID[a.ID] = a
		}
	}
	for _, id := range order {
		res.Alerts = append(res.Alerts, byID[id])
	}
	st := eng.Stats()[0]
	problems := []string{}
	if st.Errors > 0 {
		problems = append(problems, "run-time error: "+st.LastError)
	}
	switch ex.Expect {
	case ExpectFire:
		if len(res.Alerts) == 0 {
			problems = append(problems, fmt.Sprintf("expected an alert, got none (evaluated %d times, not evaluable %d)", st.Evaluated, st.NotEvaluable))
		}
		if ex.Alerts > 0 && len(res.Alerts) != ex.Alerts {
			problems = append(problems, fmt.Sprintf("expected %d alerts, got %d", ex.Alerts, len(res.Alerts)))
		}
		if ex.Evidence != nil {
			var got []string
			for _, a := range res.Alerts {
				got = append(got, a.Evidence...)
			}
			slices.Sort(got)
			got = slices.Compact(got)
			want := slices.Sorted(slices.Values(ex.Evidence))
			if !slices.Equal(got, want) {
				problems = append(problems, fmt.Sprintf("expected evidence %v, got %v", want, got))
			}
		}
	case ExpectNoFire:
		if len(res.Alerts) > 0 {
			problems = append(problems, "expected no alert, got: "+res.Alerts[0].Reason)
		}
		if st.Evaluated == 0 {
			problems = append(problems, fmt.Sprintf("the rule was never evaluated (not evaluable %d times): the example does not exercise it", st.NotEvaluable))
		}
	case ExpectNotEvaluable:
		if len(res.Alerts) > 0 {
			problems = append(problems, "expected not evaluable, got an alert: "+res.Alerts[0].Reason)
		}
		if st.NotEvaluable == 0 {
			problems = append(problems, fmt.Sprintf("expected the rule to be reported not evaluable; it was evaluated %d times", st.Evaluated))
		}
	}
	res.Pass = len(problems) == 0
	res.Problem = strings.Join(problems, "; ")
	return res
}
