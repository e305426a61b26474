package translit

import "strings"

// hkSpellings returns the Hong Kong Government romanisations of a toneless
// Jyutping syllable: zoeng → cheung, can → chan, wong → wong, ng → ng,
// lau → lau, ho → ho, gaa → ka, sing → shing/sing, wai → wai. The system
// is not fully regular; the customary alternatives are all returned.
func hkSpellings(j string) []string {
	switch j {
	case "m", "ng":
		return []string{j}
	}
	ini, fin := splitJyutping(j)
	var inis []string
	switch ini {
	case "b":
		inis = []string{"p"}
	case "d":
		inis = []string{"t"}
	case "g":
		inis = []string{"k"}
	case "gw":
		inis = []string{"kw"}
	case "z", "c":
		inis = []string{"ch", "ts"}
	case "s":
		inis = []string{"s", "sh"}
	case "j":
		inis = []string{"y"}
	default:
		inis = []string{ini}
	}
	var fins []string
	switch fin {
	case "aa":
		fins = []string{"a", "ah"}
	case "aai":
		fins = []string{"ai"}
	case "aau":
		fins = []string{"au"}
	case "aam":
		fins = []string{"am"}
	case "aan":
		fins = []string{"an"}
	case "aang":
		fins = []string{"ang"}
	case "aap":
		fins = []string{"ap"}
	case "aat":
		fins = []string{"at"}
	case "aak":
		fins = []string{"ak"}
	case "am":
		fins = []string{"am", "um"}
	case "an":
		fins = []string{"an", "un"}
	case "ap":
		fins = []string{"ap", "up"}
	case "at":
		fins = []string{"at"}
	case "au":
		fins = []string{"au", "ow"}
	case "e":
		fins = []string{"e", "eh"}
	case "ei":
		fins = []string{"ei", "ee", "i"}
	case "i":
		fins = []string{"i", "ee"}
		if ini == "z" || ini == "c" || ini == "s" {
			fins = append(fins, "z", "ze", "zi")
		}
	case "ik":
		fins = []string{"ik", "ek"}
	case "ing":
		fins = []string{"ing"}
	case "o":
		fins = []string{"o", "oh"}
	case "ou":
		fins = []string{"o", "ou"}
	case "oi":
		fins = []string{"oi", "oy"}
	case "u":
		fins = []string{"u", "oo"}
	case "ui":
		fins = []string{"ui", "ooi"}
	case "un":
		fins = []string{"un", "oon"}
	case "ung":
		fins = []string{"ung"}
	case "oe":
		fins = []string{"oe"}
	case "oeng":
		fins = []string{"eung"}
	case "oek":
		fins = []string{"euk"}
	case "eoi":
		fins = []string{"ui", "eui", "ue"}
	case "eon":
		fins = []string{"un", "eun"}
	case "eot":
		fins = []string{"ut"}
	case "yu":
		fins = []string{"u", "ue", "yu"}
	case "yun":
		fins = []string{"un", "uen", "yuen"}
	case "yut":
		fins = []string{"ut", "uet"}
	default:
		fins = []string{fin}
	}
	var out []string
	for _, i := range inis {
		for _, f := range fins {
			s := i + f
			// j + yu: "jyu" is written "yu", "jyun" "yuen".
			s = strings.Replace(s, "yyu", "yu", 1)
			out = append(out, s)
		}
	}
	return out
}

var jyutpingInitials = []string{"gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "w", "z", "c", "s", "j"}

func splitJyutping(j string) (string, string) {
	for _, i := range jyutpingInitials {
		if strings.HasPrefix(j, i) && len(j) > len(i) {
			return i, j[len(i):]
		}
	}
	return "", j
}
