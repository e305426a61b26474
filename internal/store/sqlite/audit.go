package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/centinela-aml/centinela/internal/store"
)

// AuditSize returns the number of records in the audit log (the index the
// next record takes).
func (s *Store) AuditSize(ctx context.Context) (int64, error) { return auditSize(ctx, s.db) }

// AuditRecords returns the audit records from index from on.
func (s *Store) AuditRecords(ctx context.Context, from int64) iter.Seq2[store.AuditRecord, error] {
	return auditRecords(ctx, s.db, from)
}

// AuditHashes returns stored Merkle tree hashes.
func (s *Store) AuditHashes(ctx context.Context, indexes []int64) ([][32]byte, error) {
	return auditHashes(ctx, s.db, indexes)
}

// AuditHashCount returns the number of stored hashes (the index the next
// one takes).
func (s *Store) AuditHashCount(ctx context.Context) (int64, error) { return auditHashCount(ctx, s.db) }

// AuditCheckpoints returns the saved checkpoints, smallest first.
func (s *Store) AuditCheckpoints(ctx context.Context) ([]store.AuditCheckpoint, error) {
	return auditCheckpoints(ctx, s.db)
}

func (t *caseTx) AuditSize(ctx context.Context) (int64, error) { return auditSize(ctx, t.c) }

func (t *caseTx) AuditRecords(ctx context.Context, from int64) iter.Seq2[store.AuditRecord, error] {
	return auditRecords(ctx, t.c, from)
}

func (t *caseTx) AuditHashes(ctx context.Context, indexes []int64) ([][32]byte, error) {
	return auditHashes(ctx, t.c, indexes)
}

func (t *caseTx) AuditHashCount(ctx context.Context) (int64, error) { return auditHashCount(ctx, t.c) }

func (t *caseTx) AuditCheckpoints(ctx context.Context) ([]store.AuditCheckpoint, error) {
	return auditCheckpoints(ctx, t.c)
}

func (t *caseTx) AppendAudit(ctx context.Context, r store.AuditRecord, hashes [][32]byte) error {
	size, err := auditSize(ctx, t.c)
	if err != nil {
		return err
	}
	if r.Index != size {
		return fmt.Errorf("audit record %d: %w: the log holds %d records", r.Index, store.ErrConflict, size)
	}
	first := tlog.StoredHashCount(r.Index)
	if want := tlog.StoredHashCount(r.Index+1) - first; int64(len(hashes)) != want {
		return fmt.Errorf("audit record %d: %w: %d hashes, want %d", r.Index, store.ErrInvalid, len(hashes), want)
	}
	n, err := auditHashCount(ctx, t.c)
	if err != nil {
		return err
	}
	if n != first {
		return fmt.Errorf("audit record %d: %w: the tree holds %d hashes, want %d", r.Index, store.ErrConflict, n, first)
	}
	if _, err := t.c.ExecContext(ctx, "INSERT INTO audit_log (idx, data) VALUES (?,?)", r.Index, r.Data); err != nil {
		return fmt.Errorf("sqlite: append audit record %d: %w", r.Index, err)
	}
	for i, h := range hashes {
		if _, err := t.c.ExecContext(ctx, "INSERT INTO audit_hashes (idx, hash) VALUES (?,?)", first+int64(i), h[:]); err != nil {
			return fmt.Errorf("sqlite: append audit hash %d: %w", first+int64(i), err)
		}
	}
	return nil
}

func (t *caseTx) SaveAuditCheckpoint(ctx context.Context, c store.AuditCheckpoint) error {
	_, err := t.c.ExecContext(ctx, "INSERT INTO audit_checkpoints (size, hash, ts, note) VALUES (?,?,?,?) "+
		"ON CONFLICT (size) DO UPDATE SET hash = excluded.hash, ts = excluded.ts, note = excluded.note",
		c.Size, c.Hash[:], c.Time.UnixNano(), c.Note)
	if err != nil {
		return fmt.Errorf("sqlite: save audit checkpoint of size %d: %w", c.Size, err)
	}
	return nil
}

func auditSize(ctx context.Context, q sqlConn) (int64, error) {
	var n sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT MAX(idx) FROM audit_log").Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: audit log size: %w", err)
	}
	if !n.Valid {
		return 0, nil
	}
	return n.Int64 + 1, nil
}

func auditHashCount(ctx context.Context, q sqlConn) (int64, error) {
	var n sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT MAX(idx) FROM audit_hashes").Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: audit hash count: %w", err)
	}
	if !n.Valid {
		return 0, nil
	}
	return n.Int64 + 1, nil
}

func auditRecords(ctx context.Context, q sqlConn, from int64) iter.Seq2[store.AuditRecord, error] {
	return func(yield func(store.AuditRecord, error) bool) {
		rows, err := q.QueryContext(ctx, "SELECT idx, data FROM audit_log WHERE idx >= ? ORDER BY idx", from)
		if err != nil {
			yield(store.AuditRecord{}, fmt.Errorf("sqlite: query audit log: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r store.AuditRecord
			if err := rows.Scan(&r.Index, &r.Data); err != nil {
				yield(store.AuditRecord{}, fmt.Errorf("sqlite: read audit record: %w", err))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(store.AuditRecord{}, fmt.Errorf("sqlite: read audit log: %w", err))
		}
	}
}

func auditHashes(ctx context.Context, q sqlConn, indexes []int64) ([][32]byte, error) {
	found := make(map[int64][32]byte, len(indexes))
	for start := 0; start < len(indexes); start += maxInList {
		part := indexes[start:min(start+maxInList, len(indexes))]
		args := make([]any, len(part))
		for i, x := range part {
			args[i] = x
		}
		rows, err := q.QueryContext(ctx, "SELECT idx, hash FROM audit_hashes WHERE idx IN ("+placeholders(len(part))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: query audit hashes: %w", err)
		}
		for rows.Next() {
			var idx int64
			var b []byte
			if err := rows.Scan(&idx, &b); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: read audit hash: %w", err)
			}
			var h [32]byte
			if len(b) != len(h) {
				rows.Close()
				return nil, fmt.Errorf("sqlite: audit hash %d: %d bytes, want %d", idx, len(b), len(h))
			}
			copy(h[:], b)
			found[idx] = h
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: read audit hashes: %w", err)
		}
	}
	out := make([][32]byte, len(indexes))
	for i, x := range indexes {
		h, ok := found[x]
		if !ok {
			return nil, fmt.Errorf("audit hash %d: %w", x, store.ErrNotFound)
		}
		out[i] = h
	}
	return out, nil
}

func auditCheckpoints(ctx context.Context, q sqlConn) ([]store.AuditCheckpoint, error) {
	rows, err := q.QueryContext(ctx, "SELECT size, hash, ts, note FROM audit_checkpoints ORDER BY size")
	if err != nil {
		return nil, fmt.Errorf("sqlite: query audit checkpoints: %w", err)
	}
	defer rows.Close()
	var out []store.AuditCheckpoint
	for rows.Next() {
		var c store.AuditCheckpoint
		var b []byte
		var ts int64
		if err := rows.Scan(&c.Size, &b, &ts, &c.Note); err != nil {
			return nil, fmt.Errorf("sqlite: read audit checkpoint: %w", err)
		}
		if len(b) != len(c.Hash) {
			return nil, fmt.Errorf("sqlite: audit checkpoint of size %d: hash of %d bytes", c.Size, len(b))
		}
		copy(c.Hash[:], b)
		c.Time = time.Unix(0, ts).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrConnDone) {
		return nil, fmt.Errorf("sqlite: read audit checkpoints: %w", err)
	}
	return out, nil
}
