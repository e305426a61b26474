package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
)

// The fairness check: FIN-2025-A003 lets nationality, citizenship and the
// country of an identity document weight a risk, never trigger it alone.
// A rule's `when` is rejected when some values of those attributes make it
// true whatever the subject does.
//
// How: the condition is read as a Boolean formula over atoms. An atom is a
// comparison or any other Boolean leaf (`"CN" in kyc.nationalities`,
// `cash.count >= 3`, `any(kyc.documents, .country == "CN")`). Atoms are
// classed by the environment fields they read:
//
//   - protected: they read protected fields (kyc.nationalities,
//     kyc.citizenships, kyc.passport_country, kyc.documents[].country) or
//     whole records that contain one (all of kyc.documents, all of kyc),
//     and besides those at most the other fields of identity documents
//     ("any(kyc.documents, .type == 'passport' && .country == 'CN')" is a
//     nationality test);
//   - behavioural: they read at least one other field (the transaction,
//     the account, aggregates, other KYC fields);
//   - constant: they read nothing (`true`, `params.x > 3`); they are
//     evaluated.
//
// The rule is rejected when there is an assignment of the protected atoms
// under which the formula is true for every assignment of the behavioural
// atoms: then nationality alone decides. `nationality == "CN" || true`,
// `"CN" in kyc.nationalities || cash.count >= 3` (a disjunct with no
// behaviour), `let cn = ...; cn` and `cond ? a : b` are all seen through.
// A condition that is true whatever happens is rejected too.
//
// Comparisons are normalised so that `a > b` and `a <= b` are one atom and
// its negation; hence `x > 5 || x <= 5` is seen to be always true. Beyond
// that, behavioural atoms are taken as independent: the check does not
// know that `tx.amount >= 0` always holds or that `x > 5 && x < 3` never
// does, so `"CN" in kyc.nationalities && tx.amount >= 0` passes. Such
// conditions are for review to catch; docs/rules.md says so.

// maxFairnessAtoms bounds the brute-force check: 2^n evaluations.
const maxFairnessAtoms = 20

type atomClass uint8

const (
	atomBehaviour atomClass = iota
	atomProtected
	atomConst
)

type atom struct {
	text  string
	class atomClass
	value bool // for constants
}

// formula is a Boolean formula over atoms.
type formula struct {
	op   byte // 'a' atom, '&', '|', '!', 'T', 'F'
	atom int
	l, r *formula
}

var (
	fTrue  = &formula{op: 'T'}
	fFalse = &formula{op: 'F'}
)

func fAnd(a, b *formula) *formula { return &formula{op: '&', l: a, r: b} }
func fOr(a, b *formula) *formula  { return &formula{op: '|', l: a, r: b} }
func fNot(a *formula) *formula    { return &formula{op: '!', l: a} }

func (f *formula) eval(val []bool) bool {
	switch f.op {
	case 'a':
		return val[f.atom]
	case '&':
		return f.l.eval(val) && f.r.eval(val)
	case '|':
		return f.l.eval(val) || f.r.eval(val)
	case '!':
		return !f.l.eval(val)
	case 'T':
		return true
	}
	return false
}

// fairnessCheck builds and decides the formula of one condition.
type fairnessCheck struct {
	layout envLayout
	atoms  []atom
	index  map[string]int
	consts func(text string) (bool, bool) // evaluates a constant atom
}

type letBinding struct {
	name  string
	node  ast.Node
	outer []letBinding // the scope the value was defined in
}

func newFairnessCheck(layout envLayout) *fairnessCheck {
	zero := reflect.New(layout.typ).Elem().Interface()
	return &fairnessCheck{
		layout: layout,
		index:  map[string]int{},
		consts: func(text string) (bool, bool) {
			opts := append([]expr.Option{expr.Env(zero), expr.AsBool()}, functionOptions()...)
			p, err := expr.Compile(text, opts...)
			if err != nil {
				return false, false
			}
			out, err := expr.Run(p, zero)
			if err != nil {
				return false, false
			}
			b, ok := out.(bool)
			return b, ok
		},
	}
}

// build turns a checked condition into a formula.
func (c *fairnessCheck) build(n ast.Node, scope []letBinding) *formula {
	switch n := n.(type) {
	case *ast.BoolNode:
		if n.Value {
			return fTrue
		}
		return fFalse
	case *ast.ConstantNode:
		if b, ok := n.Value.(bool); ok {
			if b {
				return fTrue
			}
			return fFalse
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			return fAnd(c.build(n.Left, scope), c.build(n.Right, scope))
		case "||", "or":
			return fOr(c.build(n.Left, scope), c.build(n.Right, scope))
		}
		return c.comparison(n, scope)
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			return fNot(c.build(n.Node, scope))
		}
	case *ast.ConditionalNode:
		cond := c.build(n.Cond, scope)
		return fOr(fAnd(cond, c.build(n.Exp1, scope)), fAnd(fNot(cond), c.build(n.Exp2, scope)))
	case *ast.VariableDeclaratorNode:
		inner := append(append([]letBinding(nil), scope...), letBinding{name: n.Name, node: n.Value, outer: scope})
		return c.build(n.Expr, inner)
	case *ast.SequenceNode:
		if len(n.Nodes) > 0 {
			return c.build(n.Nodes[len(n.Nodes)-1], scope)
		}
	case *ast.IdentifierNode:
		for i := len(scope) - 1; i >= 0; i-- {
			if scope[i].name == n.Value {
				if t := scope[i].node.Type(); t != nil && t.Kind() == reflect.Bool {
					return c.build(scope[i].node, scope[i].outer)
				}
				break
			}
		}
	}
	return c.leaf(n, n.String(), scope)
}

