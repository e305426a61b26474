package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
	"github.com/centinela-aml/centinela/internal/store/storetest"
)

func open(t *testing.T) store.Store {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, open)
}

func TestReopenKeepsRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keep.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	x := model.Transaction{ID: "T1", Time: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Amount: 1, Currency: "USD", Channel: model.ChannelACH}
	_, err = s.WriteBatch(t.Context(), store.Batch{Transactions: []model.Transaction{x}})
	require.NoError(t, err)
	require.NoError(t, s.Close())

	// Opening again runs the migrations again: nothing to do, nothing lost.
	s, err = sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	res, err := s.WriteBatch(t.Context(), store.Batch{Transactions: []model.Transaction{x}})
	require.NoError(t, err)
	require.Equal(t, []store.Outcome{store.Duplicate}, res.Transactions)
}

func TestOpenErrors(t *testing.T) {
	for name, path := range map[string]string{
		"empty path":        "",
		"query in the name": filepath.Join(t.TempDir(), "a?b.db"),
		"missing directory": filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sqlite.Open(t.Context(), path)
			require.Error(t, err)
		})
	}
}
