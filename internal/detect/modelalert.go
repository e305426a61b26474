package detect

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/model"
)

// RuleModel is the rule ID of the learned scorer's alerts.
const RuleModel = "MODEL-GBT"

// Model alert parameters.
const (
	// explainTop is how many features an explanation names at most.
	explainTop = 4
	// subgraphEdges bounds the neighbouring transactions a model alert
	// cites besides the one scored.
	subgraphEdges = 24
)

// scoreRows runs the learned scorer over the rows of batch transactions
// lo…hi−1: probabilities in e.scores, NaN for transactions not accepted.
func (e *Engine) scoreRows(res *Result, lo, hi, width int) {
	out := e.scores[lo:hi]
	// The rows have the model's width (checked in New), so this cannot fail.
	_ = e.cfg.Scorer.Model.MarginBatch(e.rows.Values[lo*width:hi*width], out)
	for i := lo; i < hi; i++ {
		if res.Status[i] != Accepted {
			e.scores[i] = math.NaN()
			continue
		}
		e.scores[i] = gbt.Sigmoid(e.scores[i])
	}
}

// scoreAlerts adds every accepted transaction scored at or above the
// threshold to its subject's episode (modelEpisode).
func (e *Engine) scoreAlerts(batch []model.Transaction, res *Result, width int) error {
	n := len(batch)
	for i := range n {
		if p := e.scores[i]; p >= e.cfg.Scorer.Threshold { // NaN never is
			if err := e.models.add(e.seqs[i], e.rows.Values[i*width:(i+1)*width], p); err != nil {
				return err
			}
		}
	}
	res.Scores = e.scores[:n]
	return nil
}

// modelMiner gathers the learned scorer's hits into one alert per account
// and episode: the payments the model scored at or above its threshold
// within PatternWindow of each other around the same account, explained by
// the features that pushed them up most, in words, citing the payments and
// the neighbourhood their features describe.
type modelMiner struct {
	e        *Engine
	window   int64
	episodes map[node]*modelEpisode
	dirty    []*modelEpisode
}

// modelEpisode is one account's run of high scores.
type modelEpisode struct {
	id        string
	subject   node
	name      string
	opened    int64
	first     int64
	last      int64
	hits      int
	maxP      float64
	maxID     string
	evidence  []string
	have      map[string]bool
	accounts  []string
	acctSeen  map[node]bool
	contrib   map[int]float64 // feature column → summed positive contribution
	bestValue map[int]float32 // feature column → value where it contributed most
	bestShap  map[int]float64
	dirty     bool
	emitted   *model.Alert
}

func newModelMiner(e *Engine) *modelMiner {
	return &modelMiner{e: e, window: int64(e.cfg.PatternWindow), episodes: map[node]*modelEpisode{}}
}

// add explains one high score and adds it to its subject's episode. The
// subject is the side of the payment whose features pushed the score up
// more (src_… against dst_… features), the originator when neither did.
func (m *modelMiner) add(seq uint64, row []float32, p float64) error {
	e := m.e
	ex, err := e.cfg.Scorer.Model.Explain(row, -1)
	if err != nil {
		return fmt.Errorf("detect: explain: %w", err)
	}
	ed := e.log.at(seq)
	var srcPush, dstPush float64
	for _, c := range ex.Top {
		switch {
		case c.SHAP <= 0:
		case strings.HasPrefix(c.Feature, "src_"):
			srcPush += c.SHAP
		case strings.HasPrefix(c.Feature, "dst_"):
			dstPush += c.SHAP
		}
	}
	subject := ed.src
	if (dstPush > srcPush && ed.dst != 0) || subject == 0 {
		subject = ed.dst
	}
	t := ed.time
	ep := m.episodes[subject]
	if ep == nil || ep.last <= t-m.window {
		ep = &modelEpisode{id: RuleModel + ":" + e.nodes.name[subject] + ":" + e.txID(ed), subject: subject,
			name: e.nodes.name[subject], opened: t, first: t, have: map[string]bool{}, acctSeen: map[node]bool{},
			contrib: map[int]float64{}, bestValue: map[int]float32{}, bestShap: map[int]float64{}}
		m.episodes[subject] = ep
	}
	ep.last = t
	ep.hits++
	id := e.txID(ed)
	if p > ep.maxP {
		ep.maxP, ep.maxID = p, id
	}
	for _, c := range ex.Top {
		if c.SHAP <= 0 {
			continue
		}
		ep.contrib[c.Index] += c.SHAP
		if c.SHAP > ep.bestShap[c.Index] {
			ep.bestShap[c.Index], ep.bestValue[c.Index] = c.SHAP, row[c.Index]
		}
	}
	// The payment itself always, then what its features describe.
	ids, first := e.neighbourhood(seq)
	ep.first = min(ep.first, first)
	for j, x := range ids {
		if (j == 0 || len(ep.evidence) < e.cfg.MaxEvidence) && !ep.have[x] {
			ep.have[x] = true
			ep.evidence = append(ep.evidence, x)
		}
	}
	for _, n := range [2]node{ed.src, ed.dst} {
		if n != 0 && !ep.acctSeen[n] && len(ep.accounts) < e.cfg.MaxEvidence {
			ep.acctSeen[n] = true
			ep.accounts = append(ep.accounts, e.nodes.name[n])
		}
	}
	if !ep.dirty {
		ep.dirty = true
		m.dirty = append(m.dirty, ep)
	}
	return nil
}

