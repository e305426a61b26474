package detect_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
)

func TestScatterGatherFeatures(t *testing.T) {
	// S pays W1, W2, W3; each pays D. The last leg closes a pattern with
	// three intermediaries. A later pattern with two (S2 via V1, V2) too.
	stream := []model.Transaction{
		tx("1", hours(0), "S", "W1", 100),
		tx("2", hours(0.5), "S", "W2", 100),
		tx("3", hours(1), "S", "W3", 100),
		tx("4", hours(2), "W1", "D", 95),
		tx("5", hours(2.5), "W2", "D", 95),
		tx("6", hours(3), "W3", "D", 95),
		tx("7", hours(3.5), "S", "X", 10), // X pays nobody: no pattern
	}
	e := newEngine(t, detect.Config{})
	res, err := e.Observe(stream)
	require.NoError(t, err)
	tests := []struct {
		row             int
		two, threeFour  float32
		explanationNote string
	}{
		{0, 0, 0, "scatter legs alone form nothing yet"},
		{3, 0, 0, "one intermediary is a chain"},
		{4, 1, 0, "W2's leg closes S→{W1,W2}→D"},
		{5, 0, 1, "W3's leg closes S→{W1,W2,W3}→D"},
		{6, 0, 0, "S paid X, who paid nobody"},
	}
	for _, tc := range tests {
		require.Equal(t, tc.two, feature(t, res, tc.row, "sg_2_6h"), "row %d: %s", tc.row, tc.explanationNote)
		require.Equal(t, tc.threeFour, feature(t, res, tc.row, "sg_3_4_6h"), "row %d: %s", tc.row, tc.explanationNote)
	}
	// A late scatter leg of an existing pattern counts it too: S pays W4,
	// which already paid D.
	res, err = e.Observe([]model.Transaction{tx("8", hours(4), "W4", "D", 90), tx("9", hours(4.5), "S", "W4", 100)})
	require.NoError(t, err)
	require.Equal(t, float32(1), feature(t, res, 1, "sg_3_4_6h"), "S→{W1..W4}→D has four intermediaries")
	// Outside the 6h window the legs are gone.
	res, err = e.Observe([]model.Transaction{tx("10", hours(11), "W5", "D", 90)})
	require.NoError(t, err)
	require.Zero(t, feature(t, res, 0, "sg_2_6h"))
}

func TestCycleFeatures(t *testing.T) {
	tests := []struct {
		name      string
		stream    []model.Transaction
		simple    string // feature of the closing payment's cycle length
		temporal  bool   // whether it is time-ordered too
		wantCount float32
	}{
		{"two-cycle", []model.Transaction{tx("1", hours(0), "A", "B", 10), tx("2", hours(1), "B", "A", 10)}, "cycle_2_1d", true, 1},
		{"triangle in order", []model.Transaction{
			tx("1", hours(0), "A", "B", 10), tx("2", hours(1), "B", "C", 10), tx("3", hours(2), "C", "A", 10)}, "cycle_3_1d", true, 1},
		{"triangle out of order", []model.Transaction{
			tx("1", hours(0), "B", "C", 10), tx("2", hours(1), "A", "B", 10), tx("3", hours(2), "C", "A", 10)}, "cycle_3_1d", false, 1},
		{"five hops", []model.Transaction{
			tx("1", hours(0), "A", "B", 10), tx("2", hours(1), "B", "C", 10), tx("3", hours(2), "C", "D", 10),
			tx("4", hours(3), "D", "E", 10), tx("5", hours(4), "E", "A", 10)}, "cycle_5_6_1d", true, 1},
		{"two routes", []model.Transaction{
			tx("1", hours(0), "A", "B", 10), tx("2", hours(0), "A", "C", 10),
			tx("3", hours(1), "B", "D", 10), tx("4", hours(1), "C", "D", 10), tx("5", hours(2), "D", "A", 10)}, "cycle_3_1d", true, 2},
		{"parallel edges count once", []model.Transaction{
			tx("1", hours(0), "A", "B", 10), tx("2", hours(0.5), "A", "B", 10), tx("3", hours(1), "B", "A", 10)}, "cycle_2_1d", true, 1},
		{"window", []model.Transaction{tx("1", hours(0), "A", "B", 10), tx("2", hours(25), "B", "A", 10)}, "cycle_2_1d", false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, detect.Config{})
			rows, _ := observeAll(t, e, tc.stream, 1)
			last := rows[len(rows)-1]
			col, ok := e.Schema().Index(tc.simple)
			require.True(t, ok)
			require.Equal(t, tc.wantCount, last[col])
			tcol, _ := e.Schema().Index("t" + tc.simple)
			want := float32(0)
			if tc.temporal {
				want = tc.wantCount
			}
			require.Equal(t, want, last[tcol])
		})
	}
}

