package screen

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/screen/translit"
)

// ScriptOf returns the ISO 15924 code of the script most letters of s are
// written in, "" for Latin.
func ScriptOf(s string) string {
	sc := model.DetectScript(s)
	if sc == model.ScriptLatin {
		return ""
	}
	return string(sc)
}

// normToken is one token of a normalised name.
type normToken struct {
	text     string
	kind     tokenKind
	patronym bool            // follows "bin"/"bint": a father's name in an Arabic nasab
	script   translit.Script // script the token was written in
	family   bool            // before the comma of "LAST, First"
	maternal bool            // second surname of a compound family name
	paternal bool            // first surname of a compound family name
	han      rune            // the Han character the token was read from, 0 otherwise
}

// normName is a name ready to index or compare.
type normName struct {
	tokens   []normToken
	person   bool   // a person's name, or of unknown type with no legal form
	chinese  bool   // written in Han, or romanized with a Chinese surname: compare syllables across romanizations
	translit string // how the name was transliterated, for explanations; "" for Latin
	// trad is the naming tradition when the name has the structure of a
	// Chinese, Korean or Vietnamese personal name (surname and syllables).
	trad tradition
}

// latinFold maps letters that have no decomposition to their usual
// ASCII spelling.
var latinFold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŀ': "l", 'ĸ': "k", 'ŋ': "ng", 'ſ': "s",
}

