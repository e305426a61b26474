package lists

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists/ofaccsv"
	"github.com/centinela-aml/centinela/internal/screen/lists/ofacjson"
	"github.com/centinela-aml/centinela/internal/screen/translit"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

var builtinIndex = sync.OnceValues(func() (*screen.Index, error) { return Index(nil) })

func TestBuiltinListsCarryTheCartelsAsFTO(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	st := ix.Stats()
	require.Len(t, st.Lists, 2)
	require.Equal(t, 19249+1003, st.Entities)
	require.Contains(t, st.Lists[0].Source, "remarks of", "2026 names enriched with 2024 remarks")
	for name, uid := range map[string]string{
		"Sinaloa Cartel": "11440", "Cártel de Jalisco Nueva Generación": "17671", "Tren de Aragua": "49756",
		"Cartel de los Soles": "55025", "Cartel del Noreste": "11438", "Cartel del Golfo": "10386",
	} {
		hits := ix.Match(screen.Query{Names: []string{name}, Type: screen.TypeOrganization})
		require.NotEmpty(t, hits, name)
		require.Equal(t, uid, hits[0].Entity.ID, name)
		require.True(t, hits[0].Entity.HasProgram(screen.ProgramFTO), name)
	}
}

func TestBuiltinScreeningBehaviour(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	tests := []struct {
		query string
		typ   screen.EntityType
		want  string // top entity ID; "" for no hit
	}{
		{"Joaquín Guzmán Loera", screen.TypePerson, "6861"},
		{"Agustin Flores", screen.TypePerson, "15002"}, // FLORES APODACA, Agustin: maternal surname dropped
		{"Maria Lopez", screen.TypePerson, ""},
		{"Acme Plumbing Ltd", screen.TypeOrganization, ""},
	}
	for _, tt := range tests {
		hits := ix.Match(screen.Query{Names: []string{tt.query}, Type: tt.typ})
		if tt.want == "" {
			for _, h := range hits {
				t.Errorf("%q should not hit, got %s %q %.3f: %s", tt.query, h.Entity.ID, h.Entity.PrimaryName(), h.Score, h.Explanation)
			}
			continue
		}
		require.NotEmpty(t, hits, tt.query)
		require.Equal(t, tt.want, hits[0].Entity.ID, "%s: %s", tt.query, hits[0].Explanation)
	}
}

// A given name and the paternal surname explain half of "GOMEZ FLORES,
// Luis Angel" (17673): beyond the maternal surname, a missing given name
// costs in full.
func TestHalfAListedNameIsNotAHit(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	for _, h := range ix.Match(screen.Query{Names: []string{"Ángel Gómez"}, Type: screen.TypePerson}) {
		require.NotEqual(t, "17673", h.Entity.ID, h.Explanation.String())
	}
	hits := ix.Match(screen.Query{Names: []string{"Luis Ángel Gómez"}, Type: screen.TypePerson})
	require.NotEmpty(t, hits)
	require.Equal(t, "17673", hits[0].Entity.ID, "the maternal surname alone may be missing")
}

// 张磊 is ZHANG, Lei (16318) through his Chinese Commercial Code. Zhang
// Lei is one of the most common Chinese names: the name alone is an alert
// at a lower severity that says what to review; his listed birth date
// confirms it, another birth date refutes it.
func TestCommonChineseNameIsAnAlertToReview(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	hits := ix.Match(screen.Query{Names: []string{"张磊"}})
	require.NotEmpty(t, hits, "an exact name is a hit, however common")
	require.Equal(t, "16318", hits[0].Entity.ID, hits[0].Explanation.String())
	require.Equal(t, 1.0, hits[0].Score)
	require.True(t, hits[0].CommonName)
	require.Equal(t, model.SeverityMedium, hits[0].Severity(), "lower than the high of a rare exact name")
	require.Contains(t, hits[0].Explanation.String(), "very common name")
	require.Contains(t, hits[0].Explanation.String(), "birth date 1976-01-03", "what to review")

	listed := hits[0].Entity.BirthDates[0]
	hits = ix.Match(screen.Query{Names: []string{"张磊"}, BirthDate: listed})
	require.NotEmpty(t, hits, "the listed birth date confirms the name")
	require.Equal(t, "16318", hits[0].Entity.ID)
	require.False(t, hits[0].CommonName)
	require.Equal(t, model.SeverityHigh, hits[0].Severity())

	for _, h := range ix.Match(screen.Query{Names: []string{"张磊"}, BirthDate: screen.PartialDate{Year: 1990, Month: 5, Day: 1}}) {
		require.NotEqual(t, "16318", h.Entity.ID, "another birth date refutes a common name: %s", h.Explanation)
	}
}

