package builtinscorer

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
)

func TestTheBuiltInScorerRunsOnTheDefaultEngine(t *testing.T) {
	sc, err := Load()
	require.NoError(t, err)
	require.Positive(t, sc.Model.NumTrees())
	require.Greater(t, sc.Threshold, 0.0)
	require.Less(t, sc.Threshold, 1.0)
	require.Contains(t, sc.Trained.Data, "seed7", "trained on a generated bank of another seed than the demo's")
	// It was trained on the default windows, which the pattern miners
	// share: scoring with it does not change what they watch.
	def, err := detect.Config{}.FeatureConfig()
	require.NoError(t, err)
	require.Equal(t, def, sc.Features)
	cfg := sc.Features.Apply(detect.Config{})
	cfg.Scorer = sc
	_, err = detect.New(cfg)
	require.NoError(t, err)
}
