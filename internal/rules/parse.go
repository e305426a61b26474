package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"go.yaml.in/yaml/v3"
)

// ruleSource is a rule as parsed from YAML, before compilation: the
// expressions keep their YAML nodes for error positions.
type ruleSource struct {
	rule      *Rule
	file      string
	data      []byte
	when      *yaml.Node
	score     *yaml.Node
	explain   *yaml.Node
	facts     []factSource
	aggs      []aggSource
	evidence  []string
	evidenceN *yaml.Node
	sar       []sarSource
	examples  []*yaml.Node
}

type factSource struct {
	name      string
	value     *yaml.Node
	threshold *yaml.Node
}

type aggSource struct {
	name string
	node *yaml.Node
	spec aggSpec
}

// parser reads rule files and collects every error with its position.
type parser struct {
	file string
	data []byte
	rule string // ID of the rule being read, for messages
	errs []error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	p.errs = append(p.errs, &LoadError{File: p.file, Line: line, Column: col, Rule: p.rule, Err: fmt.Errorf(format, args...)})
}

func (p *parser) wrap(n *yaml.Node, err error) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	p.errs = append(p.errs, &LoadError{File: p.file, Line: line, Column: col, Rule: p.rule, Err: err})
}

// parseFile reads the YAML documents of one file, one rule each.
func parseFile(name string, data []byte) ([]*ruleSource, []error) {
	p := &parser{file: name, data: data}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []*ruleSource
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p.errs = append(p.errs, &LoadError{File: name, Line: yamlErrorLine(err), Err: fmt.Errorf("YAML: %w", err)})
			break
		}
		if len(doc.Content) == 0 {
			continue
		}
		if rs := p.parseRule(doc.Content[0]); rs != nil {
			out = append(out, rs)
		}
	}
	if len(out) == 0 && len(p.errs) == 0 {
		p.errs = append(p.errs, &LoadError{File: name, Line: 1, Err: errors.New("no rule in file")})
	}
	return out, p.errs
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.Contains(err.Error(), "did not find expected") {
			n++ // the YAML library reports these at the zero-based line of the flow collection
		}
		return n
	}
	return 1
}

// ruleIDRE is the form of a rule ID: "STRUCT-1", "MM-10", "TB-3a".
var ruleIDRE = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)

// advisoryRE is the form of a published advisory's ID: FinCEN's
// "FIN-2025-A003", "FIN-2014-A005".
var advisoryRE = regexp.MustCompile(`^[A-Z]+-[0-9]{4}-[A-Z0-9]+$`)

// nameRE is the form of parameter and aggregate names.
var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// reservedNames cannot name an aggregate: they are the roots of the
// environment and the helper functions.
var reservedNames = []string{rootTx, rootAccount, rootKYC, rootAlert, rootNetwork, rootPeers, rootParams}