// The cross-script requirement on the built-in lists: a customer
// onboarded in characters or in another romanization, in either order, is
// found against the listed pinyin name, common names included.
func TestCrossScriptCommonNamesAreFound(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	tests := []struct {
		query, want string
		min         float64
	}{
		{"ZHANG, Wei", "45391", 1},
		{"Zhang Wei", "45391", 1},
		{"Wei Zhang", "45391", 1},
		{"张伟", "45391", 1},
		{"張偉", "45391", 1},
		{"Cheung Wai", "45391", 0.9},
		{"Chang Wei", "45391", 0.9},
		{"ZHANG, Lei", "16318", 1},
		{"Zhang Lei", "16318", 1},
		{"Lei Zhang", "16318", 1},
		{"张磊", "16318", 1},
		{"張磊", "16318", 1},
		{"Cheung Lui", "16318", 0.9},
		{"Chang Lei", "16318", 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits := ix.Match(screen.Query{Names: []string{tt.query}, Type: screen.TypePerson})
			require.NotEmpty(t, hits)
			require.Equal(t, tt.want, hits[0].Entity.ID, hits[0].Explanation.String())
			require.GreaterOrEqual(t, hits[0].Score, tt.min, hits[0].Explanation.String())
			require.GreaterOrEqual(t, hits[0].NameScore, tt.min)
		})
	}
}

// A plain common two-word name meets listed three-word names without their
// maternal surname ("GONZALEZ QUIRARTE, Jose"), but never a listed name of
// four words or more.
func TestCommonTwoWordNameIsNotAStrongMatchToLongNames(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	for _, q := range []string{"Jose Gonzalez", "Juan Garcia", "Luis Hernandez", "Maria Rodriguez"} {
		for _, h := range ix.Match(screen.Query{Names: []string{q}, Type: screen.TypePerson}) {
			n := len(strings.Fields(screen.Normalize(h.Explanation.MatchedName)))
			require.Less(t, n, 4, "%q hit %q: %s", q, h.Explanation.MatchedName, h.Explanation)
		}
	}
}

func TestCantoneseRomanisationFindsPinyinEntries(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	// Two SDN entries are named Zhang Wei in pinyin (45391, and an alias of
	// 23647); "Cheung Wai" is the same name in Hong Kong romanisation: both
	// are hits at the default threshold, the primary name first.
	hits := ix.Match(screen.Query{Names: []string{"Cheung Wai"}, Type: screen.TypePerson})
	require.GreaterOrEqual(t, len(hits), 2)
	require.Equal(t, "45391", hits[0].Entity.ID, hits[0].Explanation.String())
	require.Equal(t, "23647", hits[1].Entity.ID, hits[1].Explanation.String())
	for _, h := range hits[:2] {
		require.ElementsMatch(t, []string{"zhang", "wei"}, strings.Fields(screen.Normalize(h.Explanation.MatchedName)))
		require.Contains(t, h.Explanation.String(), "romanization")
		require.GreaterOrEqual(t, h.Score, screen.DefaultThreshold)
		require.True(t, h.CommonName, "a very common name without confirmation")
	}
}

func TestIdentifierFromRemarksIsDecisive(t *testing.T) {
	ix, err := builtinIndex()
	require.NoError(t, err)
	// R.F.C. of DISTRIBUIDORA IMPERIAL DE BAJA CALIFORNIA (7156), under another name.
	hits := ix.Match(screen.Query{Names: []string{"Comercial Bajío"}, Identifiers: []screen.Identifier{{Type: screen.IDRFC, Value: "DIB771110HQ1"}}})
	require.NotEmpty(t, hits)
	require.Equal(t, "7156", hits[0].Entity.ID)
}

