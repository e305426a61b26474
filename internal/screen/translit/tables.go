package translit

import (
	"bufio"
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mozillazg/go-pinyin"
)

//go:embed unihan.txt
var unihanTable string

// Via says through which romanization a Latin spelling stands for a
// Mandarin syllable.
type Via uint8

// Romanizations, as bits.
const (
	ViaPinyin Via = 1 << iota
	ViaWadeGiles
	ViaCantonese
)

// String names the romanizations in v, joined by "+".
func (v Via) String() string {
	var parts []string
	if v&ViaPinyin != 0 {
		parts = append(parts, "pinyin")
	}
	if v&ViaWadeGiles != 0 {
		parts = append(parts, "Wade-Giles")
	}
	if v&ViaCantonese != 0 {
		parts = append(parts, "Cantonese")
	}
	return strings.Join(parts, "+")
}

// Reading is one Mandarin syllable a Latin spelling may stand for.
type Reading struct {
	Syllable uint16 // index into the pinyin inventory
	Via      Via
}

type hanEntry struct {
	cantonese  []string
	simplified rune
	freq       uint8
}

// Tables are the transliteration tables, built once and read-only after.
type Tables struct {
	han       map[rune]hanEntry
	telegraph map[string]rune
	pinyin    []string          // syllable inventory, sorted
	pinyinID  map[string]uint16 // syllable → index
	readings  map[string][]Reading
	surnames  map[uint16]bool
	// surnameRank is the rank of a common surname syllable (1 = most
	// frequent) in commonSurnames.
	surnameRank map[uint16]int
}

// Default returns the tables, building them on first use (about 20 ms).
var Default = sync.OnceValue(build)

// cantoneseMaxFreq limits the characters whose Cantonese readings define
// the Cantonese ↔ pinyin correspondences to Unihan frequency ranks 1–4
// (the common characters, about 4,000): rarer characters add only
// ambiguity.
const cantoneseMaxFreq = 4

func build() *Tables {
	t := &Tables{
		han:       make(map[rune]hanEntry, 12500),
		telegraph: make(map[string]rune, 9000),
		pinyinID:  map[string]uint16{},
		readings:  map[string][]Reading{},
		surnames:  map[uint16]bool{},

		surnameRank: map[uint16]int{},
	}
	sc := bufio.NewScanner(strings.NewReader(unihanTable))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			continue
		}
		r := []rune(f[0])[0]
		e := hanEntry{}
		if f[1] != "" {
			e.cantonese = strings.Split(f[1], ",")
		}
		if f[3] != "" {
			e.simplified = []rune(f[3])[0]
		}
		n, _ := strconv.Atoi(f[4])
		e.freq = uint8(n)
		t.han[r] = e
		if f[2] != "" {
			if _, dup := t.telegraph[f[2]]; !dup {
				t.telegraph[f[2]] = r
			}
		}
	}
	// The pinyin inventory: every toneless reading in go-pinyin's dictionary.
	set := map[string]bool{}
	for _, v := range pinyin.PinyinDict {
		for _, p := range strings.Split(v, ",") {
			if s := stripTones(p); s != "" && isASCIILetters(s) {
				set[s] = true
			}
		}
	}
	for s := range set {
		if !standardSyllable(s) {
			delete(set, s)
		}
	}
	for _, s := range surnameReadings {
		set[s] = true
	}
	for s := range set {
		t.pinyin = append(t.pinyin, s)
	}
	sort.Strings(t.pinyin)
	for i, s := range t.pinyin {
		t.pinyinID[s] = uint16(i)
	}
	for i, s := range t.pinyin {
		id := uint16(i)
		if strings.Contains(s, " ") || len(s) > 6 {
			continue // compound surname readings are not syllables
		}
		for _, sp := range pinyinSpellings(s) {
			t.add(sp, id, ViaPinyin)
		}
		for _, sp := range wadeGiles(s) {
			t.add(sp, id, ViaWadeGiles)
		}
	}
	for r, e := range t.han {
		if e.freq > cantoneseMaxFreq || len(e.cantonese) == 0 {
			continue
		}
		var mand []string
		if p := t.charPinyin(r, false); p != "" {
			mand = append(mand, p)
		}
		if p := t.charPinyin(r, true); p != "" && (len(mand) == 0 || p != mand[0]) {
			mand = append(mand, p)
		}
		// The first Jyutping reading is the character's main one; later
		// ones are literary or colloquial variants that add ambiguity.
		for _, j := range e.cantonese[:1] {
			for _, sp := range hkSpellings(j) {
				for _, m := range mand {
					if id, ok := t.pinyinID[m]; ok {
						t.add(sp, id, ViaCantonese)
					}
				}
			}
		}
	}
	for i, s := range commonSurnames {
		if id, ok := t.pinyinID[s]; ok {
			t.surnames[id] = true
			if _, dup := t.surnameRank[id]; !dup {
				t.surnameRank[id] = i + 1
			}
		}
	}
	return t
}

