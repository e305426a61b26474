package screen

import (
	"math"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen/translit"
)

// tradition is the naming tradition of a personal name whose structure the
// matcher knows: one surname (family name) and a given name of one to
// three syllables, the surname shared by millions.
type tradition uint8

const (
	tradNone       tradition = iota
	tradChinese              // Han characters, or a romanization of them
	tradKorean               // a romanized Korean name
	tradVietnamese           // a Vietnamese name without its diacritics
)

// koreanSurnames are the most frequent Korean surnames with their share of
// the population (Statistics Korea, 2015 Population and Housing Census,
// surname tables; rounded) under their usual romanizations: Revised
// Romanization, McCune–Reischauer (the DPRK entries of the lists) and the
// customary passport spellings.
var koreanSurnames = map[string]float64{
	"kim": 0.215, "gim": 0.215,
	"lee": 0.147, "yi": 0.147, "rhee": 0.147, "ri": 0.147, "rhie": 0.147,
	"park": 0.084, "pak": 0.084, "bak": 0.084, "bahk": 0.084,
	"choi": 0.047, "choe": 0.047,
	"jeong": 0.043, "jung": 0.043, "chung": 0.043, "chong": 0.043, "jong": 0.043, "cheong": 0.043,
	"kang": 0.024, "gang": 0.024,
	"jo": 0.021, "cho": 0.021,
	"yoon": 0.021, "yun": 0.021,
	"jang": 0.020, "chang": 0.020,
	"lim": 0.017, "im": 0.017, "rim": 0.017, "yim": 0.017,
	"han": 0.015, "oh": 0.015, "seo": 0.015, "suh": 0.015, "so": 0.015, "son": 0.009,
	"shin": 0.014, "sin": 0.014, "kwon": 0.014, "gwon": 0.014, "hwang": 0.014,
	"ahn": 0.013, "an": 0.013, "song": 0.013, "jeon": 0.013, "jon": 0.013, "chon": 0.013,
	"hong": 0.011,
}

// koreanOnlySurnames are romanized surnames that are not also spellings of
// common Chinese surnames: a name with one of them is read as Korean.
var koreanOnlySurnames = map[string]bool{
	"kim": true, "gim": true, "park": true, "pak": true, "bak": true, "bahk": true,
	"choi": true, "choe": true, "jeong": true, "cheong": true, "kwon": true, "gwon": true,
	"hwang": true, "ahn": true, "yoon": true, "jeon": true, "rhee": true, "rhie": true, "ri": true,
	"seo": true, "suh": true, "shin": true, "oh": true, "yim": true,
}

// vietnameseSurnames are the most frequent Vietnamese surnames and their
// approximate share of the population (the estimates usually cited from
// Lê Trung Hoa, Họ và tên người Việt Nam, 2005), without diacritics.
var vietnameseSurnames = map[string]float64{
	"nguyen": 0.38, "tran": 0.11, "le": 0.095, "pham": 0.07, "hoang": 0.051, "huynh": 0.051,
	"phan": 0.045, "vu": 0.039, "vo": 0.039, "dang": 0.021, "bui": 0.02, "do": 0.014,
	"ho": 0.013, "ngo": 0.013, "duong": 0.01, "ly": 0.005, "dinh": 0.005, "truong": 0.005,
	"trinh": 0.004, "luong": 0.004, "doan": 0.004,
}

// vietnameseOnlySurnames are those that are not also Chinese romanizations
// or particles of other languages.
var vietnameseOnlySurnames = map[string]bool{
	"nguyen": true, "tran": true, "pham": true, "hoang": true, "huynh": true, "phan": true,
	"dang": true, "bui": true, "ngo": true, "duong": true, "dinh": true, "truong": true,
	"trinh": true, "luong": true, "doan": true,
}

// koreanSyllable reports whether w can be one romanized Korean syllable:
// an initial of the romanizations, one vowel group, a final consonant.
func koreanSyllable(w string) bool {
	return syllableShape(w, koreanInitials, koreanFinals)
}

// vietnameseSyllable reports whether w can be one Vietnamese syllable
// written without diacritics.
func vietnameseSyllable(w string) bool {
	return syllableShape(w, vietnameseInitials, vietnameseFinals)
}

