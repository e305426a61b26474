package screen

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Chinese, Korean and Vietnamese names are compared by role: surname with
// surname, the given name as a unit, syllable by syllable in order; a
// name is written in one romanization.
func TestEastAsianNamesCompareByRole(t *testing.T) {
	ix := testIndex(t, "t", person("1", "X, Y"))
	tests := []struct {
		query, listed string
		match         bool
	}{
		{"Zhou Xin", "ZHOU, Xin", true},
		{"Xin Zhou", "ZHOU, Xin", true},           // Western order
		{"Cheung Wai", "ZHANG, Wei", true},        // Hong Kong Cantonese ↔ pinyin
		{"Ng Wing Ho", "WU, Yonghao", true},       // Cantonese, fused pinyin given name
		{"YEN HSIAO-PING", "YAN, Xiaobing", true}, // Wade–Giles
		{"Hyun-woo Kim", "KIM, Hyon Woo", true},   // Korean spellings
		{"Xin Zhou", "ZHOU, Yun", false},          // surname only: xin is pinyin, not a Cantonese "yun"
		{"Li Zhang", "ZHANG, Lei", false},         // two pinyin names: li is not lei
		{"Xinming Yang", "YANG, Yanming", false},  // one given syllable of two
		{"Li Yu-ching", "LI, Cheng Yu", false},    // given syllables in another order
		{"Chun-hsiao Huang", "HUANG, Xiaojun", false},
		{"Cheng Wen-hung", "CHENG, Hung Man", false},
		{"Kwok Lui Lam", "LEI, Guojian", false},                         // surname against a given syllable
		{"Van Minh Hoang", "HOANG, Minh Quang", false},                  // Vietnamese: van is a name, not a particle
		{"Choi Kin", "KIM, Chol", false},                                // Kin is no Korean surname
		{"Mingqiang Huang", "HOANG, Minh Quang", false},                 // Chinese and Vietnamese syllables are not near spellings
		{"Jason Antonio YANG LOPEZ", "YANG LOPEZ, Jason Antonio", true}, // not read as Chinese
	}
	for _, tt := range tests {
		t.Run(tt.query+" ~ "+tt.listed, func(t *testing.T) {
			s, tm := ix.ExplainNames(tt.query, tt.listed, TypePerson)
			if tt.match {
				require.GreaterOrEqual(t, s, 0.85, "%+v", tm)
			} else {
				require.Less(t, s, 0.7, "%+v", tm)
			}
		})
	}
}

// Coverage: every listed word the query lacks costs, and beyond the
// maternal surname an omission costs in full.
func TestOmissionsCost(t *testing.T) {
	ix := testIndex(t, "t", person("1", "X, Y"))
	require.GreaterOrEqual(t, ix.CompareNames("Agustin Flores", "FLORES APODACA, Agustin", TypePerson), DefaultThreshold)
	require.Less(t, ix.CompareNames("Mónica Castro", "CASTRO JARAMILLO, Monica Maria", TypePerson),
		ix.CompareNames("Mónica Castro", "CASTRO JARAMILLO, Monica", TypePerson), "a second omission costs more")
}

// Two frequent names are two names, not a misspelling of one another; a
// title stands before a name, not at its end.
func TestFrequentNamesAndTitles(t *testing.T) {
	ix := testIndex(t, "t", person("1", "X, Y"))
	require.Less(t, ix.CompareNames("Mary Taylor", "TAYLOR, Mark", TypePerson), 0.7)
	require.Less(t, ix.CompareNames("Guadalupe Hernández", "FERNANDEZ, Guadalupe", TypePerson), 0.7)
	require.Equal(t, "emma hon", Normalize("Emma Hon"))
	require.Less(t, ix.CompareNames("Emma Hon", "EMMA LLC", ""), 0.7)
}

func TestQueryTypeIsInferred(t *testing.T) {
	ix := testIndex(t, "t",
		Entity{ID: "v", Type: TypeVessel, Names: []EntityName{{Full: "SI HE", Quality: NamePrimary}}},
		Entity{ID: "o", Type: TypeOrganization, Names: []EntityName{{Full: "EMMA LLC", Quality: NamePrimary}}},
		person("p", "ZHOU, Yun"),
	)
	require.Empty(t, ix.Match(Query{Names: []string{"Si He"}}), "a person's name in a payment is not the vessel")
	hits := ix.Match(Query{Names: []string{"Si He"}, Type: TypeVessel})
	require.NotEmpty(t, hits, "a query that says it is a vessel")
	require.Equal(t, "v", hits[0].Entity.ID)
	hits = ix.Match(Query{Names: []string{"Si He"}, Threshold: 0.5})
	require.NotEmpty(t, hits)
	require.Equal(t, "type", hits[0].Explanation.Adjustments[0].Field)
	require.Empty(t, ix.Match(Query{Names: []string{"Zhou Yun Trading Co., Ltd."}}), "a company is not the person")
}

// A very common name alone is not an alert; a birth date that agrees makes
// it one.
func TestCommonNameNeedsConfirmation(t *testing.T) {
	zhang := person("45391", "ZHANG, Wei")
	zhang.BirthDates = []PartialDate{{Year: 1977, Month: 6, Day: 16}}
	rare := person("26323", "ZHENG, Guanghua")
	ix := testIndex(t, "t", zhang, rare)
	require.Empty(t, ix.Match(Query{Names: []string{"张伟"}}))
	hits := ix.Match(Query{Names: []string{"张伟"}, Threshold: 0.5})
	require.NotEmpty(t, hits)
	require.Equal(t, 1.0, hits[0].NameScore)
	var fields []string
	for _, a := range hits[0].Explanation.Adjustments {
		fields = append(fields, a.Field)
	}
	require.Contains(t, fields, "commonness")

	hits = ix.Match(Query{Names: []string{"张伟"}, BirthDate: PartialDate{Year: 1977, Month: 6, Day: 16}})
	require.NotEmpty(t, hits)
	require.Equal(t, "45391", hits[0].Entity.ID)

	hits = ix.Match(Query{Names: []string{"鄭光華"}})
	require.NotEmpty(t, hits, "a surname and a two-syllable given name are rarer")
	require.Equal(t, 1.0, hits[0].Score)
}
