package rules

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	exprcompiler "github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"
)

// phase says when an expression runs: the condition on every triggering
// transaction, the rest only when the rule fires.
type phase uint8

const (
	phaseWhen  phase = iota // the hot path: no alert-only fields
	phaseAlert              // score, facts, explain
)

// functions are the helpers every expression may call. They are pure: the
// same arguments give the same result, so rules replay deterministically.
var functionNames = []string{"ratio", "money", "num", "pct", "dur", "list", "day", "when", "days", "hours", "plural"}

func isFunctionName(s string) bool { return slices.Contains(functionNames, s) }

func functionOptions() []expr.Option {
	return []expr.Option{
		expr.Function("ratio", func(a ...any) (any, error) {
			d := toFloat(a[1])
			if d == 0 {
				return 0.0, nil
			}
			return toFloat(a[0]) / d, nil
		}, new(func(any, any) float64)),
		expr.Function("money", func(a ...any) (any, error) { return formatMoney(toFloat(a[0])), nil }, new(func(any) string)),
		expr.Function("num", func(a ...any) (any, error) { return formatNumber(toFloat(a[0])), nil }, new(func(any) string)),
		expr.Function("pct", func(a ...any) (any, error) { return formatPercent(toFloat(a[0])), nil }, new(func(any) string)),
		expr.Function("dur", func(a ...any) (any, error) { return formatDuration(a[0].(time.Duration)), nil }, new(func(time.Duration) string)),
		expr.Function("list", func(a ...any) (any, error) { return formatList(a[0]), nil }, new(func(any) string)),
		expr.Function("day", func(a ...any) (any, error) { return a[0].(time.Time).UTC().Format("2006-01-02"), nil }, new(func(time.Time) string)),
		expr.Function("when", func(a ...any) (any, error) { return formatTime(a[0].(time.Time)), nil }, new(func(time.Time) string)),
		expr.Function("days", func(a ...any) (any, error) { return a[0].(time.Duration).Hours() / 24, nil }, new(func(time.Duration) float64)),
		expr.Function("plural", func(a ...any) (any, error) {
			n := toFloat(a[0])
			if n == 1 {
				return "1 " + a[1].(string), nil
			}
			return formatNumber(n) + " " + a[1].(string) + "s", nil
		}, new(func(any, string) string)),
		expr.Function("hours", func(a ...any) (any, error) { return a[0].(time.Duration).Hours(), nil }, new(func(time.Duration) float64)),
		// Rules replay history: "now" would make a backtest depend on the
		// day it runs. Use tx.time.
		expr.DisableBuiltin("now"),
	}
}

// exprSource is an expression with what is needed to report positions in
// its YAML file.
type exprSource struct {
	text  string
	node  *yaml.Node
	file  string
	data  []byte
	rule  string
	field string // "when", "score", "facts[2].value", "explain"
	// lineOffset is the line of the YAML value on which text starts, for
	// the holes of an explain template.
	lineOffset int
}

// compiled is a compiled expression with its analysis.
type compiled struct {
	program *vm.Program
	tree    ast.Node // checked, not optimised
	deps    []string // environment paths read
	// For a condition "a && b && c", static holds the leading conjuncts
	// that read only what is constant for an account (isStaticPath), and
	// guard the leading conjuncts that read no aggregate: the engine
	// remembers static's result per account, runs guard next, and fills
	// the aggregate views only when both hold. Nil when there are no such
	// conjuncts or they are the whole condition.
	static, guard *vm.Program
}

// compiler compiles a rule's expressions against the library environment.
type compiler struct {
	layout envLayout
	params []Param
	aggs   map[string]int // rule-local aggregate name → library index
}