// comparison makes an atom of a comparison, normalised so that a
// comparison and its opposite are one atom: a < b is b > a, a <= b is
// not (a > b), a >= b is not (b > a), a != b is not (a == b).
func (c *fairnessCheck) comparison(n *ast.BinaryNode, scope []letBinding) *formula {
	l, r := "("+n.Left.String()+")", "("+n.Right.String()+")"
	switch n.Operator {
	case ">":
		return c.leaf(n, l+" > "+r, scope)
	case "<":
		return c.leaf(n, r+" > "+l, scope)
	case "<=":
		return fNot(c.leaf(n, l+" > "+r, scope))
	case ">=":
		return fNot(c.leaf(n, r+" > "+l, scope))
	case "==", "!=":
		a, b := l, r
		if a > b {
			a, b = b, a
		}
		f := c.leaf(n, a+" == "+b, scope)
		if n.Operator == "!=" {
			return fNot(f)
		}
		return f
	}
	return c.leaf(n, n.String(), scope)
}

// leaf registers an atom keyed by its normalised text.
func (c *fairnessCheck) leaf(n ast.Node, key string, scope []letBinding) *formula {
	if i, ok := c.index[key]; ok {
		return &formula{op: 'a', atom: i}
	}
	a := atom{text: n.String()}
	deps := c.deps(n, scope)
	switch {
	case len(deps) == 0:
		if v, ok := c.consts(n.String()); ok {
			if v {
				return fTrue
			}
			return fFalse
		}
		// A constant the check cannot evaluate could be either: let it
		// side with nationality, so that a doubt rejects.
		a.class = atomProtected
	case c.allProtected(deps):
		a.class = atomProtected
	default:
		a.class = atomBehaviour
	}
	c.index[key] = len(c.atoms)
	c.atoms = append(c.atoms, a)
	return &formula{op: 'a', atom: len(c.atoms) - 1}
}

func (c *fairnessCheck) deps(n ast.Node, scope []letBinding) []string {
	w := &depWalker{}
	for _, b := range scope {
		w.vars = append(w.vars, varBinding{name: b.name, deps: w.sub(b.node), node: b.node})
	}
	w.walk(n)
	return w.paths()
}

// allProtected reports whether the paths read make a nationality test:
// at least one protected path (or a record holding one), and otherwise only
// neutral identity-document fields.
func (c *fairnessCheck) allProtected(deps []string) bool {
	protected := false
	for _, d := range deps {
		info := lookupPath(c.layout.typ, d)
		switch {
		case !info.found || info.protected || info.contains:
			protected = true
		case info.neutral:
		default:
			return false
		}
	}
	return protected
}

// decide rejects the formula when protected atoms alone can make it true.
func (c *fairnessCheck) decide(f *formula) error {
	var prot, beh []int
	for i, a := range c.atoms {
		if a.class == atomProtected {
			prot = append(prot, i)
		} else {
			beh = append(beh, i)
		}
	}
	if len(prot)+len(beh) > maxFairnessAtoms {
		return fmt.Errorf("the condition has %d distinct tests; the fairness check handles at most %d: split the rule", len(prot)+len(beh), maxFairnessAtoms)
	}
	val := make([]bool, len(c.atoms))
	witness := -1
	always := true
	for pa := 0; pa < 1<<len(prot); pa++ {
		for i, a := range prot {
			val[a] = pa&(1<<i) != 0
		}
		taut := true
		for ba := 0; ba < 1<<len(beh); ba++ {
			for i, a := range beh {
				val[a] = ba&(1<<i) != 0
			}
			if !f.eval(val) {
				taut = false
				break
			}
		}
		if taut {
			if witness < 0 {
				witness = pa
			}
		} else {
			always = false
		}
	}
	if witness < 0 {
		return nil
	}
	if len(prot) == 0 {
		return errors.New("the condition is always true: a rule must test what the subject does")
	}
	var holds []string
	for i, a := range prot {
		state := "false"
		if witness&(1<<i) != 0 {
			state = "true"
		}
		holds = append(holds, fmt.Sprintf("%s is %s", c.atoms[a].text, state))
	}
	msg := "no behavioural condition is needed when " + strings.Join(holds, " and ")
	if always {
		msg = "the condition is always true"
	}
	return fmt.Errorf("%w: %s; nationality, citizenship and ID-document country may weight the score, never trigger a rule", ErrNationalityOnly, msg)
}
