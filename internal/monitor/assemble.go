package monitor

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
)

// DefaultAssemblyGap is the default AssembleOptions.Gap: alerts on one
// subject less than a month apart are one case of activity.
const DefaultAssemblyGap = 30 * 24 * time.Hour

// AssembleOptions tune Assemble. The zero value gives the defaults.
type AssembleOptions struct {
	// Owner returns the party that owns an account, or "" when unknown:
	// alerts on a party's accounts are then about the party. Nil: alerts
	// stay on their accounts.
	Owner func(accountID string) string
	// Gap: alerts on one subject whose windows overlap or are closer than
	// this are one period and merge. Default DefaultAssemblyGap.
	Gap time.Duration
}

// Assemble merges the alerts about one subject and period — rule hits,
// screening hits, model scores — into one alert that lists every reason,
// so that an investigator reviews a customer once, not once per rule.
//
// The subject of an account alert is the account's owner when
// opts.Owner knows it, else the account; party alerts keep their party;
// network alerts (a graph pattern over several accounts) are not merged.
// A subject's alerts are sorted by window start and split where the gap
// between one alert's window and the next exceeds opts.Gap; an alert with
// no window (a party screening hit) joins the subject's first period.
//
// A subject and period with one alert gives that alert back unchanged. A
// group of two or more gives a new alert:
//
//   - ID "ASSEMBLED/<kind>:<subject>/<first constituent ID>", Source
//     model.SourceAssembled, Constituents the merged alerts' IDs (sorted),
//     so each constituent stays traceable;
//   - Score the noisy-OR of the highest score of each distinct rule or
//     model (1 − Π(1 − s)): independent reasons add up, while one rule
//     firing twice counts once; Severity the highest, raised one level
//     (to critical at most) when three or more distinct rules or models
//     agree;
//   - Typology and RuleVersion of the highest-scored constituent; RuleID
//     the distinct rule IDs joined with "+";
//   - Reason: the subject, period and count, then each distinct rule's
//     reason (that of its highest-scored alert, identical reasons listed
//     once);
//   - the union of Facts, Evidence (up to 1,000 IDs), Accounts, SAR codes
//     (each subtype once, sorted) and Advisories; SAR codes implied by the
//     typology (ImpliedSAR) for constituents that carry none; the window
//     from the earliest start to the latest end; Created the latest.
//
// The result is sorted most severe and highest scored first. Assemble does
// not modify its input.
func Assemble(alerts []model.Alert, opts AssembleOptions) []model.Alert {
	gap := cmp.Or(opts.Gap, DefaultAssemblyGap)
	bySubject := map[model.Subject][]*model.Alert{}
	var out []model.Alert
	for i := range alerts {
		a := &alerts[i]
		if a.Subject.Kind == model.SubjectNetwork {
			out = append(out, *a)
			continue
		}
		subj := a.Subject
		if subj.Kind == model.SubjectAccount && opts.Owner != nil {
			if p := opts.Owner(subj.ID); p != "" {
				subj = model.Subject{Kind: model.SubjectParty, ID: p}
			}
		}
		bySubject[subj] = append(bySubject[subj], a)
	}
	subjects := slices.SortedFunc(maps.Keys(bySubject), func(a, b model.Subject) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	for _, subj := range subjects {
		for _, group := range periods(bySubject[subj], gap) {
			if len(group) == 1 {
				out = append(out, *group[0])
				continue
			}
			out = append(out, merge(subj, group))
		}
	}
	report.SortAlerts(out)
	return out
}

// periods splits one subject's alerts into groups whose windows are within
// gap of each other; windowless alerts join the first group.
func periods(alerts []*model.Alert, gap time.Duration) [][]*model.Alert {
	var timed, untimed []*model.Alert
	for _, a := range alerts {
		if a.WindowStart.IsZero() && a.WindowEnd.IsZero() {
			untimed = append(untimed, a)
		} else {
			timed = append(timed, a)
		}
	}
	slices.SortFunc(timed, func(a, b *model.Alert) int {
		return cmp.Or(start(a).Compare(start(b)), cmp.Compare(a.ID, b.ID))
	})
	var groups [][]*model.Alert
	var end time.Time
	for _, a := range timed {
		if len(groups) == 0 || start(a).Sub(end) > gap {
			groups = append(groups, nil)
			end = time.Time{}
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], a)
		if e := finish(a); e.After(end) {
			end = e
		}
	}
	if len(untimed) > 0 {
		slices.SortFunc(untimed, func(a, b *model.Alert) int { return cmp.Compare(a.ID, b.ID) })
		if len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[0] = append(groups[0], untimed...)
	}
	return groups
}