// compile checks and compiles one expression. kind is the expected result:
// reflect.Bool, reflect.Float64 or reflect.Invalid (any).
func (c *compiler) compile(src exprSource, kind reflect.Kind) (*compiled, error) {
	if strings.TrimSpace(src.text) == "" {
		return nil, src.errorAt(1, 0, errors.New("empty expression"))
	}
	patch := &namePatcher{params: c.params, aggs: c.aggs}
	opts := []expr.Option{expr.Env(reflect.New(c.layout.typ).Elem().Interface()), expr.Patch(patch), expr.Patch(setPatcher{})}
	opts = append(opts, functionOptions()...)
	switch kind {
	case reflect.Bool:
		opts = append(opts, expr.AsBool())
	case reflect.Float64:
		opts = append(opts, expr.AsFloat64())
	}
	// The unoptimised tree is what the analyses read: the optimiser may
	// fold and reshape nodes in ways that hide what the author wrote.
	checked, err := expr.Compile(src.text, append(slices.Clone(opts), expr.Optimize(false))...)
	if patch.err != nil {
		return nil, src.exprError(patch.err)
	}
	if err != nil {
		return nil, src.exprError(err)
	}
	program, err := expr.Compile(src.text, opts...)
	if err != nil {
		return nil, src.exprError(err)
	}
	w := &depWalker{}
	tree := checked.Node()
	w.walk(tree)
	if w.err != nil {
		return nil, src.exprError(w.err)
	}
	out := &compiled{program: program, tree: tree, deps: w.paths()}
	if kind == reflect.Bool {
		opts := append(slices.Clone(opts), expr.Optimize(false))
		conj, prefix := splitConjuncts(tree)
		static, cheap := 0, 0
		for static < len(conj) && readsOnly(conj[static], isStaticPath) {
			static++
		}
		for cheap < len(conj) && readsOnly(conj[cheap], func(p string) bool { return !strings.HasPrefix(p, aggPrefix) }) {
			cheap++
		}
		if static > 0 && static < len(conj) {
			if out.static, err = compileNode(prefix(static), checked.Source(), opts); err != nil {
				return nil, src.exprError(err)
			}
		}
		if cheap > static && cheap < len(conj) {
			if out.guard, err = compileNode(prefix(cheap), checked.Source(), opts); err != nil {
				return nil, src.exprError(err)
			}
		}
	}
	return out, nil
}

// splitConjuncts returns the conjuncts of a condition "a && b && c", in
// source order, and a function that returns the subtree holding the first
// k of them. A condition that is not a conjunction is one conjunct.
func splitConjuncts(n ast.Node) ([]ast.Node, func(k int) ast.Node) {
	// "a && b && c" is ((a && b) && c): the prefixes are the left spine.
	var spine []ast.Node // spine[i] holds the first len(spine)+1-i conjuncts
	for {
		b, ok := n.(*ast.BinaryNode)
		if !ok || (b.Operator != "&&" && b.Operator != "and") {
			break
		}
		spine = append(spine, b)
		n = b.Left
	}
	conj := []ast.Node{n}
	for i := len(spine) - 1; i >= 0; i-- {
		conj = append(conj, spine[i].(*ast.BinaryNode).Right)
	}
	return conj, func(k int) ast.Node {
		if k == 1 {
			return conj[0]
		}
		return spine[len(spine)-k+1]
	}
}

// readsOnly reports whether every environment path n reads satisfies ok.
func readsOnly(n ast.Node, ok func(path string) bool) bool {
	w := &depWalker{}
	w.walk(n)
	for p := range w.set {
		if !ok(p) {
			return false
		}
	}
	return true
}

// isStaticPath reports whether a path reads what stays the same for an
// account from one transaction to the next: its owner's KYC, its peer
// group, its network view (which the engine recomputes only when it
// changes), the account record — not the transaction, the aggregates, or
// how long the account has been watched.
func isStaticPath(p string) bool {
	root, _, _ := strings.Cut(p, ".")
	switch root {
	case rootKYC, rootPeers, rootNetwork:
		return true
	case rootAccount:
		return p != rootAccount+".watched" && p != rootAccount
	}
	return false
}

// compileNode compiles a checked subtree of an expression with the
// options of the whole.
func compileNode(n ast.Node, source file.Source, opts []expr.Option) (*vm.Program, error) {
	config := conf.CreateNew()
	for _, op := range opts {
		op(config)
	}
	for name := range config.Disabled {
		delete(config.Builtins, name)
	}
	config.Check()
	return exprcompiler.Compile(&exprparser.Tree{Node: n, Source: source}, config)
}

// namePatcher replaces params.NAME by the parameter's value and a rule's
// aggregate names by the library's field names, before type checking.
type namePatcher struct {
	params []Param
	aggs   map[string]int
	err    error
}

func (p *namePatcher) Visit(node *ast.Node) {
	if p.err != nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if strings.HasPrefix(n.Value, "__") || n.Value == "$env" {
			p.err = locError(n, fmt.Errorf("name %q is not available to rules", n.Value))
			return
		}
		if i, ok := p.aggs[n.Value]; ok {
			ast.Patch(node, &ast.IdentifierNode{Value: aggName(i)})
		}
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		if !ok || id.Value != rootParams {
			return
		}
		prop, ok := n.Property.(*ast.StringNode)
		if !ok {
			p.err = locError(id, errors.New("params: name the parameter (params.NAME)"))
			return
		}
		for _, q := range p.params {
			if q.Name == prop.Value {
				ast.Patch(node, &ast.ConstantNode{Value: q.Value})
				return
			}
		}
		p.err = locError(id, fmt.Errorf("no parameter %q", prop.Value))
	case *ast.VariableDeclaratorNode:
		if _, ok := p.aggs[n.Name]; ok || slices.Contains(reservedNames, n.Name) {
			p.err = locError(n, fmt.Errorf("let %s: the name is taken by the environment", n.Name))
		}
	}
}

