package gbt

import (
	"bytes"
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The hand-made model in testdata has two trees whose predictions and
// Shapley values were worked out by hand (see the comments below), so this
// test checks the file format, scoring and TreeSHAP against arithmetic
// rather than against this package's own output.
func TestHandmadeModelScoresAsWorkedOut(t *testing.T) {
	m, err := Load("testdata/handmade_v1.json")
	require.NoError(t, err)
	require.Equal(t, []string{"amount", "senders"}, m.FeatureNames())
	nan := float32(math.NaN())
	cases := []struct {
		row    []float32
		margin float64
	}{
		{[]float32{50, 3}, -1 - 0.5 - 0.1},    // left leaf; senders < 10
		{[]float32{150, 7}, -1 + 1.0 - 0.1},   // amount ≥ 100, senders ≥ 5; < 10
		{[]float32{nan, nan}, -1 - 0.5 + 0.3}, // missing: left in tree 0, right in tree 1
		{[]float32{150, 12}, -1 + 1.0 + 0.3},
		{[]float32{100, 5}, -1 + 1.0 - 0.1}, // thresholds are strict: x < t goes left
	}
	for _, c := range cases {
		got, err := m.Margin(c.row)
		require.NoError(t, err)
		require.InDelta(t, c.margin, got, 1e-6, "row %v", c.row)
		out := make([]float64, 1)
		require.NoError(t, m.MarginBatch(c.row, out))
		require.InDelta(t, c.margin, out[0], 1e-6)
	}
	// Row (150, 7). Tree 1: E = 0.7·(−0.1) + 0.3·0.3 = 0.02, so senders gets
	// −0.1 − 0.02 = −0.12. Tree 0: v(∅) = 0.6·(−0.5) + 0.4·(0.75·0.2 + 0.25·1)
	// = −0.14, v(amount) = 0.4, v(senders) = 0.6·(−0.5) + 0.4·1 = 0.1,
	// v(both) = 1; φ_amount = ½(0.54 + 0.9) = 0.72, φ_senders = ½(0.24 + 0.6)
	// = 0.42. Bias = −1 − 0.14 + 0.02 = −1.12.
	phi := make([]float64, 2)
	bias, err := m.Contributions([]float32{150, 7}, phi)
	require.NoError(t, err)
	require.InDelta(t, -1.12, bias, 1e-6)
	require.InDelta(t, 0.72, phi[0], 1e-6)
	require.InDelta(t, 0.42-0.12, phi[1], 1e-6)
}

func TestReadRejectsMalformedModels(t *testing.T) {
	good, err := os.ReadFile("testdata/handmade_v1.json")
	require.NoError(t, err)
	mutate := func(old, new string) string {
		require.Contains(t, string(good), old)
		return strings.Replace(string(good), old, new, 1)
	}
	cases := []struct {
		name, text string
		want       error
	}{
		{"not json", "model", ErrModel},
		{"empty", "", ErrModel},
		{"truncated", string(good[:len(good)/2]), ErrModel},
		{"other format", mutate(`"centinela-gbt"`, `"xgboost"`), ErrModel},
		{"newer version", mutate(`"format_version": 1`, `"format_version": 2`), ErrVersion},
		{"objective", mutate(`"binary:logistic"`, `"reg:squarederror"`), ErrModel},
		{"no features", mutate(`["amount", "senders"]`, `[]`), ErrModel},
		{"repeated feature", mutate(`["amount", "senders"]`, `["amount", "amount"]`), ErrModel},
		{"feature out of range", mutate(`[0, -1, 1, -1, -1]`, `[0, -1, 7, -1, -1]`), ErrModel},
		{"child before parent", mutate(`[1, -1, 3, -1, -1]`, `[1, -1, 1, -1, -1]`), ErrModel},
		{"child out of range", mutate(`[2, -1, 4, -1, -1]`, `[2, -1, 9, -1, -1]`), ErrModel},
		{"shared child", mutate(`[2, -1, 4, -1, -1]`, `[2, -1, 3, -1, -1]`), ErrModel},
		{"orphan node", mutate(`[2, -1, 4, -1, -1]`, `[2, -1, -1, -1, -1]`), ErrModel},
		{"leaf with child", mutate(`"left":         [1, -1, -1]`, `"left":         [1, 2, -1]`), ErrModel},
		{"short array", mutate(`[100, 0, 5, 0, 0]`, `[100, 0, 5, 0]`), ErrModel},
		{"zero cover", mutate(`[100, 60, 40, 30, 10]`, `[100, 60, 40, 30, 0]`), ErrModel},
		{"threshold overflows float32", mutate(`[100, 0, 5, 0, 0]`, `[1e300, 0, 5, 0, 0]`), ErrModel},
		{"value overflows float32", mutate(`[0, -0.5, 0, 0.2, 1.0]`, `[0, -0.5, 0, 0.2, 1e300]`), ErrModel},
		{"no nodes", mutate(`"feature":      [1, -1, -1]`, `"feature": []`), ErrModel},
		{"wrong type", mutate(`"base_score": -1.0`, `"base_score": "low"`), ErrModel},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.text))
			require.ErrorIs(t, err, c.want)
		})
	}
}

