package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"
)

// Load reads every *.yaml and *.yml file under fsys (one rule per YAML
// document), checks and compiles the rules, and returns the library. All
// problems found are returned together, each a *LoadError placed at
// file:line:column.
func Load(fsys fs.FS) (*Library, error) {
	return load(fsys, func(name string) string { return name })
}

// LoadDir is Load on a folder of the file system; errors name files by
// their path under dir.
func LoadDir(dir string) (*Library, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("load rules: %s is not a folder", dir)
	}
	return load(os.DirFS(dir), func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) })
}

func load(fsys fs.FS, display func(string) string) (*Library, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			names = append(names, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("load rules: no rule files (*.yaml, *.yml)")
	}
	slices.Sort(names)
	var srcs []*ruleSource
	var errs []error
	seen := map[string]*Rule{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load rules: %w", err)
		}
		rs, e := parseFile(display(name), data)
		errs = append(errs, e...)
		for _, s := range rs {
			if first, dup := seen[s.rule.ID]; dup {
				errs = append(errs, &LoadError{File: s.file, Line: s.rule.Line, Rule: s.rule.ID,
					Err: fmt.Errorf("ID already used at %s:%d", first.File, first.Line)})
				continue
			}
			seen[s.rule.ID] = s.rule
			srcs = append(srcs, s)
		}
	}
	lib, e := build(srcs)
	errs = append(errs, e...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return lib, nil
}

// build registers the aggregates, lays out the environment and compiles
// every rule.
func build(srcs []*ruleSource) (*Library, []error) {
	lib := &Library{}
	keys := map[string]int{}
	var errs []error
	for _, s := range srcs {
		for i := range s.aggs {
			a := &s.aggs[i]
			k := a.spec.key()
			idx, ok := keys[k]
			if !ok {
				idx = len(lib.aggs)
				if idx >= maxAggregates {
					errs = append(errs, &LoadError{File: s.file, Line: a.node.Line, Rule: s.rule.ID,
						Err: fmt.Errorf("the library declares more than %d distinct aggregates", maxAggregates)})
					return nil, errs
				}
				keys[k] = idx
				spec := a.spec
				lib.aggs = append(lib.aggs, &spec)
			}
			s.rule.Aggregates = append(s.rule.Aggregates, Aggregate{
				Name: a.name, Window: a.spec.window, Description: a.spec.describe(), spec: idx,
			})
		}
	}
	lib.layout = newEnvLayout(len(lib.aggs))
	for _, s := range srcs {
		if err := compileRule(lib, s); err != nil {
			errs = append(errs, err...)
			continue
		}
		lib.rules = append(lib.rules, s.rule)
	}
	lib.finish()
	return lib, errs
}

