package audit_test

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/centinela-aml/centinela/internal/store"
)

// memLog is a store.AuditWriter in memory whose rows a test can tamper
// with, as someone with the database file could.
type memLog struct {
	records     []store.AuditRecord // in row order
	hashes      map[int64][32]byte
	checkpoints []store.AuditCheckpoint
}

func newMemLog() *memLog { return &memLog{hashes: map[int64][32]byte{}} }

func (m *memLog) AuditSize(context.Context) (int64, error) {
	if len(m.records) == 0 {
		return 0, nil
	}
	return m.records[len(m.records)-1].Index + 1, nil
}

func (m *memLog) AuditRecords(_ context.Context, from int64) iter.Seq2[store.AuditRecord, error] {
	return func(yield func(store.AuditRecord, error) bool) {
		for _, r := range m.records {
			if r.Index >= from && !yield(store.AuditRecord{Index: r.Index, Data: slices.Clone(r.Data)}, nil) {
				return
			}
		}
	}
}

func (m *memLog) AuditHashes(_ context.Context, indexes []int64) ([][32]byte, error) {
	out := make([][32]byte, len(indexes))
	for i, x := range indexes {
		h, ok := m.hashes[x]
		if !ok {
			return nil, fmt.Errorf("hash %d: %w", x, store.ErrNotFound)
		}
		out[i] = h
	}
	return out, nil
}

func (m *memLog) AuditHashCount(context.Context) (int64, error) {
	var n int64
	for x := range m.hashes {
		n = max(n, x+1)
	}
	return n, nil
}

func (m *memLog) AuditCheckpoints(context.Context) ([]store.AuditCheckpoint, error) {
	return slices.Clone(m.checkpoints), nil
}

func (m *memLog) AppendAudit(ctx context.Context, r store.AuditRecord, hashes [][32]byte) error {
	n, _ := m.AuditSize(ctx)
	if r.Index != n {
		return fmt.Errorf("record %d: %w", r.Index, store.ErrConflict)
	}
	first := tlog.StoredHashCount(r.Index)
	if int64(len(hashes)) != tlog.StoredHashCount(r.Index+1)-first {
		return fmt.Errorf("record %d: %w: %d hashes", r.Index, store.ErrInvalid, len(hashes))
	}
	m.records = append(m.records, store.AuditRecord{Index: r.Index, Data: slices.Clone(r.Data)})
	for i, h := range hashes {
		m.hashes[first+int64(i)] = h
	}
	return nil
}

func (m *memLog) SaveAuditCheckpoint(_ context.Context, c store.AuditCheckpoint) error {
	m.checkpoints = append(m.checkpoints, c)
	return nil
}
