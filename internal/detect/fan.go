package detect

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// Rule IDs of the pattern miners.
const (
	RuleFanIn  = "GRAPH-FANIN"
	RuleFanOut = "GRAPH-FANOUT"
)

// ruleVersion changes whenever a miner's logic changes, so that stored
// alerts say which logic raised them.
const ruleVersion = "1"

type direction uint8

const (
	inward  direction = iota // fan-in: the subject receives
	outward                  // fan-out: the subject pays
)

// fanMiner raises FAN-IN or FAN-OUT alerts. See FanConfig and doc.go.
//
// It checks its gate on every edge that reaches a new counterparty of the
// subject (O(1): counters of its view). A subject that passes opens an
// episode; further passes within the window grow the same episode, and
// at the end of each batch every episode that grew is written out as an
// alert with the same ID as before. An episode ends when the subject has
// not passed the gate for a whole window.
type fanMiner struct {
	e        *Engine
	dir      direction
	cfg      FanConfig
	v        *view
	window   int64
	slot     int   // the view's byte in edge.novel
	flag     uint8 // edgeNovelIn or edgeNovelOut
	rule     string
	typology model.Typology

	episodes map[node]*episode
	dirty    []*episode
	scratch  []evidenceEdge
}

// episode is one growing fan pattern around one subject.
type episode struct {
	id      string
	subject node
	name    string
	opened  int64  // time of the transaction that opened it
	last    int64  // time of the latest gate pass
	asOf    uint64 // seq of the latest gate pass
	scanTo  int64  // the first collection reaches back to edges after this time
	lastSeq uint64 // newest seq already collected
	dirty   bool

	// At the latest gate pass.
	novel, fan, deg int
	events, windows float64 // the subject's history: transactions over windows
	chance          float64 // of so many new counterparties in a window, given that history

	evidence []evidenceEdge
	omitted  int
	// The latest alert written out.
	emitted       *model.Alert
	count         int
	counterparts  map[string]struct{}
	accounts      []string
	totals        []currencyTotal
	first, latest int64
}

type evidenceEdge struct {
	seq      uint64
	id       string
	cp       string
	time     int64
	amount   float64
	currency uint16
}

type currencyTotal struct {
	currency uint16
	total    float64
}

func newFanMiner(e *Engine, dir direction, cfg FanConfig, v *view) *fanMiner {
	m := &fanMiner{e: e, dir: dir, cfg: cfg, v: v, window: v.window, slot: v.slot, episodes: make(map[node]*episode)}
	if dir == inward {
		m.flag, m.rule, m.typology = edgeNovelIn, RuleFanIn, model.TypFanIn
	} else {
		m.flag, m.rule, m.typology = edgeNovelOut, RuleFanOut, model.TypFanOut
	}
	return m
}

// ends returns the subject and the counterparty of an edge for this miner.
func (m *fanMiner) ends(ed *edge) (subject, cp node) {
	if m.dir == inward {
		return ed.dst, ed.src
	}
	return ed.src, ed.dst
}

// observe checks the gate after edge seq was inserted.
func (m *fanMiner) observe(seq uint64, ed *edge) {
	m.followUp(seq, ed)
	if ed.novel[m.slot]&m.flag == 0 {
		return // only a new counterparty can make or grow a fan
	}
	subject, _ := m.ends(ed)
	v := m.v
	c := &v.c[subject]
	novel, fan, deg := c.novelIn, c.fanIn, c.degIn
	if m.dir == outward {
		novel, fan, deg = c.novelOut, c.fanOut, c.degOut
	}
	if int(novel) < m.cfg.MinCounterparties {
		return
	}
	t := ed.time
	events, windows := v.noveltyBaseline(subject, m.dir == outward, t, m.e.nodes.st[subject].firstSeen)
	if t-m.window-m.e.nodes.st[subject].firstSeen < int64(m.cfg.MinHistory) {
		return // too little history to tell a burst from the account's usual activity
	}
	p := chance(int(novel), events, windows)
	if p > m.cfg.Significance {
		return
	}
	ep := m.episodes[subject]
	if ep == nil || ep.last <= t-m.window {
		name := m.e.nodes.name[subject]
		ep = &episode{
			id: m.rule + ":" + name + ":" + m.e.txID(ed), subject: subject, name: name,
			opened: t, scanTo: t - m.window, counterparts: make(map[string]struct{}),
		}
		m.episodes[subject] = ep
	}
	ep.last, ep.asOf = t, seq
	ep.novel, ep.fan, ep.deg = int(novel), int(fan), int(deg)
	ep.events, ep.windows, ep.chance = events, windows, p
	if !ep.dirty {
		ep.dirty = true
		m.dirty = append(m.dirty, ep)
	}
}