func (p *parser) parseRule(n *yaml.Node) *ruleSource {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "a rule is a mapping of fields (id, version, title, …), got %s", kindName(n))
		return nil
	}
	nerr := len(p.errs)
	r := &Rule{File: p.file, Line: n.Line}
	rs := &ruleSource{rule: r, file: p.file, data: p.data}
	fields := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := fields[k.Value]; dup {
			p.errorf(k, "field %q given twice", k.Value)
		}
		fields[k.Value] = v
		if k.Value == "id" {
			r.ID = v.Value
			p.rule = v.Value
		}
	}
	if !ruleIDRE.MatchString(r.ID) {
		p.errorf(orNode(fields["id"], n), "id: want an upper-case ID such as STRUCT-1 or MM-4, got %q", r.ID)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "id":
		case "version":
			r.Version = p.scalar(v, "version")
		case "title":
			r.Title = p.scalar(v, "title")
		case "description":
			r.Description = strings.TrimSpace(p.scalar(v, "description"))
		case "typology":
			r.Typology = model.Typology(p.scalar(v, "typology"))
		case "effective":
			d, err := model.ParseDate(p.scalar(v, "effective"))
			if err != nil {
				p.errorf(v, "effective: %v", err)
			}
			r.Effective = d
		case "requires":
			r.Requires = p.stringList(v, "requires")
		case "advisories":
			r.Advisories = p.stringList(v, "advisories")
			for _, a := range r.Advisories {
				if !advisoryRE.MatchString(a) {
					p.errorf(v, "advisories: %q is not an advisory ID such as FIN-2025-A003", a)
				}
			}
		case "on":
			r.on = p.parseTrigger(v)
		case "params":
			r.Params = p.parseParams(v)
		case "aggregates":
			// after params, below
		case "when":
			rs.when = v
			r.When = strings.TrimSpace(p.scalar(v, "when"))
		case "score":
			rs.score = v
			r.Score = strings.TrimSpace(p.scalar(v, "score"))
		case "severity":
			r.Severity = model.Severity(p.scalar(v, "severity"))
			if r.Severity.Rank() == 0 {
				p.errorf(v, "severity: want low, medium, high or critical, got %q", v.Value)
			}
		case "sar":
			rs.sar = p.parseSAR(v)
			for _, c := range rs.sar {
				r.SAR = append(r.SAR, c.code)
				cond := ""
				if c.when != nil {
					cond = strings.TrimSpace(c.when.Value)
				}
				r.SARConditions = append(r.SARConditions, cond)
			}
		case "subject":
			switch p.scalar(v, "subject") {
			case "account":
				r.Subject = model.SubjectAccount
			case "party":
				r.Subject, r.partySubject = model.SubjectParty, true
			default:
				p.errorf(v, "subject: want account or party, got %q", v.Value)
			}
		case "cooldown":
			d, err := parseDuration(p.scalar(v, "cooldown"))
			if err != nil {
				p.errorf(v, "cooldown: %v", err)
			}
			r.Cooldown = d
		case "evidence":
			rs.evidence = p.stringList(v, "evidence")
			rs.evidenceN = v
		case "facts":
			rs.facts = p.parseFacts(v)
		case "explain":
			rs.explain = v
			p.scalar(v, "explain")
		case "examples":
			if v.Kind != yaml.SequenceNode {
				p.errorf(v, "examples: want a list, got %s", kindName(v))
			} else {
				rs.examples = v.Content
			}
		default:
			p.errorf(k, "unknown field %q (want id, version, title, description, typology, advisories, effective, requires, on, params, aggregates, when, score, severity, sar, subject, cooldown, evidence, facts, explain, examples)", k.Value)
		}
	}
	if v := fields["aggregates"]; v != nil {
		rs.aggs = p.parseAggregates(v, r.Params)
	}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"version", r.Version != ""}, {"title", r.Title != ""}, {"description", r.Description != ""},
		{"typology", r.Typology != ""}, {"when", rs.when != nil}, {"sar", len(r.SAR) > 0},
		{"explain", rs.explain != nil}, {"examples", len(rs.examples) > 0},
	} {
		if !f.set {
			p.errorf(n, "missing field %q", f.name)
		}
	}
	if r.Subject == "" {
		r.Subject = model.SubjectAccount
	}
	if r.partySubject && !slices.Contains(r.Requires, "kyc") && !slices.ContainsFunc(r.Requires, func(q string) bool { return strings.HasPrefix(q, "kyc.") }) {
		p.errorf(orNode(fields["subject"], n), "subject: party needs the owner: add \"kyc\" to requires")
	}
	if rs.score == nil && r.Severity == "" {
		p.errorf(n, "give a score, a severity or both")
	}
	for _, req := range r.Requires {
		if requirementIndex(req) < 0 {
			p.errorf(fields["requires"], "requires: unknown data field %q (want one of %s)", req, strings.Join(requirementNames(), ", "))
		}
		r.reqMask |= 1 << max(requirementIndex(req), 0)
		// A field of the owner's KYC implies that the owner is known.
		if root, _, nested := strings.Cut(req, "."); nested && requirementIndex(root) >= 0 {
			r.reqMask |= 1 << requirementIndex(root)
		}
	}
	if len(p.errs) > nerr {
		return nil
	}
	return rs
}

func orNode(a, b *yaml.Node) *yaml.Node {
	if a != nil {
		return a
	}
	return b
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

func (p *parser) scalar(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s: want a single value, got %s", field, kindName(n))
		return ""
	}
	return n.Value
}

func (p *parser) stringList(n *yaml.Node, field string) []string {
	if n.Kind == yaml.ScalarNode && n.Value != "" {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list, got %s", field, kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, p.scalar(c, field))
	}
	return out
}

