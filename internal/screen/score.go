package screen

import (
	"strings"

	"github.com/centinela-aml/centinela/internal/screen/translit"
)

// MatchKind says how two tokens were found to be the same word.
type MatchKind string

// Ways tokens match.
const (
	MatchExact        MatchKind = "exact"
	MatchFuzzy        MatchKind = "fuzzy"        // spelling variant or typo
	MatchInitial      MatchKind = "initial"      // "J" for "Joachim"
	MatchRomanization MatchKind = "romanization" // pinyin / Wade–Giles / Cantonese spellings of one syllable
	MatchSkeleton     MatchKind = "skeleton"     // Arabic-script consonants against a Latin spelling
	MatchJoined       MatchKind = "joined"       // "Kashing" for "Ka Shing", "PLA" for "People's Liberation Army"
	MatchVariant      MatchKind = "variant"      // the same given name in another language, or its short form
)

// stok is a token ready for scoring.
type stok struct {
	text     string
	skel     string
	w        float64
	kind     tokenKind
	script   translit.Script
	maternal bool
	paternal bool
	patronym bool
	family   bool     // before the comma of "LAST, First"
	sinitic  bool     // has readings in some Chinese romanization
	group    uint64   // given-name groups (variants.go)
	han      rune     // Han character the token was read from
	spell    []string // the character's Latin spellings (CharSpellings)
}

// sname is a name ready for scoring.
type sname struct {
	toks     []stok
	person   bool // a person's name (or of unknown type without legal form): initials may stand for words
	nasab    bool // has "bin"/"bint": the order of the names around it matters
	chinese  bool
	hanOrder bool // written in Han characters: surname first
	trad     tradition
	// sys is the set of romanizations every romanized syllable of a
	// Chinese name fits (a name is written in one system); AllSystems
	// when none fits them all or the name is not Chinese.
	sys      translit.Via
	mixed    bool // romanized syllables that fit no one system ("Wong Wei")
	translit string
}

// Weights of token kinds that do not depend on rarity.
const (
	weightLegal     = 0.12
	maxLegalWeight  = 0.18
	weightParticle  = 0.15
	weightHonorific = 0.05
	// maternalCost is the share of its weight that an unmatched maternal
	// surname costs: a query "Agustin FLORES" still meets "FLORES APODACA,
	// Agustin".
	maternalCost = 0.4
	// unmatchedFloor is the least an unmatched word costs.
	unmatchedFloor = 0.5
	// syllableFloor is the least an unmatched syllable of a Chinese,
	// Korean or Vietnamese name costs: however common the syllable, a
	// given name without it is another name.
	syllableFloor = 0.8
	// conflictFactor scales the cost of unmatched words when both names
	// have some; subsetFactor when only one has, in persons' names with at
	// least two words in common.
	conflictFactor = 1.25
	subsetFactor   = 0.6
	// legalConflictFactor scales the score of two organisation names with
	// different specific legal forms.
	legalConflictFactor = 0.85
	// minTokenSim is the similarity below which two tokens do not match.
	minTokenSim = 0.75
	// syllableNearMiss is taken from the spelling similarity of a Chinese
	// syllable and a word of a name that is not Chinese.
	syllableNearMiss = 0.1
)

// weigher gives the rarity weight of a word token, in (0, 1].
type weigher interface {
	weight(text string) float64
}

func toSName(tb *translit.Tables, n normName, wg weigher) sname {
	s := sname{chinese: n.chinese, person: n.person, translit: n.translit, trad: n.trad, toks: make([]stok, len(n.tokens))}
	s.sys = translit.AllSystems
	if n.chinese {
		sys, latin := translit.AllSystems, false
		for _, t := range n.tokens {
			if t.han != 0 {
				s.hanOrder = true
			}
			if t.han == 0 && t.kind == kindWord {
				if v := tb.Systems(t.text); v != 0 {
					sys &= v
					latin = true
				}
			}
		}
		if latin && sys != 0 {
			s.sys = sys
		}
		s.mixed = latin && sys == 0
	}
	legal := 0
	for _, t := range n.tokens {
		if t.kind == kindLegal {
			legal++
		}
	}
	for i, t := range n.tokens {
		st := stok{text: t.text, kind: t.kind, script: t.script, maternal: t.maternal, paternal: t.paternal, patronym: t.patronym, family: t.family, han: t.han}
		if t.han != 0 {
			st.spell = tb.CharSpellings(t.han)
		}
		s.nasab = s.nasab || t.patronym
		if n.person && t.kind == kindWord {
			st.group = givenNameGroup(t.text)
		}
		st.skel = translit.Skeleton(t.text)
		st.sinitic = tb.Readings(t.text) != nil
		switch t.kind {
		case kindLegal:
			// A name's legal form weighs little however many words spell it.
			st.w = min(weightLegal, maxLegalWeight/float64(legal))
		case kindParticle:
			st.w = weightParticle
		case kindHonorific:
			st.w = weightHonorific
		default:
			st.w = wg.weight(t.text)
			if len(t.text) == 1 {
				st.w = min(st.w, 0.3)
			}
		}
		s.toks[i] = st
	}
	return s
}