// followUp notes money moving on the other side of an open episode's
// subject (out of a fan-in's subject, into a fan-out's), so that the
// alert's flow-through is brought up to date.
func (m *fanMiner) followUp(seq uint64, ed *edge) {
	if len(m.episodes) == 0 {
		return
	}
	subject := ed.src // money leaving a fan-in's subject
	if m.dir == outward {
		subject = ed.dst // money reaching a fan-out's subject
	}
	if subject == 0 || ed.src == ed.dst {
		return
	}
	ep := m.episodes[subject]
	if ep == nil || ep.last <= ed.time-m.window {
		return
	}
	ep.asOf = seq
	if !ep.dirty {
		ep.dirty = true
		m.dirty = append(m.dirty, ep)
	}
}

// flush collects the new evidence of every episode that grew in this batch
// and appends its alert to out.
func (m *fanMiner) flush(out []model.Alert) []model.Alert {
	for _, ep := range m.dirty {
		m.collect(ep)
		flow := m.flowThrough(ep)
		// Write the alert out again whenever anything in it changed. No
		// hysteresis: whether a small change is written out would depend
		// on where the batches were cut, and the latest copy of every
		// alert must not.
		a := m.alert(ep, flow)
		if ep.emitted == nil || !sameAlert(ep.emitted, &a) {
			out = append(out, a)
			ep.emitted = &a
		}
		ep.dirty = false
	}
	m.dirty = m.dirty[:0]
	return out
}

// edges yields the subject's edges in the miner's direction, newest first.
func (m *fanMiner) edges(subject node, asOf uint64, since int64) func(func(uint64, *edge) bool) {
	if m.dir == inward {
		return m.e.inEdges(subject, asOf, since)
	}
	return m.e.outEdges(subject, asOf, since)
}

// collect appends to ep the edges from new counterparties that arrived
// since its last collection.
func (m *fanMiner) collect(ep *episode) {
	buf := m.scratch[:0]
	// The first collection reaches back a window from the opening payment:
	// the episode opened in this batch, so the log still holds every edge
	// after that (trimming keeps a retention behind the previous batch's
	// clock). Reaching back from ep.asOf instead would make the evidence
	// depend on how far the batch ran on before it was flushed. Later
	// collections stop at what was collected before.
	since := ep.scanTo
	if ep.lastSeq != 0 {
		since = max(since, m.e.horizon(ep.asOf))
	}
	for s, ed := range m.edges(ep.subject, ep.asOf, since) {
		if s <= ep.lastSeq {
			break
		}
		subject, cp := m.ends(ed)
		if ed.novel[m.slot]&m.flag == 0 || subject == cp || cp == 0 {
			continue
		}
		amt, cur := ed.amount, ed.currency
		if m.dir == inward {
			amt, cur = ed.received, ed.currencyRecv
		}
		buf = append(buf, evidenceEdge{seq: s, id: m.e.txID(ed), cp: m.e.nodes.name[cp], time: ed.time, amount: amt, currency: cur})
	}
	ep.lastSeq = ep.asOf
	slices.Reverse(buf)
	for _, x := range buf {
		if ep.count == 0 {
			ep.first = x.time
		}
		ep.count++
		ep.latest = x.time
		if len(ep.evidence) < m.e.cfg.MaxEvidence {
			ep.evidence = append(ep.evidence, x)
		} else {
			ep.omitted++
		}
		if _, ok := ep.counterparts[x.cp]; !ok {
			ep.counterparts[x.cp] = struct{}{}
			if len(ep.accounts) < m.e.cfg.MaxEvidence {
				ep.accounts = append(ep.accounts, x.cp)
			}
		}
		i := slices.IndexFunc(ep.totals, func(c currencyTotal) bool { return c.currency == x.currency })
		if i < 0 {
			ep.totals = append(ep.totals, currencyTotal{currency: x.currency})
			i = len(ep.totals) - 1
		}
		ep.totals[i].total += x.amount
	}
	m.scratch = buf[:0]
}