func (p *parser) parseTrigger(n *yaml.Node) trigger {
	var t trigger
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "on: want a mapping with direction and channels, got %s", kindName(n))
		return t
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "direction":
			d, ok := parseDirection(p.scalar(v, "on.direction"))
			if !ok {
				p.errorf(v, "on.direction: want in, out or any, got %q", v.Value)
			}
			t.dir = d
		case "channels":
			t.channels = p.channelSet(v, "on.channels")
		default:
			p.errorf(k, "on: unknown field %q (want direction, channels)", k.Value)
		}
	}
	return t
}

func (p *parser) channelSet(n *yaml.Node, field string) chanSet {
	var s chanSet
	for _, c := range p.stringList(n, field) {
		i := model.Channel(c).Index()
		if i < 0 {
			p.errorf(n, "%s: unknown channel %q (want one of %s)", field, c, channelNames())
			continue
		}
		s |= 1 << i
	}
	return s
}

func channelNames() string {
	names := make([]string, len(model.Channels))
	for i, c := range model.Channels {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

func (p *parser) parseParams(n *yaml.Node) []Param {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "params: want a mapping of name to {default, reason}, got %s", kindName(n))
		return nil
	}
	var out []Param
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !nameRE.MatchString(k.Value) {
			p.errorf(k, "params: name %q: want lower case letters, digits and _", k.Value)
			continue
		}
		if slices.ContainsFunc(out, func(q Param) bool { return q.Name == k.Value }) {
			p.errorf(k, "params: %q given twice", k.Value)
			continue
		}
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "params.%s: want a mapping with default and reason, got %s", k.Value, kindName(v))
			continue
		}
		prm := Param{Name: k.Value}
		var def *yaml.Node
		for j := 0; j+1 < len(v.Content); j += 2 {
			fk, fv := v.Content[j], v.Content[j+1]
			switch fk.Value {
			case "default":
				def = fv
			case "reason":
				prm.Reason = strings.TrimSpace(p.scalar(fv, "params."+k.Value+".reason"))
			default:
				p.errorf(fk, "params.%s: unknown field %q (want default, reason)", k.Value, fk.Value)
			}
		}
		if def == nil {
			p.errorf(v, "params.%s: missing default", k.Value)
			continue
		}
		if prm.Reason == "" {
			p.errorf(v, "params.%s: missing reason: say why the default is what it is (a regulation, the advisory's page, a measured rate)", k.Value)
		}
		val, text, err := paramValue(def)
		if err != nil {
			p.errorf(def, "params.%s: %v", k.Value, err)
			continue
		}
		prm.Value, prm.Text = val, text
		out = append(out, prm)
	}
	return out
}

// paramValue reads a parameter's default: a number, a duration ("48h",
// "7d"), a list of text, a mapping of text to number, or text.
func paramValue(n *yaml.Node) (any, string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, "", fmt.Errorf("not a finite number: %q", n.Value)
			}
			return f, n.Value, nil
		case "!!str":
			if d, err := parseDuration(n.Value); err == nil {
				return d, n.Value, nil
			}
			return n.Value, n.Value, nil
		}
		return nil, "", fmt.Errorf("want a number, a duration such as 48h or 7d, text, a list or a mapping, got %q", n.Value)
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, "", fmt.Errorf("a list parameter holds plain values, got %s", kindName(c))
			}
			out = append(out, c.Value)
		}
		return out, "[" + strings.Join(out, ", ") + "]", nil
	case yaml.MappingNode:
		out := make(map[string]float64, len(n.Content)/2)
		var text []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, err := strconv.ParseFloat(v.Value, 64)
			if v.Kind != yaml.ScalarNode || err != nil {
				return nil, "", fmt.Errorf("a mapping parameter maps text to numbers; %q is not a number", v.Value)
			}
			out[k.Value] = f
			text = append(text, k.Value+": "+v.Value)
		}
		return out, "{" + strings.Join(text, ", ") + "}", nil
	}
	return nil, "", fmt.Errorf("want a value, got %s", kindName(n))
}

// parseDuration reads Go durations ("48h", "90m") and whole days or weeks
// ("7d", "2w").
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 {
			return time.Duration(v) * 24 * time.Hour, nil
		}
	}
	if n, ok := strings.CutSuffix(s, "w"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 {
			return time.Duration(v) * 7 * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("want a positive duration such as 48h, 7d or 2w, got %q", s)
	}
	return d, nil
}