var (
	koreanInitials     = []string{"", "g", "k", "kk", "gg", "n", "d", "t", "tt", "r", "l", "m", "b", "p", "pp", "s", "ss", "sh", "j", "jj", "ch", "ts", "h"}
	koreanFinals       = []string{"", "k", "g", "n", "t", "l", "r", "m", "p", "b", "ng"}
	vietnameseInitials = []string{"", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}
	vietnameseFinals   = []string{"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
)

func syllableShape(w string, initials, finals []string) bool {
	if len(w) == 0 || len(w) > 7 {
		return false
	}
	i := 0
	for i < len(w) && !isVowelLetter(w[i]) {
		i++
	}
	j := i
	for j < len(w) && isVowelLetter(w[j]) {
		j++
	}
	if j == i {
		return false
	}
	ini, fin := w[:i], w[j:]
	if ini == "q" && w[i] == 'u' {
		ini = "qu" // Vietnamese qu-
	}
	// A glide written w or y belongs to the vowel group.
	if strings.HasSuffix(ini, "w") || strings.HasSuffix(ini, "y") {
		ini = ini[:len(ini)-1]
	}
	okIni, okFin := false, false
	for _, x := range initials {
		okIni = okIni || x == ini
	}
	for _, x := range finals {
		okFin = okFin || x == fin
	}
	return okIni && okFin
}

func isVowelLetter(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// isSurname reports whether a unit of the name may be a surname of its
// tradition.
func (n *sname) isSurname(u *unit) bool {
	switch n.trad {
	case tradKorean:
		_, ok := koreanSurnames[u.text]
		return ok
	case tradVietnamese:
		_, ok := vietnameseSurnames[u.text]
		return ok
	case tradChinese:
		return u.han != 0 || translit.Default().IsSurname(u.text)
	}
	return false
}

// detectTradition says whether a romanized (or Han) personal name has the
// structure of a Chinese, Korean or Vietnamese name: two to four tokens,
// one at either end a surname of the tradition, the others syllables.
func detectTradition(tb *translit.Tables, toks []normToken, sawHan bool) tradition {
	if sawHan {
		return tradChinese
	}
	if len(toks) < 2 || len(toks) > 4 {
		return tradNone
	}
	for _, t := range toks {
		if t.script != translit.Latin || t.kind == kindLegal || t.kind == kindNumber {
			return tradNone
		}
	}
	first, last := toks[0].text, toks[len(toks)-1].text
	// all checks the shape of every token but the surname (customary
	// spellings such as "Park" are not regular syllables).
	all := func(sur map[string]bool, ok func(string) bool) bool {
		for i, t := range toks {
			if (i == 0 || i == len(toks)-1) && sur[t.text] {
				continue
			}
			if !ok(t.text) {
				return false
			}
		}
		return true
	}
	if (koreanOnlySurnames[first] || koreanOnlySurnames[last]) && all(koreanOnlySurnames, koreanSyllable) {
		return tradKorean
	}
	if (vietnameseOnlySurnames[first] || vietnameseOnlySurnames[last]) && all(vietnameseOnlySurnames, vietnameseSyllable) {
		return tradVietnamese
	}
	return tradNone
}

// detectKorean reads as Korean a name that is not Chinese, with a Korean
// surname at either end ("JON, Yong Sang") and Korean syllables only.
func detectKorean(toks []normToken) tradition {
	if len(toks) < 2 || len(toks) > 4 {
		return tradNone
	}
	_, first := koreanSurnames[toks[0].text]
	_, last := koreanSurnames[toks[len(toks)-1].text]
	if !first && !last {
		return tradNone
	}
	for i, t := range toks {
		_, sur := koreanSurnames[t.text]
		if t.script != translit.Latin || t.kind != kindWord || !(koreanSyllable(t.text) || sur && (i == 0 || i == len(toks)-1)) {
			return tradNone
		}
	}
	return tradKorean
}

// surnameBits is the information, in bits, that a surname carries in its
// tradition: −log2 of its population share. Chinese shares are
// approximated from the rank in the Ministry of Public Security's 2020
// ranking (the first five about 5–7 % each, ranks 6–10 about 2 %, 11–30
// about 1 %, 31–100 about 0.4 %); other surnames count as rare (0.1 %).
func surnameBits(tb *translit.Tables, tr tradition, t *stok, sys translit.Via) float64 {
	share := 0.001
	switch tr {
	case tradKorean:
		if s, ok := koreanSurnames[t.text]; ok {
			share = s
		}
	case tradVietnamese:
		if s, ok := vietnameseSurnames[t.text]; ok {
			share = s
		}
	case tradChinese:
		rank := 0
		if t.han != 0 {
			for _, sp := range t.spell {
				if r := tb.SurnameRank(sp, translit.ViaPinyin); r > 0 && (rank == 0 || r < rank) {
					rank = r
				}
			}
		} else {
			rank = tb.SurnameRank(t.text, sys)
		}
		switch {
		case rank == 0:
		case rank <= 5:
			share = 0.06
		case rank <= 10:
			share = 0.02
		case rank <= 30:
			share = 0.01
		default:
			share = 0.004
		}
	}
	return -math.Log2(share)
}
