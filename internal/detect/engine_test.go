package detect_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/streamgen"
	"github.com/centinela-aml/centinela/internal/model"
)

func TestFanAndDegreeFeatures(t *testing.T) {
	// A pays B twice and C once; D pays B; A pays itself. Counts include
	// the transaction itself.
	stream := []model.Transaction{
		tx("1", hours(0), "A", "B", 100),
		tx("2", hours(1), "A", "B", 100),
		tx("3", hours(2), "A", "C", 100),
		tx("4", hours(3), "D", "B", 100),
		tx("5", hours(4), "A", "A", 100),
	}
	type want map[string]float32
	tests := []struct {
		row  int
		want want
	}{
		{0, want{"src_fan_out_1d": 1, "src_deg_out_1d": 1, "dst_fan_in_1d": 1, "dst_deg_in_1d": 1, "src_fan_in_1d": 0}},
		{1, want{"src_fan_out_1d": 1, "src_deg_out_1d": 2, "dst_fan_in_1d": 1, "dst_deg_in_1d": 2}},
		{2, want{"src_fan_out_1d": 2, "src_deg_out_1d": 3, "dst_fan_in_1d": 1, "dst_deg_in_1d": 1}},
		{3, want{"src_fan_out_1d": 1, "dst_fan_in_1d": 2, "dst_deg_in_1d": 3, "dst_fan_out_1d": 0}},
		// A self-loop counts as an edge both ways, never as a counterparty.
		{4, want{"src_fan_out_1d": 2, "src_deg_out_1d": 4, "src_deg_in_1d": 1, "src_fan_in_1d": 0, "dst_deg_in_1d": 1}},
	}
	e := newEngine(t, detect.Config{})
	res, err := e.Observe(stream)
	require.NoError(t, err)
	require.Equal(t, 5, res.Accepted)
	for _, tc := range tests {
		for name, v := range tc.want {
			require.Equal(t, v, feature(t, res, tc.row, name), "row %d feature %s", tc.row, name)
		}
	}
}

func TestWindowExpiryAtTheBoundary(t *testing.T) {
	// The window is (t-24h, t]: an edge exactly 24h old has left it.
	tests := []struct {
		name   string
		second time.Duration
		fanIn  float32
	}{
		{"one nanosecond inside", 24*time.Hour - 1, 2},
		{"exactly one window later", 24 * time.Hour, 1},
		{"long after", 72 * time.Hour, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, detect.Config{})
			_, err := e.Observe([]model.Transaction{tx("1", 0, "A", "Z", 1)})
			require.NoError(t, err)
			res, err := e.Observe([]model.Transaction{tx("2", tc.second, "B", "Z", 1)})
			require.NoError(t, err)
			require.Equal(t, tc.fanIn, feature(t, res, 0, "dst_fan_in_1d"))
			require.Equal(t, tc.fanIn, feature(t, res, 0, "dst_deg_in_1d"))
		})
	}
}

func TestShorterFeatureWindow(t *testing.T) {
	e := newEngine(t, detect.Config{FeatureWindow: 6 * time.Hour})
	_, err := e.Observe([]model.Transaction{tx("1", 0, "A", "Z", 1), tx("2", hours(5), "B", "Z", 1)})
	require.NoError(t, err)
	res, err := e.Observe([]model.Transaction{tx("3", hours(7), "C", "Z", 1)})
	require.NoError(t, err)
	require.Equal(t, float32(2), feature(t, res, 0, "dst_fan_in_6h"))
}

func TestAmountFeatures(t *testing.T) {
	tests := []struct {
		amount   float64
		currency string
		round    float32
		cents    float32
		below    float32
	}{
		{9500, "USD", 2, 0, 1},
		{9999.99, "USD", 0, 99, 1},
		{10000, "USD", 4, 0, 0},
		{8999.5, "USD", 0, 50, 0},
		{9500, "EUR", 2, 0, 0}, // the threshold is in USD
		{0, "USD", 0, 0, 0},
		{120000, "USD", 4, 0, 0},
		{0.07, "USD", 0, 7, 0},
	}
	for _, tc := range tests {
		e := newEngine(t, detect.Config{})
		x := tx("1", 0, "A", "B", tc.amount)
		x.Currency = tc.currency
		res, err := e.Observe([]model.Transaction{x})
		require.NoError(t, err)
		require.InDelta(t, math.Log1p(tc.amount), feature(t, res, 0, "amount_log"), 1e-5)
		require.Equal(t, tc.round, feature(t, res, 0, "amount_round"), "%v", tc.amount)
		require.Equal(t, tc.cents, feature(t, res, 0, "amount_cents"), "%v", tc.amount)
		require.Equal(t, tc.below, feature(t, res, 0, "amount_just_below_threshold"), "%v %s", tc.amount, tc.currency)
	}
}

