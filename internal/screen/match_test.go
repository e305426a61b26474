package screen

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/model"
)

func testIndex(t testing.TB, list string, ents ...Entity) *Index {
	t.Helper()
	for i := range ents {
		ents[i].List = list
	}
	ix, err := NewIndex(ListSet{Info: ListInfo{Name: list, Source: "test"}, Entities: ents})
	require.NoError(t, err)
	return ix
}

func person(id, name string, programs ...string) Entity {
	return Entity{ID: id, Type: TypePerson, Names: []EntityName{{Full: name, Quality: NamePrimary}}, Programs: programs}
}

func smallIndex(t testing.TB) *Index {
	cjng := Entity{ID: "17671", Type: TypeOrganization, Programs: []string{"SDNTK", "FTO"},
		Names: []EntityName{{Full: "CARTEL DE JALISCO NUEVA GENERACION", Quality: NamePrimary}, {Full: "CJNG", Quality: NameAlias}}}
	zhang := person("16318", "ZHANG, Lei", "SDNTK")
	zhang.BirthDates = []PartialDate{{Year: 1976, Month: 1, Day: 3}}
	zhang.Identifiers = []Identifier{{Type: IDPassport, Value: "G23851362", Country: "China", Valid: true}, {Type: IDChineseCode, Value: "1728 4320", Valid: true}}
	zhangWei := person("45391", "ZHANG, Wei")
	zhangWei.BirthDates = []PartialDate{{Year: 1977, Month: 6, Day: 16}}
	return testIndex(t, "test",
		cjng, zhang,
		person("15002", "FLORES APODACA, Agustin", "SDNTK"),
		person("7221", "GONZALEZ QUIRARTE, Eduardo", "SDNTK"),
		zhangWei,
		person("1", "SMITH, John"),
		Entity{ID: "2", Type: TypeOrganization, Names: []EntityName{{Full: "DEUTSCHE BANK AG", Quality: NamePrimary}}},
	)
}

func TestMatchExplainsHits(t *testing.T) {
	ix := smallIndex(t)
	// Zhang Lei and Zhang Wei are very common names: on the name alone
	// they are still hits (at a lower severity), whatever the script.
	tests := []struct {
		name, query string
		want        string
		how         MatchKind
	}{
		{"exact", "Cartel de Jalisco Nueva Generación", "17671", MatchExact},
		{"acronym alias", "CJNG", "17671", MatchExact},
		{"exact common name", "ZHANG, Wei", "45391", MatchExact},
		{"Han characters", "张磊", "16318", MatchExact},
		{"traditional characters", "張磊", "16318", MatchExact},
		{"Han characters, common name", "张伟", "45391", MatchExact},
		{"Cantonese romanization", "Cheung Wai", "45391", MatchRomanization},
		{"Wade-Giles", "Chang Wei", "45391", MatchRomanization},
		{"reordered", "Lei Zhang", "16318", MatchExact},
		{"reordered common name", "Wei Zhang", "45391", MatchExact},
		{"dropped maternal surname", "Agustin Flores", "15002", MatchExact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Match(Query{Names: []string{tt.query}})
			require.NotEmpty(t, hits)
			require.Equal(t, tt.want, hits[0].Entity.ID)
			require.GreaterOrEqual(t, hits[0].Score, DefaultThreshold)
			var hows []MatchKind
			for _, tm := range hits[0].Explanation.Tokens {
				hows = append(hows, tm.How)
			}
			require.Contains(t, hows, tt.how)
			require.NotEmpty(t, hits[0].Explanation.MatchedName)
		})
	}
}

func TestMatchRejects(t *testing.T) {
	ix := smallIndex(t)
	for _, q := range []string{"Jalisco Tours", "Wang Lei", "Zhang Wen", "Deutsche Bank GmbH", "Lei"} {
		for _, h := range ix.Match(Query{Names: []string{q}}) {
			t.Errorf("%q hit %s %q at %.3f: %s", q, h.Entity.ID, h.Entity.PrimaryName(), h.Score, h.Explanation)
		}
	}
}

func TestIdentifierIsDecisive(t *testing.T) {
	ix := smallIndex(t)
	hits := ix.Match(Query{Names: []string{"Eric Chang"}, Identifiers: []Identifier{{Type: IDPassport, Value: "g 2385 1362", Country: "CN"}}})
	require.NotEmpty(t, hits, "a matching passport number finds the entry whatever the name")
	require.Equal(t, "16318", hits[0].Entity.ID)
	require.Equal(t, 0.99, hits[0].Score)

	hits = ix.Match(Query{Names: []string{"Zhang Lei"}, Identifiers: []Identifier{{Type: IDPassport, Value: "E99999999", Country: "China"}}, Threshold: 0.1})
	require.Equal(t, "16318", hits[0].Entity.ID)
	require.Less(t, hits[0].Score, hits[0].NameScore, "a different passport of the same country lowers the score")
}

func TestBirthDateAdjusts(t *testing.T) {
	ix := smallIndex(t)
	same := ix.Match(Query{Names: []string{"Zhang Lei"}, BirthDate: PartialDate{Year: 1976, Month: 1, Day: 3}})
	require.Equal(t, "birth_date", same[0].Explanation.Adjustments[0].Field)
	require.Positive(t, same[0].Explanation.Adjustments[0].Effect)
	other := ix.Match(Query{Names: []string{"Zhang Lei"}, BirthDate: PartialDate{Year: 1990}, Threshold: 0.1})
	require.Less(t, other[0].Score, 1.0)
	require.Negative(t, other[0].Explanation.Adjustments[0].Effect)
}

