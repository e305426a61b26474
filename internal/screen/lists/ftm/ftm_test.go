package ftm

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
)

const sample = `{"id":"NK-cartel-1","schema":"Organization","properties":{"name":["Cártel de Sinaloa"],"alias":["Sinaloa Cartel","CDS"],"topics":["sanction"],"program":["FTO"]},"datasets":["us_ofac_sdn"]}
{"id":"Q123","schema":"Person","properties":{"name":["张伟"],"alias":["Zhang Wei"],"weakAlias":["Big Wei"],"birthDate":["1970-03-02"],"nationality":["cn"],"passportNumber":["E12345678"]}}
{"id":"sanction-1","schema":"Sanction","properties":{"entity":["Q123"]}}

{"id":"v1","schema":"Vessel","properties":{"name":["NAM SAN 8"],"imoNumber":["8122347"]}}
`

func TestReadParties(t *testing.T) {
	ents, err := Read(strings.NewReader(sample), "sample.ftm.json")
	require.NoError(t, err)
	require.Len(t, ents, 3, "the Sanction object is not a party")
	require.Equal(t, "us_ofac_sdn", ents[0].List)
	require.Equal(t, []string{"FTO"}, ents[0].Programs)
	require.Equal(t, screen.TypeOrganization, ents[0].Type)
	p := ents[1]
	require.Equal(t, screen.TypePerson, p.Type)
	require.Equal(t, "Hani", p.Names[0].Script)
	require.Equal(t, screen.NameWeak, p.Names[2].Quality)
	require.Equal(t, []screen.PartialDate{{Year: 1970, Month: 3, Day: 2}}, p.BirthDates)
	require.Equal(t, screen.IDPassport, p.Identifiers[0].Type)
	require.Equal(t, screen.IDIMO, ents[2].Identifiers[0].Type)
}

func TestReadErrorsNameTheLine(t *testing.T) {
	_, err := Read(strings.NewReader("{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\nnot json\n"), "x.json")
	require.ErrorContains(t, err, "x.json line 2")
	_, err = Read(strings.NewReader(`{"id":"a","schema":"Person","properties":{}}`), "x.json")
	require.ErrorContains(t, err, `x.json line 1: Person "a" has no name`)
	_, err = Read(strings.NewReader(`{"id":"a"}`), "x.json")
	require.ErrorContains(t, err, "not a FollowTheMoney entity")
}

func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Fuzz(func(t *testing.T, s string) {
		ents, err := Read(strings.NewReader(s), "fuzz")
		if err != nil {
			require.Nil(t, ents)
			return
		}
		for _, e := range ents {
			require.NotEmpty(t, e.Names)
			require.NotEmpty(t, e.ID)
		}
	})
}
