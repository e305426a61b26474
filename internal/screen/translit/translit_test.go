package translit

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHanSurnameReadings(t *testing.T) {
	tb := Default()
	tests := []struct {
		in     string
		person bool
		want   []string
	}{
		{"张伟", true, []string{"zhang", "wei"}},
		{"張偉", true, []string{"zhang", "wei"}},
		{"单田芳", true, []string{"shan", "tian", "fang"}},
		{"曾国藩", true, []string{"zeng", "guo", "fan"}},
		{"仇英", true, []string{"qiu", "ying"}},
		{"解缙", true, []string{"xie", "jin"}},
		{"区志强", true, []string{"ou", "zhi", "qiang"}},
		{"欧阳修", true, []string{"ouyang", "xiu"}},
		{"习近平", true, []string{"xi", "jin", "ping"}},
		{"华为技术有限公司", false, []string{"hua", "wei", "ji", "shu", "co", "ltd"}},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tb.Han(tt.in, tt.person), tt.in)
	}
}

func TestEquivalentRomanizations(t *testing.T) {
	tb := Default()
	same := [][2]string{
		{"chang", "zhang"}, {"cheung", "zhang"}, {"hsu", "xu"}, {"hui", "xu"},
		{"tsai", "cai"}, {"choi", "cai"}, {"chan", "chen"}, {"wong", "huang"},
		{"wong", "wang"}, {"ng", "wu"}, {"lau", "liu"}, {"ho", "he"},
		{"hsi", "xi"}, {"chin", "jin"}, {"wai", "wei"}, {"lee", "li"},
		{"tsang", "zeng"}, {"kwok", "guo"}, {"chow", "zhou"}, {"yeung", "yang"},
	}
	for _, p := range same {
		_, _, _, ok := tb.Equivalent(p[0], p[1])
		require.True(t, ok, "%s = %s", p[0], p[1])
	}
	differ := [][2]string{{"zhang", "wang"}, {"li", "liu"}, {"chen", "lin"}, {"garcia", "jia"}}
	for _, p := range differ {
		_, _, _, ok := tb.Equivalent(p[0], p[1])
		require.False(t, ok, "%s ≠ %s", p[0], p[1])
	}
}

func TestSplitFusedGivenNames(t *testing.T) {
	tb := Default()
	for in, want := range map[string][2]string{
		"jinping": {"jin", "ping"}, "kashing": {"ka", "shing"}, "chinping": {"chin", "ping"},
	} {
		a, b, ok := tb.Split(in)
		require.True(t, ok, in)
		require.Equal(t, want, [2]string{a, b}, in)
	}
	_, _, ok := tb.Split("angela")
	require.False(t, ok)
}

func TestTelegraphCode(t *testing.T) {
	r, ok := Default().FromTelegraph("1728")
	require.True(t, ok)
	require.Equal(t, '张', r)
}

func TestSkeletonMeetsArabic(t *testing.T) {
	for _, s := range []string{"mohammed", "muhammad", "mohamed", "mhmd"} {
		require.Equal(t, "mhmd", Skeleton(s), s)
	}
	require.Equal(t, Skeleton("khaled"), Skeleton("khald"))
}

// Cantonese Wong and Ng are not pinyin: the Hanyu Pinyin scheme writes
// the final -ong without an initial as "weng", and the syllabic nasals of
// interjections are no name's syllables. Pinyin syllables stay pinyin.
func TestPinyinInventoryIsStandard(t *testing.T) {
	tb := Default()
	for _, s := range []string{"wong", "ng", "bong"} {
		require.Zero(t, tb.Systems(s)&ViaPinyin, "%s is no pinyin syllable", s)
	}
	require.NotZero(t, tb.Systems("wong")&ViaCantonese, "Wong is Cantonese (王, 黃)")
	require.NotZero(t, tb.Systems("ng")&ViaCantonese, "Ng is Cantonese (吳, 伍)")
	for _, s := range []string{"weng", "long", "yong", "xiong", "zhong", "wai", "wei"} {
		require.NotZero(t, tb.Systems(s)&ViaPinyin, "%s is a pinyin syllable", s)
	}
}
