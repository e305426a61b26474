package synth

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mozillazg/go-pinyin"
	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
)

// Real identifiers published in the remarks of the OFAC SDN list of
// 2024-05-03 (uids 20109, 20131, 20113, 20110, 21683, 21703, 23363): their
// check characters were computed by RENAPO and SAT, so they test ours.
func TestCURPCheckDigitMatchesPublishedCURPs(t *testing.T) {
	for _, c := range []string{"OECA580820HMNSRN04", "QUNT710305MJCNVR02", "GOVE801012HMNNLL03", "CARJ761011HMNSDL06",
		"CORA650228HJCRML06", "CORE870525HJCRBD04", "PEAJ841112HDFRLS06", "TACA790318HJCPSL08"} {
		require.Equal(t, int(c[17]-'0'), curpCheck(c), c)
	}
}

func TestRFCCheckCharacterMatchesPublishedRFCs(t *testing.T) {
	for _, c := range []string{"CORA6502284Q0", "CORE870525AHA", "PEAJ841112UD1"} {
		require.Equal(t, c[12], rfcCheck(c[:12]), c)
	}
}

func TestCURPIsBuiltFromTheName(t *testing.T) {
	ids := newIDMaker(newRNG(1, 1))
	born := time.Date(1990, 5, 12, 0, 0, 0, 0, time.UTC)
	valid := regexp.MustCompile(`^[A-Z]{4}\d{6}[HM][A-Z]{2}[A-Z]{3}[0-9A-Z]\d$`)
	for _, c := range []struct {
		pat, mat, given string
		sex             byte
		want            string
	}{
		{"Pérez", "López", "Juan", 'm', "PELJ900512HJCRPN"},
		{"Hernández", "Ramírez", "María Guadalupe", 'f', "HERG900512MJCRMD"}, // María is skipped
		{"Núñez", "", "José Luis", 'm', "NUXL900512HJCXXS"},                  // no maternal surname: X
		{"Peña", "Ochoa", "Ana", 'f', "PEOA900512MJCXCN"},                    // Ñ counts as X
	} {
		got := ids.curp(c.pat, c.mat, c.given, born, c.sex, "JC")
		require.Regexp(t, valid, got)
		require.Equal(t, c.want, got[:16], "%s %s %s", c.given, c.pat, c.mat)
		require.Equal(t, int(got[17]-'0'), curpCheck(got))
	}
	// An inconvenient word gets an X as its second letter.
	first4, _ := curpLetters("Cabrera", "Cortés", "Ana")
	require.Equal(t, "CXCA", first4)
}

func TestRoutingNumbersHaveAValidCheckDigit(t *testing.T) {
	ids := newIDMaker(newRNG(3, 1))
	for range 200 {
		n := ids.routingNumber()
		d := make([]int, 9)
		for i := range d {
			d[i] = int(n[i] - '0')
		}
		require.Zero(t, (3*(d[0]+d[3]+d[6])+7*(d[1]+d[4]+d[7])+d[2]+d[5]+d[8])%10, n)
	}
}

func TestOccupationTextsClassifyAsTheirClass(t *testing.T) {
	for class, list := range occupations {
		for _, o := range list {
			require.Equal(t, class, model.ClassifyOccupation(o.text), o.text)
			require.Equal(t, class, o.class, o.text)
		}
	}
	for _, info := range bizInfos {
		if info.occupier != "" {
			require.NotEqual(t, model.OccEmployee, model.ClassifyOccupation(info.occupier), info.occupier)
		}
	}
}

// TestHanReadingsMatchPinyin checks the name tables against go-pinyin's
// dictionary: every character's pinyin in the tables is one of its
// readings.
func TestHanReadingsMatchPinyin(t *testing.T) {
	args := pinyin.NewArgs()
	args.Heteronym = true
	readings := func(hz string) []string {
		r := pinyin.Pinyin(hz, args)
		require.Len(t, r, 1, hz)
		return r[0]
	}
	fold := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "lyu", "lv") }
	for _, s := range hanSurnames {
		require.Contains(t, readings(s.simp), fold(s.pinyin), "surname %s", s.simp)
	}
	for _, g := range hanGiven {
		require.Contains(t, readings(g.simp), g.pinyin, "given-name character %s", g.simp)
	}
	// The sanctioned names planted in characters read as the listed pinyin.
	for hz, want := range map[string]string{"鄭光華": "zheng guang hua", "郭春燕": "guo chun yan", "吳永浩": "wu yong hao"} {
		var got []string
		for _, r := range []rune(hz) {
			got = append(got, readings(string(r))[0])
		}
		require.Equal(t, want, strings.Join(got, " "), hz)
	}
}

func TestNamesAreRealisticForTheirCommunity(t *testing.T) {
	m := newNameMaker(newRNG(5, 5))
	hani, pinyinPrimary, cantonese, compound := 0, 0, 0, 0
	for range 400 {
		n := m.person(commChineseCN, 'f')
		if len(n.names) > 1 && n.names[len(n.names)-1].Script == model.ScriptHan {
			hani++
		}
		if strings.Contains(n.primary(), n.han.pinyin) {
			pinyinPrimary++
		}
		h := m.person(commChineseHK, 'm')
		if strings.Contains(h.primary(), h.han.canton) {
			cantonese++
		}
		x := m.person(commHispanic, 'm')
		if len(strings.Fields(x.family)) == 2 || strings.Contains(x.family, "-") {
			compound++
		}
		require.NotEqual(t, x.paternal, "", "Hispanic names keep the paternal surname")
	}
	require.Greater(t, hani, 250, "most mainland names carry their characters")
	require.Equal(t, 400, pinyinPrimary, "mainland names are written in pinyin")
	require.Equal(t, 400, cantonese, "Hong Kong names are written in Cantonese romanization")
	require.Greater(t, compound, 180, "most Hispanic names keep both surnames")
}
