package monitor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

func builtinScreener(t *testing.T) *screen.Screener {
	t.Helper()
	ix, err := lists.Index(nil)
	require.NoError(t, err)
	return screen.NewScreener(ix)
}

func TestScreenParties(t *testing.T) {
	s := builtinScreener(t)
	parties := []model.Party{
		{ID: "P1", Kind: model.Organization, Names: []model.Name{{Full: "Cartel de Jalisco Nueva Generacion"}}},
		{ID: "P2", Kind: model.Person, Names: []model.Name{{Full: "Margaret Ellen Thornbury"}}},
	}
	alerts := ScreenParties(s, parties, t0)
	require.NotEmpty(t, alerts)
	for _, a := range alerts {
		require.Equal(t, model.Subject{Kind: model.SubjectParty, ID: "P1"}, a.Subject, "only the listed name hits")
		require.Equal(t, model.TypSanctions, a.Typology)
		require.Equal(t, model.SourceScreen, a.Source)
	}
	require.Equal(t, model.SeverityCritical, alerts[0].Severity, "CJNG is designated a Foreign Terrorist Organization")
	require.Contains(t, alerts[0].Reason, "17671", "the reason names the list entry")
}

func TestMonitorScreensCounterparties(t *testing.T) {
	parties := []model.Party{{ID: "P1", Kind: model.Person, Names: []model.Name{{Full: "Ana Ruiz"}}}}
	accounts := []model.Account{{ID: "A1", Institution: "BANK", Owners: []string{"P1"}}}
	m, err := New(Config{Screener: builtinScreener(t), KYC: rules.NewDirectory(parties, accounts)})
	require.NoError(t, err)
	defer m.Close()

	pay := func(id string, at time.Duration, name string, in bool) model.Transaction {
		tx := model.Transaction{ID: id, Time: t0.Add(at), Amount: 4000, Currency: "USD", Channel: model.ChannelWire,
			Counterparty: model.Counterparty{Name: name, Country: "MX"}}
		if in {
			tx.Originator, tx.Beneficiary = "EXT-9", "A1"
		} else {
			tx.Originator, tx.Beneficiary = "A1", "EXT-9"
		}
		return tx
	}
	require.NoError(t, m.Observe([]model.Transaction{
		pay("T1", 0, "SINALOA CARTEL", false),
		pay("T2", time.Hour, "Papeleria La Esperanza", false),
	}))
	require.NoError(t, m.Observe([]model.Transaction{pay("T3", 2*time.Hour, "Sinaloa Cartel", true)}))

	alerts := m.Alerts()
	require.NotEmpty(t, alerts)
	a := alerts[0]
	require.Equal(t, model.Subject{Kind: model.SubjectAccount, ID: "A1"}, a.Subject, "the alert is about our customer, whichever side")
	require.Equal(t, model.SeverityCritical, a.Severity)
	require.Equal(t, []string{"T1", "T3"}, a.Evidence, "one alert whose evidence grows")
	require.Equal(t, t0, a.WindowStart)
	require.Equal(t, t0.Add(2*time.Hour), a.WindowEnd)
	require.Contains(t, a.Reason, "listed counterparty")
	for _, x := range alerts {
		require.NotContains(t, x.Evidence, "T2", "an ordinary shop does not hit")
	}
}
