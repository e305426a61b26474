package screen

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// DefaultThreshold is the score at or above which a hit is reported by
// default and becomes an alert: one number for every input (see
// docs/screening.md for how it was chosen and what it gives).
const DefaultThreshold = 0.80

// Query is what to screen: one party's names and, when known, the fields
// that confirm or refute a name hit.
type Query struct {
	Names         []string     // at least one; the first is the primary name
	Type          EntityType   // "" when unknown
	BirthDate     PartialDate  // zero when unknown
	Nationalities []string     // countries, as names or ISO 3166 codes
	Identifiers   []Identifier // passports, national IDs, tax IDs, R.F.C., C.U.R.P. …
	Threshold     float64      // hits below are dropped; 0 means DefaultThreshold
	Limit         int          // at most this many hits; 0 means 10
}

// Hit is one list entry that matches a query, with why.
type Hit struct {
	Entity    *Entity `json:"entity"`
	Score     float64 `json:"score"`      // 0–1, after the other fields
	NameScore float64 `json:"name_score"` // 0–1, the name alone
	// CommonName marks an exact match of a full name so common that, with
	// nothing to confirm it, the name alone says little about identity:
	// the hit is reported (commonness never refutes an exact name) at a
	// lower severity, and the explanation says what to review.
	CommonName  bool        `json:"common_name,omitempty"`
	Explanation Explanation `json:"explanation"`
	raw         float64     // score before capping at 1, to rank ties
}

// Explanation says why a hit scored what it did.
type Explanation struct {
	List            string       `json:"list"`
	EntityID        string       `json:"entity_id"`
	Programs        []string     `json:"programs,omitempty"`
	QueryName       string       `json:"query_name"`                // the query name that matched best
	MatchedName     string       `json:"matched_name"`              // the list name (variant) it matched
	NameQuality     NameQuality  `json:"name_quality"`              // primary, aka, fka, weak
	Derived         string       `json:"derived,omitempty"`         // how the list name was derived, when not written in the list
	Transliteration string       `json:"transliteration,omitempty"` // scripts converted, e.g. "Hani→Latn (pinyin, surname readings)"
	Tokens          []TokenMatch `json:"tokens"`
	Adjustments     []Adjustment `json:"adjustments,omitempty"`
}

// Adjustment is a field other than the name that raised or lowered a
// hit's score.
type Adjustment struct {
	Field  string  `json:"field"` // "birth_date", "nationality", "identifier", "type", "script", "commonness"
	Effect float64 `json:"effect"`
	Text   string  `json:"text"`
}

// String returns the explanation in one line: matched name, token pairs
// and adjustments.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q ~ %q (%s %s %s", e.QueryName, e.MatchedName, e.List, e.EntityID, e.NameQuality)
	if len(e.Programs) > 0 {
		fmt.Fprintf(&b, " [%s]", strings.Join(e.Programs, ", "))
	}
	b.WriteString(")")
	if e.Transliteration != "" {
		fmt.Fprintf(&b, " via %s", e.Transliteration)
	}
	if e.Derived != "" {
		fmt.Fprintf(&b, " from %s", e.Derived)
	}
	b.WriteString(":")
	for _, t := range e.Tokens {
		switch {
		case t.Query != "" && t.Listed != "":
			fmt.Fprintf(&b, " %s=%s %.2f", t.Query, t.Listed, t.Score)
			if t.How != MatchExact {
				fmt.Fprintf(&b, " (%s)", t.How)
			}
		case t.Query != "":
			fmt.Fprintf(&b, " %s=∅", t.Query)
		default:
			fmt.Fprintf(&b, " ∅=%s", t.Listed)
		}
	}
	for _, a := range e.Adjustments {
		if a.Field == "commonness" && a.Effect == 0 {
			// A note on a common name, not an effect on the score.
			fmt.Fprintf(&b, "; %s", a.Text)
			continue
		}
		fmt.Fprintf(&b, "; %s %+.2f", a.Text, a.Effect)
	}
	return b.String()
}

// CompareNames scores two names against each other with the index's term
// weights (rarer tokens count more): 1 for the same name after
// normalisation, near 0 for unrelated names. typ is the schema both names
// belong to ("" when unknown). It is the name matcher that
// "screen eval --pairs" measures.
func (ix *Index) CompareNames(a, b string, typ EntityType) float64 {
	s, _ := ix.compareNames(a, b, typ, false)
	return s
}

// ExplainNames is CompareNames with the token alignment.
func (ix *Index) ExplainNames(a, b string, typ EntityType) (float64, []TokenMatch) {
	return ix.compareNames(a, b, typ, true)
}