// setPatcher turns the list parameter on the right of "in" into a set, so
// that membership is a map lookup rather than a scan ("tx.mcc in
// params.luxury_mcc"). It runs after namePatcher has put the values in.
type setPatcher struct{}

func (setPatcher) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BinaryNode)
	if !ok || (b.Operator != "in" && b.Operator != "not in") {
		return
	}
	c, ok := b.Right.(*ast.ConstantNode)
	if !ok {
		return
	}
	if list, ok := c.Value.([]string); ok {
		set := make(map[string]bool, len(list))
		for _, v := range list {
			set[v] = true
		}
		ast.Patch(&b.Right, &ast.ConstantNode{Value: set})
	}
}

// locError is an expression error at a node.
func locError(n ast.Node, err error) error {
	return &file.Error{Location: n.Location(), Message: err.Error()}
}

// exprError turns an expr error into a LoadError at the right line and
// column of the YAML file.
func (s exprSource) exprError(err error) error {
	var fe *file.Error
	if errors.As(err, &fe) {
		b := *fe
		if b.Line == 0 {
			b.Bind(file.NewSource(s.text))
		}
		return s.errorAt(b.Line, b.Column, errors.New(firstLine(b.Message)))
	}
	return s.errorAt(1, 0, errors.New(firstLine(err.Error())))
}

// errorAt places an error at line (1-based) and column (0-based) of the
// expression text, mapped into the YAML file.
func (s exprSource) errorAt(line, col int, err error) error {
	yl, yc := s.position(line, col)
	return &LoadError{File: s.file, Line: yl, Column: yc, Rule: s.rule, Err: fmt.Errorf("%s: %w", s.field, err)}
}

func (s exprSource) position(line, col int) (int, int) {
	n := s.node
	if n == nil {
		return 0, 0
	}
	if line < 1 {
		line = 1
	}
	yl := n.Line + s.lineOffset + line - 1
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		yl++ // block scalars start on the line after the indicator
	}
	// Find the expression's line in the file to get the column right.
	lines := strings.Split(string(s.data), "\n")
	exprLines := strings.Split(s.text, "\n")
	if yl-1 < len(lines) && line-1 < len(exprLines) {
		want := strings.TrimSpace(exprLines[line-1])
		if i := strings.Index(lines[yl-1], want); want != "" && i >= 0 {
			lead := len(exprLines[line-1]) - len(strings.TrimLeft(exprLines[line-1], " \t"))
			return yl, i + 1 + max(col-lead, 0)
		}
	}
	if yl == n.Line {
		return yl, n.Column + col
	}
	return yl, 0
}

// depWalker collects the environment paths an expression reads:
// "kyc.nationalities", "kyc.documents.country", "__agg3.count". A path
// read through a predicate ("any(kyc.documents, .country == 'CN')") is the
// collection's path joined with the field. Reads it cannot resolve to a
// field are recorded as the widest path it can name, so that the
// fairness check errs on the side of rejecting.
type depWalker struct {
	set   map[string]bool
	vars  []varBinding
	preds []predScope
	err   error
}

type varBinding struct {
	name string
	deps []string
	node ast.Node
}

type predScope struct {
	path  string   // collection path, when it is one
	deps  []string // the collection's reads, when it is not a path
	isPth bool
	used  bool // the predicate read an element
}

func (w *depWalker) add(p string) {
	if w.set == nil {
		w.set = map[string]bool{}
	}
	w.set[p] = true
}

func (w *depWalker) paths() []string {
	out := make([]string, 0, len(w.set))
	for p := range w.set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// sub collects the reads of n alone.
func (w *depWalker) sub(n ast.Node) []string {
	saved := w.set
	w.set = nil
	w.walk(n)
	got := w.paths()
	w.set = saved
	return got
}

func (w *depWalker) lookupVar(name string) (varBinding, bool) {
	for i := len(w.vars) - 1; i >= 0; i-- {
		if w.vars[i].name == name {
			return w.vars[i], true
		}
	}
	return varBinding{}, false
}

// path returns the dotted path n names, when n is a chain of field reads
// from the environment or from a predicate's element.
func (w *depWalker) path(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if _, ok := w.lookupVar(n.Value); ok || isFunctionName(n.Value) {
			return "", false
		}
		return n.Value, true
	case *ast.PointerNode:
		if len(w.preds) == 0 {
			return "", false
		}
		top := &w.preds[len(w.preds)-1]
		top.used = true
		if !top.isPth {
			return "", false
		}
		return top.path, true
	case *ast.ChainNode:
		return w.path(n.Node)
	case *ast.MemberNode:
		base, ok := w.path(n.Node)
		if !ok {
			return "", false
		}
		switch prop := n.Property.(type) {
		case *ast.StringNode:
			return base + "." + prop.Value, true
		case *ast.IntegerNode:
			return base, true // an index: the element has the collection's path
		}
		return "", false
	case *ast.BuiltinNode:
		// Builtins that return elements of their collection keep its path.
		switch n.Name {
		case "filter", "first", "last", "take", "sortBy", "reverse", "uniq", "find", "findLast":
			if len(n.Arguments) > 0 {
				if p, ok := w.path(n.Arguments[0]); ok {
					// The predicate, if any, is still read.
					for _, a := range n.Arguments[1:] {
						w.walkIn(a, p, true, nil)
					}
					return p, true
				}
			}
		}
	}
	return "", false
}