func TestSearchBudgetIsReported(t *testing.T) {
	// A dense knot of 40 accounts all paying each other: with the smallest
	// budget, searches stop early and the engine counts them.
	var stream []model.Transaction
	n := 0
	for i := range 40 {
		for j := range 40 {
			if i != j {
				n++
				stream = append(stream, tx(fmt.Sprint(n), time.Duration(n)*time.Second, id("K", i), id("K", j), 10))
			}
		}
	}
	e := newEngine(t, detect.Config{SearchBudget: 16})
	_, _ = observeAll(t, e, stream, 256)
	b := e.Stats().Bounded
	require.Positive(t, b.Cycles)
	require.Positive(t, b.ScatterGather)
	require.Equal(t, b.ScatterGather+b.Cycles+b.MinMax+b.Patterns, b.Total())
}

func TestStatsFeatures(t *testing.T) {
	// A pays 100, 1,000 and 10,000 within a day; the first leaves the
	// window before the fourth.
	stream := []model.Transaction{
		tx("1", hours(0), "A", "B", 100),
		tx("2", hours(2), "A", "C", 1000),
		tx("3", hours(4), "A", "D", 10000),
		tx("4", hours(25), "A", "E", 500),
	}
	e := newEngine(t, detect.Config{})
	rows, _ := observeAll(t, e, stream, 4)
	get := func(row int, name string) float32 {
		col, ok := e.Schema().Index(name)
		require.True(t, ok, name)
		return rows[row][col]
	}
	require.Equal(t, float32(11100), get(2, "src_out_amount_sum_1d"))
	require.Equal(t, float32(3700), get(2, "src_out_amount_mean_1d"))
	require.Equal(t, float32(100), get(2, "src_out_amount_min_1d"))
	require.Equal(t, float32(10000), get(2, "src_out_amount_max_1d"))
	// Logs of 101, 1001, 10001 are about evenly spaced: no skew.
	require.InDelta(t, 0, get(2, "src_out_amount_skew_1d"), 0.01)
	logs := []float64{math.Log1p(100), math.Log1p(1000), math.Log1p(10000)}
	mean := (logs[0] + logs[1] + logs[2]) / 3
	v := 0.0
	for _, x := range logs {
		v += (x - mean) * (x - mean)
	}
	require.InDelta(t, math.Sqrt(v/3), get(2, "src_out_amount_logstd_1d"), 1e-4)
	require.InDelta(t, 2, get(2, "src_out_age_mean_1d"), 1e-4, "payments at 4h, 2h and 0h before the third")
	// The 100 left the window: the minimum is refreshed to 500.
	require.Equal(t, float32(500), get(3, "src_out_amount_min_1d"))
	require.Equal(t, float32(10000), get(3, "src_out_amount_max_1d"))
	require.Equal(t, float32(11500), get(3, "src_out_amount_sum_1d"))
	require.Equal(t, float32(1), get(3, "src_out_same_channel_1d"))
}

func TestHistoryAndFlowFeatures(t *testing.T) {
	stream := append(quietHistory("A", 2),
		tx("in", 14*day+hours(1), "X", "A", 5000),
		tx("out", 14*day+hours(3), "A", "Y", 4800), // passes on most of the 5,000
		tx("rent", 14*day+hours(4), "A", "LANDLORD", 400),
	)
	e := newEngine(t, detect.Config{})
	rows, _ := observeAll(t, e, stream, 3)
	get := func(row int, name string) float32 {
		col, ok := e.Schema().Index(name)
		require.True(t, ok, name)
		return rows[row][col]
	}
	out, rent := len(stream)-2, len(stream)-1
	require.Equal(t, float32(1), get(out, "pair_new_to_src"), "A never paid Y")
	require.Equal(t, float32(0), get(rent, "pair_new_to_src"), "A pays the landlord weekly")
	require.InDelta(t, math.Log(5000.0/4800), get(out, "src_in_match_logratio_4d"), 1e-5)
	require.Equal(t, float32(2), get(out, "src_in_match_age_4d"))
	require.Equal(t, float32(1), get(out, "src_in_matches_4d"))
	require.Equal(t, float32(2), get(out, "src_gap_in_hours"), "A was last paid 2h before")
	require.InDelta(t, 14, get(out, "src_watched_days"), 0.2)
	require.Equal(t, float32(-1), get(0, "src_in_match_logratio_4d"), "no earlier inflow: -1")
}
