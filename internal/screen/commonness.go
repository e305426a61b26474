package screen

import "math"

// How common a listed person's name is among people, in bits: −log2 of
// the share of people who bear it. A name hit says little about identity
// when thousands of people share the name (ZHANG, Wei; KIM, Chol). Unless
// the birth date or the nationality confirms it, a partial match of such
// a name, or one that a field contradicts, is lowered; an exact full-name
// match is not (commonness alone refutes nothing) but is reported at a
// lower severity (adjust, Hit.CommonName).
//
// A Chinese, Korean or Vietnamese name is its surname (the population
// share of the surname: surnameBits) plus its given-name syllables, each
// counted from how often the lists' own names of these traditions use the
// syllable in given names, between syllableMinBits and syllableMaxBits.
// Any other name is the sum of its words' rarity among the lists' names
// (the term weights, which the population prior of common.go caps for the
// most frequent names), in bits.
const (
	// A given-name syllable carries 4 to 6 bits: a romanized syllable is
	// one of about 400, and a few dozen of them make most given names.
	syllableMinBits = 4
	syllableMaxBits = 6
	// foreignGivenMaxBits caps a given name of another tradition in a
	// Chinese name ("Eric Zhang"): the English names that Chinese speakers
	// take concentrate on a few hundred common ones (one in 250 or more).
	foreignGivenMaxBits = 8
	// syllableInventory smooths the syllable counts (Mandarin has about
	// 400 toneless syllables; Korean and Vietnamese romanizations a few
	// hundred in names).
	syllableInventory = 500

	// commonBitsLow and commonBitsHigh: a name of commonBitsLow bits or
	// fewer (one person in a thousand or more shares it) loses the most;
	// from commonBitsHigh bits (one in 65,000) nothing. The most is
	// commonnessMaxEastAsian for Chinese, Korean and Vietnamese names,
	// whose model rests on population shares of surnames and on the small
	// syllable inventory, and commonnessMax for other names, whose model
	// is the lists' own word frequencies under a coarse population prior
	// (and whose common full names — Mohammed Omar — the lists' positives
	// still require to be found on the name alone).
	commonBitsLow  = 10
	commonBitsHigh = 16
	commonnessMax  = 0.10
	// For East Asian names the ramp runs from 12 bits (a surname of the
	// first ten and one given syllable: one person in 4,000 of a
	// population of hundreds of millions) to 17 (one in 130,000).
	eastAsianBitsLow       = 12
	eastAsianBitsHigh      = 17
	commonnessMaxEastAsian = 0.25
)

// han reports whether the name was written in Han characters.
func (n *normName) han() bool {
	for _, t := range n.tokens {
		if t.han != 0 {
			return true
		}
	}
	return false
}

// givenSyllables returns the given-name syllables of an East Asian name in
// its first reading: after the comma, or all but the first token (Han
// order, or a surname first), or all but the last.
func givenSyllables(toks []normToken, tr tradition, hanOrder bool) []string {
	var out []string
	family := false
	for _, t := range toks {
		family = family || t.family
	}
	for i, t := range toks {
		if t.kind != kindWord {
			continue
		}
		switch {
		case family && t.family:
			continue
		case !family && (hanOrder || firstIsSurname(toks, tr)) && i == 0:
			continue
		case !family && !(hanOrder || firstIsSurname(toks, tr)) && i == len(toks)-1:
			continue
		}
		out = append(out, t.text)
	}
	return out
}

func firstIsSurname(toks []normToken, tr tradition) bool {
	if len(toks) == 0 {
		return false
	}
	switch tr {
	case tradKorean:
		_, ok := koreanSurnames[toks[0].text]
		return ok
	case tradVietnamese:
		_, ok := vietnameseSurnames[toks[0].text]
		return ok
	}
	return true
}