// flowThrough measures what happened to the money on the other side of the
// subject, in the currency of most of the evidence: for a fan-in, the share
// of the inflow that the subject paid out again after the fan began; for a
// fan-out, the share of the outflow that came in within a window before it.
// It reads at most flowBudget edges.
func (m *fanMiner) flowThrough(ep *episode) float64 {
	if len(ep.totals) == 0 {
		return 0
	}
	main := slices.MaxFunc(ep.totals, func(a, b currencyTotal) int { return cmp.Compare(a.total, b.total) })
	if main.total <= 0 {
		return 0
	}
	const flowBudget = 1024
	other := 0.0
	n := 0
	floor := m.e.horizon(ep.asOf)
	if m.dir == inward {
		for _, ed := range m.e.outEdges(ep.subject, ep.asOf, max(floor, ep.first-1)) {
			if n == flowBudget {
				break
			}
			n++
			if ed.dst != ep.subject && ed.currency == main.currency {
				other += ed.amount
			}
		}
	} else {
		for _, ed := range m.e.inEdges(ep.subject, ep.asOf, max(floor, ep.first-m.window)) {
			if n == flowBudget {
				break
			}
			n++
			if ed.src != ep.subject && ed.currencyRecv == main.currency && ed.time <= ep.latest {
				other += ed.received
			}
		}
	}
	return min(1, other/main.total)
}

// sameAlert reports whether two versions of an alert say the same.
func sameAlert(a, b *model.Alert) bool {
	return a.Score == b.Score && a.Reason == b.Reason && slices.Equal(a.Facts, b.Facts) &&
		slices.Equal(a.Evidence, b.Evidence) && slices.Equal(a.Accounts, b.Accounts) &&
		a.WindowStart.Equal(b.WindowStart) && a.WindowEnd.Equal(b.WindowEnd)
}

// score ranks an episode in [0, 1): larger fans, fans made only of new
// counterparties, sharper bursts and money that moves straight on rank
// higher. It is a ranking for triage, not a probability (the learned
// scorer gives those).
func (m *fanMiner) score(ep *episode, flow float64) float64 {
	n, k := float64(ep.novel), float64(m.cfg.MinCounterparties)
	size := n / (n + k)
	share := n / max(n, float64(ep.fan))
	// Surprise: 0 at a chance of 1, 1 at one in 10^9 or less.
	surprise := min(1, -math.Log10(max(ep.chance, 1e-300))/9)
	s := size * (0.5 + 0.5*share) * (0.5 + 0.5*surprise)
	return s + (1-s)*0.5*flow
}

func severity(score float64) model.Severity {
	switch {
	case score >= 0.7:
		return model.SeverityHigh
	case score >= 0.5:
		return model.SeverityMedium
	}
	return model.SeverityLow
}

