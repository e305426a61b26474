package screen

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
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
		{"Wong Wai", "WANG, Wei", true},                                 // Cantonese throughout
		{"Chan Wai", "CHEN, Wei", true},                                 // reads as pinyin too, but Chan / Chen is Cantonese
		{"Ng Wai", "WU, Wei", true},
		{"Wong Wei", "WANG, Wei", true},           // a Cantonese surname, a pinyin given name
		{"Liu Chengping", "LIU, Jingping", false}, // two pinyin names
		{"Tang Yan", "TANG, Xin", false},          // Cantonese for yan = xin, then not pinyin for tang
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

// Evidence refutes; commonness alone does not. An exact full-name match
// — in characters, pinyin, Wade–Giles or Hong Kong Cantonese, in either
// order — of a very common name is an alert at a lower severity that
// says what to review; a birth date confirms it or refutes it; a partial
// match of a common name stays below the threshold.
func TestCommonNameIsReportedNotDropped(t *testing.T) {
	zhang := person("45391", "ZHANG, Wei")
	zhang.BirthDates = []PartialDate{{Year: 1977, Month: 6, Day: 16}}
	zhang.Nationalities = []string{"China"}
	ix := testIndex(t, "t", zhang, person("26323", "ZHENG, Guanghua"), person("5", "ZHANG, Weiming"))
	listed := PartialDate{Year: 1977, Month: 6, Day: 16}
	tests := []struct {
		name, query string
		dob         PartialDate
		nat         string
		want        string // "" for no hit
		minScore    float64
		common      bool
		severity    model.Severity
	}{
		{"pinyin, list order", "ZHANG, Wei", PartialDate{}, "", "45391", 1, true, model.SeverityMedium},
		{"pinyin, Western order", "Wei Zhang", PartialDate{}, "", "45391", 1, true, model.SeverityMedium},
		{"simplified characters", "张伟", PartialDate{}, "", "45391", 1, true, model.SeverityMedium},
		{"traditional characters", "張偉", PartialDate{}, "", "45391", 1, true, model.SeverityMedium},
		{"Hong Kong Cantonese", "Cheung Wai", PartialDate{}, "", "45391", 0.9, true, model.SeverityMedium},
		{"Wade-Giles", "Chang Wei", PartialDate{}, "", "45391", 0.9, true, model.SeverityMedium},
		{"nationality agrees", "张伟", PartialDate{}, "CN", "45391", 1, false, model.SeverityHigh},
		{"birth date confirms", "张伟", listed, "", "45391", 1, false, model.SeverityHigh},
		{"birth date refutes", "张伟", PartialDate{Year: 1990, Month: 2, Day: 3}, "", "", 0, false, ""},
		{"nationality refutes", "Zhang Wei", PartialDate{}, "Mexico", "", 0, false, ""},
		{"a rare name needs nothing", "鄭光華", PartialDate{}, "", "26323", 1, false, model.SeverityHigh},
		{"misspelled common name", "Zhang Wie", PartialDate{}, "", "", 0, false, ""},
		{"one given syllable of two", "Zhang Ming", PartialDate{}, "", "", 0, false, ""},
		{"surname only", "Zhang", PartialDate{}, "", "", 0, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Query{Names: []string{tt.query}, BirthDate: tt.dob}
			if tt.nat != "" {
				q.Nationalities = []string{tt.nat}
			}
			hits := ix.Match(q)
			if tt.want == "" {
				require.Empty(t, hits)
				return
			}
			require.NotEmpty(t, hits)
			h := hits[0]
			require.Equal(t, tt.want, h.Entity.ID, h.Explanation.String())
			require.GreaterOrEqual(t, h.Score, tt.minScore, h.Explanation.String())
			require.Equal(t, tt.common, h.CommonName, h.Explanation.String())
			require.Equal(t, tt.severity, h.Severity())
			if tt.common {
				require.Contains(t, h.Explanation.String(), "very common name")
				require.Contains(t, h.Explanation.String(), "birth date 1977-06-16", "says what to review")
			}
		})
	}
}

// A party's name in Han characters says which characters its romanized
// name spells: "Wong Kit" may be 黃傑 (HUANG, Chieh) or 王傑, but a party
// that also gives 王傑 is not HUANG, Chieh.
func TestHanNameRefutesAReadingOfItsRomanization(t *testing.T) {
	ix := testIndex(t, "t", person("1", "HUANG, Chieh"))
	hits := ix.Match(Query{Names: []string{"Wong Kit"}})
	require.NotEmpty(t, hits, "Wong Kit alone may be 黃傑")
	require.Empty(t, ix.Match(Query{Names: []string{"Wong Kit", "王傑"}}))
	hits = ix.Match(Query{Names: []string{"Wong Kit", "黃傑"}})
	require.NotEmpty(t, hits, "the characters agree")
}