// syllableBits is the information of a given-name syllable: −log2 of its
// smoothed share among the given-name syllables of the lists' East Asian
// names, kept within [syllableMinBits, syllableMaxBits].
func (ix *Index) syllableBits(text string) float64 {
	p := (float64(ix.syllables[text]) + 0.5) / (float64(ix.syllableTotal) + 0.5*syllableInventory)
	return min(max(-math.Log2(p), syllableMinBits), syllableMaxBits)
}

// tokenBits is a word's rarity among the lists' names, in bits.
func (ix *Index) tokenBits(text string) float64 {
	return ix.weight(text) * ix.logN / math.Ln2
}

// nameBits is how rare a person's name is, in bits (see above).
func (ix *Index) nameBits(n *sname) float64 {
	if n.trad == tradNone {
		bits := 0.0
		for i := range n.toks {
			if t := &n.toks[i]; t.kind == kindWord {
				bits += ix.tokenBits(t.text)
			}
		}
		return bits
	}
	// The surname: the tokens before the comma, the first of a Han name,
	// else whichever end makes the name the more common.
	reading := func(isSur func(i int) bool) float64 {
		bits := 0.0
		for i := range n.toks {
			t := &n.toks[i]
			switch {
			case t.kind != kindWord:
			case isSur(i):
				bits += surnameBits(ix.tb, n.trad, t, n.sys)
			case t.sinitic || n.trad != tradChinese:
				bits += ix.syllableBits(t.text)
			default:
				bits += min(ix.tokenBits(t.text), foreignGivenMaxBits)
			}
		}
		return bits
	}
	family, given := false, 0
	for _, t := range n.toks {
		family = family || t.family
		if !t.family && t.kind == kindWord {
			given++
		}
	}
	switch {
	case family && given == 1 && n.trad == tradChinese:
		// "WEI, Zhang" may be Zhang Wei written the other way round (the
		// matcher reads it both ways too).
		return min(reading(func(i int) bool { return n.toks[i].family }), reading(func(i int) bool { return !n.toks[i].family }))
	case family:
		return reading(func(i int) bool { return n.toks[i].family })
	case n.hanOrder:
		return reading(func(i int) bool { return i == 0 })
	}
	last := len(n.toks) - 1
	return min(reading(func(i int) bool { return i == 0 }), reading(func(i int) bool { return i == last }))
}

// commonness is the part of a name score that a partial or contradicted
// match on a name of bits bits loses when nothing confirms the hit: the
// most at commonBitsLow bits or fewer, nothing from commonBitsHigh bits up,
// linear between.
func commonness(bits float64, eastAsian bool) float64 {
	if eastAsian {
		f := (eastAsianBitsHigh - bits) / (eastAsianBitsHigh - eastAsianBitsLow)
		return commonnessMaxEastAsian * min(max(f, 0), 1)
	}
	f := (commonBitsHigh - bits) / (commonBitsHigh - commonBitsLow)
	return commonnessMax * min(max(f, 0), 1)
}

// personLikeness is how much the words of a name are used in persons'
// names on the lists rather than in organisations' or vessels' (0–1, ½
// for words the lists do not use): the type of a query that does not say
// its type. A name with the structure of a Chinese, Korean or Vietnamese
// personal name (a surname and given-name syllables) counts as 0.9.
func (ix *Index) personLikeness(n *sname) float64 {
	if n.trad != tradNone {
		return 0.9
	}
	sum, k := 0.0, 0
	for _, t := range n.toks {
		switch t.kind {
		case kindLegal, kindNumber:
			return 0
		case kindWord:
			sum += (float64(ix.dfPerson[t.text]) + 1) / (float64(ix.df[t.text]) + 2)
			k++
		}
	}
	if k == 0 {
		return 0.5
	}
	return sum / float64(k)
}

// hasLegalForm reports whether a name carries a legal form (Ltd, S.A.,
// LLC …).
func (n *sname) hasLegalForm() bool {
	for _, t := range n.toks {
		if t.kind == kindLegal {
			return true
		}
	}
	return false
}