func TestSchemaNamesNoAccountIDs(t *testing.T) {
	e := newEngine(t, detect.Config{})
	names := e.Schema().Names()
	// GFP's fan and degree features come first, after the amounts.
	require.Equal(t, []string{
		"amount_log", "amount_round", "amount_cents", "amount_just_below_threshold", "currency_exchange",
		"src_fan_out_1d", "src_fan_in_1d", "src_deg_out_1d", "src_deg_in_1d",
		"dst_fan_out_1d", "dst_fan_in_1d", "dst_deg_out_1d", "dst_deg_in_1d",
	}, names[:13])
	for _, want := range []string{
		"src_out_amount_kurt_1d", "dst_in_age_std_1d", "dst_in_same_channel_1d", "pair_new_to_src",
		"pair_reverse_4d", "dst_new_in_surprise", "gs_hub_payers_6h", "sg_2_6h", "sg_30plus_6h",
		"cycle_7_10_1d", "tcycle_2_1d",
	} {
		require.Contains(t, names, want)
	}
	seen := map[string]bool{}
	for i, n := range names {
		require.False(t, seen[n], "feature %s twice", n)
		seen[n] = true
		require.Regexp(t, `^[a-z0-9_]+$`, n, "names are snake_case")
		d := e.Schema().Spec(i).Describe(3)
		require.NotEmpty(t, d, n)
		require.NotContains(t, d, "%!", "phrase of %s is well formed", n)
	}
	// Selecting groups selects their columns only.
	e = newEngine(t, detect.Config{Features: []string{detect.GroupAmount, detect.GroupCycle}})
	require.Equal(t, 15, e.Schema().Len())
}

func TestDescribeInWords(t *testing.T) {
	e := newEngine(t, detect.Config{})
	s := e.Schema()
	tests := []struct {
		name  string
		value float32
		want  string
	}{
		{"dst_fan_in_1d", 14, "the beneficiary was paid by 14 distinct accounts within 1d"},
		{"amount_log", float32(math.Log1p(4537.07)), "the amount was 4,537.07"},
		{"pair_new_to_src", 1, "the originator had never paid the beneficiary before"},
		{"src_gap_out_hours", 86.5, "the originator's previous payment was 3d 14h earlier"},
		{"src_out_amount_sum_1d", 12500, "the originator paid 12,500.00 in all within 1d"},
		{"src_new_out_4d", 0.4, "the originator paid 0.4 accounts new to it within 4d"},
	}
	for _, tc := range tests {
		i, ok := s.Index(tc.name)
		require.True(t, ok, tc.name)
		require.Equal(t, tc.want, s.Spec(i).Describe(tc.value))
	}
}

func TestDuplicatesAndInvalid(t *testing.T) {
	e := newEngine(t, detect.Config{})
	res, err := e.Observe([]model.Transaction{
		tx("1", 0, "A", "B", 10),
		tx("1", hours(1), "A", "C", 10), // same ID within the batch
		tx("", hours(1), "A", "C", 10),
		tx("3", hours(1), "", "", 10),
		tx("4", hours(1), "A", "C", -5),
		tx("5", hours(1), "A", "C", math.NaN()),
		tx("6", hours(1), "A", "C", math.Inf(1)),
		tx("7", hours(1), "A", "C", 2e15),
		tx("8", hours(2), "A", "C", 0), // zero amounts are fine
	})
	require.NoError(t, err)
	require.Equal(t, []detect.Status{detect.Accepted, detect.Duplicate, detect.Invalid, detect.Invalid, detect.Invalid,
		detect.Invalid, detect.Invalid, detect.Invalid, detect.Accepted}, res.Status)
	require.Equal(t, 2, res.Accepted)
	require.Equal(t, 1, res.Duplicates)
	require.Equal(t, 6, res.Invalid)
	for _, p := range res.Problems {
		require.ErrorIs(t, p.Err, detect.ErrInvalidTransaction)
	}
	require.Contains(t, res.Problems[0].Err.Error(), "no transaction ID")
	require.Contains(t, res.Problems[1].Err.Error(), "neither an originator nor a beneficiary")
	require.Contains(t, res.Problems[2].Err.Error(), "amount -5")
	for i := 1; i <= 7; i++ {
		require.Zero(t, feature(t, res, i, "dst_deg_in_1d"), "row %d of a skipped transaction is zero", i)
	}
	require.Equal(t, float32(2), feature(t, res, 8, "src_deg_out_1d"))

	// A duplicate in a later batch is ignored too and changes no count.
	res, err = e.Observe([]model.Transaction{tx("8", hours(3), "A", "C", 0), tx("9", hours(3), "A", "D", 1)})
	require.NoError(t, err)
	require.Equal(t, []detect.Status{detect.Duplicate, detect.Accepted}, res.Status)
	require.Equal(t, float32(3), feature(t, res, 1, "src_deg_out_1d"))
}

