package detect

import (
	"fmt"
	"math"
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

// scoreAlerts raises an alert for every accepted transaction scored at or
// above the threshold.
func (e *Engine) scoreAlerts(batch []model.Transaction, res *Result, width int) error {
	sc := e.cfg.Scorer
	n := len(batch)
	for i := range n {
		if p := e.scores[i]; p >= sc.Threshold { // NaN never is
			a, err := e.modelAlert(&batch[i], e.seqs[i], e.rows.Values[i*width:(i+1)*width], p)
			if err != nil {
				return err
			}
			res.Alerts = append(res.Alerts, a)
		}
	}
	res.Scores = e.scores[:n]
	return nil
}

// modelAlert explains one high score: the features that pushed it up, in
// words, with the transaction and its neighbourhood as evidence.
func (e *Engine) modelAlert(tx *model.Transaction, seq uint64, row []float32, p float64) (model.Alert, error) {
	sc := e.cfg.Scorer
	ex, err := sc.Model.Explain(row, -1)
	if err != nil {
		return model.Alert{}, fmt.Errorf("detect: explain: %w", err)
	}
	var facts []model.Fact
	var words []string
	for _, c := range ex.Top {
		if c.SHAP <= 0 || len(words) == explainTop {
			continue
		}
		i, ok := e.schema.Index(c.Feature)
		if !ok {
			continue
		}
		text := e.schema.Spec(i).Describe(float32(c.Value))
		words = append(words, text)
		facts = append(facts, model.Fact{Name: c.Feature, Value: round4f(c.Value), Text: fmt.Sprintf("%s (+%.2f log-odds)", text, c.SHAP)})
	}
	facts = append(facts, model.Fact{Name: "probability", Value: round4f(p), Threshold: sc.Threshold,
		Text: fmt.Sprintf("learned score %.2f (alert at %.2f)", p, sc.Threshold)})

	subject := tx.Originator
	if subject == "" {
		subject = tx.Beneficiary
	}
	var b strings.Builder
	fmt.Fprintf(&b, "payment %s of %s %s", tx.ID, formatMoney(tx.Amount), tx.Currency)
	if tx.Originator != "" {
		fmt.Fprintf(&b, " from %s", tx.Originator)
	}
	if tx.Beneficiary != "" {
		fmt.Fprintf(&b, " to %s", tx.Beneficiary)
	}
	fmt.Fprintf(&b, " scored %.2f by the learned model (alert at %.2f)", p, sc.Threshold)
	if len(words) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(words, "; "))
	}

	ev, accounts, first := e.neighbourhood(seq)
	sev := model.SeverityMedium
	if p >= (1+sc.Threshold)/2 {
		sev = model.SeverityHigh
	}
	return model.Alert{
		ID:          RuleModel + ":" + tx.ID,
		Subject:     model.Subject{Kind: model.SubjectAccount, ID: subject},
		Typology:    model.TypModelScore,
		RuleID:      RuleModel,
		RuleVersion: ruleVersion,
		Source:      model.SourceModel,
		Score:       round2(p),
		Severity:    sev,
		Reason:      b.String(),
		Facts:       facts,
		Evidence:    ev,
		Accounts:    accounts,
		SAR:         SARCodes(model.TypModelScore),
		WindowStart: time.Unix(0, first).UTC(),
		WindowEnd:   tx.Time.UTC(),
		Created:     tx.Time.UTC(),
	}, nil
}

// neighbourhood returns the scored transaction and the newest transactions
// around it as of its arrival within the feature window — the beneficiary's
// other payers, the originator's other payees and payers — with their
// accounts: the subgraph its features describe.
func (e *Engine) neighbourhood(seq uint64) (ids, accounts []string, first int64) {
	ed := e.log.at(seq)
	since := max(ed.time-int64(e.cfg.FeatureWindow), e.horizon(seq))
	ids = []string{e.txID(ed)}
	first = ed.time
	seen := map[node]bool{}
	add := func(n node) {
		if n != 0 && !seen[n] {
			seen[n] = true
			accounts = append(accounts, e.nodes.name[n])
		}
	}
	add(ed.src)
	add(ed.dst)
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
			add(x.src)
			add(x.dst)
		}
	}
	return ids, accounts, first
}

func round4f(x float64) float64 { return math.Round(x*1e4) / 1e4 }
