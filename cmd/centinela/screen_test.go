package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestScreenNameExplainsTheHit(t *testing.T) {
	code, out, errOut := cli(t, "screen", "--type", "organization", "Cártel de Jalisco Nueva Generación")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "17671")
	require.Contains(t, out, "FTO")
	require.Contains(t, out, "jalisco=jalisco")
}

func TestScreenJSONAndNoHit(t *testing.T) {
	code, out, errOut := cli(t, "screen", "--json", "张磊")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Hits []struct {
			Entity      struct{ ID string }
			CommonName  bool `json:"common_name"`
			Explanation struct {
				Transliteration string `json:"transliteration"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.NotEmpty(t, res.Hits, "张磊 is ZHANG, Lei (16318): an exact name through transliteration")
	require.Equal(t, "16318", res.Hits[0].Entity.ID)
	require.Contains(t, res.Hits[0].Explanation.Transliteration, "Hani")
	require.True(t, res.Hits[0].CommonName, "a very common name with nothing to confirm it")

	code, out, _ = cli(t, "screen", "Acme Plumbing Supplies")
	require.Equal(t, 0, code)
	require.Contains(t, out, "no hit")
}

func TestScreenBatchOneResultPerRow(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "parties.csv", "id,name,type,birth_date\nP1,Joaquin Guzman Loera,person,1957\nP2,Ada Lovelace,person,\nP3,,person,\n")
	code, out, errOut := cli(t, "screen", "--json", "--batch", in)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	require.Contains(t, lines[0], `"id":"6861"`)
	require.Contains(t, lines[1], `"hits":[]`)
	require.Contains(t, lines[2], `"error":"name is empty"`)

	jl := write(t, dir, "parties.jsonl", `{"id":"C1","kind":"organization","names":[{"full":"Sinaloa Cartel"}]}`+"\n")
	code, out, errOut = cli(t, "screen", "--batch", jl)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "11440")
}

func TestScreenUsageErrors(t *testing.T) {
	code, _, errOut := cli(t, "screen", "--list", "xml:foo", "X")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "unknown list format")
	code, _, _ = cli(t, "screen")
	require.Equal(t, 2, code)
	code, _, _ = cli(t, "screen", "eval", "--list", "csv:"+filepath.Join(t.TempDir(), "none.csv"), "--pairs", "screen_test.go", "--queries", "screen_test.go")
	require.Equal(t, 2, code, "exactly one evaluation at a time")
}

func TestScreenCustomList(t *testing.T) {
	dir := t.TempDir()
	list := write(t, dir, "exits.csv", "id,name,type,programs\nX-1,\"PEREZ LOPEZ, Ana Maria\",person,INTERNAL-EXIT\n")
	code, out, errOut := cli(t, "screen", "--list", "csv:"+list, "Ana Maria Perez Lopez")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "exits X-1")
}

// The cross-script requirement, end to end: the listed name, its
// characters, its Cantonese and Wade–Giles readings and the reordered name
// all find "ZHANG, Wei" (45391).
func TestScreenCrossScriptCommonName(t *testing.T) {
	for _, name := range []string{"ZHANG, Wei", "张伟", "張偉", "Cheung Wai", "Chang Wei", "Wei Zhang"} {
		code, out, errOut := cli(t, "screen", name)
		require.Equal(t, 0, code, errOut)
		require.Contains(t, out, "45391", name)
		require.Contains(t, out, "very common name", name)
	}
	code, out, errOut := cli(t, "screen", "Zhang Lei")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "16318")
}

// "centinela screen --help" shows how to screen a name, not only eval.
func TestScreenHelpShowsUsage(t *testing.T) {
	code, out, _ := cli(t, "screen", "--help")
	require.Equal(t, 0, code)
	for _, want := range []string{"centinela screen [flags] NAME", "--batch", "--type", "--list", "--json", "Examples:", "centinela screen 张伟"} {
		require.Contains(t, out, want)
	}
}