// flush writes out the episodes that changed.
func (m *modelMiner) flush(out []model.Alert) []model.Alert {
	for _, ep := range m.dirty {
		a := m.alert(ep)
		if ep.emitted == nil || !sameAlert(ep.emitted, &a) {
			out = append(out, a)
			ep.emitted = &a
		}
		ep.dirty = false
	}
	m.dirty = m.dirty[:0]
	return out
}

// sweep forgets the episodes that can no longer grow.
func (m *modelMiner) sweep(now int64) {
	for n, ep := range m.episodes {
		if !ep.dirty && ep.last <= now-m.window {
			delete(m.episodes, n)
		}
	}
}

// alert writes an episode out: the features that pushed its payments'
// scores up most (summed over them), each in words with the value where it
// counted most.
func (m *modelMiner) alert(ep *modelEpisode) model.Alert {
	e := m.e
	sc := e.cfg.Scorer
	cols := make([]int, 0, len(ep.contrib))
	for c := range ep.contrib {
		cols = append(cols, c)
	}
	slices.SortFunc(cols, func(a, b int) int { return cmp.Or(cmp.Compare(ep.contrib[b], ep.contrib[a]), cmp.Compare(a, b)) })
	var facts []model.Fact
	var words []string
	for _, c := range cols {
		if len(words) == explainTop {
			break
		}
		f := e.schema.Spec(c)
		text := f.Describe(ep.bestValue[c])
		words = append(words, text)
		facts = append(facts, model.Fact{Name: f.Name, Value: round4f(float64(ep.bestValue[c])),
			Text: fmt.Sprintf("%s (+%.2f log-odds over %s)", text, ep.contrib[c], plural(ep.hits, "payment"))})
	}
	facts = append(facts, model.Fact{Name: "probability", Value: round4f(ep.maxP), Threshold: sc.Threshold,
		Text: fmt.Sprintf("highest learned score %.2f (alert at %.2f)", ep.maxP, sc.Threshold)},
		model.Fact{Name: "payments", Value: float64(ep.hits), Text: fmt.Sprintf("%s scored at or above %.2f", plural(ep.hits, "payment"), sc.Threshold)})
	var b strings.Builder
	if ep.hits == 1 {
		fmt.Fprintf(&b, "payment %s involving account %s scored %.2f by the learned model (alert at %.2f)", ep.maxID, ep.name, ep.maxP, sc.Threshold)
	} else {
		fmt.Fprintf(&b, "%d payments involving account %s within %s scored at or above %.2f by the learned model (highest %.2f, payment %s)",
			ep.hits, ep.name, formatSpan(ep.last-ep.opened), sc.Threshold, ep.maxP, ep.maxID)
	}
	if len(words) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(words, "; "))
	}
	sev := model.SeverityMedium
	if ep.maxP >= (1+sc.Threshold)/2 {
		sev = model.SeverityHigh
	}
	accounts := append([]string{ep.name}, slices.DeleteFunc(slices.Clone(ep.accounts), func(a string) bool { return a == ep.name })...)
	return model.Alert{
		ID:          ep.id,
		Subject:     model.Subject{Kind: model.SubjectAccount, ID: ep.name},
		Typology:    model.TypModelScore,
		RuleID:      RuleModel,
		RuleVersion: ruleVersion,
		Source:      model.SourceModel,
		Score:       round2(ep.maxP),
		Severity:    sev,
		Reason:      b.String(),
		Facts:       facts,
		Evidence:    slices.Clone(ep.evidence),
		Accounts:    accounts,
		SAR:         SARCodes(model.TypModelScore),
		WindowStart: time.Unix(0, ep.first).UTC(),
		WindowEnd:   time.Unix(0, ep.last).UTC(),
		Created:     time.Unix(0, ep.opened).UTC(),
	}
}

// neighbourhood returns the scored transaction and the newest transactions
// around it as of its arrival within the feature window — the
// beneficiary's other payers, the originator's other payees and payers:
// the subgraph its features describe — and the time of the oldest.
func (e *Engine) neighbourhood(seq uint64) (ids []string, first int64) {
	ed := e.log.at(seq)
	since := max(ed.time-int64(e.cfg.FeatureWindow), e.horizon(seq))
	ids = []string{e.txID(ed)}
	first = ed.time
	per := subgraphEdges / 3
	for _, list := range []struct {
		start uint64
		in    bool
	}{{ed.prevIn, true}, {ed.prevOut, false}, {ed.srcIn, true}} {
		k := 0
		walk := e.outFrom(list.start, seq, since)
		if list.in {
			walk = e.inFrom(list.start, seq, since)
		}
		for _, x := range walk {
			if k == per {
				break
			}
			k++
			ids = append(ids, e.txID(x))
			first = min(first, x.time)
		}
	}
	return ids, first
}

func round4f(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// plural writes a count and a noun, with an s when the count is not one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