func TestOutOfOrder(t *testing.T) {
	t.Run("rejected whole", func(t *testing.T) {
		e := newEngine(t, detect.Config{})
		_, err := e.Observe([]model.Transaction{tx("1", hours(5), "A", "B", 1)})
		require.NoError(t, err)
		_, err = e.Observe([]model.Transaction{tx("2", hours(6), "A", "C", 1), tx("3", hours(4), "A", "D", 1)})
		require.ErrorIs(t, err, detect.ErrOutOfOrder)
		require.Contains(t, err.Error(), `"3"`)
		// Nothing of the rejected batch was applied.
		res, err := e.Observe([]model.Transaction{tx("2", hours(6), "A", "C", 1)})
		require.NoError(t, err)
		require.Equal(t, detect.Accepted, res.Status[0])
		require.Equal(t, float32(2), feature(t, res, 0, "src_deg_out_1d"))
	})
	t.Run("within lateness processed at the clock", func(t *testing.T) {
		e := newEngine(t, detect.Config{Lateness: time.Hour})
		res, err := e.Observe([]model.Transaction{
			tx("1", hours(5), "A", "B", 1),
			tx("2", hours(4.5), "A", "C", 1),
		})
		require.NoError(t, err)
		require.Equal(t, 2, res.Accepted)
		require.Equal(t, float32(2), feature(t, res, 1, "src_fan_out_1d"))
		_, err = e.Observe([]model.Transaction{tx("3", hours(3.5), "A", "C", 1)})
		require.ErrorIs(t, err, detect.ErrOutOfOrder)
	})
}

func TestCashAndOffUsCounterparties(t *testing.T) {
	e := newEngine(t, detect.Config{})
	deposit := tx("1", 0, "", "A", 9000)
	deposit.Channel = model.ChannelCashDeposit
	wire1 := tx("2", hours(1), "A", "", 4000)
	wire1.Counterparty = model.Counterparty{Name: "GOLDEN RIVER TRADING LIMITED", Country: "HK"}
	wire2 := tx("3", hours(2), "B", "", 4000)
	wire2.Counterparty = model.Counterparty{Name: "GOLDEN RIVER TRADING LIMITED", Country: "HK"}
	res, err := e.Observe([]model.Transaction{deposit, wire1, wire2})
	require.NoError(t, err)
	require.Equal(t, 3, res.Accepted)
	// The deposit has no originator: degree, but no counterparty.
	require.Equal(t, float32(1), feature(t, res, 0, "dst_deg_in_1d"))
	require.Equal(t, float32(0), feature(t, res, 0, "dst_fan_in_1d"))
	require.Equal(t, float32(0), feature(t, res, 0, "src_deg_out_1d"))
	// The off-us beneficiary is one node, named by country and name.
	require.Equal(t, float32(2), feature(t, res, 2, "dst_fan_in_1d"))
	require.Equal(t, float32(1), feature(t, res, 1, "src_deg_in_1d"))
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  detect.Config
		want string
	}{
		{"tiny window", detect.Config{FeatureWindow: time.Millisecond}, "FeatureWindow"},
		{"negative lateness", detect.Config{Lateness: -time.Second}, "Lateness"},
		{"fan of one", detect.Config{FanIn: detect.FanConfig{MinCounterparties: 1}}, "MinCounterparties"},
		{"significance above one", detect.Config{FanOut: detect.FanConfig{Significance: 2}}, "Significance"},
		{"unknown group", detect.Config{Features: []string{"cycles"}}, "cycles"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := detect.New(tc.cfg)
			require.ErrorIs(t, err, detect.ErrConfig)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestMemoryBoundedByWindow(t *testing.T) {
	// Accounts that stop transacting are forgotten after the retention
	// horizon; edges after the longest window.
	e := newEngine(t, detect.Config{NoveltyMemory: 24 * time.Hour})
	for day := range 20 {
		var batch []model.Transaction
		for i := range 100 {
			// 100 new accounts every day, each seen once.
			batch = append(batch, tx(id("d", day*1000+i), time.Duration(day)*24*time.Hour+time.Duration(i)*time.Minute,
				id("a", day*1000+i), id("b", day*1000+i), 1))
		}
		_, err := e.Observe(batch)
		require.NoError(t, err)
	}
	st := e.Stats()
	// 4-day miner windows keep at most 5 days of edges; accounts are kept
	// for max(4 days, 2 × NoveltyMemory) plus one sweep interval.
	require.LessOrEqual(t, st.Edges, 500)
	require.LessOrEqual(t, st.Accounts, 2*100*9)
	require.Greater(t, st.Accounts, 0)
}

// TestWorkersDoNotChangeResults runs the parallel phases with one and with
// several workers on a stream big enough to split.
func TestWorkersDoNotChangeResults(t *testing.T) {
	gen := streamgen.New(streamgen.Config{Seed: 2, Accounts: 3000, Transactions: 20000, Span: 6 * 24 * time.Hour})
	txs := make([]model.Transaction, 20000)
	gen.Fill(txs)
	run := func(workers int) ([][]float32, map[string]model.Alert) {
		e := newEngine(t, detect.Config{Workers: workers, Patterns: detect.PatternConfig{MinHistory: time.Hour}})
		return observeAll(t, e, txs, 2048)
	}
	rows1, alerts1 := run(1)
	rows4, alerts4 := run(4)
	require.Equal(t, rows1, rows4)
	require.Equal(t, alerts1, alerts4)
}

func TestEmptyBatch(t *testing.T) {
	e := newEngine(t, detect.Config{})
	res, err := e.Observe(nil)
	require.NoError(t, err)
	require.Empty(t, res.Status)
	require.Zero(t, res.Rows.Len())
}
