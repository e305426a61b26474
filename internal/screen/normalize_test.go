package screen

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen/translit"
)

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"GUZMÁN LOERA, Joaquín":                                   "guzman loera joaquin",
		"DISTRIBUIDORA IMPERIAL DE BAJA CALIFORNIA, S.A. DE C.V.": "distribuidora imperial de baja california sa de cv",
		"ANGLO-CARIBBEAN CO., LTD.":                               "anglo caribbean co ltd",
		"O'Brien & Sons":                                          "obrien and sons",
		"Open Joint Stock Company Gasprom":                        "jsc gasprom",
		"Владимир Путин":                                          "vladimir putin",
		"Ｆｕｌｌ Ｗｉｄｔｈ":                                              "full width",
		"Straße":                                                  "strasse",
		"Usama bin Laden":                                         "usama bin laden",
		"Ibn Khaldun ben Ali el Idrisi":                           "bin khaldun bin ali al idrisi",
		"习近平":                                                     "xi jin ping",
		"Xi Jinping":                                              "xi jin ping",
		"Li Ka-shing":                                             "li ka shing",
		"Brigade Forty-Four":                                      "brigade 44",
		"Ig0r Sech1n":                                             "igor sechin",
		"华为技术有限公司":                                                "hua wei ji shu co ltd",
	}
	for in, want := range tests {
		require.Equal(t, want, Normalize(in), in)
	}
}

func TestNormalizeFamilyAndMaternal(t *testing.T) {
	n := normalizeName(translit.Default(), "FLORES APODACA, Agustin", TypePerson)
	require.Len(t, n.tokens, 3)
	require.True(t, n.tokens[0].family && n.tokens[0].paternal)
	require.True(t, n.tokens[1].family && n.tokens[1].maternal)
	require.False(t, n.tokens[2].family)
}

func TestNormalizeLegalFormsStayAsLowWeightTokens(t *testing.T) {
	n := normalizeName(translit.Default(), "PRINCE GROUP HOLDRNGS LIMITDE", TypeOrganization)
	var kinds []tokenKind
	for _, tok := range n.tokens {
		kinds = append(kinds, tok.kind)
	}
	require.Equal(t, []tokenKind{kindWord, kindLegal, kindLegal, kindLegal}, kinds, "misspelled legal forms are still legal forms")
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"GUZMÁN LOERA, Joaquín", "صدام حسين التكريتي", "張偉", "S. DE R.L. DE C.V.", "Forty four", "a,b,c", "Ig0r", "  ", "\xff\xfe", "김정은"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Normalize(s)
		require.True(t, utf8.ValidString(out))
		require.Equal(t, out, strings.Join(strings.Fields(out), " "), "single spaces, trimmed")
		if latinOnly(s) {
			// Text transliterated from another script loses where it came
			// from (Korean "jeok" read again looks like Chinese "je ok"), so
			// idempotence is promised for Latin-script input only.
			require.Equal(t, out, Normalize(out), "normalising twice changes nothing")
		}
	})
}

func latinOnly(s string) bool {
	for _, r := range s {
		if r >= 0x250 && unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