// TokenMatch is one aligned pair of tokens in an explanation.
type TokenMatch struct {
	Query  string    `json:"query"`          // normalised query token ("" when only the list token is there)
	Listed string    `json:"listed"`         // normalised list token ("" when unmatched)
	Score  float64   `json:"score"`          // 0–1
	Weight float64   `json:"weight"`         // share of the name this pair carries
	How    MatchKind `json:"how,omitempty"`  // how they matched
	Note   string    `json:"note,omitempty"` // e.g. "cheung (Cantonese) = zhang (pinyin)"
}

type unit struct {
	text     string
	skel     string
	w        float64
	kind     tokenKind
	script   translit.Script
	maternal bool
	paternal bool
	patronym bool
	family   bool
	sinitic  bool
	group    uint64
	han      rune
	spell    []string
	joined   bool // several tokens of the name joined to meet one of the other
	acronym  bool // the initials of several tokens
}

func units(n *sname) []unit {
	u := make([]unit, len(n.toks))
	for i, t := range n.toks {
		u[i] = unit{text: t.text, skel: t.skel, w: t.w, kind: t.kind, script: t.script, maternal: t.maternal,
			paternal: t.paternal, patronym: t.patronym, family: t.family, sinitic: t.sinitic, group: t.group, han: t.han, spell: t.spell}
	}
	return u
}

// joinAdjacent merges a run of two or three adjacent tokens of b into
// one unit when a has a word with no exact partner in b that is their
// concatenation ("kashing" / "ka shing", "vanderbilt" / "van der bilt")
// or their initials ("pla" / "people's liberation army", "jc" / "jean
// claude").
func joinAdjacent(a, b []unit) []unit {
	for _, x := range a {
		if x.kind != kindWord || len(x.text) < 2 {
			continue
		}
		exact := false
		for _, y := range b {
			if y.text == x.text {
				exact = true
				break
			}
		}
		if exact {
			continue
		}
		if j, n, acr, ok := findRun(x.text, x.script, b); ok {
			m := unit{text: x.text, w: 0, kind: kindWord, script: b[j].script, joined: true, acronym: acr, family: b[j].family}
			if !acr {
				var cat string
				for _, p := range b[j : j+n] {
					cat += p.text
				}
				m.text = cat
			}
			m.skel = translit.Skeleton(m.text)
			for _, p := range b[j : j+n] {
				if p.kind == kindWord {
					m.w = max(m.w, p.w)
				}
			}
			out := make([]unit, 0, len(b)-n+1)
			out = append(out, b[:j]...)
			out = append(out, m)
			out = append(out, b[j+n:]...)
			b = out
		}
	}
	return b
}