// start and finish are an alert's window, a one-sided window counting as
// a point.
func start(a *model.Alert) time.Time {
	if a.WindowStart.IsZero() {
		return a.WindowEnd
	}
	return a.WindowStart
}

func finish(a *model.Alert) time.Time {
	if a.WindowEnd.IsZero() {
		return a.WindowStart
	}
	return a.WindowEnd
}

// maxAssembledEvidence caps the evidence transactions of an assembled
// alert, as the rule engine caps one alert's.
const maxAssembledEvidence = 1000

// merge builds the assembled alert of one subject and period.
func merge(subj model.Subject, group []*model.Alert) model.Alert {
	// Per distinct reason source (a rule ID, or the engine for alerts
	// without one), the highest-scored alert.
	best := map[string]*model.Alert{}
	counts := map[string]int{}
	var keys []string
	for _, a := range group {
		k := reasonKey(a)
		counts[k]++
		if b, ok := best[k]; !ok {
			best[k] = a
			keys = append(keys, k)
		} else if a.Score > b.Score || (a.Score == b.Score && a.Severity.Rank() > b.Severity.Rank()) {
			best[k] = a
		}
	}
	slices.SortFunc(keys, func(x, y string) int {
		a, b := best[x], best[y]
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Severity.Rank(), a.Severity.Rank()), cmp.Compare(x, y))
	})
	top := best[keys[0]]

	out := model.Alert{
		Subject:     subj,
		Typology:    top.Typology,
		RuleVersion: top.RuleVersion,
		Source:      model.SourceAssembled,
		RuleID:      strings.Join(slices.Sorted(slices.Values(keys)), "+"),
	}
	miss := 1.0
	for _, k := range keys {
		miss *= 1 - min(max(best[k].Score, 0), 1)
	}
	out.Score = 1 - miss
	sev := model.SeverityLow
	for _, a := range group {
		if a.Severity.Rank() > sev.Rank() {
			sev = a.Severity
		}
	}
	if len(keys) >= 3 {
		sev = raise(sev)
	}
	out.Severity = sev

	seenEv := map[string]bool{}
	seenFact := map[model.Fact]bool{}
	for _, a := range group {
		out.Constituents = append(out.Constituents, a.ID)
		if !a.WindowStart.IsZero() && (out.WindowStart.IsZero() || a.WindowStart.Before(out.WindowStart)) {
			out.WindowStart = a.WindowStart
		}
		if a.WindowEnd.After(out.WindowEnd) {
			out.WindowEnd = a.WindowEnd
		}
		if a.Created.After(out.Created) {
			out.Created = a.Created
		}
		for _, id := range a.Evidence {
			if !seenEv[id] && len(out.Evidence) < maxAssembledEvidence {
				seenEv[id] = true
				out.Evidence = append(out.Evidence, id)
			}
		}
		for _, f := range a.Facts {
			if !seenFact[f] {
				seenFact[f] = true
				out.Facts = append(out.Facts, f)
			}
		}
		accts := a.Accounts
		if a.Subject.Kind == model.SubjectAccount {
			accts = append([]string{a.Subject.ID}, accts...)
		}
		for _, id := range accts {
			if !slices.Contains(out.Accounts, id) {
				out.Accounts = append(out.Accounts, id)
			}
		}
		codes := a.SAR
		if len(codes) == 0 {
			codes = ImpliedSAR(a.Typology)
		}
		for _, c := range codes {
			if !slices.ContainsFunc(out.SAR, func(o model.SARCode) bool { return o.Subtype == c.Subtype }) {
				out.SAR = append(out.SAR, c)
			}
		}
		for _, adv := range a.Advisories {
			if !slices.Contains(out.Advisories, adv) {
				out.Advisories = append(out.Advisories, adv)
			}
		}
	}
	slices.Sort(out.Constituents)
	slices.SortFunc(out.SAR, func(a, b model.SARCode) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Subtype, b.Subtype))
	})
	out.ID = "ASSEMBLED/" + string(subj.Kind) + ":" + subj.ID + "/" + out.Constituents[0]

	var b strings.Builder
	fmt.Fprintf(&b, "%d alerts on %s %s", len(group), subj.Kind, subj.ID)
	if !out.WindowStart.IsZero() {
		fmt.Fprintf(&b, " from %s to %s", out.WindowStart.UTC().Format("2006-01-02"), out.WindowEnd.UTC().Format("2006-01-02"))
	}
	fmt.Fprintf(&b, ", %d distinct reasons (combined score %.2f):", len(keys), out.Score)
	var seenReason []string
	for i, k := range keys {
		r := best[k].Reason
		if slices.Contains(seenReason, r) {
			continue
		}
		seenReason = append(seenReason, r)
		more := ""
		if n := counts[k]; n > 1 {
			more = fmt.Sprintf(" [%d alerts; the highest scored]", n)
		}
		fmt.Fprintf(&b, " (%d) %s%s", i+1, strings.TrimSpace(r), more)
	}
	out.Reason = b.String()
	return out
}

