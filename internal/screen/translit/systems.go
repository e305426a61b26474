package translit

import "slices"

// AllSystems is every romanization: a name whose syllables fit none of
// them in common is compared as if it could be written in any.
const AllSystems = ViaPinyin | ViaWadeGiles | ViaCantonese

// Systems returns the romanizations in which tok spells some Mandarin
// syllable (0 when it spells none).
func (t *Tables) Systems(tok string) Via {
	var v Via
	for _, r := range t.readings[tok] {
		v |= r.Via
	}
	return v
}

// EquivalentIn is Equivalent restricted to the romanizations each name is
// written in: a is read only in sysA and b only in sysB. A name is
// written in one system ("Xin Zhou" is pinyin throughout, so its "xin"
// is not read as the Cantonese spelling of another syllable), which
// removes most of the accidental correspondences between Cantonese
// spellings and pinyin syllables.
func (t *Tables) EquivalentIn(a, b string, sysA, sysB Via) (syllable string, viaA, viaB Via, ok bool) {
	best := -1
	for _, x := range t.readings[a] {
		xa := x.Via & sysA
		if xa == 0 {
			continue
		}
		for _, y := range t.readings[b] {
			yb := y.Via & sysB
			if yb == 0 || x.Syllable != y.Syllable {
				continue
			}
			// Two Cantonese spellings that share a Mandarin reading are
			// usually different characters.
			if (xa|yb)&^ViaCantonese == 0 {
				continue
			}
			rank := 0
			if xa&ViaPinyin != 0 {
				rank++
			}
			if yb&ViaPinyin != 0 {
				rank++
			}
			if rank > best {
				best, syllable, viaA, viaB = rank, t.pinyin[x.Syllable], xa, yb
			}
		}
	}
	return syllable, viaA, viaB, best >= 0
}

// CharSpelledIn reports whether tok is a spelling of the Han character r
// in one of the romanizations sys: its main pinyin reading (and surname
// reading) for ViaPinyin, their Wade–Giles forms for ViaWadeGiles, the
// Hong Kong romanisations of its Cantonese readings for ViaCantonese.
func (t *Tables) CharSpelledIn(r rune, tok string, sys Via) bool {
	s := t.Simplify(r)
	var mand []string
	if p, ok := surnameReadings[string(s)]; ok {
		mand = append(mand, p)
	}
	// The main reading only: rarer readings (王 yù) match names by accident.
	for _, c := range []rune{s, r} {
		if m := t.mandarin(c); len(m) > 0 {
			mand = append(mand, m[0])
		}
	}
	for _, m := range mand {
		if sys&ViaPinyin != 0 && slices.Contains(pinyinSpellings(m), tok) {
			return true
		}
		if sys&ViaWadeGiles != 0 && slices.Contains(wadeGiles(m), tok) {
			return true
		}
	}
	if sys&ViaCantonese != 0 {
		for _, c := range []rune{s, r} {
			for _, j := range t.han[c].cantonese {
				if slices.Contains(hkSpellings(j), tok) {
					return true
				}
			}
		}
	}
	return false
}

// SurnameRank returns the rank (1 = most frequent) of the most frequent
// common Chinese surname that tok may spell in the romanizations sys, and
// 0 when it spells none of them. Ranks follow commonSurnames (the Ministry
// of Public Security's 2020 ranking).
func (t *Tables) SurnameRank(tok string, sys Via) int {
	best := 0
	for _, r := range t.readings[tok] {
		if r.Via&sys == 0 {
			continue
		}
		if k, ok := t.surnameRank[r.Syllable]; ok && (best == 0 || k < best) {
			best = k
		}
	}
	return best
}