func compileRule(lib *Library, s *ruleSource) []error {
	r := s.rule
	local := map[string]int{}
	for _, a := range r.Aggregates {
		local[a.Name] = a.spec
	}
	c := &compiler{layout: lib.layout, params: r.Params, aggs: local}
	src := func(n *yaml.Node, field string) exprSource {
		return exprSource{text: n.Value, node: n, file: s.file, data: s.data, rule: r.ID, field: field}
	}
	var errs []error
	fail := func(err error) { errs = append(errs, err) }

	type read struct {
		deps  []string
		phase phase
		src   exprSource
	}
	var reads []read

	when, err := c.compile(src(s.when, "when"), reflect.Bool)
	if err != nil {
		return []error{err}
	}
	r.when, r.guard, r.static = when.program, when.guard, when.static
	reads = append(reads, read{when.deps, phaseWhen, src(s.when, "when")})

	if s.score != nil {
		if f, err := strconv.ParseFloat(s.score.Value, 64); err == nil {
			if f < 0 || f > 1 {
				fail(src(s.score, "score").errorAt(1, 0, fmt.Errorf("want a score between 0 and 1, got %v", f)))
			}
			r.scoreConst = f
		} else if sc, err := c.compile(src(s.score, "score"), reflect.Float64); err != nil {
			fail(err)
		} else {
			r.score = sc.program
			reads = append(reads, read{sc.deps, phaseAlert, src(s.score, "score")})
		}
	}
	r.sarWhen = make([]*vm.Program, len(s.sar))
	for i, sc := range s.sar {
		if sc.when == nil {
			continue
		}
		field := fmt.Sprintf("sar[%d].when", i)
		p, err := c.compile(src(sc.when, field), reflect.Bool)
		if err != nil {
			fail(err)
			continue
		}
		r.sarWhen[i] = p.program
		reads = append(reads, read{p.deps, phaseAlert, src(sc.when, field)})
	}
	for i, f := range s.facts {
		fp := factProgram{name: f.name}
		field := fmt.Sprintf("facts[%d].value", i)
		v, err := c.compile(src(f.value, field), reflect.Float64)
		if err != nil {
			fail(err)
			continue
		}
		fp.value = v.program
		reads = append(reads, read{v.deps, phaseAlert, src(f.value, field)})
		if f.threshold != nil {
			field := fmt.Sprintf("facts[%d].threshold", i)
			t, err := c.compile(src(f.threshold, field), reflect.Float64)
			if err != nil {
				fail(err)
				continue
			}
			fp.threshold = t.program
			reads = append(reads, read{t.deps, phaseAlert, src(f.threshold, field)})
		}
		r.facts = append(r.facts, fp)
	}
	texts, holes, lines, err := splitTemplate(s.explain.Value)
	if err != nil {
		fail(src(s.explain, "explain").errorAt(1, 0, err))
	} else {
		for i, t := range texts {
			r.explain.parts = append(r.explain.parts, templatePart{text: t})
			if i >= len(holes) {
				break
			}
			es := src(s.explain, "explain")
			es.text, es.lineOffset = holes[i], lines[i]-1
			h, err := c.compile(es, reflect.Invalid)
			if err != nil {
				fail(err)
				continue
			}
			r.explain.parts = append(r.explain.parts, templatePart{program: h.program})
			reads = append(reads, read{h.deps, phaseAlert, es})
		}
	}
	if len(errs) > 0 {
		return errs
	}

	// What the expressions read: requirements, phases, aggregate measures.
	used := map[int]bool{}
	inWhen := map[int]bool{}
	for _, rd := range reads {
		tested := map[string]bool{} // requirements whose presence flag the expression reads
		for _, d := range rd.deps {
			if info := lookupPath(lib.layout.typ, d); info.presence != "" {
				tested[info.presence] = true
			}
		}
		for _, d := range rd.deps {
			info := lookupPath(lib.layout.typ, d)
			if !info.found {
				continue // a name the checker resolved otherwise (a function)
			}
			if rd.phase == phaseWhen && info.alertPhase {
				fail(rd.src.errorAt(1, 0, fmt.Errorf("%s is known only when the rule fires: use it in score, facts or explain", displayPath(d, r.Aggregates))))
			}
			if info.requires != "" && !satisfies(r.Requires, info.requires) && !tested[info.requires] {
				fail(rd.src.errorAt(1, 0, fmt.Errorf("reads %s, which may be absent: add %q to requires so that subjects without it are reported not evaluable, or test its presence flag in the same expression", displayPath(d, r.Aggregates), info.requires)))
			}
			switch d {
			case rootTx + ".new_counterparty":
				r.firstSeen = true
			case rootTx + ".payroll":
				r.payroll = true
			case rootTx + ".counterparty_party", rootTx + ".counterparty_onboarded_by":
				r.cpParty = true
			}
			if strings.HasPrefix(d, rootNetwork+".") || d == rootNetwork {
				r.network = true
			}
			if idx, measure, ok := aggregatePath(d); ok {
				used[idx] = true
				if rd.phase == phaseWhen {
					inWhen[idx] = true
				}
				spec := lib.aggs[idx]
				switch measure {
				case "branches":
					spec.needBranches = true
				case "counterparties", "top_share":
					spec.needCounterparties = true
				case "new_counterparties":
					spec.needNew = true
				case "countries":
					spec.needCountries = true
				}
			}
		}
	}
	if s.evidence != nil {
		for _, name := range s.evidence {
			idx, ok := local[name]
			if !ok {
				fail(&LoadError{File: s.file, Line: s.evidenceN.Line, Column: s.evidenceN.Column, Rule: r.ID,
					Err: fmt.Errorf("evidence: no aggregate %q", name)})
				continue
			}
			r.evidence = append(r.evidence, idx)
			used[idx] = true
		}
	} else {
		for _, a := range r.Aggregates {
			if inWhen[a.spec] && !slices.Contains(r.evidence, a.spec) {
				r.evidence = append(r.evidence, a.spec)
			}
		}
	}
	for _, a := range r.Aggregates {
		if !used[a.spec] {
			fail(&LoadError{File: s.file, Line: s.rule.Line, Rule: r.ID, Err: fmt.Errorf("aggregate %q is declared but never read", a.Name)})
		}
		if !slices.Contains(r.aggs, a.spec) {
			r.aggs = append(r.aggs, a.spec)
		}
	}

	// Fairness: nationality may weight, never trigger.
	fc := newFairnessCheck(lib.layout)
	if err := fc.decide(fc.build(when.tree, nil)); err != nil {
		fail(src(s.when, "when").errorAt(1, 0, err))
	}

	if r.Cooldown == 0 {
		for _, a := range r.Aggregates {
			r.Cooldown = max(r.Cooldown, a.Window)
		}
		if r.Cooldown == 0 {
			r.Cooldown = 24 * time.Hour
		}
	}
	for i, ex := range s.examples {
		e, err := parseExample(s, ex, i)
		if err != nil {
			fail(err)
			continue
		}
		r.Examples = append(r.Examples, e)
	}
	return errs
}

// aggregatePath splits "__agg3.count" into 3 and "count".
func aggregatePath(p string) (int, string, bool) {
	rest, ok := strings.CutPrefix(p, aggPrefix)
	if !ok {
		return 0, "", false
	}
	num, measure, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", false
	}
	return i, measure, true
}

// displayPath writes a path with the rule's own aggregate name.
func displayPath(p string, aggs []Aggregate) string {
	if idx, measure, ok := aggregatePath(p); ok {
		for _, a := range aggs {
			if a.spec == idx {
				if measure == "" {
					return a.Name
				}
				return a.Name + "." + measure
			}
		}
	}
	return p
}