// findRun looks in b for a run of tokens that spell w joined (length 2
// or 3, w at least 4 letters) or as initials (length len(w), 2–5 words).
func findRun(w string, xScript translit.Script, b []unit) (start, n int, acronym, ok bool) {
	if len(w) >= 4 {
		for n := 2; n <= 3; n++ {
			for j := 0; j+n <= len(b); j++ {
				total, numeric := 0, false
				for _, p := range b[j : j+n] {
					total += len(p.text)
					numeric = numeric || p.kind == kindNumber
				}
				cross := arabicLike(b[j].script) != arabicLike(xScript)
				if numeric || (!cross && (abs(total-len(w)) > 1 || b[j].text[0] != w[0])) {
					continue
				}
				var cat string
				for _, p := range b[j : j+n] {
					cat += p.text
				}
				if cross {
					// Across scripts the vowels differ: compare consonants
					// (عبد الله = "abd al lh" against "Abdullah").
					if k := translit.Skeleton(cat); len(k) >= 3 && k == translit.Skeleton(w) {
						return j, n, false, true
					}
					continue
				}
				if cat == w || stringSim(cat, w) >= 0.9 {
					return j, n, false, true
				}
			}
		}
	}
	if n := len(w); n >= 2 && n <= 5 && !hasDigit(w) {
		for j := 0; j+n <= len(b); j++ {
			match := true
			for k, p := range b[j : j+n] {
				if p.kind != kindWord || len(p.text) < 2 || p.text[0] != w[k] {
					match = false
					break
				}
			}
			if match {
				return j, n, true, true
			}
		}
	}
	return 0, 0, false, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// pairCtx is what token similarity needs to know about the two names.
type pairCtx struct {
	chinese bool // both names Chinese: compare syllables across romanizations
	person  bool
	nasab   bool
	// sysA and sysB are the romanizations the two names are written in.
	sysA, sysB translit.Via
	// crossTradition: both are East Asian personal names of different
	// traditions (a Chinese and a Korean name): their syllables meet only
	// when spelled alike, never as near spellings.
	crossTradition bool
	// oneChinese: only one of the names is Chinese (chineseA says which).
	oneChinese, chineseA bool
}

// compare scores two names: a weighted Dice coefficient over the best
// one-to-one alignment of their tokens,
//
//	Σ sim(a,b)·(w(a)+w(b)) / (Σ w(query tokens) + Σ w(list tokens)),
//
// where an unmatched maternal surname counts maternalCost of its weight.
// Identical names score 1; names with no token in common 0. With detail,
// the alignment is returned for the explanation.
//
// Two personal names of the Chinese, Korean or Vietnamese tradition are
// aligned by role (eastAsianAlign): surname with surname, and the given
// names as a unit, syllable by syllable in order.
//
// full reports a complete match of the full name (see fullMatch): every
// word of both names paired, each pair the same word or a spelling of the
// same syllable in another romanization.
func compare(tb *translit.Tables, q, c *sname, detail bool) (score float64, full bool, tm []TokenMatch) {
	if len(q.toks) == 0 || len(c.toks) == 0 {
		return 0, false, nil
	}
	ua, ub := units(q), units(c)
	ub = joinAdjacent(ua, ub)
	ua = joinAdjacent(ub, ua)
	ctx := pairCtx{chinese: q.chinese && c.chinese, person: q.person && c.person, nasab: q.nasab && c.nasab, sysA: q.sys, sysB: c.sys}
	eastAsian := ctx.person && q.trad != tradNone && c.trad != tradNone
	ctx.crossTradition = eastAsian && q.trad != c.trad
	ctx.oneChinese, ctx.chineseA = q.chinese != c.chinese, q.chinese
	n, m := len(ua), len(ub)
	var simBuf [16 * 16]float64
	var howBuf [16 * 16]MatchKind
	var sim []float64
	var how []MatchKind
	if n*m <= len(simBuf) {
		sim, how = simBuf[:n*m], howBuf[:n*m]
	} else {
		sim, how = make([]float64, n*m), make([]MatchKind, n*m)
	}
	for i := range ua {
		for j := range ub {
			s, h := tokenSim(tb, &ua[i], &ub[j], &ctx)
			sim[i*m+j], how[i*m+j] = s, h
		}
	}
	var pairs [][2]int
	if eastAsian {
		// Two names that both read as pinyin are pinyin: their given-name
		// syllables meet only as the same syllable (Liu Chengping is not
		// Liu Jingping through a Cantonese reading of "cheng").
		pinyin := q.sys&c.sys&translit.ViaPinyin != 0 && q.trad == tradChinese && c.trad == tradChinese && !q.hanOrder && !c.hanOrder
		pairs = eastAsianAlign(tb, q, c, ua, ub, sim, how, pinyin)
	} else {
		pairs = align(ua, ub, sim)
	}
	var num, den float64
	matchedA := make([]bool, n)
	matchedB := make([]bool, m)
	matchedWords := 0
	for _, p := range pairs {
		i, j := p[0], p[1]
		matchedA[i], matchedB[j] = true, true
		num += sim[i*m+j] * (ua[i].w + ub[j].w)
		den += ua[i].w + ub[j].w
		if ua[i].kind == kindWord {
			matchedWords++
		}
	}
	leftA, leftB := leftovers(ua, matchedA), leftovers(ub, matchedB)
	factor := 1.0
	switch {
	case leftA > 0 && leftB > 0:
		// Each name has words the other lacks: a conflict, not an omission.
		factor = conflictFactor
	case ctx.chinese || eastAsian:
		// A Chinese, Korean or Vietnamese given name is one to three
		// syllables: one missing is another name (Wang Dong is not Wang
		// Dongliang).
		factor = conflictFactor
	case (leftA > 0 || leftB > 0) && ctx.person && matchedWords >= 2:
		// One name has extra words only: dropped middle names, patronymics.
		factor = subsetFactor
	}
	costA, costB := leftCosts(ua, matchedA, factor), leftCosts(ub, matchedB, factor)
	if eastAsian {
		for i, c := range costA {
			if c > 0 && ua[i].kind == kindWord {
				costA[i] = max(c, syllableFloor*factor)
			}
		}
		for j, c := range costB {
			if c > 0 && ub[j].kind == kindWord {
				costB[j] = max(c, syllableFloor*factor)
			}
		}
	}
	for _, c := range costA {
		den += c
	}
	for _, c := range costB {
		den += c
	}
	if den == 0 {
		return 0, false, nil
	}
	score = num / den
	legalConflict := !ctx.person && legalFormsConflict(ua, ub)
	if legalConflict {
		score *= legalConflictFactor
	}
	full = !legalConflict && leftA == 0 && leftB == 0 && fullMatch(ua, ub, pairs, sim, how, m)
	if !detail {
		return score, full, nil
	}
	for _, p := range pairs {
		i, j := p[0], p[1]
		t := TokenMatch{Query: ua[i].text, Listed: ub[j].text, Score: round3(sim[i*m+j]), Weight: round3((ua[i].w + ub[j].w) / den), How: how[i*m+j]}
		if t.How == MatchRomanization {
			if syl, va, vb, ok := tb.EquivalentIn(ua[i].text, ub[j].text, ctx.sysA, ctx.sysB); ok {
				t.Note = ua[i].text + " (" + va.String() + ") = " + ub[j].text + " (" + vb.String() + "): " + syl
			}
		}
		if ua[i].joined || ub[j].joined {
			t.Note = "joined tokens"
		}
		tm = append(tm, t)
	}
	for i, ok := range matchedA {
		if !ok {
			tm = append(tm, TokenMatch{Query: ua[i].text, Weight: round3(costA[i] / den), Note: leftNote(factor, false)})
		}
	}
	for j, ok := range matchedB {
		if !ok {
			tm = append(tm, TokenMatch{Listed: ub[j].text, Weight: round3(costB[j] / den), Note: leftNote(factor, ub[j].maternal)})
		}
	}
	if legalConflict {
		tm = append(tm, TokenMatch{Note: "different legal forms", Score: legalConflictFactor})
	}
	return score, full, tm
}

// minFullWords is the fewest words a full-name match pairs: one word is
// not a full name.
const minFullWords = 2

// fullMatch reports whether the aligned word pairs of two names (none
// left over) make an exact match of the full name: at least minFullWords
// of them, each the same word (after normalisation and transliteration:
// 张 is zhang), the same word split or joined ("Kashing" / "Ka Shing"),
// or a spelling of the same syllable in another romanization of
// translit's tables (Cheung / Zhang, Chang / Zhang: 0.85 and more).
// Fuzzy spellings, initials, name variants, consonant skeletons and two
// characters of one sound (张 / 章) are not exact.
func fullMatch(ua, ub []unit, pairs [][2]int, sim []float64, how []MatchKind, m int) bool {
	words := 0
	for _, p := range pairs {
		i, j := p[0], p[1]
		if ua[i].kind != kindWord || ub[j].kind != kindWord {
			continue
		}
		words++
		switch how[i*m+j] {
		case MatchExact:
		case MatchJoined:
			if ua[i].acronym || ub[j].acronym {
				return false
			}
		case MatchRomanization:
			if sim[i*m+j] < minExactRomanization {
				return false
			}
		default:
			return false
		}
	}
	return words >= minFullWords
}

// simPinyinSpellings is the similarity of two pinyin spellings of one
// syllable (lv / lu / lyu).
const simPinyinSpellings = 0.95

// minExactRomanization is the least similarity of two romanized spellings
// of one syllable (pinyin, Wade–Giles, Hong Kong Cantonese) that counts as
// an exact reading: below are two characters of one sound (0.75).
const minExactRomanization = 0.85

// leftCosts returns the cost of each unmatched token of a name (0 for
// matched ones). Omitted words (factor subsetFactor) cost less than
// conflicting ones, but in a Spanish compound name only one omission is
// forgiven: when the maternal surname is missing, every other missing word
// costs in full, so that "Ángel Gómez" (a given name and the paternal
// surname) is not a strong match to "GOMEZ FLORES, Luis Angel".
func leftCosts(u []unit, matched []bool, factor float64) []float64 {
	costs := make([]float64, len(u))
	maternalMissing := false
	for i, ok := range matched {
		maternalMissing = maternalMissing || (!ok && u[i].maternal)
	}
	for i, ok := range matched {
		if ok {
			continue
		}
		f := factor
		if factor == subsetFactor && maternalMissing && !u[i].maternal {
			f = 1
		}
		costs[i] = unmatchedCost(u[i], f)
	}
	return costs
}

// eastAsianAlign aligns two Chinese, Korean or Vietnamese personal names
// by role: the surname of one with the surname of the other, the given
// names syllable by syllable in order. A name written "SURNAME, Given" or
// in Han characters has one reading; otherwise the surname may come first
// (Chinese order) or last (Western order), and the best reading of each
// name is taken.
func eastAsianAlign(tb *translit.Tables, q, c *sname, ua, ub []unit, sim []float64, how []MatchKind, pinyin bool) [][2]int {
	m := len(ub)
	val := func(i, j int) float64 {
		s := sim[i*m+j]
		if s == 0 {
			return 0
		}
		return s * (ua[i].w + ub[j].w)
	}
	givenVal := val
	if pinyin {
		givenVal = func(i, j int) float64 {
			if how[i*m+j] == MatchRomanization {
				return 0
			}
			return val(i, j)
		}
	}
	var best [][2]int
	bestV := -1.0
	for _, pa := range eastAsianParses(q, ua) {
		for _, pb := range eastAsianParses(c, ub) {
			p1, v1 := monotoneAlign(pa.sur, pb.sur, val)
			gv := givenVal
			if va, vb, ok := otherSystems(tb, p1, ua, ub, how, sim, q.sys, c.sys); pinyin && ok {
				// The surnames meet only in two romanizations (Chan /
				// CHEN, Wong / WANG): each name is read in its own system
				// throughout, its given name too (Chan Wai / CHEN, Wei) —
				// and only in it: "Tang Yan" read as Cantonese for Yan /
				// Xin is not also pinyin for Tang / TANG. A name that fits
				// no one system ("Wong Wei") is read in any.
				gv = val
				if !q.mixed && !c.mixed {
					gv = func(i, j int) float64 {
						if x, y := &ua[i], &ub[j]; x.sinitic && y.sinitic && x.han == 0 && y.han == 0 {
							if _, _, _, same := tb.EquivalentIn(x.text, y.text, va, vb); !same {
								return 0
							}
						}
						return val(i, j)
					}
				}
			}
			p2, v2 := monotoneAlign(pa.giv, pb.giv, gv)
			if v1+v2 > bestV+1e-12 {
				bestV = v1 + v2
				best = append(append(best[:0:0], p1...), p2...)
			}
		}
	}
	return best
}

// otherSystems reports whether an aligned pair meets as spellings of one
// syllable in two different romanizations (less than the 0.95 of two
// pinyin spellings), and in which systems of each side.
func otherSystems(tb *translit.Tables, pairs [][2]int, ua, ub []unit, how []MatchKind, sim []float64, sysA, sysB translit.Via) (va, vb translit.Via, ok bool) {
	m := len(ub)
	for _, p := range pairs {
		if k := p[0]*m + p[1]; how[k] == MatchRomanization && sim[k] < simPinyinSpellings {
			_, va, vb, ok = tb.EquivalentIn(ua[p[0]].text, ub[p[1]].text, sysA, sysB)
			if ok {
				return va, vb, true
			}
		}
	}
	return 0, 0, false
}

// eastAsianParse is one reading of a name: which units are the surname.
type eastAsianParse struct{ sur, giv []int }

func eastAsianParses(n *sname, u []unit) []eastAsianParse {
	split := func(isSur func(i int) bool) eastAsianParse {
		var p eastAsianParse
		for i := range u {
			if isSur(i) {
				p.sur = append(p.sur, i)
			} else {
				p.giv = append(p.giv, i)
			}
		}
		return p
	}
	family, given := 0, 0
	for _, x := range u {
		if x.family {
			family++
		} else {
			given++
		}
	}
	last := len(u) - 1
	switch {
	case family > 0 && given == 1 && (n.trad == tradChinese || n.isSurname(&u[firstGiven(u)])):
		// "MUN CHOL, KIM", "ZHENYU, Li": lists and customers sometimes put
		// the surname after the comma.
		return []eastAsianParse{split(func(i int) bool { return u[i].family }), split(func(i int) bool { return !u[i].family })}
	case family > 0:
		return []eastAsianParse{split(func(i int) bool { return u[i].family })}
	case n.hanOrder || len(u) < 2:
		return []eastAsianParse{split(func(i int) bool { return i == 0 })}
	}
	// Chinese order (surname first) or Western order (surname last); an
	// end that is no surname of the tradition is not read as one.
	firstSur, lastSur := n.isSurname(&u[0]), n.isSurname(&u[last])
	if n.trad == tradChinese {
		// Chinese surnames are too many for a table to decide.
		firstSur, lastSur = true, true
	}
	var out []eastAsianParse
	if firstSur || !lastSur {
		out = append(out, split(func(i int) bool { return i == 0 }))
	}
	if lastSur || !firstSur {
		out = append(out, split(func(i int) bool { return i == last }))
	}
	return out
}

func firstGiven(u []unit) int {
	for i, x := range u {
		if !x.family {
			return i
		}
	}
	return 0
}

// monotoneAlign pairs the units a[k] with b[l] without crossing (order
// kept), maximising the total val; it returns the pairs and the total.
func monotoneAlign(a, b []int, val func(i, j int) float64) ([][2]int, float64) {
	if len(a) == 0 || len(b) == 0 {
		return nil, 0
	}
	cols := len(b) + 1
	var buf [64]float64
	var dp []float64
	if (len(a)+1)*cols <= len(buf) {
		dp = buf[:(len(a)+1)*cols]
	} else {
		dp = make([]float64, (len(a)+1)*cols)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			v := max(dp[(i+1)*cols+j], dp[i*cols+j+1])
			if x := val(a[i], b[j]); x > 0 {
				v = max(v, x+dp[(i+1)*cols+j+1])
			}
			dp[i*cols+j] = v
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		x := val(a[i], b[j])
		switch {
		case x > 0 && dp[i*cols+j] == x+dp[(i+1)*cols+j+1]:
			pairs = append(pairs, [2]int{a[i], b[j]})
			i++
			j++
		case dp[i*cols+j] == dp[(i+1)*cols+j]:
			i++
		default:
			j++
		}
	}
	return pairs, dp[0]
}

func leftNote(factor float64, maternal bool) string {
	switch {
	case maternal:
		return "maternal surname, not in the other name"
	case factor == conflictFactor:
		return "conflicting word"
	case factor == subsetFactor:
		return "extra word (omission)"
	}
	return ""
}

func leftovers(u []unit, matched []bool) int {
	n := 0
	for i, ok := range matched {
		if !ok && u[i].kind == kindWord {
			n++
		}
	}
	return n
}

// legalFormsConflict reports whether both names carry specific legal forms
// and share none of them (AG against GmbH).
func legalFormsConflict(a, b []unit) bool {
	var la, lb []string
	for _, u := range a {
		if u.kind == kindLegal && specificLegalForms[u.text] {
			la = append(la, u.text)
		}
	}
	for _, u := range b {
		if u.kind == kindLegal && specificLegalForms[u.text] {
			lb = append(lb, u.text)
		}
	}
	if len(la) == 0 || len(lb) == 0 {
		return false
	}
	for _, x := range la {
		for _, y := range lb {
			if x == y {
				return false
			}
		}
	}
	return true
}

// cost is what an unmatched token takes from a name score. A missing word
// is evidence against identity however common it is ("Lara Gonzalez" is
// not the vessel LARA), so word tokens cost at least unmatchedFloor.
func unmatchedCost(u unit, factor float64) float64 {
	c := u.w
	if u.paternal && factor < 1 {
		// The paternal surname is the principal one: it is not dropped.
		factor = 1
	}
	if u.kind == kindWord || u.kind == kindNumber {
		c = max(c, unmatchedFloor) * factor
	}
	if u.maternal {
		return c * min(maternalCost, factor)
	}
	return c
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// maxExactAlign is the longest name (in tokens, the shorter of the two)
// aligned exactly; longer names are aligned greedily, which for names
// almost always finds the same pairing at a fraction of the cost.
const maxExactAlign = 7

// align returns the one-to-one pairing of tokens with the largest total
// Σ sim·(w_a+w_b): exactly (dynamic programming over subsets) when the
// shorter name has at most maxExactAlign tokens, greedily otherwise.
func align(a, b []unit, sim []float64) [][2]int {
	n, m := len(a), len(b)
	val := func(i, j int) float64 {
		s := sim[i*m+j]
		if s == 0 {
			return 0
		}
		return s * (a[i].w + b[j].w)
	}
	if min(n, m) <= maxExactAlign && max(n, m) <= 16 {
		// DP over the subsets of the shorter side.
		swap := m > n
		rows, cols := n, m
		if swap {
			rows, cols = m, n
		}
		get := func(r, c int) float64 {
			if swap {
				return val(c, r)
			}
			return val(r, c)
		}
		size := 1 << cols
		best := make([]float64, size*(rows+1))
		choice := make([]int8, size*(rows+1))
		for r := rows - 1; r >= 0; r-- {
			for mask := 0; mask < size; mask++ {
				v := best[(r+1)*size+mask]
				ch := int8(-1)
				for c := 0; c < cols; c++ {
					if mask&(1<<c) != 0 {
						continue
					}
					x := get(r, c)
					if x == 0 {
						continue
					}
					if t := x + best[(r+1)*size+(mask|1<<c)]; t > v+1e-12 {
						v, ch = t, int8(c)
					}
				}
				best[r*size+mask], choice[r*size+mask] = v, ch
			}
		}
		var pairs [][2]int
		mask := 0
		for r := 0; r < rows; r++ {
			c := choice[r*size+mask]
			if c < 0 {
				continue
			}
			mask |= 1 << int(c)
			if swap {
				pairs = append(pairs, [2]int{int(c), r})
			} else {
				pairs = append(pairs, [2]int{r, int(c)})
			}
		}
		return pairs
	}
	usedA, usedB := make([]bool, n), make([]bool, m)
	var pairs [][2]int
	for {
		bi, bj, bv := -1, -1, 0.0
		for i := 0; i < n; i++ {
			if usedA[i] {
				continue
			}
			for j := 0; j < m; j++ {
				if !usedB[j] {
					if v := val(i, j); v > bv {
						bi, bj, bv = i, j, v
					}
				}
			}
		}
		if bi < 0 {
			return pairs
		}
		usedA[bi], usedB[bj] = true, true
		pairs = append(pairs, [2]int{bi, bj})
	}
}

func arabicLike(s translit.Script) bool { return s == translit.Arabic || s == translit.Hebrew }

// tokenSim returns how alike two tokens are, in [0,1], and how they match.
func tokenSim(tb *translit.Tables, a, b *unit, ctx *pairCtx) (float64, MatchKind) {
	chinese, person := ctx.chinese, ctx.person
	if ctx.nasab && a.patronym != b.patronym && a.kind == kindWord {
		// "Salman bin Muhammad" is not "Muhammad bin Salman".
		return 0, ""
	}
	if a.han != 0 && b.han != 0 {
		switch {
		case tb.Simplify(a.han) == tb.Simplify(b.han):
			return 1, MatchExact
		case a.text == b.text:
			// Same sound, different character (张 / 章).
			return 0.75, MatchRomanization
		}
		return 0, ""
	}
	if a.text == b.text {
		if a.acronym || b.acronym {
			return 0.9, MatchJoined
		}
		return 1, MatchExact
	}
	if a.han != 0 || b.han != 0 {
		// A character against a Latin spelling: the spelling must be one
		// of the character's own (pinyin, Wade–Giles, Cantonese).
		h, l, sys := a, b, ctx.sysB
		if b.han != 0 {
			h, l, sys = b, a, ctx.sysA
		}
		if l.kind == kindWord && tb.CharSpelledIn(h.han, l.text, sys) {
			return 0.9, MatchRomanization
		}
		if l.script == translit.Latin {
			return 0, ""
		}
	}
	if a.group&b.group != 0 {
		return variantSim, MatchVariant
	}
	if a.kind != b.kind && (a.kind != kindWord || b.kind != kindWord) {
		// Legal forms, particles, honorifics and numbers match only their own kind exactly.
		return 0, ""
	}
	if a.kind != kindWord {
		return 0, ""
	}
	if chinese && a.sinitic && b.sinitic {
		if _, va, vb, ok := tb.EquivalentIn(a.text, b.text, ctx.sysA, ctx.sysB); ok {
			switch {
			case va&vb&translit.ViaPinyin != 0:
				return simPinyinSpellings, MatchRomanization
			case (va|vb)&translit.ViaPinyin != 0 || va&vb&translit.ViaWadeGiles != 0:
				return 0.9, MatchRomanization
			}
			// Cantonese on one side, Wade–Giles on the other: plausible, weaker.
			return 0.85, MatchRomanization
		}
		// Two different Chinese syllables are different characters, however
		// close their spellings (wei / lei).
		if len(a.text) <= 6 && len(b.text) <= 6 {
			return 0, ""
		}
	}
	la, lb := len(a.text), len(b.text)
	if la == 1 || lb == 1 {
		if person && la != lb && a.text[0] == b.text[0] {
			return 0.7, MatchInitial
		}
		return 0, ""
	}
	if arabicLike(a.script) != arabicLike(b.script) {
		if a.skel != "" && a.skel == b.skel {
			// Short skeletons say less: "sr" is Asra, Suri, Sara …
			switch len(a.skel) {
			case 1:
				return 0.78, MatchSkeleton
			case 2:
				return 0.82, MatchSkeleton
			}
			return 0.9, MatchSkeleton
		}
		if len(a.skel) >= 3 && len(b.skel) >= 3 {
			if s := stringSim(a.skel, b.skel); s >= 0.85 {
				return 0.8, MatchSkeleton
			}
		}
	}
	if ctx.crossTradition && len(a.text) <= 6 && len(b.text) <= 6 {
		return 0, ""
	}
	if _, ok := commonNames[a.text]; ok {
		if _, ok := commonNames[b.text]; ok {
			// Two frequent names are two names: Mary is not a misspelled Mark.
			return 0, ""
		}
	}
	s := stringSim(a.text, b.text)
	if ctx.oneChinese {
		if syl := a; (ctx.chineseA && syl.sinitic && len(syl.text) <= 6) || (!ctx.chineseA && b.sinitic && len(b.text) <= 6) {
			// A Chinese syllable near a word of a name that is not Chinese
			// ("liang" / "siang", "chen" / "chein") is weak evidence: the
			// syllables are few and short, so near spellings abound.
			s -= syllableNearMiss
		}
	}
	if s < minTokenSim {
		return 0, ""
	}
	if person && genderPair(a.text, b.text) {
		// Julia / Julio, Martina / Martin, Daniela / Daniel: two names.
		return 0, ""
	}
	return s, MatchFuzzy
}

// stringSim is the similarity of two spellings: 1 for equal; for one edit
// (insert, delete, substitute or swap neighbours) 0.92 when the shorter
// has 5+ letters, 0.88 for 4, 0.78 for 3; for two edits 0.82 at 7+ letters;
// otherwise Jaro–Winkler less 0.08, kept only from 0.9 up. Short words
// (≤ 2 letters) match only exactly.
func stringSim(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	short := min(la, lb)
	if short <= 2 || short+2 < max(la, lb) && short*10 < max(la, lb)*7 {
		// Too short, or lengths too far apart for two edits or a
		// Jaro–Winkler of 0.9.
		return 0
	}
	s := 0.0
	d := osaDistance(a, b, 2)
	switch {
	case d == 1 && short >= 5:
		s = 0.92
	case d == 1 && short == 4:
		s = 0.88
	case d == 1 && short == 3 && la != lb:
		s = 0.8 // a letter dropped from a 4-letter word
	case d == 1 && short == 3:
		s = 0.78
	case d == 2 && short >= 7:
		s = 0.82
	}
	if jw := jaroWinkler(a, b); jw >= 0.9 && short >= 4 && (d <= 1 || a[0] == b[0]) {
		// Beyond one edit, a word that begins differently is another word
		// (Fuentes / Cifuentes).
		s = max(s, jw-0.08)
	}
	if d == 1 && a[0] != b[0] && short <= 6 {
		// A different first letter in a short word is usually another
		// name (Evan / Ivan, Lara / Sara).
		s -= 0.08
	}
	return s
}

// osaDistance is the optimal-string-alignment edit distance (Damerau–
// Levenshtein without repeated edits of a substring), computed up to
// limit; it returns limit+1 when the distance is larger.
func osaDistance(a, b string, limit int) int {
	la, lb := len(a), len(b)
	if abs(la-lb) > limit {
		return limit + 1
	}
	var buf [3 * 64]int
	var prev2, prev, cur []int
	if lb+1 <= 64 {
		prev2, prev, cur = buf[0:lb+1], buf[64:64+lb+1], buf[128:128+lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// jaroWinkler is the Jaro–Winkler similarity (prefix scale 0.1, prefix up
// to 4) of two byte strings.
func jaroWinkler(a, b string) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > 64 || lb > 64 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb uint64
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb-1, i+window)
		for j := lo; j <= hi; j++ {
			if mb&(1<<j) == 0 && a[i] == b[j] {
				ma |= 1 << i
				mb |= 1 << j
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans := 0
	j := 0
	for i := 0; i < la; i++ {
		if ma&(1<<i) == 0 {
			continue
		}
		for mb&(1<<j) == 0 {
			j++
		}
		if a[i] != b[j] {
			trans++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	p := 0
	for p < 4 && p < la && p < lb && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// genderPair reports whether two given names are the masculine and
// feminine forms of one name in Romance and Slavic usage: -o/-a
// (Julio/Julia), +a or +ia (Martin/Martina), +le/+lle (Daniel/Danielle),
// +ne (Jean/Jeanne). A bare +e is left out: it is more often a typo
// (Scholz/Scholze) than a feminine form.
func genderPair(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 3 {
		return false
	}
	if len(a) == len(b) {
		x, y := a[len(a)-1], b[len(b)-1]
		return a[:len(a)-1] == b[:len(b)-1] && ((x == 'o' && y == 'a') || (x == 'a' && y == 'o'))
	}
	if !strings.HasPrefix(b, a) {
		return false
	}
	switch b[len(a):] {
	case "a", "ia", "le", "lle", "ne":
		return true
	}
	return false
}
