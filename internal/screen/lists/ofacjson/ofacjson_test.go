package ofacjson

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func TestReadKeepsProgramsAndAliases(t *testing.T) {
	ents, date, err := Load("testdata/sdn.json")
	require.NoError(t, err)
	require.Equal(t, "2026-08-20", date)
	require.Len(t, ents, 7)
	var cjng screen.Entity
	for _, e := range ents {
		if e.ID == "17671" {
			cjng = e
		}
	}
	require.Equal(t, "CARTEL DE JALISCO NUEVA GENERACION", cjng.PrimaryName())
	require.Equal(t, screen.TypeOrganization, cjng.Type)
	require.True(t, cjng.HasProgram("FTO"))
	require.Equal(t, []string{"SDNTK", "FTO", "SDGT", "ILLICIT-DRUGS-EO14059"}, cjng.Programs)
	require.Len(t, cjng.Names, 4)
	require.Equal(t, screen.NameAlias, cjng.Names[2].Quality)
}

func TestReadErrorsNameTheEntry(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"entries":[{"uid":1,"name":"A","type":"entity"},{"uid":"x","name":"B","type":"entity"}]}`, "f.json entry 1: "},
		{`{"entries":[{"uid":-4,"name":"A","type":"entity"}]}`, `f.json entry 0: uid "-4" is not a positive integer`},
		{`{"entries":[{"uid":1,"name":" ","type":"entity"}]}`, "f.json entry 0 (uid 1): name is empty"},
		{`{"entries":[{"uid":1,"name":"A","type":"boat"}]}`, `type "boat"`},
		{`{"entries":[{"uid":1,"name":"A","type":"entity"},{"uid":1,"name":"B","type":"entity"}]}`, "uid 1 appears twice"},
		{`{"name":"x"}`, "not an OFAC SDN JSON file"},
		{`{"entries":[`, "f.json"},
	}
	for _, tt := range tests {
		_, _, err := Read(strings.NewReader(tt.in), "f.json")
		require.ErrorContains(t, err, tt.want, tt.in)
	}
}

func TestSharedSDNJSON(t *testing.T) {
	ents, _, err := Load(sharedata.Dir(t, "sanctions", "ofac_sdn_2026-08-20", "ofac-sdn.json"))
	require.NoError(t, err)
	require.Len(t, ents, 19249)
	fto := 0
	for _, e := range ents {
		if e.HasProgram(screen.ProgramFTO) {
			fto++
		}
	}
	require.Equal(t, 103, fto, "103 FTO entries in the 2026-08-20 list (shared data README)")
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile("testdata/sdn.json")
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"entries":[{"uid":1e3,"name":"A","type":"","programs":null,"alternateNames":[""]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ents, _, err := Read(bytes.NewReader(b), "fuzz")
		if err != nil {
			require.Nil(t, ents)
			return
		}
		for _, e := range ents {
			require.NotEmpty(t, e.Names)
		}
	})
}
