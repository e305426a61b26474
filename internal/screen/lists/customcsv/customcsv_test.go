package customcsv

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
)

func TestLoadBankList(t *testing.T) {
	ents, err := Load("testdata/bank_exits.csv")
	require.NoError(t, err)
	require.Len(t, ents, 2)
	e := ents[0]
	require.Equal(t, "bank_exits", e.List)
	require.Equal(t, screen.TypePerson, e.Type)
	require.Len(t, e.Names, 3)
	require.Equal(t, []string{"INTERNAL-EXIT"}, e.Programs)
	require.Equal(t, []screen.PartialDate{{Year: 1975, Month: 4, Day: 2}}, e.BirthDates)
	require.Equal(t, screen.Identifier{Type: screen.IDCURP, Value: "GAMR501027HSLXDG00", Country: "MX", Valid: true}, e.Identifiers[0])
	require.True(t, ents[1].Identifiers[0].Valid, "R.F.C. check character verifies")
}

func TestErrorsNameLineAndColumn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty file"},
		{"id,nombre\n", `line 1 column 2: unknown column "nombre"`},
		{"name\nA\n", `no "id" column`},
		{"id,name\n1,A\n1,B\n", `line 3 column 1: id "1" appears twice`},
		{"id,name,birth_date\n1,A,1975-13\n", "line 2 column 3: date"},
		{"id,name,type\n1,A,robot\n", `line 2 column 3: type "robot"`},
		{"id,name,identifiers\n1,A,passport\n", "line 2 column 3: identifier \"passport\""},
		{"id,name\n1,\n", "line 2 column 2: name is empty"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.in), "l.csv", "l")
		require.ErrorContains(t, err, tt.want, tt.in)
	}
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile("testdata/bank_exits.csv")
	require.NoError(f, err)
	f.Add(string(b))
	f.Fuzz(func(t *testing.T, s string) {
		ents, err := Read(strings.NewReader(s), "fuzz", "fuzz")
		if err != nil {
			require.Nil(t, ents)
			return
		}
		for _, e := range ents {
			require.NotEmpty(t, e.ID)
			require.NotEmpty(t, e.Names)
		}
	})
}