// standardSyllable reports whether a reading of go-pinyin's dictionary is
// a syllable of Hanyu Pinyin as names use it. Left out: the syllabic
// nasals of interjections (呣 m, 嗯 n/ng, 噷 hm, 哼 hng), which no name
// uses and which would make the Cantonese surname Ng (吳, 伍) and the
// initials M and N read as pinyin; and spellings against the Scheme for
// the Chinese Phonetic Alphabet (1958; GB/T 16159-2012), where the final
// -ong follows only d t n l g k h zh ch sh r z c s and y (without an
// initial it is written weng): the dialect readings "wong" and "bong"
// would make the Cantonese Wong (王, 黃) a pinyin syllable.
func standardSyllable(s string) bool {
	switch s {
	case "m", "n", "ng", "hm", "hng":
		return false
	}
	if ini, ok := strings.CutSuffix(s, "ong"); ok && !strings.HasSuffix(s, "iong") {
		switch ini {
		case "d", "t", "n", "l", "g", "k", "h", "zh", "ch", "sh", "r", "z", "c", "s", "y":
		default:
			return false
		}
	}
	return true
}

// pinyinSpellings returns how a pinyin syllable is written in Latin-only
// text: as is, with ü ("v") written u, v or yu.
func pinyinSpellings(s string) []string {
	if !strings.Contains(s, "v") {
		return []string{s}
	}
	return []string{s, strings.ReplaceAll(s, "v", "u"), strings.ReplaceAll(s, "v", "yu")}
}

func (t *Tables) add(spelling string, id uint16, via Via) {
	rs := t.readings[spelling]
	for i := range rs {
		if rs[i].Syllable == id {
			rs[i].Via |= via
			return
		}
	}
	t.readings[spelling] = append(rs, Reading{Syllable: id, Via: via})
}

var toneFold = strings.NewReplacer(
	"ā", "a", "á", "a", "ǎ", "a", "à", "a",
	"ē", "e", "é", "e", "ě", "e", "è", "e", "ê", "e", "ế", "e", "ề", "e",
	"ī", "i", "í", "i", "ǐ", "i", "ì", "i",
	"ō", "o", "ó", "o", "ǒ", "o", "ò", "o",
	"ū", "u", "ú", "u", "ǔ", "u", "ù", "u",
	"ǖ", "v", "ǘ", "v", "ǚ", "v", "ǜ", "v", "ü", "v",
	"ń", "n", "ň", "n", "ǹ", "n", "ḿ", "m", "m̀", "m",
)

func stripTones(p string) string { return toneFold.Replace(strings.TrimSpace(p)) }

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// Simplify folds a traditional character to its simplified form (Unihan
// kSimplifiedVariant); other runes are returned unchanged.
func (t *Tables) Simplify(r rune) rune {
	if e, ok := t.han[r]; ok && e.simplified != 0 {
		return e.simplified
	}
	return r
}

// FromTelegraph returns the character of a four-digit Chinese Commercial
// (telegraph) Code, as OFAC prints them in its remarks.
func (t *Tables) FromTelegraph(code string) (rune, bool) {
	r, ok := t.telegraph[code]
	return r, ok
}

// charPinyin returns the toneless pinyin of a Han character: its surname
// reading when surname is true and it has one, else go-pinyin's first
// reading. "" when unknown.
func (t *Tables) charPinyin(r rune, surname bool) string {
	s := t.Simplify(r)
	if surname {
		if p, ok := surnameReadings[string(s)]; ok {
			return p
		}
	}
	v, ok := pinyin.PinyinDict[int(s)]
	if !ok {
		v, ok = pinyin.PinyinDict[int(r)]
	}
	if !ok {
		return ""
	}
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i]
	}
	return stripTones(v)
}

// mandarin returns the toneless pinyin readings of a character.
func (t *Tables) mandarin(c rune) []string {
	v, ok := pinyin.PinyinDict[int(c)]
	if !ok {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		out = append(out, stripTones(p))
	}
	return out
}

// hanLegalSuffixes are company-name endings written in Chinese, longest
// first, with the English tokens they stand for (low-weight legal-form and
// business-line tokens in the matcher). Simplified forms; traditional
// input is folded first.
var hanLegalSuffixes = []struct{ han, latin string }{
	{"股份有限公司", "co ltd"},
	{"有限责任公司", "llc"},
	{"贸易有限公司", "trading co ltd"},
	{"有限公司", "co ltd"},
	{"集团公司", "group co"},
	{"公司", "co"},
	{"集团", "group"},
	{"贸易", "trading"},
	{"控股", "holdings"},
	{"国际", "international"},
	{"实业", "industrial"},
	{"科技", "technology"},
	{"投资", "investment"},
}

// HanToken is one token of a transliterated Han run: the pinyin of one
// character (Char set), of a compound surname, or an English legal-form
// word (Char 0).
type HanToken struct {
	Text string
	Char rune // the (simplified) character, 0 when the token is not one character
}