func TestPartyAlertSeverity(t *testing.T) {
	ix := smallIndex(t)
	p := model.Party{ID: "C-9", Kind: model.Organization, Names: []model.Name{{Full: "Cártel Jalisco Nueva Generación"}, {Full: "CJNG"}}}
	hits := ix.Match(PartyQuery(&p))
	require.NotEmpty(t, hits)
	a := hits[0].Alert(model.Subject{Kind: model.SubjectParty, ID: p.ID}, time.Date(2026, 8, 21, 0, 0, 0, 0, time.UTC))
	require.Equal(t, model.SeverityCritical, a.Severity, "an FTO designation is critical")
	require.Equal(t, model.SourceScreen, a.Source)
	require.Equal(t, model.TypSanctions, a.Typology)
	require.Contains(t, a.Reason, "17671")
	require.Equal(t, "screen-C-9-test-17671", a.ID)
}

func TestScreenerReloadIsAtomic(t *testing.T) {
	a := testIndex(t, "list-a", person("A", "ALPHA BRAVO"), person("A2", "ALPHA BRAVO CHARLIE"))
	b := testIndex(t, "list-b", person("B", "ALPHA BRAVO"), person("B2", "ALPHA BRAVO CHARLIE"))
	rapid.Check(t, func(rt *rapid.T) {
		workers := rapid.IntRange(1, 4).Draw(rt, "workers")
		swaps := rapid.IntRange(1, 60).Draw(rt, "swaps")
		failAt := rapid.IntRange(0, swaps).Draw(rt, "failAt")
		s := NewScreener(a)
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 40; i++ {
					hits := s.Match(Query{Names: []string{"Alpha Bravo Charlie"}, Threshold: 0.1})
					if len(hits) != 2 || hits[0].Entity.List != hits[1].Entity.List {
						errs <- fmt.Errorf("query %d saw a half-swapped index: %d hits", i, len(hits))
						return
					}
				}
			}()
		}
		want := a
		for i := 0; i < swaps; i++ {
			next := b
			if i%2 == 1 {
				next = a
			}
			if i == failAt {
				if err := s.Reload(func() (*Index, error) { return nil, fmt.Errorf("bad list") }); err == nil {
					rt.Fatalf("a failing reload reported no error")
				}
				continue
			}
			if err := s.Reload(func() (*Index, error) { return next, nil }); err != nil {
				rt.Fatalf("reload: %v", err)
			}
			want = next
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			rt.Fatal(err)
		}
		if s.Index() != want {
			rt.Fatalf("after the reloads the index in service is not the last one loaded")
		}
	})
}

func TestDuplicateEntityIsAnError(t *testing.T) {
	_, err := NewIndex(ListSet{Entities: []Entity{person("1", "A"), person("1", "B")}})
	require.ErrorContains(t, err, "entity 1 appears twice")
}

// nameGen draws person-like names from a small vocabulary, so that pairs
// share words often.
func nameGen() *rapid.Generator[string] {
	words := []string{"jose", "garcia", "maria", "zhang", "wei", "li", "al", "bin", "mohammed", "hassan", "de", "la", "cruz",
		"john", "smith", "ltd", "co", "sa", "cheung", "chan", "chen", "wong", "ivan", "petrov", "a", "j", "Müller", "O'Brien", "张", "伟", "محمد"}
	return rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(1, 5).Draw(t, "n")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = rapid.SampledFrom(words).Draw(t, "w")
		}
		if rapid.Bool().Draw(t, "comma") && n > 1 {
			parts[0] += ","
		}
		return fmt.Sprint(join(parts))
	})
}

func join(p []string) string {
	s := ""
	for i, x := range p {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s
}

func TestScoreProperties(t *testing.T) {
	ix := smallIndex(t)
	rapid.Check(t, func(t *rapid.T) {
		a := nameGen().Draw(t, "a")
		b := nameGen().Draw(t, "b")
		typ := rapid.SampledFrom([]EntityType{"", TypePerson, TypeOrganization}).Draw(t, "typ")
		s := ix.CompareNames(a, b, typ)
		if s < 0 || s > 1 {
			t.Fatalf("score %v out of [0,1] for %q / %q", s, a, b)
		}
		if self := ix.CompareNames(a, a, typ); Normalize(a) != "" && self != 1 {
			t.Fatalf("%q against itself scores %v, want 1", a, self)
		}
		if back := ix.CompareNames(b, a, typ); back != s {
			t.Fatalf("asymmetric: %q/%q %v, reversed %v", a, b, s, back)
		}
	})
}

func TestMatchScoresAreCalibrated(t *testing.T) {
	ix := smallIndex(t)
	rapid.Check(t, func(t *rapid.T) {
		e := rapid.SampledFrom(ix.Entities()).Draw(t, "entity")
		n := rapid.SampledFrom(e.Names).Draw(t, "name")
		// Every entry is found by its own name at name score 1 and, with
		// nothing to contradict it, at the default threshold: a common
		// name lowers the severity, not the score.
		hits := ix.Match(Query{Names: []string{n.Full}, Type: e.Type})
		found := false
		for _, h := range hits {
			if h.Entity.ID == e.ID {
				found = h.NameScore == 1 && h.Score == 1
			}
		}
		if !found {
			t.Fatalf("entity %s not found at score 1 by its own name %q", e.ID, n.Full)
		}
	})
}

func FuzzCompareNames(f *testing.F) {
	ix := smallIndex(f)
	f.Add("GUZMAN LOERA, Joaquin", "Joaquín Guzmán")
	f.Add("张伟", "Cheung Wai")
	f.Add("PLA", "People's Liberation Army")
	f.Add("S.A. de C.V.", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := ix.CompareNames(a, b, "")
		require.GreaterOrEqual(t, s, 0.0)
		require.LessOrEqual(t, s, 1.0)
	})
}
