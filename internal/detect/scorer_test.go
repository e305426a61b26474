package detect_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/gbt"
	"github.com/centinela-aml/centinela/internal/model"
)

// collectionStream makes mule accounts that each receive from many new
// senders in a day, among ordinary pairs paying each other; the label is
// "the payment goes to a mule".
func collectionStream(seed int) ([]model.Transaction, map[string]bool) {
	var txs []model.Transaction
	labels := map[string]bool{}
	n := 0
	for d := range 20 {
		for i := range 40 { // ordinary: pairs that pay each other
			n++
			txs = append(txs, tx(fmt.Sprintf("o%d-%d", seed, n), time.Duration(d)*day+time.Duration(i)*30*time.Minute,
				id("P", i), id("Q", (i+d)%40), 120+float64((i*3+d)%40)))
		}
		for k := range 14 { // a new mule each day, paid by 14 new senders
			n++
			x := tx(fmt.Sprintf("m%d-%d", seed, n), time.Duration(d)*day+time.Duration(k)*40*time.Minute+time.Minute,
				fmt.Sprintf("S%d-%d-%d", seed, d, k), fmt.Sprintf("MULE%d-%d", seed, d), 120+float64((k*7+d)%40))
			txs = append(txs, x)
			labels[x.ID] = true
		}
	}
	return txs, labels
}

func trainScorer(t *testing.T) *detect.Scorer {
	t.Helper()
	cfg := detect.Config{Rows: true}
	fc, err := cfg.FeatureConfig()
	require.NoError(t, err)
	e := newEngine(t, fc.Apply(detect.Config{}))
	txs, labels := collectionStream(1)
	slicesSortByTime(txs)
	rows, _ := observeAll(t, e, txs, 512)
	ds := &gbt.Dataset{Names: e.Schema().Names()}
	for i, r := range rows {
		ds.Features = append(ds.Features, r...)
		ds.Labels = append(ds.Labels, labels[txs[i].ID])
	}
	p := gbt.DefaultParams()
	p.Rounds = 20
	m, err := gbt.Train(context.Background(), ds, nil, p)
	require.NoError(t, err)
	return &detect.Scorer{Model: m, Features: fc, Threshold: 0.5}
}

func slicesSortByTime(txs []model.Transaction) {
	for i := 1; i < len(txs); i++ {
		for j := i; j > 0 && txs[j].Time.Before(txs[j-1].Time); j-- {
			txs[j], txs[j-1] = txs[j-1], txs[j]
		}
	}
}

func TestScorerRaisesExplainedAlerts(t *testing.T) {
	sc := trainScorer(t)
	var buf bytes.Buffer
	require.NoError(t, sc.Write(&buf))
	loaded, err := detect.ReadScorer(&buf)
	require.NoError(t, err)
	require.Equal(t, sc.Threshold, loaded.Threshold)
	require.Equal(t, sc.Features, loaded.Features)

	cfg := loaded.Features.Apply(detect.Config{})
	cfg.Scorer = loaded
	e, err := detect.New(cfg)
	require.NoError(t, err)
	txs, labels := collectionStream(2)
	slicesSortByTime(txs)
	alerts := map[string]model.Alert{}
	flagged := map[string]bool{}
	for lo := 0; lo < len(txs); lo += 256 {
		batch := txs[lo:min(len(txs), lo+256)]
		res, err := e.Observe(batch)
		require.NoError(t, err)
		require.Len(t, res.Scores, len(batch))
		require.Nil(t, res.Rows, "rows are computed for the scorer, returned only with Config.Rows")
		for i, p := range res.Scores {
			require.False(t, math.IsNaN(p))
			if p >= loaded.Threshold {
				flagged[batch[i].ID] = true
			}
		}
		for _, a := range res.Alerts {
			alerts[a.ID] = a
		}
	}
	tp := 0
	for id := range flagged {
		if labels[id] {
			tp++
		}
	}
	require.Greater(t, tp, len(labels)/2, "the model finds most mule payments")
	require.Less(t, len(flagged)-tp, len(flagged)/4, "and few others")
	models := alertsOf(alerts, detect.RuleModel)
	// One alert per account and episode, not one per payment: the mule
	// payments of an account come together.
	require.Less(t, len(models), len(flagged)/2, "flagged payments grouped by account")
	cited := map[string]bool{}
	for _, a := range models {
		for _, id := range a.Evidence {
			cited[id] = true
		}
		require.Equal(t, model.TypModelScore, a.Typology)
		require.Equal(t, model.SourceModel, a.Source)
		require.Contains(t, a.Reason, "by the learned model")
		// The reason names features in words, e.g. "the beneficiary was
		// paid by 12 distinct accounts within 1d".
		require.True(t, strings.Contains(a.Reason, "the beneficiary") || strings.Contains(a.Reason, "the originator"), a.Reason)
		require.NotContains(t, a.Reason, "%!")
		require.Equal(t, a.Subject.ID, a.Accounts[0], "the subject comes first")
		require.Equal(t, "payments", a.Facts[len(a.Facts)-1].Name)
		require.Equal(t, "probability", a.Facts[len(a.Facts)-2].Name)
	}
	for id := range flagged {
		require.True(t, cited[id], "every flagged payment is evidence of its account's alert: %s", id)
	}
	grouped := 0
	for _, a := range models {
		if a.Facts[len(a.Facts)-1].Value > 1 {
			grouped++
			require.Contains(t, a.Reason, " payments involving account "+a.Subject.ID)
		}
	}
	require.Positive(t, grouped, "some alerts group several payments")
}