func (p *parser) param(params []Param, n *yaml.Node, field string) (any, bool) {
	name, ok := strings.CutPrefix(n.Value, rootParams+".")
	if !ok || n.Kind != yaml.ScalarNode {
		return nil, false
	}
	for _, q := range params {
		if q.Name == name {
			return q.Value, true
		}
	}
	p.errorf(n, "%s: no parameter %q", field, name)
	return nil, true
}

// number reads a number, or a params.NAME reference to a number.
func (p *parser) number(params []Param, n *yaml.Node, field string) (float64, bool) {
	if v, ok := p.param(params, n, field); ok {
		f, isNum := v.(float64)
		if v != nil && !isNum {
			p.errorf(n, "%s: parameter %s is not a number", field, n.Value)
		}
		return f, isNum
	}
	f, err := strconv.ParseFloat(p.scalar(n, field), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		p.errorf(n, "%s: want a number or params.NAME, got %q", field, n.Value)
		return 0, false
	}
	return f, true
}

func (p *parser) duration(params []Param, n *yaml.Node, field string) time.Duration {
	if v, ok := p.param(params, n, field); ok {
		d, isDur := v.(time.Duration)
		if v != nil && !isDur {
			p.errorf(n, "%s: parameter %s is not a duration", field, n.Value)
		}
		return d
	}
	d, err := parseDuration(p.scalar(n, field))
	if err != nil {
		p.errorf(n, "%s: %v", field, err)
	}
	return d
}

// listParam reads a list, or a params.NAME reference to a list parameter.
func (p *parser) listParam(params []Param, n *yaml.Node, field string) []string {
	if v, ok := p.param(params, n, field); ok {
		l, isList := v.([]string)
		if v != nil && !isList {
			p.errorf(n, "%s: parameter %s is not a list", field, n.Value)
		}
		return l
	}
	return p.stringList(n, field)
}

func (p *parser) boolean(n *yaml.Node, field string) tristate {
	switch p.scalar(n, field) {
	case "true":
		return triTrue
	case "false":
		return triFalse
	}
	p.errorf(n, "%s: want true or false, got %q", field, n.Value)
	return triUnset
}

func (p *parser) parseAggregates(n *yaml.Node, params []Param) []aggSource {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "aggregates: want a mapping of name to window and filter, got %s", kindName(n))
		return nil
	}
	var out []aggSource
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if !nameRE.MatchString(name) || slices.Contains(reservedNames, name) || isFunctionName(name) {
			p.errorf(k, "aggregates: name %q: want lower case letters, digits and _, not one of %s or a function name", name, strings.Join(reservedNames, ", "))
			continue
		}
		if slices.ContainsFunc(out, func(a aggSource) bool { return a.name == name }) {
			p.errorf(k, "aggregates: %q given twice", name)
			continue
		}
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "aggregates.%s: want a mapping (window, direction, channels, …), got %s", name, kindName(v))
			continue
		}
		a := aggSource{name: name, node: k}
		s := &a.spec
		field := "aggregates." + name
		hasWindow := false
		for j := 0; j+1 < len(v.Content); j += 2 {
			fk, fv := v.Content[j], v.Content[j+1]
			f := field + "." + fk.Value
			switch fk.Value {
			case "window":
				s.window = p.duration(params, fv, f)
				hasWindow = true
			case "direction":
				d, ok := parseDirection(p.scalar(fv, f))
				if !ok {
					p.errorf(fv, "%s: want in, out or any, got %q", f, fv.Value)
				}
				s.dir = d
			case "channels":
				s.channels = p.channelSet(fv, f)
			case "exclude_channels":
				s.exclude = p.channelSet(fv, f)
			case "amount_at_least":
				s.atLeast, s.hasAtLeast = p.number(params, fv, f)
			case "amount_below":
				s.below, s.hasBelow = p.number(params, fv, f)
			case "countries":
				for _, c := range p.listParam(params, fv, f) {
					if !model.ValidCountry(c) {
						p.errorf(fv, "%s: %q is not an ISO 3166 alpha-2 country code", f, c)
					}
					s.countries = append(s.countries, toCountry(c))
				}
			case "outside_expected_countries":
				s.outsideExpected = p.boolean(fv, f)
			case "payroll":
				s.payroll = p.boolean(fv, f)
			case "self":
				s.self = p.boolean(fv, f)
			case "new_counterparty":
				s.newCounterparty = p.boolean(fv, f)
			case "memo_words":
				for _, w := range p.listParam(params, fv, f) {
					s.memoWords = append(s.memoWords, strings.ToLower(w))
				}
			case "mcc":
				s.mccs = p.listParam(params, fv, f)
				for _, m := range s.mccs {
					if len(m) != 4 || strings.Trim(m, "0123456789") != "" {
						p.errorf(fv, "%s: %q is not a 4-digit merchant category code", f, m)
					}
				}
			case "counterparty_naics":
				s.naics = p.listParam(params, fv, f)
				for _, c := range s.naics {
					if len(c) < 2 || len(c) > 6 || strings.Trim(c, "0123456789") != "" {
						p.errorf(fv, "%s: %q is not a NAICS code or prefix (2–6 digits)", f, c)
					}
				}
			case "exclude_counterparty_naics":
				s.excludeNAICS = p.listParam(params, fv, f)
				for _, c := range s.excludeNAICS {
					if len(c) < 2 || len(c) > 6 || strings.Trim(c, "0123456789") != "" {
						p.errorf(fv, "%s: %q is not a NAICS code or prefix (2–6 digits)", f, c)
					}
				}
			case "away_from_home":
				s.awayFromHome = p.boolean(fv, f)
			case "counterparty_type":
				s.cpType = p.scalar(fv, f)
				if !model.PartyKind(s.cpType).Valid() {
					p.errorf(fv, "%s: want person or organization, got %q", f, s.cpType)
				}
			default:
				p.errorf(fk, "%s: unknown field %q (want window, direction, channels, exclude_channels, amount_at_least, amount_below, countries, outside_expected_countries, payroll, self, new_counterparty, memo_words, mcc, counterparty_naics, exclude_counterparty_naics, counterparty_type, away_from_home)", field, fk.Value)
			}
		}
		if !hasWindow {
			p.errorf(v, "%s: missing window", field)
		}
		out = append(out, a)
	}
	return out
}