func (w *depWalker) walk(n ast.Node) {
	if n == nil || w.err != nil {
		return
	}
	if p, ok := w.path(n); ok {
		w.add(p)
		return
	}
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if v, ok := w.lookupVar(n.Value); ok {
			for _, d := range v.deps {
				w.add(d)
			}
		}
	case *ast.PointerNode:
		if len(w.preds) > 0 {
			top := w.preds[len(w.preds)-1]
			for _, d := range top.deps {
				w.add(d)
			}
		}
	case *ast.MemberNode:
		// A computed member: read the base and the key.
		if p, ok := w.path(n.Node); ok {
			w.add(p)
		} else {
			w.walk(n.Node)
		}
		w.walk(n.Property)
	case *ast.ChainNode:
		w.walk(n.Node)
	case *ast.UnaryNode:
		w.walk(n.Node)
	case *ast.BinaryNode:
		w.walk(n.Left)
		w.walk(n.Right)
	case *ast.SliceNode:
		w.walk(n.Node)
		w.walk(n.From)
		w.walk(n.To)
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); !ok || !isFunctionName(id.Value) {
			w.walk(n.Callee)
		}
		for _, a := range n.Arguments {
			w.walk(a)
		}
	case *ast.BuiltinNode:
		w.builtin(n)
	case *ast.PredicateNode:
		w.walk(n.Node)
	case *ast.VariableDeclaratorNode:
		deps := w.sub(n.Value)
		for _, d := range deps {
			w.add(d)
		}
		w.vars = append(w.vars, varBinding{name: n.Name, deps: deps, node: n.Value})
		w.walk(n.Expr)
		w.vars = w.vars[:len(w.vars)-1]
	case *ast.SequenceNode:
		for _, s := range n.Nodes {
			w.walk(s)
		}
	case *ast.ConditionalNode:
		w.walk(n.Cond)
		w.walk(n.Exp1)
		w.walk(n.Exp2)
	case *ast.ArrayNode:
		for _, s := range n.Nodes {
			w.walk(s)
		}
	case *ast.MapNode:
		for _, s := range n.Pairs {
			w.walk(s)
		}
	case *ast.PairNode:
		w.walk(n.Key)
		w.walk(n.Value)
	}
}

func (w *depWalker) builtin(n *ast.BuiltinNode) {
	if n.Name == "get" && len(n.Arguments) == 2 {
		if key, ok := n.Arguments[1].(*ast.StringNode); ok {
			if p, ok := w.path(n.Arguments[0]); ok {
				w.add(p + "." + key.Value)
				return
			}
		}
	}
	if len(n.Arguments) >= 2 {
		if _, isPred := n.Arguments[1].(*ast.PredicateNode); isPred {
			p, isPath := w.path(n.Arguments[0])
			var deps []string
			if !isPath {
				deps = w.sub(n.Arguments[0])
			}
			used := w.walkIn(n.Arguments[1], p, isPath, deps)
			if !used {
				// The predicate reads no element: the result still depends
				// on the collection (its length).
				if isPath {
					w.add(p)
				}
			}
			if !isPath {
				for _, d := range deps {
					w.add(d)
				}
			}
			for _, a := range n.Arguments[2:] {
				w.walk(a)
			}
			return
		}
	}
	for _, a := range n.Arguments {
		w.walk(a)
	}
}

// walkIn walks a predicate whose elements come from the collection at path
// (or with reads deps), and reports whether it read an element.
func (w *depWalker) walkIn(pred ast.Node, path string, isPath bool, deps []string) bool {
	w.preds = append(w.preds, predScope{path: path, isPth: isPath, deps: deps})
	w.walk(pred)
	used := w.preds[len(w.preds)-1].used
	w.preds = w.preds[:len(w.preds)-1]
	return used
}

// firstLine keeps the first line of a message: expr appends a stack trace
// to errors it recovered from.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
