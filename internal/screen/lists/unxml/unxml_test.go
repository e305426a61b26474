package unxml

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func TestReadOriginalScriptAliasesAndDates(t *testing.T) {
	ents, err := Load("testdata/un.xml")
	require.NoError(t, err)
	require.Len(t, ents, 4)
	var saddam screen.Entity
	for _, e := range ents {
		for _, n := range e.Names {
			if n.Full == "صدام حسين التكريتي" {
				saddam = e
			}
		}
	}
	require.NotEmpty(t, saddam.ID, "the name in original script is one of the names")
	require.Equal(t, screen.TypePerson, saddam.Type)
	require.Contains(t, saddam.ID, "UN-")
	for _, n := range saddam.Names {
		if n.Full == "صدام حسين التكريتي" {
			require.Equal(t, "Arab", n.Script)
		}
	}
	require.Equal(t, screen.TypeOrganization, ents[3].Type)
	require.Equal(t, "UN-6907993", ents[2].ID)
	require.Equal(t, "ERIC BADEGE", ents[2].PrimaryName())
	require.Equal(t, []screen.PartialDate{{Year: 1971}}, ents[2].BirthDates)
	require.Equal(t, []string{"UN-DRC"}, ents[2].Programs)
}

func TestReadErrors(t *testing.T) {
	_, err := Read(strings.NewReader(`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>x</DATAID></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`), "un.xml")
	require.ErrorContains(t, err, `un.xml line 1: INDIVIDUAL: DATAID "x" is not a number`)
	_, err = Read(strings.NewReader(`<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID></ENTITY></ENTITIES></CONSOLIDATED_LIST>`), "un.xml")
	require.ErrorContains(t, err, "DATAID 1 has no name")
	_, err = Read(strings.NewReader(`<OTHER/>`), "un.xml")
	require.ErrorContains(t, err, "not a UN consolidated list")
	_, err = Read(strings.NewReader("<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL>"), "un.xml")
	require.ErrorContains(t, err, "un.xml line")
}

func TestSharedUNList(t *testing.T) {
	ents, err := Load(sharedata.Dir(t, "sanctions", "un_2026-02-27", "un_consolidated.xml"))
	require.NoError(t, err)
	require.Len(t, ents, 1003)
	arabic := 0
	for _, e := range ents {
		for _, n := range e.Names {
			if n.Script == "Arab" {
				arabic++
			}
		}
	}
	require.GreaterOrEqual(t, arabic, 366, "366 Arabic original-script names (shared data README)")
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile("testdata/un.xml")
	require.NoError(f, err)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		ents, err := Read(bytes.NewReader(b), "fuzz")
		if err != nil {
			require.Nil(t, ents)
			return
		}
		for _, e := range ents {
			require.NotEmpty(t, e.Names)
		}
	})
}
