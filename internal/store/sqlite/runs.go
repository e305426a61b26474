package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/centinela-aml/centinela/internal/store"
)

const checkpointColumns = "run_id, source, run_key, path, format, fingerprint, line, read_rows, accepted, duplicates, " +
	"rejected, skipped_blank, reject_offset, done, updated"

// saveCheckpoint inserts or replaces the checkpoint of (c.RunID, c.Source).
func saveCheckpoint(ctx context.Context, tx *sql.Tx, c store.Checkpoint, now time.Time) error {
	if c.Updated.IsZero() {
		c.Updated = now
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO ingest_checkpoints ("+checkpointColumns+") "+
		"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, source) DO UPDATE SET "+
		"run_key = excluded.run_key, path = excluded.path, format = excluded.format, fingerprint = excluded.fingerprint, "+
		"line = excluded.line, read_rows = excluded.read_rows, accepted = excluded.accepted, "+
		"duplicates = excluded.duplicates, rejected = excluded.rejected, skipped_blank = excluded.skipped_blank, reject_offset = excluded.reject_offset, "+
		"done = excluded.done, updated = excluded.updated",
		c.RunID, c.Source, c.RunKey, c.Path, c.Format, c.Fingerprint, c.Line, c.Read, c.Accepted, c.Duplicates,
		c.Rejected, c.SkippedBlank, c.RejectOffset, c.Done, c.Updated.UnixNano())
	if err != nil {
		return fmt.Errorf("sqlite: save checkpoint of run %s, source %s: %w", c.RunID, c.Source, err)
	}
	return nil
}

// Checkpoint returns the checkpoint of one source of one run, or an error
// wrapping store.ErrNotFound.
func (s *Store) Checkpoint(ctx context.Context, runID, source string) (store.Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+checkpointColumns+" FROM ingest_checkpoints WHERE run_id = ? AND source = ?",
		runID, source)
	if err != nil {
		return store.Checkpoint{}, fmt.Errorf("sqlite: read checkpoint: %w", err)
	}
	cps, err := scanCheckpoints(rows)
	if err != nil {
		return store.Checkpoint{}, err
	}
	if len(cps) == 0 {
		return store.Checkpoint{}, fmt.Errorf("checkpoint of run %s, source %s: %w", runID, source, store.ErrNotFound)
	}
	return cps[0], nil
}

// Checkpoints returns every checkpoint, the most recently updated first.
func (s *Store) Checkpoints(ctx context.Context) ([]store.Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+checkpointColumns+" FROM ingest_checkpoints ORDER BY updated DESC, run_id, source")
	if err != nil {
		return nil, fmt.Errorf("sqlite: read checkpoints: %w", err)
	}
	return scanCheckpoints(rows)
}

func scanCheckpoints(rows *sql.Rows) ([]store.Checkpoint, error) {
	defer rows.Close()
	var out []store.Checkpoint
	for rows.Next() {
		var c store.Checkpoint
		var updated int64
		if err := rows.Scan(&c.RunID, &c.Source, &c.RunKey, &c.Path, &c.Format, &c.Fingerprint, &c.Line, &c.Read,
			&c.Accepted, &c.Duplicates, &c.Rejected, &c.SkippedBlank, &c.RejectOffset, &c.Done, &updated); err != nil {
			return nil, fmt.Errorf("sqlite: read checkpoint: %w", err)
		}
		c.Updated = time.Unix(0, updated).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read checkpoints: %w", err)
	}
	if err := rows.Close(); err != nil && !errors.Is(err, sql.ErrConnDone) {
		return nil, err
	}
	return out, nil
}
