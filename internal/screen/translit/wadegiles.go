package translit

import "strings"

// wadeGiles returns the Wade–Giles spellings of a toneless pinyin syllable
// (ü written "v"), apostrophes and umlauts dropped as on passports: zhang →
// chang, xu → hsu, cai → tsai, jinping's jin → chin. Rules follow the
// Library of Congress pinyin ↔ Wade–Giles conversion table.
func wadeGiles(p string) []string {
	// Whole-syllable forms first.
	switch p {
	case "zhi", "chi":
		return []string{"chih"}
	case "shi":
		return []string{"shih"}
	case "ri":
		return []string{"jih"}
	case "zi", "ci":
		return []string{"tzu", "tsu"}
	case "si":
		return []string{"ssu", "szu"}
	case "er":
		return []string{"erh"}
	case "e":
		return []string{"o", "e"}
	case "yi":
		return []string{"i", "yi"}
	case "you":
		return []string{"yu"}
	case "yu":
		return []string{"yu"}
	case "yan":
		return []string{"yen"}
	case "ye":
		return []string{"yeh"}
	case "yong":
		return []string{"yung"}
	case "yue":
		return []string{"yueh"}
	case "yuan":
		return []string{"yuan"}
	case "yun":
		return []string{"yun"}
	}
	ini, fin := splitPinyin(p)
	var inis []string
	switch ini {
	case "b":
		inis = []string{"p"}
	case "d":
		inis = []string{"t"}
	case "g":
		inis = []string{"k"}
	case "j", "q", "zh":
		inis = []string{"ch"}
	case "x":
		inis = []string{"hs"}
	case "r":
		inis = []string{"j"}
	case "z", "c":
		inis = []string{"ts", "tz"}
	default:
		inis = []string{ini}
	}
	var fins []string
	switch {
	case fin == "ong":
		fins = []string{"ung"}
	case fin == "iong":
		fins = []string{"iung"}
	case fin == "ian":
		fins = []string{"ien"}
	case fin == "ie":
		fins = []string{"ieh"}
	case fin == "ui":
		fins = []string{"uei", "ui"}
	case fin == "uo" && (ini == "g" || ini == "k" || ini == "h" || ini == "sh"):
		fins = []string{"uo"}
	case fin == "uo":
		fins = []string{"o", "uo"}
	case fin == "e" && (ini == "g" || ini == "k" || ini == "h"):
		fins = []string{"o"}
	case fin == "v" || (fin == "u" && (ini == "j" || ini == "q" || ini == "x")):
		fins = []string{"u"}
	case fin == "ve" || (fin == "ue" && (ini == "j" || ini == "q" || ini == "x")):
		fins = []string{"ueh"}
	case fin == "uan" && (ini == "j" || ini == "q" || ini == "x"):
		fins = []string{"uan"}
	case fin == "un" && (ini == "j" || ini == "q" || ini == "x"):
		fins = []string{"un"}
	default:
		fins = []string{fin}
	}
	var out []string
	for _, i := range inis {
		for _, f := range fins {
			out = append(out, i+f)
		}
	}
	return out
}

var pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"}

// splitPinyin splits a pinyin syllable into initial and final.
func splitPinyin(p string) (string, string) {
	for _, i := range pinyinInitials {
		if strings.HasPrefix(p, i) && len(p) > len(i) {
			return i, p[len(i):]
		}
	}
	return "", p
}
