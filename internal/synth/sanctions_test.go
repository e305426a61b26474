package synth

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

type sdnEntry struct {
	UID      int      `json:"uid"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Programs []string `json:"programs"`
	Alt      []string `json:"alternateNames"`
}

// loadSDN reads the OFAC SDN list of 2026-08-20 from the shared data.
func loadSDN(t *testing.T) []sdnEntry {
	t.Helper()
	path := sharedata.Dir(t, "sanctions", "ofac_sdn_2026-08-20") + "/ofac-sdn.json"
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var list struct {
		Entries []sdnEntry `json:"entries"`
	}
	require.NoError(t, json.Unmarshal(b, &list))
	require.Greater(t, len(list.Entries), 19000)
	return list.Entries
}

// TestSDNVariantsAreOnTheList checks the facts embedded in sdnVariants
// against the list itself.
func TestSDNVariantsAreOnTheList(t *testing.T) {
	byUID := map[int]sdnEntry{}
	for _, e := range loadSDN(t) {
		byUID[e.UID] = e
	}
	fto, han := false, false
	for _, v := range sdnVariants {
		e, ok := byUID[v.uid]
		require.True(t, ok, "uid %d", v.uid)
		require.Equal(t, v.listed, e.Name, "uid %d", v.uid)
		require.ElementsMatch(t, v.programs, e.Programs, "uid %d", v.uid)
		want := "individual"
		if v.kind == model.Organization {
			want = "entity"
		}
		require.Equal(t, want, e.Type, "uid %d", v.uid)
		require.NotEqual(t, v.listed, strings.ToUpper(v.names[0].Full), "uid %d: a variant must differ from the listed name", v.uid)
		if slices.Contains(e.Programs, "FTO") {
			fto = true
		}
		for _, n := range v.names {
			if n.Script == model.ScriptHan {
				han = true
			}
		}
	}
	require.True(t, fto, "at least one variant is an FTO designation")
	require.True(t, han, "at least one variant is written in Han characters")
	first := sdnVariants[0]
	require.Contains(t, first.programs, "FTO", "the first variant planted is the FTO one")
	require.Equal(t, model.ScriptHan, sdnVariants[1].names[0].Script, "the second variant planted is in characters")
}

// vocabulary returns every name token the tables can produce.
func vocabulary() map[string]bool {
	v := map[string]bool{}
	add := func(ss ...string) {
		for _, s := range ss {
			for _, tok := range strings.Fields(normalName(s)) {
				v[tok] = true
			}
		}
	}
	for _, m := range []map[byte][]string{hispanicGiven, hispanicCompoundGiven, angloGiven, englishGivenHK} {
		for _, l := range m {
			add(l...)
		}
	}
	add(hispanicSurnames...)
	add(angloSurnames...)
	for _, g := range otherGroups {
		add(g.givenM...)
		add(g.givenF...)
		add(g.family...)
		for _, f := range g.family {
			add(f + "a")
		}
		add("Van", "Thi")
	}
	for _, s := range hanSurnames {
		add(s.pinyin, s.canton, s.wade)
	}
	for _, a := range hanGiven {
		add(a.pinyin, a.canton, a.wade)
		for _, b := range hanGiven {
			add(a.pinyin + b.pinyin)
		}
	}
	return v
}

var updateReserved = flag.Bool("update-reserved", false, "rewrite names_reserved.go from the SDN list")

// TestReservedNamesCoverSDN keeps reservedSDN complete: every SDN
// individual name made only of tokens the tables can produce is reserved.
// Run with -update-reserved after changing the name tables.
func TestReservedNamesCoverSDN(t *testing.T) {
	vocab := vocabulary()
	reserved := reservedNames()
	if *updateReserved {
		writeReserved(t, vocab)
		return
	}
	for _, e := range loadSDN(t) {
		if e.Type != "individual" {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Alt...) {
			toks := strings.Fields(normalName(n))
			if len(toks) < 2 {
				continue
			}
			all := true
			for _, tok := range toks {
				all = all && vocab[tok]
			}
			if all {
				require.True(t, reserved[normalName(n)], "SDN uid %d %q can be generated but is not in reservedSDN", e.UID, n)
			}
		}
	}
}

// writeReserved rewrites names_reserved.go.
func writeReserved(t *testing.T, vocab map[string]bool) {
	seen := map[string]bool{}
	var entries []string
	for _, e := range loadSDN(t) {
		if e.Type != "individual" {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Alt...) {
			norm := normalName(n)
			toks := strings.Fields(norm)
			all := len(toks) >= 2
			for _, tok := range toks {
				all = all && vocab[tok]
			}
			if all && !seen[norm] {
				seen[norm] = true
				entries = append(entries, fmt.Sprintf("%q", fmt.Sprintf("%d %s", e.UID, norm)))
			}
		}
	}
	src, err := os.ReadFile("names_reserved.go")
	require.NoError(t, err)
	head, rest, ok := strings.Cut(string(src), "var reservedSDN = []string{\n")
	require.True(t, ok)
	_, tail, ok := strings.Cut(rest, "\n}\n")
	require.True(t, ok)
	var b strings.Builder
	line := "\t"
	for _, e := range entries {
		if len(line)+len(e) > 100 {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = "\t"
		}
		line += e + ", "
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
	out := head + "var reservedSDN = []string{\n" + b.String() + "}\n" + tail
	require.NoError(t, os.WriteFile("names_reserved.go", []byte(out), 0o644))
	t.Logf("wrote %d reserved names", len(entries))
}

// TestOrdinaryNamesAreNotOnSDN generates a bank and checks that no ordinary
// party or counterparty carries a name on the SDN list: every sanctions
// match in the generated data is either planted (and labelled) or a false
// positive of the matcher.
func TestOrdinaryNamesAreNotOnSDN(t *testing.T) {
	// A vessel or aircraft that shares a person's name ("ZHEN ZHU") is not a
	// match a screening engine should report for a person.
	listed := map[model.PartyKind]map[string]int{model.Person: {}, model.Organization: {}}
	for _, e := range loadSDN(t) {
		kind := model.Person
		switch e.Type {
		case "entity":
			kind = model.Organization
		case "vessel", "aircraft":
			continue
		}
		for _, n := range append([]string{e.Name}, e.Alt...) {
			listed[kind][normalName(n)] = e.UID
		}
	}
	cfg := DefaultConfig()
	cfg.Seed = seedFromEnv(t, 1)
	cfg.Customers = 3000
	cfg.Days = 40
	var m Memory
	_, err := Generate(context.Background(), cfg, &m, nil)
	require.NoError(t, err)
	labelled := map[string]bool{}
	for _, l := range m.Labels {
		labelled[l.EntityID] = true
	}
	for _, p := range m.Parties {
		if labelled[p.ID] {
			continue
		}
		for _, n := range p.Names {
			uid, hit := listed[p.Kind][normalName(n.Full)]
			require.False(t, hit, "ordinary party %s is named %q, as SDN uid %d", p.ID, n.Full, uid)
		}
	}
	for _, x := range m.Transactions {
		if labelled[x.ID] || x.Counterparty.Name == "" {
			continue
		}
		kind := x.Counterparty.Type
		if kind == "" {
			kind = model.Organization
		}
		uid, hit := listed[kind][normalName(x.Counterparty.Name)]
		require.False(t, hit, "transaction %s counterparty %q is SDN uid %d", x.ID, x.Counterparty.Name, uid)
	}
}

// seedFromEnv returns $SYNTH_SEED when set (to run a test on other seeds),
// else def.
func seedFromEnv(t *testing.T, def uint64) uint64 {
	s := os.Getenv("SYNTH_SEED")
	if s == "" {
		return def
	}
	var v uint64
	_, err := fmt.Sscan(s, &v)
	require.NoError(t, err)
	return v
}
