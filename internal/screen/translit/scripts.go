package translit

import "strings"

// cyrillic maps lower-case Cyrillic letters to Latin after ICAO Doc 9303
// Part 3 (2021), with Ukrainian (і ї є ґ), Belarusian (ў) and Mongolian
// (ө ү) letters.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "ie", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	'і': "i", 'ї': "i", 'є': "ie", 'ґ': "g", 'ў': "u", 'ө': "o", 'ү': "u",
	'ђ': "d", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѕ': "dz",
}

// greek maps lower-case Greek letters to Latin after ELOT 743 / ISO 843.
var greek = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// arabic maps Arabic and Persian letters to the Latin consonants of the
// UNGEGN / BGN-PCGN romanization. Short vowels are not written in the
// script and are not invented here; long vowels (ا و ي) come out as a, w, y.
// Matching against Latin spellings goes through Skeleton.
var arabic = map[rune]string{
	'ء': "", 'آ': "a", 'أ': "a", 'ؤ': "w", 'إ': "i", 'ئ': "y", 'ا': "a",
	'ب': "b", 'ة': "h", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh",
	'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s",
	'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ـ': "", 'ف': "f",
	'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'و': "w",
	'ى': "a", 'ي': "y", 'ٱ': "a",
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "y", 'ۀ': "h",
}

// hebrew maps Hebrew consonants to Latin (SBL general-purpose style);
// like Arabic, vowels are not written.
var hebrew = map[rune]string{
	'א': "", 'ב': "v", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z",
	'ח': "kh", 'ט': "t", 'י': "y", 'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m",
	'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'ע': "", 'פ': "p", 'ף': "f",
	'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
}

// armenian maps lower-case Armenian letters to Latin after ISO 9985
// (simplified: no diacritics).
var armenian = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y",
	'թ': "t", 'ժ': "zh", 'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h",
	'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m", 'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o",
	'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r",
	'ց': "ts", 'ւ': "u", 'փ': "p", 'ք': "k", 'օ': "o", 'ֆ': "f", 'և': "ev",
}

// georgian maps Georgian (Mkhedruli) letters to Latin after the national
// romanization system of Georgia (2002), without apostrophes.
var georgian = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z", 'თ': "t",
	'ი': "i", 'კ': "k", 'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o", 'პ': "p", 'ჟ': "zh",
	'რ': "r", 'ს': "s", 'ტ': "t", 'უ': "u", 'ფ': "p", 'ქ': "k", 'ღ': "gh", 'ყ': "q",
	'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz", 'წ': "ts", 'ჭ': "ch", 'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
}

// katakana maps katakana to Latin after modified Hepburn romanization;
// hiragana is mapped through it (it sits 0x60 code points lower). The
// sokuon (ッ) and the long-vowel mark (ー) are dropped; small ャュョ are
// written ya, yu, yo.
var katakana = map[rune]string{
	'ア': "a", 'イ': "i", 'ウ': "u", 'エ': "e", 'オ': "o", 'カ': "ka", 'キ': "ki", 'ク': "ku", 'ケ': "ke", 'コ': "ko",
	'ガ': "ga", 'ギ': "gi", 'グ': "gu", 'ゲ': "ge", 'ゴ': "go", 'サ': "sa", 'シ': "shi", 'ス': "su", 'セ': "se", 'ソ': "so",
	'ザ': "za", 'ジ': "ji", 'ズ': "zu", 'ゼ': "ze", 'ゾ': "zo", 'タ': "ta", 'チ': "chi", 'ツ': "tsu", 'テ': "te", 'ト': "to",
	'ダ': "da", 'ヂ': "ji", 'ヅ': "zu", 'デ': "de", 'ド': "do", 'ナ': "na", 'ニ': "ni", 'ヌ': "nu", 'ネ': "ne", 'ノ': "no",
	'ハ': "ha", 'ヒ': "hi", 'フ': "fu", 'ヘ': "he", 'ホ': "ho", 'バ': "ba", 'ビ': "bi", 'ブ': "bu", 'ベ': "be", 'ボ': "bo",
	'パ': "pa", 'ピ': "pi", 'プ': "pu", 'ペ': "pe", 'ポ': "po", 'マ': "ma", 'ミ': "mi", 'ム': "mu", 'メ': "me", 'モ': "mo",
	'ヤ': "ya", 'ユ': "yu", 'ヨ': "yo", 'ラ': "ra", 'リ': "ri", 'ル': "ru", 'レ': "re", 'ロ': "ro", 'ワ': "wa", 'ヲ': "o",
	'ン': "n", 'ヴ': "vu", 'ァ': "a", 'ィ': "i", 'ゥ': "u", 'ェ': "e", 'ォ': "o", 'ャ': "ya", 'ュ': "yu", 'ョ': "yo",
	'ッ': "", 'ー': "",
}