func (ix *Index) compareNames(a, b string, typ EntityType, detail bool) (float64, []TokenMatch) {
	na := toSName(ix.tb, normalizeName(ix.tb, a, typ), ix)
	nb := toSName(ix.tb, normalizeName(ix.tb, b, typ), ix)
	s, _, tm := compare(ix.tb, &na, &nb, detail)
	// One direction is not symmetric: joined tokens are looked for on each
	// side in turn, and the alignment breaks ties in the pairing's sum
	// without the unmatched words' cost ("jose jose" / "jose O'Brien"
	// scores 0.36 one way, 0.45 the other). The average of both
	// directions is.
	if !detail {
		s2, _, _ := compare(ix.tb, &nb, &na, false)
		s = (s + s2) / 2
	}
	return clamp01(s), tm
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// Match screens a query against the index and returns the hits at or above
// the query's threshold, best first (ties by list and entity ID).
func (ix *Index) Match(q Query) []Hit {
	threshold := q.Threshold
	if threshold == 0 {
		threshold = DefaultThreshold
	}
	limit := q.Limit
	if limit == 0 {
		limit = 10
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)

	type best struct {
		name  int32
		qname int
		score float64
		full  bool // an exact match of the full name (compare)
	}
	bestBy := map[int32]best{}
	qnames := make([]sname, 0, len(q.Names))
	for qi, full := range q.Names {
		n := normalizeName(ix.tb, full, q.Type)
		if len(n.tokens) == 0 {
			qnames = append(qnames, sname{})
			continue
		}
		sn := toSName(ix.tb, n, ix)
		qnames = append(qnames, sn)
		for _, ni := range ix.candidates(&sn, sc) {
			cand := &ix.names[ni]
			s, full, _ := compare(ix.tb, &sn, &cand.sn, false)
			if cand.quality == NameWeak {
				// A weak alias is not a full name on its own (OFAC: weak
				// AKAs are too broad to screen alone).
				s *= weakAliasFactor
				full = false
			}
			e := cand.entity
			if b, ok := bestBy[e]; !ok || s > b.score || (s == b.score && (full && !b.full || full == b.full && b.name >= 0 && better(cand, &ix.names[b.name]))) {
				bestBy[e] = best{ni, qi, s, full}
			}
		}
	}
	// Entities sharing an identifier with the query are candidates too.
	for _, id := range q.Identifiers {
		for _, e := range ix.ids[string(idClass(id.Type))+":"+id.Key()] {
			if _, ok := bestBy[e]; !ok && len(ix.entities[e].Names) > 0 {
				bestBy[e] = best{-1, 0, 0, false}
			}
		}
	}
	hanOf := ix.hanReadings(qnames)
	var hits []Hit
	for e, b := range bestBy {
		ent := &ix.entities[e]
		nameScore := b.score
		ev := evidence{queryType: q.Type, scriptScore: -1}
		if b.name >= 0 {
			cand := &ix.names[b.name]
			qn := &qnames[b.qname]
			ev.bits = float64(cand.bits)
			ev.fullName = b.full
			ev.eastAsian = cand.sn.trad != tradNone
			ev.listedLegal = cand.sn.hasLegalForm()
			ev.queryLegal = qn.hasLegalForm()
			if q.Type == "" && !ev.queryLegal {
				ev.personLike = ix.personLikeness(qn)
			}
			if hi := hanOf[b.qname]; hi >= 0 && nameScore >= threshold/2 {
				// The party's name in characters says which characters
				// its romanized name spells: a reading it does not
				// support is refuted (王傑 "Wong Kit" is not HUANG, Chieh).
				if hs, _, _ := compare(ix.tb, &qnames[hi], &cand.sn, false); hs < nameScore {
					ev.scriptName, ev.scriptScore = q.Names[hi], hs
				}
			}
		}
		adj, score, raw, common := adjust(q, ent, nameScore, ev)
		if score < threshold {
			continue
		}
		h := Hit{Entity: ent, Score: round3(score), NameScore: round3(nameScore), CommonName: common, raw: raw}
		h.Explanation = Explanation{List: ent.List, EntityID: ent.ID, Programs: ent.Programs, Adjustments: adj}
		if b.name >= 0 {
			cand := &ix.names[b.name]
			_, _, tm := compare(ix.tb, &qnames[b.qname], &cand.sn, true)
			h.Explanation.QueryName = q.Names[b.qname]
			h.Explanation.MatchedName = cand.full
			h.Explanation.NameQuality = cand.quality
			h.Explanation.Derived = cand.derived
			h.Explanation.Tokens = tm
			h.Explanation.Transliteration = joinNonEmpty(qnames[b.qname].translit, cand.sn.translit)
		}
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		if hits[i].raw != hits[j].raw {
			// A hit confirmed by birth date or nationality beats an equal
			// one without (scores are capped at 1).
			return hits[i].raw > hits[j].raw
		}
		if a, b := support(hits[i]), support(hits[j]); a != b {
			return a > b
		}
		if a, b := hits[i].Explanation.NameQuality == NamePrimary, hits[j].Explanation.NameQuality == NamePrimary; a != b {
			// "Zhang Wei" is entry 45391's name, and only an alias of 23647.
			return a
		}
		if hits[i].Entity.List != hits[j].Entity.List {
			return hits[i].Entity.List < hits[j].Entity.List
		}
		return hits[i].Entity.ID < hits[j].Entity.ID
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// hanReadings returns, for each query name, the index of the query's name
// in Han characters of which it is a romanized reading (every syllable an
// exact reading: "Wong Kit" of 王傑), or -1.
func (ix *Index) hanReadings(qnames []sname) []int {
	out := make([]int, len(qnames))
	for i := range out {
		out[i] = -1
	}
	if len(qnames) < 2 {
		return out
	}
	for i := range qnames {
		if !qnames[i].chinese || qnames[i].hanOrder {
			continue
		}
		for h := range qnames {
			if !qnames[h].hanOrder {
				continue
			}
			if _, full, _ := compare(ix.tb, &qnames[i], &qnames[h], false); full {
				out[i] = h
				break
			}
		}
	}
	return out
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a == b:
		return a
	}
	return a + "; list: " + b
}

// weakAliasFactor scales a match on an alias the list marks weak (low
// quality): alone it is not a strong hit.
const weakAliasFactor = 0.9

// Effects of the other fields on a name score.
const (
	effectDOBExact    = 0.05
	effectDOBYear     = 0.02
	effectDOBMismatch = -0.2
	effectNatMatch    = 0.02
	effectNatMismatch = -0.05
	// effectNatMismatchPartial replaces effectNatMismatch when the name
	// match is not exact (a word missing or spelled differently): the
	// less the name proves, the more a differing nationality refutes.
	effectNatMismatchPartial = -0.10
	exactName                = 0.995
	effectTypeMismatch       = -0.15
	scoreIDMatch             = 0.99
	factorIDMismatch         = 0.75

	// When the query does not say its type: a name that reads as a
	// person's (its words are used in persons' names on the lists, share
	// at least personLikeThreshold) against a vessel or aircraft — which
	// hold no accounts and are not parties to payments — loses
	// effectNotAVessel; against an organisation whose listed name has a
	// legal form the query lacks, effectNotACompany. A query with a legal
	// form against a person loses effectTypeMismatch.
	personLikeThreshold = 0.6
	effectNotAVessel    = -0.25
	effectNotACompany   = -0.10

	// A common name's commonness penalty is kept in part when the birth
	// date agrees to the year, or the nationality agrees (the name alone
	// says a person is likely of that nationality), and dropped when the
	// birth date agrees to the day.
	commonnessKeptYear        = 0.5
	commonnessKeptNationality = 0.75
)

// evidence is what the matcher knows about a hit beyond its name score.
type evidence struct {
	queryType   EntityType
	queryLegal  bool    // the query name has a legal form
	listedLegal bool    // the matched listed name has a legal form
	personLike  float64 // personLikeness of a query of unknown type
	bits        float64 // rarity of the matched listed person's name; 0 when not a person
	eastAsian   bool    // the matched listed name is Chinese, Korean or Vietnamese
	fullName    bool    // the name matched in full, exactly or through a transliteration
	// scriptName is the query's name in Han characters of which the
	// matching romanized name is a reading, when it scores scriptScore,
	// less than the romanized name, against the listed name (else -1).
	scriptName  string
	scriptScore float64
}

// adjust combines the name score with birth date, nationality, type, the
// commonness of the name and identifiers. An identifier that matches is
// decisive (score ≥ 0.99); one of the same kind and country that differs
// lowers the score by a quarter.
//
// Evidence refutes; commonness alone does not. The commonness of a name
// lowers a partial match (a syllable or a surname missing, a spelling
// that is not exact) and any match that a field contradicts; an exact
// full-name match that nothing contradicts keeps its score, and when its
// commonness would have taken it below DefaultThreshold it is marked
// common (the last result): reported at a lower severity, with what to
// review in its explanation.
func adjust(q Query, e *Entity, nameScore float64, ev evidence) (adj []Adjustment, score, raw float64, common bool) {
	score = nameScore
	refuted := false
	add := func(field string, effect float64, text string) {
		adj = append(adj, Adjustment{Field: field, Effect: round3(effect), Text: text})
		score += effect
		refuted = refuted || effect < 0
	}
	if ev.scriptScore >= 0 {
		add("script", ev.scriptScore-nameScore, fmt.Sprintf("the name in characters %s, of which the matching name is a reading, scores %.2f against the listed name", ev.scriptName, ev.scriptScore))
	}
	switch {
	case q.Type != "" && e.Type != "" && q.Type != e.Type && !(compatible(q.Type, e.Type)):
		add("type", effectTypeMismatch, fmt.Sprintf("type %s ≠ listed %s", q.Type, e.Type))
	case q.Type != "":
	case ev.queryLegal && e.Type == TypePerson:
		add("type", effectTypeMismatch, "the query names an organisation (legal form), the entry is a person")
	case ev.personLike >= personLikeThreshold && (e.Type == TypeVessel || e.Type == TypeAircraft):
		add("type", effectNotAVessel, fmt.Sprintf("the query reads as a person's name (%.0f%% of its words' listed uses), the entry is a %s", 100*ev.personLike, e.Type))
	case ev.personLike >= personLikeThreshold && e.Type == TypeOrganization && ev.listedLegal:
		add("type", effectNotACompany, fmt.Sprintf("the query reads as a person's name (%.0f%% of its words' listed uses) without the listed legal form", 100*ev.personLike))
	}
	kept := 1.0 // share of the commonness penalty that stands
	if !q.BirthDate.IsZero() && len(e.BirthDates) > 0 {
		best, text := -1, ""
		for _, d := range e.BirthDates {
			if r := dateAgreement(q.BirthDate, d); r > best {
				best, text = r, d.String()
			}
		}
		switch best {
		case 3:
			add("birth_date", effectDOBExact, "birth date "+q.BirthDate.String()+" = listed "+text)
			kept = 0
		case 2:
			add("birth_date", effectDOBYear, "birth year "+fmt.Sprint(q.BirthDate.Year)+" agrees with listed "+text)
			kept *= commonnessKeptYear
		case 1:
			add("birth_date", 0, "birth date "+q.BirthDate.String()+" within a year of listed "+text)
		case 0:
			add("birth_date", effectDOBMismatch, "birth date "+q.BirthDate.String()+" ≠ listed "+text)
		}
	}
	if len(q.Nationalities) > 0 && len(e.Nationalities) > 0 {
		match, related := "", false
		for _, a := range q.Nationalities {
			for _, b := range e.Nationalities {
				if sameCountry(a, b) {
					match = b
				}
				related = related || chinaSAR(a, b)
			}
		}
		switch {
		case match == "" && related:
		case match != "":
			add("nationality", effectNatMatch, "nationality "+match+" as listed")
			kept *= commonnessKeptNationality
		default:
			effect := effectNatMismatch
			if nameScore < exactName {
				effect = effectNatMismatchPartial
			}
			add("nationality", effect, "nationality "+strings.Join(q.Nationalities, "/")+" ≠ listed "+strings.Join(e.Nationalities, "/"))
		}
	}
	idMatch, idDiffers := identifierEvidence(q, e)
	refuted = refuted || len(idDiffers) > 0
	if ev.bits > 0 && e.Type == TypePerson {
		if c := commonness(ev.bits, ev.eastAsian) * kept; c > 0 {
			switch {
			case !ev.fullName || refuted:
				add("commonness", -c, fmt.Sprintf("common name: about 1 person in %s bears it (%.1f bits)", oneIn(ev.bits), ev.bits))
			case idMatch != nil:
			case score-c < DefaultThreshold:
				common = true
				adj = append(adj, Adjustment{Field: "commonness", Text: commonNameNote(q, e, ev.bits)})
			default:
				adj = append(adj, Adjustment{Field: "commonness", Text: fmt.Sprintf("common name: about 1 person in %s bears it (%.1f bits); an exact full name that nothing contradicts keeps its score", oneIn(ev.bits), ev.bits)})
			}
		}
	}
	if idMatch != nil {
		adj = append(adj, Adjustment{Field: "identifier", Effect: round3(max(0, scoreIDMatch-score)),
			Text: fmt.Sprintf("%s %s = listed %s", idMatch[0].Type, idMatch[0].Value, idMatch[1].Label)})
		raw = max(score, scoreIDMatch) + 0.01
		return adj, clamp01(max(score, scoreIDMatch)), raw, false
	}
	for _, qid := range idDiffers {
		before := score
		score *= factorIDMismatch
		adj = append(adj, Adjustment{Field: "identifier", Effect: round3(score - before),
			Text: fmt.Sprintf("%s %s differs from every listed %s", qid.Type, qid.Value, qid.Type)})
	}
	return adj, clamp01(score), score, common
}

// identifierEvidence compares the query's identifiers with the entry's:
// the first that equals a listed one of its kind (query, listed), and the
// query's identifiers that differ from every listed one of the same kind
// and country.
func identifierEvidence(q Query, e *Entity) (match *[2]Identifier, differs []Identifier) {
	for _, qid := range q.Identifiers {
		qk := qid.Key()
		if len(qk) < 5 {
			continue
		}
		sameKind := false
		for _, lid := range e.Identifiers {
			if idClass(lid.Type) != idClass(qid.Type) {
				continue
			}
			if lid.Key() == qk {
				return &[2]Identifier{qid, lid}, nil
			}
			if qid.Country == "" || lid.Country == "" || sameCountry(qid.Country, lid.Country) {
				sameKind = true
			}
		}
		if sameKind {
			differs = append(differs, qid)
		}
	}
	return nil, differs
}

// commonNameNote explains a common-name hit: how common the name is, what
// the query lacked to confirm it, and what of the entry to review.
func commonNameNote(q Query, e *Entity, bits float64) string {
	var missing []string
	if q.BirthDate.IsZero() {
		missing = append(missing, "birth date")
	}
	if len(q.Nationalities) == 0 {
		missing = append(missing, "nationality")
	}
	text := fmt.Sprintf("very common name: about 1 person in %s bears it (%.1f bits)", oneIn(bits), bits)
	if len(missing) > 0 {
		text += "; no " + strings.Join(missing, " or ") + " to confirm it"
	} else {
		text += "; the birth date and nationality do not confirm it"
	}
	var listed []string
	if len(e.BirthDates) > 0 {
		ds := make([]string, len(e.BirthDates))
		for i, d := range e.BirthDates {
			ds[i] = d.String()
		}
		listed = append(listed, "birth date "+strings.Join(ds, ", "))
	}
	if len(e.Nationalities) > 0 {
		listed = append(listed, "nationality "+strings.Join(e.Nationalities, ", "))
	}
	if len(listed) > 0 {
		text += " — review against the list entry's " + strings.Join(listed, " and ")
	} else {
		text += " — the list gives no birth date or nationality: review against the entry's other details"
	}
	return text + " (lower severity)"
}

// oneIn writes 2^bits for people: "2,000", "65,000".
func oneIn(bits float64) string {
	n := math.Pow(2, bits)
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f million", n/1e6)
	case n >= 1e4:
		return fmt.Sprintf("%.0f,000", n/1e3)
	case n >= 1e3:
		return fmt.Sprintf("%.0f,%03.0f", math.Floor(n/1e3), math.Mod(math.Round(n/100)*100, 1e3))
	}
	return fmt.Sprintf("%.0f", n)
}

func compatible(a, b EntityType) bool {
	// Lists file some vessels and aircraft as organisations.
	org := func(t EntityType) bool { return t == TypeOrganization || t == TypeVessel || t == TypeAircraft }
	return org(a) && org(b)
}

// dateAgreement: 3 same day, 2 same year (or within a listed range or
// circa ±1), 1 unknown/partial overlap, 0 contradiction.
func dateAgreement(q, l PartialDate) int {
	if l.YearTo == 0 && !l.Circa && abs(q.Year-l.Year) == 1 {
		// One year apart: often a typo or a year-only date rounded; neither
		// confirms nor refutes.
		return 1
	}
	if l.YearTo != 0 {
		if q.Year >= l.Year && q.Year <= l.YearTo {
			return 2
		}
		return 0
	}
	if l.Circa {
		if abs(q.Year-l.Year) <= 1 {
			return 2
		}
		return 0
	}
	if q.Year != l.Year {
		return 0
	}
	if q.Month != 0 && l.Month != 0 && q.Month != l.Month {
		return 0
	}
	if q.Day != 0 && l.Day != 0 {
		if q.Day != l.Day {
			return 0
		}
		return 3
	}
	return 2
}

// support counts the fields that agree with a hit (adjustments that did
// not lower it).
func support(h Hit) int {
	n := 0
	for _, a := range h.Explanation.Adjustments {
		if a.Effect >= 0 && a.Field != "commonness" {
			n++
		}
	}
	return n
}

// better prefers, between two names of one entity that score the same, the
// one written in the list over a derived one, and a primary name over an
// alias.
func better(a, b *indexedName) bool {
	if (a.derived == "") != (b.derived == "") {
		return a.derived == ""
	}
	return a.quality == NamePrimary && b.quality != NamePrimary
}
