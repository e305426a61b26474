package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// TestAuditTamperingInTheFile edits the database file behind the store's
// back, as someone with access to it could, and checks that the triggers
// refuse the change and that verification finds it once they are gone.
func TestAuditTamperingInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	t0 := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	for i := range 10 {
		require.NoError(t, s.CaseTx(t.Context(), func(tx store.CaseTx) error {
			_, err := audit.Append(t.Context(), tx, t0.Add(time.Duration(i)*time.Minute), audit.Event{
				Actor: "ana", Origin: "cli@test", Action: "case.read", Object: audit.Object{Kind: audit.KindCase, ID: fmt.Sprintf("C-%d", i)},
			})
			return err
		}))
	}
	rep, err := audit.Verify(t.Context(), s)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problems)
	require.NoError(t, s.Close())

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`UPDATE audit_log SET data = replace(data, '"ana"', '"bob"') WHERE idx = 4`)
	require.ErrorContains(t, err, "append-only")
	_, err = db.Exec(`DELETE FROM audit_log WHERE idx = 6`)
	require.ErrorContains(t, err, "append-only")

	for _, trig := range []string{"audit_log_no_update", "audit_log_no_delete"} {
		_, err = db.Exec("DROP TRIGGER " + trig)
		require.NoError(t, err)
	}
	_, err = db.Exec(`UPDATE audit_log SET data = CAST(replace(CAST(data AS TEXT), '"ana"', '"bob"') AS BLOB) WHERE idx = 4`)
	require.NoError(t, err)
	_, err = db.Exec(`DELETE FROM audit_log WHERE idx = 6`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err = sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	rep, err = audit.Verify(t.Context(), s)
	require.NoError(t, err)
	var at []int64
	for _, p := range rep.Problems {
		at = append(at, p.Index)
	}
	require.Equal(t, []int64{4, 6}, at, "%v", rep.Problems)
}

func TestAuditRecordInItsOwnTransaction(t *testing.T) {
	s := open(t)
	t0 := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	got, err := audit.Record(t.Context(), s, t0,
		audit.Event{Actor: "detect", Origin: "cli@test", Action: "alerts.save", Object: audit.Object{Kind: audit.KindAlert, ID: "*"}, Detail: "82 alerts"},
		audit.Event{Actor: "ana", Origin: "cli@test", Action: "list.load", Object: audit.Object{Kind: audit.KindList, ID: "ofac-sdn"}})
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, int64(1), got[1].Index)
	n, err := s.AuditSize(t.Context())
	require.NoError(t, err)
	require.Equal(t, int64(2), n)

	_, err = audit.Record(t.Context(), s, t0, audit.Event{Actor: "ana"})
	require.ErrorIs(t, err, audit.ErrInvalidEvent)
	n, err = s.AuditSize(t.Context())
	require.NoError(t, err)
	require.Equal(t, int64(2), n, "an invalid event appends nothing")
}