// Revised Romanization of Korean (Ministry of Culture and Tourism, 2000):
// initial, medial and final jamo of a precomposed Hangul syllable.
var (
	hangulInitials = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulMedials  = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinals   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// Script names the script a rune was transliterated from.
type Script uint8

// Scripts the transliterator knows.
const (
	Latin Script = iota
	Cyrillic
	Greek
	Arabic
	Hebrew
	Hangul
	Han
	Armenian
	Georgian
	Kana
	Other
)

// String returns the ISO 15924 code.
func (s Script) String() string {
	return [...]string{"Latn", "Cyrl", "Grek", "Arab", "Hebr", "Hang", "Hani", "Armn", "Geor", "Jpan", "Zyyy"}[s]
}

// Rune transliterates one lower-case rune of a non-Han script. ok is false
// for a rune it does not know (Latin letters, digits, punctuation, Han).
func Rune(r rune) (latin string, script Script, ok bool) {
	switch {
	case r < 0x370:
		return "", Latin, false
	case r >= 0x400 && r <= 0x52f:
		s, ok := cyrillic[r]
		return s, Cyrillic, ok
	case r >= 0x370 && r <= 0x3ff:
		s, ok := greek[r]
		return s, Greek, ok
	case r >= 0x600 && r <= 0x6ff:
		s, ok := arabic[r]
		return s, Arabic, ok
	case r >= 0x5d0 && r <= 0x5ea:
		s, ok := hebrew[r]
		return s, Hebrew, ok
	case r >= 0x531 && r <= 0x587:
		s, ok := armenian[r]
		return s, Armenian, ok
	case r >= 0x10d0 && r <= 0x10ff:
		s, ok := georgian[r]
		return s, Georgian, ok
	case r >= 0x3041 && r <= 0x3096:
		s, ok := katakana[r+0x60]
		return s, Kana, ok
	case r >= 0x30a1 && r <= 0x30fc:
		s, ok := katakana[r]
		return s, Kana, ok
	case r >= 0xac00 && r <= 0xd7a3:
		i := int(r - 0xac00)
		return hangulInitials[i/(21*28)] + hangulMedials[(i/28)%21] + hangulFinals[i%28], Hangul, true
	}
	return "", Other, false
}

// Skeleton returns the consonant skeleton of a Latin token, the key on
// which Arabic-script names meet their Latin spellings (the script writes
// no short vowels, and Latin spellings differ mostly in vowels and
// doubling): vowels, w and y dropped, digraphs folded (kh→k, th→t, dh→d,
// gh→g, sh→s, ph→f), q and c → k, z → s, v → w (dropped), doubles
// collapsed, a final i or y kept as "y". "Mohammed", "Muhammad", "محمد"
// all give "mhmd"; "Mohammadi" and "محمدی" give "mhmdy".
func Skeleton(tok string) string {
	var b strings.Builder
	var last byte
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if i+1 < len(tok) && tok[i+1] == 'h' {
			switch c {
			case 'k', 't', 'd', 'g', 's', 'p':
				if c == 'p' {
					c = 'f'
				}
				i++
			}
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'v', '\'':
			continue
		case 'q', 'c':
			c = 'k'
		case 'z':
			c = 's'
		}
		if c == last {
			continue
		}
		b.WriteByte(c)
		last = c
	}
	// A final i/y is kept as "y": Persian and Arabic nisba endings (ی, ي)
	// tell Mohammadi from Mohammad.
	if n := len(tok); n > 1 && (tok[n-1] == 'i' || tok[n-1] == 'y' || strings.HasSuffix(tok, "ee")) && last != 'y' {
		b.WriteByte('y')
	}
	return b.String()
}
