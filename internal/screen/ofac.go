package screen

import "strings"

// OFACScore is a compatibility score on the 0–100 scale of OFAC's
// Sanctions List Search tool (SLS), for users who compare Centinela's hits
// with that tool. It is not the calibrated score: SLS scores with
// Jaro–Winkler over the whole name (OFAC, "Sanctions List Search" FAQ: it
// uses "character and string matching" with Jaro–Winkler and Soundex). The
// emulation here was inferred from published SLS scores
// (nomenklatura's ofac_fixtures.csv): each query word is paired with the
// most similar listed word (each listed word used once), the listed words
// are put in the query's order, unpaired listed words dropped, and the two
// strings compared with Jaro–Winkler. Query words of one or two letters
// are ignored, as SLS appears to.
func (ix *Index) OFACScore(query, listed string) float64 {
	q := ofacWords(query)
	l := ofacWords(listed)
	var qs []string
	for _, w := range q {
		if len(w) > 2 {
			qs = append(qs, w)
		}
	}
	if len(qs) == 0 {
		qs = q
	}
	if len(qs) == 0 || len(l) == 0 {
		return 0
	}
	used := make([]bool, len(l))
	aligned := make([]string, 0, len(qs))
	for _, w := range qs {
		best, bj := -1.0, -1
		for j, x := range l {
			if used[j] {
				continue
			}
			if s := jaroWinkler(w, x); s > best {
				best, bj = s, j
			}
		}
		if bj < 0 {
			break
		}
		used[bj] = true
		aligned = append(aligned, l[bj])
	}
	return 100 * jaroWinkler(strings.Join(qs, " "), strings.Join(aligned, " "))
}

// ofacWords lower-cases a name, drops punctuation and splits it into
// words.
func ofacWords(s string) []string {
	return strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		case r == '\'' || r == '.':
			return -1
		}
		return ' '
	}, Normalize(s)))
}
