package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// BenchmarkAuditAppend measures one audited action as the case commands
// do it: a write transaction that appends one entry to the log.
func BenchmarkAuditAppend(b *testing.B) {
	s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	i := 0
	for b.Loop() {
		err := s.CaseTx(b.Context(), func(tx store.CaseTx) error {
			_, err := audit.Append(b.Context(), tx, t0, audit.Event{Actor: "ana", Origin: "bench", Action: "case.read",
				Object: audit.Object{Kind: audit.KindCase, ID: fmt.Sprintf("C-%06d", i%1000)}})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}