// Normalize returns the normalised text of a name: NFKC, lower case,
// accents removed, other scripts transliterated, punctuation removed,
// legal forms and particles in their canonical spelling, tokens joined by
// single spaces. It is what the matcher compares.
func Normalize(full string) string {
	n := normalizeName(translit.Default(), full, "")
	parts := make([]string, len(n.tokens))
	for i, t := range n.tokens {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}

// normalizeName normalises one name of an entity or query of type typ
// ("" when unknown).
func normalizeName(tb *translit.Tables, full string, typ EntityType) normName {
	var out normName
	if !isASCII(full) {
		full = norm.NFKC.String(strings.ToValidUTF8(full, " "))
	}
	// "LAST, First": a single comma in a person's (or unknown) name whose
	// second part is not a legal form.
	familyEnd := -1
	if typ == TypePerson || typ == "" {
		if i := strings.IndexByte(full, ','); i > 0 && strings.Count(full, ",") == 1 {
			after := strings.Fields(strings.ToLower(strings.ReplaceAll(full[i+1:], ".", "")))
			legal := false
			for _, w := range after {
				if _, ok := legalForms[w]; ok {
					legal = true
				}
			}
			if len(after) > 0 && len(after) <= 5 && !legal {
				familyEnd = i
			}
		}
	}

	var b strings.Builder
	b.Grow(len(full) + 8)
	// scripts[i] is the script of the i-th token written so far.
	var scripts []translit.Script
	var familyTokens int
	cur := translit.Latin
	inToken := false
	sawHan := false
	var scriptsUsed [translit.Other + 1]bool
	type hanAt struct {
		token int
		char  rune
	}
	var hanChars []hanAt
	rs := []rune(full)
	// "Agustin FLORES", "FEI Yiren": in a name written in mixed case, the
	// words in capitals are the family name (the convention of lists and
	// passports), unless a comma says it.
	capsAt := capitalWords(rs, familyEnd < 0)
	var caps []bool
	pos := 0
	newToken := func(sc translit.Script) {
		if !inToken {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			scripts = append(scripts, sc)
			caps = append(caps, capsAt != nil && capsAt[pos])
			inToken = true
			cur = sc
		}
	}
	endToken := func() { inToken = false }
	commaAt := -1
	if familyEnd >= 0 {
		commaAt = utf8.RuneCountInString(full[:familyEnd])
	}
	for i := 0; i < len(rs); i++ {
		pos = i
		if i == commaAt {
			endToken()
			familyTokens = len(scripts)
		}
		r := unicode.ToLower(rs[i])
		switch {
		case r < utf8.RuneSelf:
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				if inToken && cur != translit.Latin {
					endToken()
				}
				newToken(translit.Latin)
				b.WriteRune(r)
			case r == '\'' || r == '`' || r == '.':
				// O'Brien → obrien, S.A. → sa, Qa'ida → qaida
			case r == '&':
				endToken()
				newToken(translit.Latin)
				b.WriteString("and")
				endToken()
			default:
				endToken()
			}
		case unicode.Is(unicode.Han, r):
			j := i
			for j < len(rs) && unicode.Is(unicode.Han, rs[j]) {
				j++
			}
			run := string(rs[i:j])
			person := typ == TypePerson || (typ == "" && j-i <= 4)
			endToken()
			for _, p := range tb.HanTokens(run, person) {
				newToken(translit.Han)
				b.WriteString(p.Text)
				hanChars = append(hanChars, hanAt{len(scripts) - 1, p.Char})
				endToken()
			}
			sawHan = true
			scriptsUsed[translit.Han] = true
			i = j - 1
		case r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == 'ʻ' || r == 'ʿ' || r == 'ʾ':
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.IsDigit(r):
			if s, ok := latinFold[r]; ok {
				if inToken && cur != translit.Latin {
					endToken()
				}
				newToken(translit.Latin)
				b.WriteString(s)
				continue
			}
			if lat, sc, ok := translit.Rune(r); ok {
				if inToken && cur != sc {
					endToken()
				}
				// Arabic names are written with the article joined: ال → "al" token.
				if sc == translit.Arabic && r == 'ا' && !inToken && i+1 < len(rs) && rs[i+1] == 'ل' && i+2 < len(rs) && unicode.IsLetter(rs[i+2]) {
					newToken(sc)
					b.WriteString("al")
					endToken()
					i++
					scriptsUsed[sc] = true
					continue
				}
				newToken(sc)
				b.WriteString(lat)
				scriptsUsed[sc] = true
				continue
			}
			// Latin letters with accents: decompose and keep the base. A letter
			// with no ASCII base (ʒ, Thai, Devanagari …) is kept as it is,
			// in a token of its script.
			for _, x := range norm.NFD.String(string(r)) {
				switch {
				case unicode.Is(unicode.Mn, x):
				case x < utf8.RuneSelf && (unicode.IsLetter(x) || unicode.IsDigit(x)):
					if inToken && cur != translit.Latin {
						endToken()
					}
					newToken(translit.Latin)
					b.WriteRune(unicode.ToLower(x))
				case latinFold[unicode.ToLower(x)] != "":
					if inToken && cur != translit.Latin {
						endToken()
					}
					newToken(translit.Latin)
					b.WriteString(latinFold[unicode.ToLower(x)])
				case unicode.IsLetter(x) || unicode.IsDigit(x):
					if lat, sc, ok := translit.Rune(unicode.ToLower(x)); ok {
						// An accented letter of a script with a table (ά → α).
						if inToken && cur != sc {
							endToken()
						}
						newToken(sc)
						b.WriteString(lat)
						scriptsUsed[sc] = true
						continue
					}
					sc := translit.Other
					if x < 0x370 {
						sc = translit.Latin
					}
					if inToken && cur != sc {
						endToken()
					}
					newToken(sc)
					b.WriteRune(unicode.ToLower(x))
				}
			}
		default:
			endToken()
		}
	}
	words := strings.Fields(b.String())
	if len(words) != len(scripts) {
		// Cannot happen: every token start recorded its script. Keep going safely.
		scripts = make([]translit.Script, len(words))
	}
	toks := make([]normToken, 0, len(words))
	for i, w := range words {
		toks = append(toks, normToken{text: unLeet(w), script: scripts[i], family: i < familyTokens || (i < len(caps) && caps[i])})
	}
	for _, h := range hanChars {
		if h.token < len(toks) {
			toks[h.token].han = h.char
		}
	}
	if typ != TypePerson {
		toks = numbersToDigits(toks)
	}
	toks = canonicalize(toks, typ)
	for i := 1; i < len(toks); i++ {
		if toks[i-1].kind == kindParticle && (toks[i-1].text == "bin" || toks[i-1].text == "bint") && toks[i].kind == kindWord {
			toks[i].patronym = true
		}
	}
	out.tokens = toks
	out.person = typ == TypePerson
	if typ == "" {
		out.person = true
		for _, t := range toks {
			if t.kind == kindLegal || t.kind == kindNumber {
				out.person = false
			}
		}
	}

	// Korean and Vietnamese names: a surname of the tradition at either end
	// and syllables of its romanization. "Van", "Le", "Do" are then name
	// syllables, not particles.
	if out.person && !sawHan {
		out.trad = detectTradition(tb, toks, false)
		if out.trad == tradVietnamese {
			for i := range toks {
				if toks[i].kind == kindParticle {
					toks[i].kind = kindWord
				}
			}
		}
	}
	// Chinese names: Han script, or a romanized person name with a common
	// Chinese surname and no particles or honorifics of other traditions.
	out.chinese = sawHan
	if !sawHan && out.trad == tradNone && typ != TypeOrganization && typ != TypeVessel && len(toks) >= 2 && len(toks) <= 4 {
		surname, foreign, other := false, false, 0
		for i, t := range toks {
			switch {
			case t.kind == kindParticle && (i == 0 || i == len(toks)-1 || t.family) && tb.IsSurname(t.text):
				// 杜 Du, not the French "du".
				surname = true
			case t.kind == kindParticle || t.kind == kindLegal || t.kind == kindNumber:
				foreign = true
			case tb.IsSurname(t.text):
				surname = true
			case !isSyllable(tb, t.text):
				other++
			}
		}
		// One word of another tradition is a Western given name ("Eric
		// Zhang"); more make another name ("Jason Antonio Yang Lopez").
		out.chinese = !foreign && other <= 1 && (surname || allSyllables(tb, toks))
	}
	if out.person && !sawHan && !out.chinese && out.trad == tradNone {
		out.trad = detectKorean(toks)
	}
	if out.chinese {
		for i := range toks {
			if toks[i].kind == kindParticle {
				toks[i].kind = kindWord
			}
		}
		out.tokens = splitFused(tb, out.tokens)
		if out.person || sawHan {
			out.trad = tradChinese
		}
	}
	var used []string
	for sc, ok := range scriptsUsed {
		if ok {
			used = append(used, translit.Script(sc).String())
		}
	}
	if len(used) > 0 {
		out.translit = strings.Join(used, "+") + "→Latn"
		if sawHan {
			out.translit += " (pinyin, surname readings)"
		}
	}
	markMaternal(out.tokens)
	return out
}