// alert writes an episode out.
func (m *fanMiner) alert(ep *episode, flow float64) model.Alert {
	score := m.score(ep, flow)
	w := windowLabel(time.Duration(m.window))
	verb, unit, who, flowText := "received", "transfers", "senders", "of the money left the account again"
	if m.dir == outward {
		verb, who, flowText = "sent", "recipients", "of the money had come in during the window before"
	}
	prep := "from"
	if m.dir == outward {
		prep = "to"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "account %s %s %d %s %s %d distinct %s within %s, total %s; ",
		ep.name, verb, ep.count, unit, prep, len(ep.counterparts), who, formatSpan(ep.latest-ep.first), m.formatTotals(ep.totals))
	fmt.Fprintf(&b, "%d %s in the last %s were new to the account (alert at %d)", ep.novel, who, w, m.cfg.MinCounterparties)
	facts := []model.Fact{
		{Name: "new_counterparties", Value: float64(ep.novel), Threshold: float64(m.cfg.MinCounterparties),
			Text: fmt.Sprintf("%d new %s within %s", ep.novel, who, w)},
		{Name: "counterparties", Value: float64(ep.fan), Text: fmt.Sprintf("%d distinct %s within %s", ep.fan, who, w)},
		{Name: "transactions", Value: float64(ep.deg), Text: fmt.Sprintf("%d %s within %s", ep.deg, unit, w)},
	}
	if ep.windows == 0 {
		fmt.Fprintf(&b, "; the account has no history before this window")
	} else {
		usual := ep.events / ep.windows
		fmt.Fprintf(&b, "; over the %s observed before, it took on %.1f new %s per %s", formatSpan(int64(ep.windows*float64(m.window))), usual, who, w)
		facts = append(facts, model.Fact{Name: "usual_new_per_window", Value: round2(usual),
			Text: fmt.Sprintf("%.1f new %s per %s before this window", usual, who, w)})
	}
	chanceText := formatChance(ep.chance)
	fmt.Fprintf(&b, "; the chance of so many new %s at its usual rate is %s", who, chanceText)
	facts = append(facts, model.Fact{Name: "chance", Value: ep.chance, Threshold: m.cfg.Significance,
		Text: fmt.Sprintf("chance %s of so many new %s at the usual rate", chanceText, who)})
	if flow >= 0.05 {
		fmt.Fprintf(&b, "; %.0f%% %s", 100*flow, flowText)
	}
	facts = append(facts, model.Fact{Name: "flow_through", Value: round2(flow), Text: fmt.Sprintf("%.0f%% %s", 100*flow, flowText)})
	if ep.omitted > 0 {
		fmt.Fprintf(&b, " (evidence lists the first %d of %d transactions)", len(ep.evidence), ep.count)
	}

	ids := make([]string, len(ep.evidence))
	for i, x := range ep.evidence {
		ids[i] = x.id
	}
	accounts := append([]string{ep.name}, ep.accounts...)
	return model.Alert{
		ID:          ep.id,
		Subject:     model.Subject{Kind: model.SubjectAccount, ID: ep.name},
		Typology:    m.typology,
		RuleID:      m.rule,
		RuleVersion: ruleVersion,
		Source:      model.SourcePattern,
		Score:       round2(score),
		Severity:    severity(score),
		Reason:      b.String(),
		Facts:       facts,
		Evidence:    ids,
		Accounts:    accounts,
		SAR:         SARCodes(m.typology),
		WindowStart: time.Unix(0, ep.first).UTC(),
		WindowEnd:   time.Unix(0, ep.latest).UTC(),
		Created:     time.Unix(0, ep.opened).UTC(),
	}
}

// sweep forgets the episodes that can no longer grow.
func (m *fanMiner) sweep(now int64) {
	for n, ep := range m.episodes {
		if !ep.dirty && ep.last <= now-m.window {
			delete(m.episodes, n)
		}
	}
}

func (m *fanMiner) formatTotals(totals []currencyTotal) string {
	t := slices.Clone(totals)
	slices.SortFunc(t, func(a, b currencyTotal) int { return cmp.Compare(b.total, a.total) })
	parts := make([]string, 0, 3)
	for i, c := range t {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more currencies", len(t)-3))
			break
		}
		code := m.e.currencyName[c.currency]
		if code == "" {
			code = "(no currency)"
		}
		parts = append(parts, formatMoney(c.total)+" "+code)
	}
	return strings.Join(parts, " and ")
}

// formatMoney writes an amount with thousands separators and cents:
// 182400 → "182,400.00".
func formatMoney(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return s
	}
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + frac
}

// formatSpan writes a duration for people: "42m", "23h", "3d 15h".
func formatSpan(ns int64) string {
	d := time.Duration(ns)
	days := d / (24 * time.Hour)
	hours := (d % (24 * time.Hour)) / time.Hour
	mins := (d % time.Hour) / time.Minute
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%dd %dh", days, hours)
	case days > 0:
		return fmt.Sprintf("%dd", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%dh %dm", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%dh", hours)
	}
	return fmt.Sprintf("%dm", mins)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// formatChance writes a small probability for people: "1 in 2,300",
// "below 1 in a billion".
func formatChance(p float64) string {
	switch {
	case p < 1e-9:
		return "below 1 in a billion"
	case p <= 0.5:
		return "1 in " + formatMoney(math.Round(1 / p))[:len(formatMoney(math.Round(1/p)))-3]
	}
	return fmt.Sprintf("%.0f%%", 100*p)
}