// CharSpellings returns every Latin spelling of a Han character: its
// pinyin readings (and surname reading), their Wade–Giles forms, and the
// Hong Kong romanisations of its Cantonese readings.
func (t *Tables) CharSpellings(r rune) []string {
	s := t.Simplify(r)
	var out []string
	add := func(x string) {
		for _, y := range out {
			if y == x {
				return
			}
		}
		out = append(out, x)
	}
	var mand []string
	if p, ok := surnameReadings[string(s)]; ok {
		mand = append(mand, p)
	}
	for _, c := range []rune{s, r} {
		mand = append(mand, t.mandarin(c)...)
	}
	for _, m := range mand {
		for _, sp := range pinyinSpellings(m) {
			add(sp)
		}
		for _, sp := range wadeGiles(m) {
			add(sp)
		}
	}
	for _, c := range []rune{s, r} {
		for _, j := range t.han[c].cantonese {
			for _, sp := range hkSpellings(j) {
				add(sp)
			}
		}
	}
	return out
}

// HanTokens is Han with the character of each token.
func (t *Tables) HanTokens(run string, person bool) []HanToken {
	rs := []rune(run)
	for i, r := range rs {
		rs[i] = t.Simplify(r)
	}
	var tail []string
	if !person {
		for changed := true; changed; {
			changed = false
			s := string(rs)
			for _, suf := range hanLegalSuffixes {
				if strings.HasSuffix(s, suf.han) && len(s) > len(suf.han) {
					rs = []rune(strings.TrimSuffix(s, suf.han))
					tail = append(strings.Fields(suf.latin), tail...)
					changed = true
					break
				}
			}
		}
	}
	var out []HanToken
	i := 0
	if person && len(rs) >= 3 {
		if p, ok := surnameReadings[string(rs[:2])]; ok {
			out = append(out, HanToken{Text: p})
			i = 2
		}
	}
	for ; i < len(rs); i++ {
		if p := t.charPinyin(rs[i], person && i == 0); p != "" {
			out = append(out, HanToken{Text: p, Char: rs[i]})
		}
	}
	for _, w := range tail {
		out = append(out, HanToken{Text: w})
	}
	return out
}

// Han transliterates a run of Han characters to pinyin syllables, one
// token a character. When person is true the run is read as a Chinese
// personal name: its first character (or a two-character compound
// surname) takes its surname reading (单 → shan, 曾 → zeng). Company
// endings (有限公司, 贸易, 集团 …) become English tokens ("co ltd",
// "trading", "group").
func (t *Tables) Han(run string, person bool) []string {
	var out []string
	for _, h := range t.HanTokens(run, person) {
		out = append(out, h.Text)
	}
	return out
}

// Readings returns the Mandarin syllables a Latin token may stand for in
// pinyin, Wade–Giles or Hong Kong Cantonese romanization; nil when it is
// none of them.
func (t *Tables) Readings(tok string) []Reading { return t.readings[tok] }

// Syllable returns the pinyin of a syllable index.
func (t *Tables) Syllable(id uint16) string { return t.pinyin[id] }

// IsSurname reports whether a Latin token may be a common Chinese surname
// in any of the romanizations.
func (t *Tables) IsSurname(tok string) bool {
	for _, r := range t.readings[tok] {
		if t.surnames[r.Syllable] {
			return true
		}
	}
	return false
}

// Equivalent reports whether two Latin tokens may spell the same Mandarin
// syllable, and how: the syllable and the romanizations of each side.
func (t *Tables) Equivalent(a, b string) (syllable string, viaA, viaB Via, ok bool) {
	ra, rb := t.readings[a], t.readings[b]
	best := -1
	for _, x := range ra {
		for _, y := range rb {
			if x.Syllable != y.Syllable {
				continue
			}
			// Two Cantonese spellings that share a Mandarin reading are
			// usually different characters: require one side to spell the
			// syllable in pinyin or Wade–Giles.
			if (x.Via|y.Via)&^ViaCantonese == 0 || (x.Via == ViaCantonese && y.Via == ViaCantonese) {
				continue
			}
			rank := 0
			if x.Via&ViaPinyin != 0 {
				rank++
			}
			if y.Via&ViaPinyin != 0 {
				rank++
			}
			if rank > best {
				best, syllable, viaA, viaB = rank, t.pinyin[x.Syllable], x.Via, y.Via
			}
		}
	}
	return syllable, viaA, viaB, best >= 0
}

// Split splits a fused romanized given name into two syllables of any of
// the romanizations ("jinping" → jin ping, "kashing" → ka shing,
// "chinping" → chin ping). ok is false when the token is itself a
// syllable or does not split into exactly two.
func (t *Tables) Split(tok string) (string, string, bool) {
	if len(tok) < 4 || t.readings[tok] != nil {
		return "", "", false
	}
	// Prefer the longest first syllable that leaves a valid second one;
	// both must have a vowel ("jong" is not jo + ng).
	for i := len(tok) - 2; i >= 2; i-- {
		a, b := tok[:i], tok[i:]
		if t.readings[a] != nil && t.readings[b] != nil && strings.ContainsAny(a, "aeiouy") && strings.ContainsAny(b, "aeiouy") {
			return a, b, true
		}
	}
	return "", "", false
}
