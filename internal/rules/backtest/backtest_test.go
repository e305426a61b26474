package backtest_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/centinela-aml/centinela/internal/rules/backtest"
	"github.com/centinela-aml/centinela/internal/synth"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// smallBank is a generated bank of 800 customers over 60 days with every
// FIN-2025-A003 typology planted a few times, built once per test binary.
var smallBank = sync.OnceValue(func() *synth.Memory {
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Customers, cfg.Days = 7, 800, 60
	for _, t := range []model.Typology{model.TypUnexplainedWealth, model.TypStructuring, model.TypSmurfing, model.TypFunnel,
		model.TypPassThrough, model.TypRealEstate, model.TypTBML, model.TypMirror, model.TypSharedIdentifier, model.TypInsider} {
		cfg.Rates[t] = 4
	}
	var m synth.Memory
	if _, err := synth.Generate(context.Background(), cfg, &m, nil); err != nil {
		panic(err)
	}
	return &m
})

func replay(txs []model.Transaction) backtest.Replay {
	return func() iter.Seq2[model.Transaction, error] {
		return func(yield func(model.Transaction, error) bool) {
			for _, tx := range txs {
				if !yield(tx, nil) {
					return
				}
			}
		}
	}
}

func shipped(t *testing.T) *rules.Library {
	t.Helper()
	lib, err := rules.Load(rulefiles.FS())
	require.NoError(t, err)
	return lib
}

// changed is the shipped library with one replacement in one file.
func changed(t *testing.T, file, old, new string) *rules.Library {
	t.Helper()
	m := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(rulefiles.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(rulefiles.FS(), path)
		if path == file {
			require.Contains(t, string(b), old)
			b = []byte(strings.Replace(string(b), old, new, 1))
		}
		m[path] = &fstest.MapFile{Data: b}
		return err
	}))
	lib, err := rules.Load(m)
	require.NoError(t, err)
	return lib
}

func TestBacktestMeasuresAgainstTheLabels(t *testing.T) {
	bank := smallBank()
	data := &backtest.Data{Parties: slices.Clone(bank.Parties), Accounts: slices.Clone(bank.Accounts), Labels: slices.Clone(bank.Labels)}
	results, err := backtest.Run(context.Background(), []*rules.Library{shipped(t)}, data, replay(bank.Transactions), backtest.Options{})
	require.NoError(t, err)
	res := results[0]
	ov := res.Overall

	require.Equal(t, int64(len(bank.Transactions)), ov.Transactions)
	require.Equal(t, "PFB-US", ov.Institution)
	require.InDelta(t, 59.0/(365.25/12), ov.Months, 0.05)
	require.Greater(t, ov.Customers, 800, "ordinary customers, employees and planted parties")
	require.Less(t, ov.OrdinaryCustomers, ov.Customers)
	require.Equal(t, len(res.Alerts), ov.Alerts)
	require.Equal(t, ov.Alerts, ov.OnCase+ov.Ordinary)
	require.NotNil(t, ov.Precision)
	require.NotNil(t, ov.Recall)
	require.NotNil(t, ov.OrdinaryPerTenK)
	require.LessOrEqual(t, ov.Assembled, ov.Alerts)

	// The matching is monitor.Compare's.
	truth := monitor.Compare(res.Alerts, bank.Labels)
	require.Equal(t, truth.OnCase, ov.OnCase)
	byTyp := map[model.Typology]backtest.TypologyResult{}
	for _, tr := range res.Typologies {
		byTyp[tr.Typology] = tr
	}
	for _, row := range truth.ByTypology {
		require.Equal(t, row.Cases, byTyp[row.Typology].Cases, row.Typology)
		require.Equal(t, row.Detected, byTyp[row.Typology].Detected, row.Typology)
	}
	require.True(t, byTyp[model.TypStructuring].Targeted)
	require.False(t, byTyp[model.TypCycle].Targeted, "no rule has the typology of a graph pattern")

	perRule := map[string]backtest.RuleResult{}
	total := 0
	for _, rr := range res.Rules {
		perRule[rr.Rule] = rr
		total += rr.Alerts
		require.Equal(t, rr.Alerts, rr.OnCase+rr.Ordinary, rr.Rule)
	}
	require.Equal(t, ov.Alerts, total)
	require.Positive(t, perRule["MM-2"].NotEvaluable, "no record carries document photos")
	require.Zero(t, perRule["MM-2"].Alerts)
	require.Equal(t, int64(0), perRule["MM-2"].Evaluated)
	require.Positive(t, perRule["STRUCT-1"].Alerts)
	require.NotNil(t, perRule["STRUCT-1"].Recall)

	// Nothing was written to the data.
	require.Equal(t, bank.Parties, data.Parties)
	require.Equal(t, bank.Accounts, data.Accounts)
	require.Equal(t, bank.Labels, data.Labels)
}