func TestScorerFeaturesMustMatch(t *testing.T) {
	sc := trainScorer(t)
	cfg := detect.Config{FeatureWindow: 12 * time.Hour, Scorer: sc} // other windows, other names
	_, err := detect.New(cfg)
	require.ErrorIs(t, err, detect.ErrConfig)
	require.ErrorIs(t, err, detect.ErrScorer)

	path := filepath.Join(t.TempDir(), "scorer.json")
	require.NoError(t, sc.Save(path))
	loaded, err := detect.LoadScorer(path)
	require.NoError(t, err)
	require.Equal(t, sc.Model.NumTrees(), loaded.Model.NumTrees())

	for _, bad := range []string{`{}`, `{"format":"centinela-scorer","version":9}`, `not json`,
		`{"format":"centinela-scorer","version":1,"threshold":2,"model":{}}`} {
		_, err := detect.ReadScorer(strings.NewReader(bad))
		require.ErrorIs(t, err, detect.ErrScorer, bad)
	}
}

// FuzzReadScorer feeds malformed scorer files: ReadScorer must return an
// error wrapping ErrScorer or a scorer an engine accepts, never panic.
func FuzzReadScorer(f *testing.F) {
	sc := &detect.Scorer{Threshold: 0.5}
	cfg := detect.Config{Rows: true}
	fc, err := cfg.FeatureConfig()
	if err != nil {
		f.Fatal(err)
	}
	sc.Features = fc
	e, err := detect.New(fc.Apply(detect.Config{Rows: true}))
	if err != nil {
		f.Fatal(err)
	}
	names := e.Schema().Names()
	ds := &gbt.Dataset{Names: names}
	for i := range 200 {
		row := make([]float32, len(names))
		row[i%len(names)] = float32(i)
		ds.Features = append(ds.Features, row...)
		ds.Labels = append(ds.Labels, i%7 == 0)
	}
	p := gbt.DefaultParams()
	p.Rounds = 2
	m, err := gbt.Train(context.Background(), ds, nil, p)
	if err != nil {
		f.Fatal(err)
	}
	sc.Model = m
	var buf bytes.Buffer
	if err := sc.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add(`{"format":"centinela-scorer","version":1,"threshold":0.5,"features":{},"model":{}}`)
	f.Fuzz(func(t *testing.T, data string) {
		s, err := detect.ReadScorer(strings.NewReader(data))
		if err != nil {
			if !errors.Is(err, detect.ErrScorer) {
				t.Fatalf("error %v does not wrap ErrScorer", err)
			}
			return
		}
		cfg := s.Features.Apply(detect.Config{})
		cfg.Scorer = s
		if _, err := detect.New(cfg); err != nil {
			t.Fatalf("a scorer that reads must configure an engine: %v", err)
		}
	})
}
