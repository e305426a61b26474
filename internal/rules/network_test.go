package rules

import (
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/stretchr/testify/require"
)

func testPerson(id string, mutate ...func(*model.Party)) model.Party {
	p := model.Party{ID: id, Kind: model.Person, Names: []model.Name{{Full: "Test " + id}}}
	for _, m := range mutate {
		m(&p)
	}
	return p
}

func named(id, full, family string, mutate ...func(*model.Party)) model.Party {
	return testPerson(id, append([]func(*model.Party){func(p *model.Party) {
		p.Names = []model.Name{{Full: full, Family: family}}
	}}, mutate...)...)
}

func onboarded(d model.Date, by string) func(*model.Party) {
	return func(p *model.Party) { p.Onboarded, p.OnboardedBy = d, by }
}

// networkOf returns the network view of account acct's owner at time at,
// as the engine computes it.
func networkOf(t *testing.T, parties []model.Party, accounts []model.Account, acct string, at time.Time) NetworkView {
	t.Helper()
	dir := NewDirectory(parties, accounts)
	dir.Institution = "BANK"
	a, p, ok := dir.Lookup(acct)
	require.True(t, ok)
	require.NotNil(t, a)
	var v NetworkView
	dir.Network(p.ID).view(at, 365*24*time.Hour, &v)
	return v
}

func TestNetworkSharedIdentifiers(t *testing.T) {
	on := model.NewDate(2025, 1, 10)
	parties := []model.Party{
		named("P1", "Li Na", "Li", func(p *model.Party) {
			p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E48213377", Country: "CN"}}
			p.Phones = []string{"+1 626-281-4432"}
			p.Onboarded = on
		}),
		// The same passport number under another name: a counterfeit.
		named("P2", "Zhou Min", "Zhou", func(p *model.Party) {
			p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E 4821 3377", Country: "CN"}}
			p.Onboarded = model.NewDate(2025, 2, 1)
		}),
		// The same phone written differently, unrelated.
		named("P3", "Sun Li", "Sun", func(p *model.Party) { p.Phones = []string{"(626) 281-4432"}; p.Onboarded = on }),
		// The same phone, same family: a household.
		named("P4", "Li Wei", "Li", func(p *model.Party) { p.Phones = []string{"6262814432"}; p.Onboarded = on }),
		// A correspondent bank's customer with the phone: a link abroad.
		named("MX1", "Jesús Ramírez", "Ramírez", func(p *model.Party) { p.Phones = []string{"+1 (626) 281 4432"} }),
		// The same record twice is not a shared passport.
		named("P5", "Li Na", "Li", func(p *model.Party) {
			p.Documents = []model.IDDocument{{Type: model.DocPassport, Number: "E48213377", Country: "CN"}}
		}),
	}
	accounts := []model.Account{
		{ID: "A1", Institution: "BANK", Owners: []string{"P1"}},
		{ID: "A2", Institution: "BANK", Owners: []string{"P2"}},
		{ID: "A3", Institution: "BANK", Owners: []string{"P3"}},
		{ID: "A4", Institution: "BANK", Owners: []string{"P4"}},
		{ID: "MXA", Institution: "BFN-MX", Owners: []string{"MX1"}},
		{ID: "A5", Institution: "BANK", Owners: []string{"P5"}},
	}

	before := networkOf(t, parties, accounts, "A1", time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC))
	require.Equal(t, 0, before.SharedPassport, "P2 was not a customer yet")
	require.Equal(t, 1, before.SharedPhone, "P3; P4 is family")
	require.Equal(t, 1, before.SharedRelated)
	require.Equal(t, 1, before.LinkedForeign)
	require.Equal(t, []string{"MX1"}, before.LinkedForeignWith)

	after := networkOf(t, parties, accounts, "A1", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
	require.Equal(t, 1, after.SharedPassport)
	require.Equal(t, 2, after.SharedUnrelated)
	require.Equal(t, []string{"P2", "P3"}, after.SharedWith)
	require.Equal(t, []string{"passport", "phone"}, after.SharedKinds)
	require.False(t, after.Employee)
}

func TestNetworkCountsAnEmployeesHighRiskOpenings(t *testing.T) {
	parties := []model.Party{
		testPerson("E1", onboarded(model.NewDate(2019, 3, 1), "")),
		testPerson("C1", onboarded(model.NewDate(2025, 1, 10), "E1"), func(p *model.Party) { p.Occupation, p.SourceOfFunds = "Homemaker", "Gift" }),
		testPerson("C2", onboarded(model.NewDate(2025, 2, 10), "E1"), func(p *model.Party) { p.Occupation, p.SourceOfFunds = "Laborer", "undisclosed" }),
		testPerson("C3", onboarded(model.NewDate(2025, 2, 11), "E1"), func(p *model.Party) { p.Occupation, p.SourceOfFunds = "Homemaker", "Spouse income" }),
		testPerson("C4", onboarded(model.NewDate(2025, 2, 12), "E1"), func(p *model.Party) { p.Occupation, p.SourceOfFunds = "Software engineer", "" }),
		testPerson("C5", onboarded(model.NewDate(2023, 1, 12), "E1"), func(p *model.Party) { p.Occupation, p.SourceOfFunds = "Student", "undisclosed" }),
	}
	var accounts []model.Account
	for _, p := range parties {
		accounts = append(accounts, model.Account{ID: "A-" + p.ID, Institution: "BANK", Owners: []string{p.ID}})
	}
	v := networkOf(t, parties, accounts, "A-E1", time.Date(2025, 2, 10, 12, 0, 0, 0, time.UTC))
	require.True(t, v.Employee)
	require.Equal(t, 2, v.OnboardedRecent, "C1 and C2; later ones not yet, C5 over a year ago")
	require.Equal(t, 2, v.OnboardedUnexplained, "a homemaker on gifts, a laborer undisclosed")
	v = networkOf(t, parties, accounts, "A-E1", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
	require.Equal(t, 4, v.OnboardedRecent)
	require.Equal(t, 2, v.OnboardedUnexplained, "a homemaker on her spouse's income and a professional are not high-risk openings")
}

func TestSourceUnexplained(t *testing.T) {
	for _, tc := range []struct {
		occupation, source string
		want               bool
	}{
		{"Student", "Family support", false},
		{"Student", "Scholarship", false},
		{"Ama de casa", "Spouse income", false},
		{"Housewife", "Gift", true},
		{"Retired teacher", "Pension", false},
		{"Jubilado", "Loan from friend", true},
		{"Construction laborer", "Employment income", false},
		{"Construction laborer", "Family support", true},
		{"Software engineer", "undisclosed", true},
		{"Software engineer", "", true},
		{"", "Savings", false},
	} {
		p := testPerson("P", func(p *model.Party) { p.Occupation, p.SourceOfFunds = tc.occupation, tc.source })
		require.Equal(t, tc.want, sourceUnexplained(&p), "%s / %q", tc.occupation, tc.source)
	}
}