func TestBacktestJSONHasTheIssuesShape(t *testing.T) {
	bank := smallBank()
	data := &backtest.Data{Parties: bank.Parties, Accounts: bank.Accounts, Labels: bank.Labels}
	results, err := backtest.Run(context.Background(), []*rules.Library{shipped(t)}, data, replay(bank.Transactions), backtest.Options{})
	require.NoError(t, err)
	b, err := json.Marshal(results[0])
	require.NoError(t, err)
	var out struct {
		Rules   map[string]map[string]any `json:"rules"`
		Overall map[string]any            `json:"overall"`
	}
	require.NoError(t, json.Unmarshal(b, &out))
	require.Contains(t, out.Rules, "MM-1")
	for _, k := range []string{"alerts", "precision", "recall", "not_evaluable"} {
		require.Contains(t, out.Rules["MM-1"], k)
	}
	for _, k := range []string{"alerts", "precision", "recall", "alerts_per_10k_customers_month", "ordinary_alerts_per_10k_customers_month"} {
		require.Contains(t, out.Overall, k)
	}
}

func TestCompareSaysWhichAlertsAppearAndDisappear(t *testing.T) {
	bank := smallBank()
	data := &backtest.Data{Parties: bank.Parties, Accounts: bank.Accounts, Labels: bank.Labels}
	base := shipped(t)
	stricter := changed(t, "struct-1.yaml", "  min_deposits:\n    default: 3\n", "  min_deposits:\n    default: 6\n")
	results, err := backtest.Run(context.Background(), []*rules.Library{base, stricter}, data, replay(bank.Transactions), backtest.Options{})
	require.NoError(t, err)
	d := backtest.Compare(results[0], results[1])
	require.Empty(t, d.Appeared, "a stricter rule raises nothing new")
	require.NotEmpty(t, d.Disappeared)
	for _, r := range d.Disappeared {
		require.Equal(t, "STRUCT-1", r.Rule)
	}
	require.Equal(t, len(results[1].Alerts), d.Kept)

	back := backtest.Compare(results[1], results[0])
	require.Len(t, back.Appeared, len(d.Disappeared), "the comparison is symmetric")
	require.Empty(t, back.Disappeared)
}

// TestParallelMatchesOneEngineOnAGeneratedBank: several workers give the
// same alerts as one engine on a bank with multi-account customers,
// employees and shared identifiers (the engines split customers).
func TestParallelMatchesOneEngineOnAGeneratedBank(t *testing.T) {
	bank := smallBank()
	data := &backtest.Data{Parties: bank.Parties, Accounts: bank.Accounts, Labels: bank.Labels}
	lib := shipped(t)
	run := func(workers int) *backtest.Result {
		res, err := backtest.Run(context.Background(), []*rules.Library{lib}, data, replay(bank.Transactions), backtest.Options{Workers: workers, Batch: 1000})
		require.NoError(t, err)
		return res[0]
	}
	one, three := run(1), run(3)
	require.NotEmpty(t, one.Alerts)
	require.Equal(t, one.Alerts, three.Alerts)
	require.True(t, reflect.DeepEqual(one.Rules, three.Rules))
}
