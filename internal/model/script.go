package model

import "unicode"

// DetectScript returns the script of the letters of s: the script of the
// majority of its letters, ScriptLatin for a string with no letters.
func DetectScript(s string) Script {
	counts := map[Script]int{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		counts[scriptOf(r)]++
	}
	best, n := ScriptLatin, 0
	for sc, c := range counts {
		if c > n || (c == n && sc < best) {
			best, n = sc, c
		}
	}
	return best
}

func scriptOf(r rune) Script {
	switch {
	case r < 0x250 || unicode.Is(unicode.Latin, r):
		return ScriptLatin
	case unicode.Is(unicode.Han, r):
		return ScriptHan
	case unicode.Is(unicode.Cyrillic, r):
		return ScriptCyrillic
	case unicode.Is(unicode.Arabic, r):
		return ScriptArabic
	case unicode.Is(unicode.Hangul, r):
		return ScriptHangul
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return ScriptKana
	case unicode.Is(unicode.Greek, r):
		return ScriptGreek
	case unicode.Is(unicode.Hebrew, r):
		return ScriptHebrew
	}
	return ScriptOther
}
