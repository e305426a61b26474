package ofaccsv

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func byID(t *testing.T, ents []screen.Entity, id string) screen.Entity {
	t.Helper()
	for _, e := range ents {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("entity %s not found", id)
	return screen.Entity{}
}

func TestLoadDirJoinsAliasesAddressesAndRemarks(t *testing.T) {
	ents, err := LoadDir("testdata")
	require.NoError(t, err)
	require.Len(t, ents, 8)

	zhang := byID(t, ents, "16318")
	require.Equal(t, screen.TypePerson, zhang.Type)
	require.Equal(t, []string{"SDNTK"}, zhang.Programs)
	var names []string
	for _, n := range zhang.Names {
		names = append(names, n.Full)
	}
	require.Equal(t, []string{"ZHANG, Lei", "CHANG, Eric", "LEI, Zhang", "ZHANG, Shi"}, names)
	require.Equal(t, []screen.PartialDate{{Year: 1976, Month: 1, Day: 3}}, zhang.BirthDates)
	require.Equal(t, []string{"Shanghai, China"}, zhang.BirthPlaces)
	require.Equal(t, []string{"China"}, zhang.Nationalities)
	require.Equal(t, []string{"CEC LIMITED"}, zhang.LinkedTo)
	require.True(t, strings.HasSuffix(zhang.Remarks, "; Gender Male."), "sdn_comments continues the remarks")
	var ids []string
	for _, id := range zhang.Identifiers {
		ids = append(ids, string(id.Type)+"="+id.Value+"/"+id.Country)
	}
	require.Equal(t, []string{
		"passport=G23851362/China", "passport=W76048374/China",
		"national_id=320202197601030513/China", "chinese_commercial_code=1728 4320/",
	}, ids)

	cartel := byID(t, ents, "11440")
	require.Equal(t, screen.TypeOrganization, cartel.Type)
	require.Equal(t, "CARTEL DE SINALOA", cartel.Names[1].Full)

	bank := byID(t, ents, "306")
	require.Len(t, bank.Addresses, 4) // four rows of add.csv for ent_num 306
	require.Equal(t, "Zweierstrasse 35, Zurich CH-8022, Switzerland", bank.Addresses[0])
	require.Equal(t, "BNC", bank.Names[2].Full, "a.k.a. in the remarks becomes a name")
}

func TestRemarksMexicanIdentifiers(t *testing.T) {
	ents, err := LoadDir("testdata")
	require.NoError(t, err)
	rfc := byID(t, ents, "7156").Identifiers[0]
	require.Equal(t, screen.IDRFC, rfc.Type)
	require.Equal(t, "DIB-771110-HQ1", rfc.Value)
	require.True(t, rfc.Valid)

	aguilar := byID(t, ents, "7163")
	require.Equal(t, []screen.PartialDate{{Year: 1953, Month: 9, Day: 29}}, aguilar.BirthDates)
	require.Equal(t, screen.IDRFC, aguilar.Identifiers[0].Type)
	require.Equal(t, screen.IDNationalID, aguilar.Identifiers[1].Type, "Credencial electoral")

	folio := byID(t, ents, "12096").Identifiers[0]
	require.Equal(t, screen.Identifier{Type: screen.IDFolioMercantil, Value: "343997", Country: "Mexico", Label: "Folio Mercantil No.", Valid: true}, folio)

	yan := byID(t, ents, "25308")
	var crypto int
	for _, id := range yan.Identifiers {
		if id.Type == screen.IDCrypto {
			crypto++
			require.Equal(t, "Digital Currency Address - XBT", id.Label)
		}
	}
	require.Equal(t, 6, crypto)
}

func TestParseOFACDates(t *testing.T) {
	tests := map[string]screen.PartialDate{
		"DOB 29 Sep 1953":          {Year: 1953, Month: 9, Day: 29},
		"DOB Sep 1960":             {Year: 1960, Month: 9},
		"DOB 1962":                 {Year: 1962},
		"DOB circa 1970":           {Year: 1970, Circa: true},
		"DOB 1958 to 1960":         {Year: 1958, YearTo: 1960},
		"alt. DOB circa 1958-1960": {Year: 1958, YearTo: 1960, Circa: true},
	}
	for in, want := range tests {
		require.Equal(t, []screen.PartialDate{want}, ParseRemarks(in).BirthDates, in)
	}
	require.Empty(t, ParseRemarks("DOB unknown").BirthDates)
}

func TestSplitRemarksKeepsQuotedAliases(t *testing.T) {
	r := ParseRemarks("a.k.a. 'O'BRIEN; SEAN'; nationality Ireland.")
	require.Equal(t, []string{"Ireland"}, r.Nationalities)
	require.Equal(t, "O'BRIEN; SEAN", r.Aliases[0].Full)
}

func TestMalformedRecordNamesFileAndLine(t *testing.T) {
	sdn := "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n" +
		"X,\"BAD\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
	_, err := Read(Files{Primary: strings.NewReader(sdn), PrimaryName: "sdn.csv"}, ListSDN)
	require.ErrorContains(t, err, "sdn.csv line 2")
	require.ErrorContains(t, err, `ent_num "X" is not a number`)

	short := "36,\"AEROCARIBBEAN AIRLINES\",-0- \n"
	_, err = Read(Files{Primary: strings.NewReader(short), PrimaryName: "sdn.csv"}, ListSDN)
	require.ErrorContains(t, err, "sdn.csv line 1: 3 fields, want 12")
}

func TestLatin1IsDecoded(t *testing.T) {
	sdn := []byte("1,\"PE\xd1A, Jos\xe9\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n")
	ents, err := Read(Files{Primary: bytes.NewReader(sdn)}, ListSDN)
	require.NoError(t, err)
	require.Equal(t, "PEÑA, José", ents[0].Names[0].Full)
}

func TestLoadConsolidated(t *testing.T) {
	ents, err := LoadConsolidated(filepath.Join("testdata", "cons_prim.csv"))
	require.NoError(t, err)
	require.Len(t, ents, 3)
	require.Equal(t, ListConsolidated, ents[0].List)
	require.Equal(t, []string{"NS-PLC"}, ents[0].Programs)
	require.Equal(t, []screen.PartialDate{{Year: 1962}}, ents[0].BirthDates)
}

// TestSharedSDNSets reads the full OFAC CSV sets of the shared data.
func TestSharedSDNSets(t *testing.T) {
	dir := sharedata.Dir(t, "sanctions", "ofac_full_2021")
	ents, err := LoadDir(dir)
	require.NoError(t, err)
	require.Len(t, ents, 8976)
	rfcs, valid := 0, 0
	for _, e := range ents {
		for _, id := range e.Identifiers {
			if id.Type == screen.IDCURP {
				rfcs++
				if id.Valid {
					valid++
				}
			}
		}
	}
	require.Greater(t, rfcs, 100)
	require.Greater(t, float64(valid)/float64(rfcs), 0.95, "OFAC's C.U.R.P. values verify")
	ents, err = LoadConsolidated(sharedata.Dir(t, "sanctions", "ofac_nonsdn_cons_2025-03", "cons_prim.csv"))
	require.NoError(t, err)
	require.Len(t, ents, 443)
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"sdn.csv", "alt.csv", "add.csv", "cons_prim.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("1,\"A\",-0- ,\"X] [Y\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1 Jan; alt. DOB circa ; Passport  (\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ents, err := Read(Files{Primary: bytes.NewReader(b), Alt: bytes.NewReader(b), Add: bytes.NewReader(b)}, ListSDN)
		if err != nil {
			require.Nil(t, ents, "no half-loaded list")
			return
		}
		for _, e := range ents {
			require.NotEmpty(t, e.ID)
			require.NotEmpty(t, e.Names)
		}
	})
}

func FuzzParseRemarks(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "sdn.csv"))
	require.NoError(f, err)
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.LastIndex(line, ",\""); i >= 0 {
			f.Add(line[i+2:])
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseRemarks(s)
		for _, d := range r.BirthDates {
			require.NotZero(t, d.Year)
		}
		for _, id := range r.Identifiers {
			require.NotEmpty(t, id.Value)
		}
	})
}