// reasonKey names what raised an alert, for counting distinct reasons: the
// rule ID, else the engine.
func reasonKey(a *model.Alert) string {
	if a.RuleID != "" {
		return a.RuleID
	}
	return string(a.Source)
}

func raise(s model.Severity) model.Severity {
	switch s {
	case model.SeverityLow:
		return model.SeverityMedium
	case model.SeverityMedium:
		return model.SeverityHigh
	}
	return model.SeverityCritical
}

// ImpliedSAR returns the FinCEN SAR codes a typology implies, for alerts
// that carry none of their own (graph patterns, model scores): the codes
// the typology rules use for the same typology (docs/rules.md). Sanctions
// hits and model scores imply none: the first is an OFAC matter, the
// second says nothing about the kind of activity.
func ImpliedSAR(t model.Typology) []model.SARCode {
	switch t {
	case model.TypStructuring:
		return []model.SARCode{{Type: 1, Subtype: 114}}
	case model.TypSmurfing:
		return []model.SARCode{{Type: 8, Subtype: 824}, {Type: 9, Subtype: 910}}
	case model.TypFunnel:
		return []model.SARCode{{Type: 8, Subtype: 824}}
	case model.TypPassThrough:
		return []model.SARCode{{Type: 8, Subtype: 805}, {Type: 9, Subtype: 925}}
	case model.TypUnexplainedWealth, model.TypRealEstate:
		return []model.SARCode{{Type: 8, Subtype: 821}}
	case model.TypTBML:
		return []model.SARCode{{Type: 8, Subtype: 823}}
	case model.TypMirror:
		return []model.SARCode{{Type: 9, Subtype: 909}}
	case model.TypInsider:
		return []model.SARCode{{Type: 9, Subtype: 924}}
	case model.TypSharedIdentifier:
		return []model.SARCode{{Type: 4, Subtype: 402}}
	case model.TypFanIn, model.TypFanOut, model.TypCycle, model.TypScatterGather, model.TypGatherScatter,
		model.TypBipartite, model.TypStack, model.TypRandom:
		return []model.SARCode{{Type: 8, Subtype: 805}, {Type: 9, Subtype: 925}}
	}
	return nil
}