func TestLoadSpecs(t *testing.T) {
	_, err := Load("nope")
	require.ErrorIs(t, err, ErrFormat)
	_, err = Load("xml:file.xml")
	require.ErrorIs(t, err, ErrFormat)
	_, err = Load("un-xml:does-not-exist.xml")
	require.ErrorIs(t, err, os.ErrNotExist)
	set, err := Load("csv:customcsv/testdata/bank_exits.csv")
	require.NoError(t, err)
	require.Equal(t, "bank_exits", set.Info.Name)
	require.Equal(t, 2, set.Info.Entities)

	bad := filepath.Join(t.TempDir(), "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("id,name\n1,A\n1,B\n"), 0o600))
	_, err = Index([]string{"csv:customcsv/testdata/bank_exits.csv", "csv:" + bad})
	require.Error(t, err, "a malformed list fails the whole load: no half-built index")
	require.Contains(t, err.Error(), "bad.csv line 3")
}

func TestEveryFormatLoadsFromSharedData(t *testing.T) {
	dir := sharedata.Dir(t, "sanctions")
	for _, spec := range []string{
		"ofac-csv:" + filepath.Join(dir, "ofac_full_2021"),
		"ofac-csv:" + filepath.Join(dir, "ofac_alt_add_2026-06-02"), // no sdn.csv there
		"ofac-json:" + filepath.Join(dir, "ofac_sdn_2026-08-20", "ofac-sdn.json"),
		"ofac-cons:" + filepath.Join(dir, "ofac_nonsdn_cons_2025-03", "cons_prim.csv"),
		"un-xml:" + filepath.Join(dir, "un_2026-02-27", "un_consolidated.xml"),
	} {
		set, err := Load(spec)
		if strings.Contains(spec, "alt_add") {
			require.True(t, errors.Is(err, os.ErrNotExist), "%s: %v", spec, err)
			continue
		}
		require.NoError(t, err, spec)
		require.NotEmpty(t, set.Entities, spec)
	}
}

// TestHanToPinyinOnOFACNames is a cross-script check with independent
// ground truth: OFAC publishes Chinese names in pinyin and, for many, the
// Chinese Commercial Codes of their characters. Every 2024 entry with
// codes is queried in characters against the 2026 JSON list (pinyin
// only): its own entry must be the top hit.
func TestHanToPinyinOnOFACNames(t *testing.T) {
	old, err := ofaccsv.Read(ofaccsv.Files{Primary: mustOpen(t, sharedata.Dir(t, "sanctions", "ofac_sdn_2024-05-03", "sdn.csv"))}, ofaccsv.ListSDN)
	require.NoError(t, err)
	newer, _, err := ofacjson.Load(sharedata.Dir(t, "sanctions", "ofac_sdn_2026-08-20", "ofac-sdn.json"))
	require.NoError(t, err)
	ix, err := screen.NewIndex(screen.ListSet{Info: screen.ListInfo{Name: "ofac-sdn"}, Entities: newer})
	require.NoError(t, err)
	inNewer := map[string]bool{}
	for _, e := range newer {
		inNewer[e.ID] = true
	}
	tb := translit.Default()
	var total, found int
	for _, e := range old {
		if !inNewer[e.ID] || e.Type != screen.TypePerson {
			continue
		}
		var code string
		for _, id := range e.Identifiers {
			if id.Type == screen.IDChineseCode {
				code = id.Value
			}
		}
		if code == "" {
			continue
		}
		var han []rune
		for _, c := range strings.Fields(code) {
			r, ok := tb.FromTelegraph(c)
			if !ok {
				han = nil
				break
			}
			han = append(han, r)
		}
		if len(han) < 2 {
			continue
		}
		total++
		// The characters alone, with nothing else, must find the entry
		// first at the default threshold (common names — 张磊 Zhang Lei,
		// 初娜 Chu Na — included).
		hits := ix.Match(screen.Query{Names: []string{string(han)}, Type: screen.TypePerson})
		if len(hits) > 0 && hits[0].Entity.ID == e.ID {
			found++
		} else {
			t.Logf("miss: %s (%s) for %s %q", string(han), code, e.ID, e.PrimaryName())
		}
	}
	require.GreaterOrEqual(t, total, 10)
	t.Logf("Han → pinyin recall@1 on OFAC's own codes: %d of %d", found, total)
	require.GreaterOrEqual(t, float64(found)/float64(total), 0.95)
}

func mustOpen(t *testing.T, path string) *os.File {
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}
