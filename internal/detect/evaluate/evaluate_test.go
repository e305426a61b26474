package evaluate

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func TestTemporalSplitRule(t *testing.T) {
	// Ten days of 100 transactions: the cut is 6 / 2 / 2 days exactly.
	var days []int64
	for d := range 10 {
		for range 100 {
			days = append(days, int64(19000+d))
		}
	}
	labels := make([]bool, len(days))
	labels[0], labels[650], labels[999] = true, true, true
	sp, err := TemporalSplit(days, labels)
	require.NoError(t, err)
	require.Equal(t, [3]int{6, 2, 2}, [3]int{sp.TrainDays, sp.ValidDays, sp.TestDays})
	require.Equal(t, [3]int{600, 200, 200}, [3]int{sp.Train, sp.Valid, sp.Test})
	require.Equal(t, [3]int{1, 1, 1}, [3]int{sp.TrainPositives, sp.ValidPositives, sp.TestPositives})
	require.Zero(t, sp.Worst)
	require.Equal(t, "2022-01-14", sp.ValidFrom) // day 19006

	// Uneven days: the pair of cuts minimising the worst relative error.
	// Counts 50, 10, 10, 10, 10, 10: (1,2) gives 50/10/40 → worst
	// |0.2−0.4|/0.2 = 1; (1,3) 50/20/30 → 0.5; (2,4) 60/20/20 → 0.
	days = days[:0]
	for d, c := range []int{50, 10, 10, 10, 10, 10} {
		for range c {
			days = append(days, int64(d))
		}
	}
	sp, err = TemporalSplit(days, make([]bool, len(days)))
	require.NoError(t, err)
	require.Equal(t, [3]int{2, 2, 2}, [3]int{sp.TrainDays, sp.ValidDays, sp.TestDays})

	_, err = TemporalSplit([]int64{1, 0}, []bool{false, false})
	require.ErrorContains(t, err, "time order")
	_, err = TemporalSplit([]int64{1, 1, 2}, []bool{false, false, false})
	require.ErrorContains(t, err, "at least 3")
}

// muleStream is ordinary traffic with a mule a day paid by many new
// senders, over 30 days.
func muleStream() *Dataset {
	var txs []model.Transaction
	var labels []model.Label
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for d := range 30 {
		for i := range 60 {
			n++
			txs = append(txs, model.Transaction{ID: fmt.Sprint(n), Time: t0.Add(time.Duration(d)*24*time.Hour + time.Duration(i)*20*time.Minute),
				Originator: fmt.Sprintf("P%d", i), Beneficiary: fmt.Sprintf("Q%d", (i*7+d)%60), Amount: 100 + float64((i*13+d)%90), Currency: "USD", Channel: model.ChannelACH})
		}
		for k := range 8 {
			n++
			id := fmt.Sprint(n)
			txs = append(txs, model.Transaction{ID: id, Time: t0.Add(time.Duration(d)*24*time.Hour + time.Duration(k)*90*time.Minute + time.Minute),
				Originator: fmt.Sprintf("S%d-%d", d, k), Beneficiary: fmt.Sprintf("M%d", d), Amount: 100 + float64((k*11+d)%90), Currency: "USD", Channel: model.ChannelACH})
			labels = append(labels, model.Label{EntityKind: model.EntityTransaction, EntityID: id, Typology: model.TypFanIn})
		}
	}
	return FromTransactions("mules", txs, labels)
}

func TestEvaluateProtocol(t *testing.T) {
	d := muleStream()
	require.Equal(t, 240, d.Positives())
	grid := DefaultGrid()[:1]
	grid[0].Rounds = 30
	rep, err := Evaluate(context.Background(), d, Options{Seeds: []uint64{1, 2}, Grid: grid, Scales: []int{1}})
	require.NoError(t, err)
	require.Equal(t, 18, rep.Split.TrainDays)
	require.Len(t, rep.Runs, 2)
	require.Greater(t, rep.Test.F1, 0.9, "a mule a day is easy")
	require.Equal(t, 48, rep.Test.Positives)
	require.Equal(t, rep.Test.Recall, rep.PerTypologyRecall["FAN-IN"])
	require.Positive(t, rep.FeaturesTxPerS)
	require.InDelta(t, (rep.Runs[0].Test.F1+rep.Runs[1].Test.F1)/2, rep.Test.F1, 1e-4)

	// Without the test days.
	rep, err = Evaluate(context.Background(), d, Options{Seeds: []uint64{1}, Grid: grid, Scales: []int{1}, SkipTest: true})
	require.NoError(t, err)
	require.Zero(t, rep.Test.F1)
	require.Positive(t, rep.Validation.F1)
}

func TestTrainGivesAScorerForItsWindows(t *testing.T) {
	grid := DefaultGrid()[:1]
	grid[0].Rounds = 20
	sc, rep, err := Train(context.Background(), muleStream(), Options{Grid: grid, Scales: []int{1}})
	require.NoError(t, err)
	require.Equal(t, rep.Runs[0].Threshold, sc.Threshold)
	cfg := sc.Features.Apply(detect.Config{})
	cfg.Scorer = sc
	_, err = detect.New(cfg)
	require.NoError(t, err, "the scorer's features are the ones it was trained on")
	var _ = gbt.MetricAUCPR
}

