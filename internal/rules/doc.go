// Package rules runs declarative typology rules — the red flags of FinCEN
// advisory FIN-2025-A003 and the classic structuring, smurfing and
// pass-through patterns — over a stream of transactions, and explains
// every alert it raises.
//
// A rule is a YAML file (docs/rules.md describes the format; the shipped
// library is in the repository's rules/ folder): an ID and version, the
// data it requires, parameters with the reason for each default, windowed
// aggregates it declares, a condition written in expr
// (github.com/expr-lang/expr), a score or severity, the SAR codes it maps
// to, an explanation template, and examples that must and must not fire.
//
// [Load] parses, type-checks and compiles a folder of rules into a
// [Library]. It rejects, with file:line:column and a reason, any rule that
// does not compile, reads a field it does not require, or whose condition
// can fire on nationality, citizenship or ID-document country alone: the
// advisory lets those attributes weight a risk, never trigger it (see
// fairness.go for what the check does and does not catch).
//
// An [Engine] runs a library over transactions in time order. For each
// account the institution holds, it keeps the library's aggregates (sums,
// counts, distinct branches, counterparties, countries, first-seen
// counterparties per window) incrementally: each transaction is added
// once, each aggregate shared by the rules that declare it, and events are
// forgotten when the longest window no longer needs them. A rule whose
// required data is missing for an account is counted "not evaluable",
// never silently passed. Firings of one rule on one account that keep
// coming within the rule's cooldown grow one alert rather than raising new
// ones. [Parallel] spreads the accounts over several engines to use
// several cores.
//
//	lib, err := rules.Load(rulefiles.FS())
//	engine := rules.NewEngine(lib, rules.NewDirectory(parties, accounts), rules.Options{})
//	for _, tx := range transactions {
//		for _, alert := range engine.Observe(&tx) { … }
//	}
package rules