// sarSource is one SAR code of a rule, with its optional condition.
type sarSource struct {
	code model.SARCode
	when *yaml.Node // nil: always
}

func (p *parser) parseSAR(n *yaml.Node) []sarSource {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "sar: want a list of {type, subtype}, got %s", kindName(n))
		return nil
	}
	var out []sarSource
	for _, c := range n.Content {
		if c.Kind != yaml.MappingNode {
			p.errorf(c, "sar: want {type: N, subtype: N}, got %s", kindName(c))
			continue
		}
		var s sarSource
		for j := 0; j+1 < len(c.Content); j += 2 {
			k, v := c.Content[j], c.Content[j+1]
			if k.Value == "when" {
				s.when = v
				p.scalar(v, "sar.when")
				continue
			}
			n, err := strconv.Atoi(v.Value)
			if err != nil {
				p.errorf(v, "sar.%s: want an integer, got %q", k.Value, v.Value)
				continue
			}
			switch k.Value {
			case "type":
				s.code.Type = n
			case "subtype":
				s.code.Subtype = n
			default:
				p.errorf(k, "sar: unknown field %q (want type, subtype, when)", k.Value)
			}
		}
		if err := checkSARCode(s.code); err != nil {
			p.errorf(c, "sar: %v", err)
			continue
		}
		out = append(out, s)
	}
	return out
}

func (p *parser) parseFacts(n *yaml.Node) []factSource {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "facts: want a list of {name, value, threshold}, got %s", kindName(n))
		return nil
	}
	var out []factSource
	for _, c := range n.Content {
		if c.Kind != yaml.MappingNode {
			p.errorf(c, "facts: want {name, value, threshold}, got %s", kindName(c))
			continue
		}
		var f factSource
		for j := 0; j+1 < len(c.Content); j += 2 {
			k, v := c.Content[j], c.Content[j+1]
			switch k.Value {
			case "name":
				f.name = p.scalar(v, "facts.name")
			case "value":
				f.value = v
				p.scalar(v, "facts.value")
			case "threshold":
				f.threshold = v
				p.scalar(v, "facts.threshold")
			default:
				p.errorf(k, "facts: unknown field %q (want name, value, threshold)", k.Value)
			}
		}
		if f.name == "" || f.value == nil {
			p.errorf(c, "facts: each fact needs a name and a value")
			continue
		}
		out = append(out, f)
	}
	return out
}