func TestLoadAMLSimDevelopmentSet(t *testing.T) {
	dir := sharedata.Dir(t, "aml", "amlsim_dev")
	d, err := LoadAMLSim(dir)
	require.NoError(t, err)
	require.Len(t, d.Txs, 122668)
	require.Equal(t, 347, d.Positives())
	require.True(t, d.DayResolution)
	typs := map[model.Typology]int{}
	for i, l := range d.Labels {
		if l {
			typs[d.Typology[i]]++
		}
	}
	require.Equal(t, map[model.Typology]int{"SCATTER-GATHER": 87, "GATHER-SCATTER": 61, "CYCLE": 54, "FAN-IN": 51, "FAN-OUT": 51, "RANDOM": 43}, typs)
	sp, err := TemporalSplit(d.days(), d.Labels)
	require.NoError(t, err)
	require.Equal(t, "2017-12-02", sp.ValidFrom)
	require.Equal(t, "2018-05-30", sp.TestFrom)
}

func TestPatternsEmbedsTheKey(t *testing.T) {
	key := `BEGIN LAUNDERING ATTEMPT - CYCLE:  Max 3 hops
2022/09/02 00:03,001,A1,002,B1,1000.00,US Dollar,1000.00,US Dollar,ACH,1
2022/09/02 05:00,002,B1,003,C1,980.00,US Dollar,980.00,US Dollar,ACH,1
2022/09/03 07:00,003,C1,001,A1,960.00,US Dollar,960.00,US Dollar,ACH,1
END LAUNDERING ATTEMPT - CYCLE

BEGIN LAUNDERING ATTEMPT - FAN-OUT:  Max 1-degree Fan-Out
2022/09/04 10:00,004,D1,005,E1,500.00,Euro,500.00,Euro,ACH,1
END LAUNDERING ATTEMPT - FAN-OUT
`
	k, err := amlworld.ReadAnswerKey(ingest.Source{Path: "X_Patterns.txt", R: strings.NewReader(key)})
	require.NoError(t, err)
	rep, err := Patterns(context.Background(), k, PatternOptions{Background: 20000, Seed: 3})
	require.NoError(t, err)
	require.Equal(t, 2, rep.Attempts)
	require.Equal(t, TypologyOutcome{Attempts: 1, Detected: 1, LabelledRight: 1, Partly: 1}, rep.ByTypology["CYCLE"])
	require.Equal(t, 1, rep.ByTypology["FAN-OUT"].Attempts, "a single payment is no fan: out of reach")
	require.Equal(t, 20000, rep.Background)
	require.Less(t, rep.BackgroundFalseAlarmRate, 0.01)
	require.Equal(t, "2022-09-02 to 2022-09-05", rep.Span)
}

// TestHISmallAnswerKeyInBackground runs evaluation.md §2 on HI-Small's
// answer key with a smaller background than the protocol's million (the
// command's default) to stay fast, and guards the measured levels: the
// structural patterns are found and named, ordinary traffic is left alone.
// With the key's accounts mapped onto busy background accounts, only
// structure can tell; with their own accounts, the new-account miner also
// names the bipartite, stack and random attempts. docs/benchmarks.md has
// the full runs.
func TestHISmallAnswerKeyInBackground(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the engine over 600,000 transactions twice")
	}
	key, err := amlworld.LoadAnswerKey(sharedata.Dir(t, "aml", "ibm_hi_small", "HI-Small_Patterns.txt"))
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		own   bool
		least map[string]float64 // typology → least share labelled right
	}{
		{"mapped", false, map[string]float64{"CYCLE": 0.5, "SCATTER-GATHER": 0.4}},
		{"own accounts", true, map[string]float64{"CYCLE": 0.6, "SCATTER-GATHER": 0.4, "FAN-IN": 0.4, "FAN-OUT": 0.4,
			"GATHER-SCATTER": 0.4, "RANDOM": 0.3, "BIPARTITE": 0.3, "STACK": 0.2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Patterns(context.Background(), key, PatternOptions{Background: 200_000, Seed: 1, OwnAccounts: tc.own})
			require.NoError(t, err)
			require.Equal(t, 370, rep.Attempts)
			require.Equal(t, !tc.own, rep.MappedAccounts)
			right := func(typ string) float64 {
				o := rep.ByTypology[typ]
				return float64(o.LabelledRight) / float64(o.Attempts)
			}
			for _, typ := range []string{"CYCLE", "SCATTER-GATHER", "FAN-IN", "FAN-OUT", "GATHER-SCATTER", "RANDOM", "BIPARTITE", "STACK"} {
				t.Logf("%s labelled right %.2f", typ, right(typ))
			}
			t.Logf("false alarms %.4f%%", 100*rep.BackgroundFalseAlarmRate)
			for typ, least := range tc.least {
				require.GreaterOrEqual(t, right(typ), least, typ)
			}
			if !tc.own {
				require.GreaterOrEqual(t, right("FAN-IN")+right("FAN-OUT"), 0.4)
			}
			require.LessOrEqual(t, rep.BackgroundFalseAlarmRate, 0.003)
		})
	}
}