// canonicalize classifies tokens and folds legal forms and particles to
// their canonical spelling; multi-word legal forms become one token.
func canonicalize(toks []normToken, typ EntityType) []normToken {
	// Titles belong to persons: "Prince Group", "General Motors" are
	// companies.
	titles := typ == TypePerson
	if typ == "" {
		titles = true
		for _, t := range toks {
			if _, ok := legalForms[t.text]; ok {
				titles = false
			}
		}
	}
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		matched := false
		for _, p := range legalPhrases {
			if i+len(p.words) > len(toks) || len(toks) == len(p.words) || typ == TypePerson {
				continue
			}
			ok := true
			for k, w := range p.words {
				if toks[i+k].text != w {
					ok = false
					break
				}
			}
			if ok {
				t := toks[i]
				t.text, t.kind = p.canon, kindLegal
				out = append(out, t)
				i += len(p.words) - 1
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		t := toks[i]
		// A title stands before the name (or before the given names of
		// "LAST, Title First"), not at its end: "Emma Hon" has no title.
		titleAt := i+1 < len(toks) && (i == 0 || (toks[i-1].family && !t.family) ||
			(len(out) > 0 && out[len(out)-1].kind == kindHonorific))
		switch {
		case hasDigit(t.text):
			t.kind = kindNumber
		case titles && titleAt && honorifics[t.text] && len(toks) > 1:
			t.kind = kindHonorific
		default:
			if c, ok := particles[t.text]; ok && len(toks) > 1 {
				t.text, t.kind = c, kindParticle
			} else if c, ok := legalForm(t.text); ok && len(toks) > 1 && typ != TypePerson && (i > 0 || typ != "") {
				t.text, t.kind = c, kindLegal
			}
		}
		out = append(out, t)
	}
	// "open", "closed" and "public" qualify a joint-stock company.
	jsc := false
	for _, t := range out {
		jsc = jsc || (t.kind == kindLegal && (t.text == "joint" || t.text == "stock" || t.text == "jsc"))
	}
	if jsc {
		for i := range out {
			if t := &out[i]; t.kind == kindWord && (t.text == "open" || t.text == "closed" || t.text == "public") {
				t.kind = kindLegal
			}
		}
	}
	return out
}

// splitFused splits fused romanized given names of a Chinese name into
// their syllables: "Jinping" → jin ping, "Kashing" → ka shing.
func splitFused(tb *translit.Tables, toks []normToken) []normToken {
	var out []normToken
	for _, t := range toks {
		if t.kind == kindWord && t.script == translit.Latin {
			if a, c, ok := tb.Split(t.text); ok && !reserved(a) && !reserved(c) {
				x, y := t, t
				x.text, y.text = a, c
				out = append(out, x, y)
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// markMaternal marks the second surname of a compound family name written
// "PATERNAL MATERNAL, Given": a query without it still matches, at a
// smaller cost than a missing given name.
func markMaternal(toks []normToken) {
	var fam []int
	for i, t := range toks {
		if t.family && t.kind == kindWord {
			fam = append(fam, i)
		}
	}
	if len(fam) >= 2 {
		toks[fam[len(fam)-1]].maternal = true
		toks[fam[0]].paternal = true
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// legalForm returns the canonical legal form of a token, also when it is
// misspelled: a long legal-form word (limited, company, liability, …)
// within one edit, or two edits from 8 letters up.
func legalForm(tok string) (string, bool) {
	if c, ok := legalForms[tok]; ok {
		return c, true
	}
	if len(tok) < 4 {
		return "", false
	}
	for _, w := range longLegalWords {
		limit := 1
		if len(w) >= 8 {
			limit = 2
		}
		if len(tok) == 4 && len(w) != 5 {
			continue
		}
		if tok[0] != w[0] && tok[1] != w[1] {
			continue // a typo rarely hits both first letters
		}
		if abs(len(w)-len(tok)) <= limit && osaDistance(tok, w, limit) <= limit {
			return legalForms[w], true
		}
	}
	return "", false
}

// leet maps digits written for look-alike letters ("Ig0r Sech1n").
var leet = map[byte]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g'}

// unLeet replaces digits standing between two letters by the letters they
// look like; other tokens are returned unchanged.
func unLeet(w string) string {
	var b []byte
	for i := 1; i+1 < len(w); i++ {
		c := w[i]
		if c < '0' || c > '9' || !isLower(w[i-1]) || !isLower(w[i+1]) {
			continue
		}
		if l, ok := leet[c]; ok {
			if b == nil {
				b = []byte(w)
			}
			b[i] = l
		}
	}
	if b == nil {
		return w
	}
	return string(b)
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// numbersToDigits writes number words and ordinals as digits: "forty
// four" → 44, "first" → 1, "1st" → 1.
func numbersToDigits(toks []normToken) []normToken {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if n, ok := numberWords[t.text]; ok {
			if n >= 20 && n%10 == 0 && i+1 < len(toks) {
				next := toks[i+1].text
				if m, ok := numberWords[next]; ok && m < 10 && m > 0 {
					n += m
					i++
				} else if len(next) == 1 && next[0] >= '1' && next[0] <= '9' {
					n += int(next[0] - '0') // "forty 4"
					i++
				}
			}
			t.text = itoa(n)
		} else if d := ordinalDigits(t.text); d != "" {
			t.text = d
		}
		out = append(out, t)
	}
	return out
}

// ordinalDigits returns "1" for "1st", "22" for "22nd"; "" otherwise.
func ordinalDigits(w string) string {
	if len(w) < 3 {
		return ""
	}
	suf := w[len(w)-2:]
	if suf != "st" && suf != "nd" && suf != "rd" && suf != "th" {
		return ""
	}
	d := w[:len(w)-2]
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return ""
		}
	}
	return d
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [8]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// allSyllables reports whether every token is a Chinese syllable of two
// letters or more in some romanization, or two of them fused ("Xi
// Jinping").
func allSyllables(tb *translit.Tables, toks []normToken) bool {
	for _, t := range toks {
		if len(t.text) < 2 {
			return false
		}
		if tb.Readings(t.text) != nil {
			continue
		}
		if _, _, ok := tb.Split(t.text); !ok {
			return false
		}
	}
	return true
}

// capitalWords marks the runes of the words written in capitals (two
// letters or more) of a name that also has words in lower case; nil when
// the name is not written so (or when use is false).
func capitalWords(rs []rune, use bool) []bool {
	if !use {
		return nil
	}
	out := make([]bool, len(rs))
	upperWords, lowerWords := 0, 0
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			i++
			continue
		}
		j, upper, lower := i, 0, 0
		for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '\'' || rs[j] == '-' || rs[j] == '.') {
			switch {
			case unicode.IsUpper(rs[j]):
				upper++
			case unicode.IsLower(rs[j]):
				lower++
			}
			j++
		}
		if upper >= 2 && lower == 0 {
			upperWords++
			for k := i; k < j; k++ {
				out[k] = true
			}
		} else if lower > 0 {
			lowerWords++
		}
		i = j
	}
	if upperWords == 0 || lowerWords == 0 {
		return nil
	}
	return out
}

// isSyllable reports whether w is a Chinese syllable of two letters or
// more in some romanization, or two of them fused.
func isSyllable(tb *translit.Tables, w string) bool {
	if len(w) < 2 {
		return false
	}
	if tb.Readings(w) != nil {
		return true
	}
	_, _, ok := tb.Split(w)
	return ok
}

// reserved reports whether a word has a role of its own (legal form,
// particle, title): a fused syllable is not split into one, so that
// normalising twice gives the same tokens.
func reserved(w string) bool {
	_, legal := legalForms[w]
	_, particle := particles[w]
	return legal || particle || honorifics[w]
}