func TestReadRejectsTooDeepTrees(t *testing.T) {
	// A chain of MaxTreeDepth+1 splits, each with a leaf on the left.
	var tr tree
	depth := MaxTreeDepth + 1
	for d := range depth {
		// node 2d splits into leaf 2d+1 and node 2d+2.
		base := int32(2 * d)
		tr.Feature = append(tr.Feature, 0, -1)
		tr.Threshold = append(tr.Threshold, 0, 0)
		tr.Left = append(tr.Left, base+1, -1)
		tr.Right = append(tr.Right, base+2, -1)
		tr.DefaultLeft = append(tr.DefaultLeft, false, false)
		tr.Value = append(tr.Value, 0, 0)
		tr.Cover = append(tr.Cover, 1, 1)
		tr.Gain = append(tr.Gain, 0, 0)
	}
	tr.Feature = append(tr.Feature, -1)
	tr.Threshold = append(tr.Threshold, 0)
	tr.Left = append(tr.Left, -1)
	tr.Right = append(tr.Right, -1)
	tr.DefaultLeft = append(tr.DefaultLeft, false)
	tr.Value = append(tr.Value, 0)
	tr.Cover = append(tr.Cover, 1)
	tr.Gain = append(tr.Gain, 0)
	require.ErrorIs(t, checkTree(&tr, 1), ErrModel)
}

// FuzzRead feeds malformed model files to the loader: it must return an
// error or a model that scores and explains any row without panicking.
func FuzzRead(f *testing.F) {
	good, err := os.ReadFile("testdata/handmade_v1.json")
	require.NoError(f, err)
	f.Add(good)
	d := codes(400, 3)
	p := DefaultParams()
	p.Rounds = 3
	p.MaxDepth = 3
	m, err := Train(context.Background(), d, nil, p)
	require.NoError(f, err)
	var buf bytes.Buffer
	require.NoError(f, m.Write(&buf))
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"centinela-gbt","format_version":1,"objective":"binary:logistic","feature_names":["a"],"trees":[{"feature":[-1],"threshold":[0],"left":[-1],"right":[-1],"default_left":[false],"value":[0.5],"cover":[1],"gain":[0]}]}`))
	f.Add([]byte(`{"trees":[{"feature":[0,0],"left":[1,0]}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		nf := m.NumFeatures()
		rows := make([]float32, 3*nf)
		for i := range nf {
			rows[i] = float32(math.NaN())
			rows[nf+i] = float32(i) * 1e3
			rows[2*nf+i] = -1
		}
		out := make([]float64, 3)
		require.NoError(t, m.MarginBatch(rows, out))
		phi := make([]float64, nf)
		for r := range 3 {
			row := rows[r*nf : (r+1)*nf]
			single, err := m.Margin(row)
			require.NoError(t, err)
			require.Equal(t, single, out[r])
			bias, err := m.Contributions(row, phi)
			require.NoError(t, err)
			sum := bias
			for _, v := range phi {
				sum += v
			}
			if !math.IsInf(single, 0) && math.Abs(single) < 1e6 {
				require.InDelta(t, single, sum, 1e-6*max(1, math.Abs(single)))
			}
		}
	})
}
