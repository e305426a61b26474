package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// SaveAlerts stores alerts in one transaction, replacing those with the
// same ID.
func (s *Store) SaveAlerts(ctx context.Context, alerts []model.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx,
			"INSERT INTO alerts (id, rule_id, typology, subject_kind, subject_id, score, severity, created, doc) "+
				"VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "+
				"rule_id = excluded.rule_id, typology = excluded.typology, subject_kind = excluded.subject_kind, "+
				"subject_id = excluded.subject_id, score = excluded.score, severity = excluded.severity, "+
				"created = excluded.created, doc = excluded.doc")
		if err != nil {
			return fmt.Errorf("sqlite: prepare alert insert: %w", err)
		}
		defer stmt.Close()
		for i := range alerts {
			a := &alerts[i]
			if a.ID == "" {
				return fmt.Errorf("sqlite: alert %d: %w: empty ID", i+1, store.ErrInvalid)
			}
			doc, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("sqlite: alert %q: %w", a.ID, err)
			}
			var created any
			if !a.Created.IsZero() {
				created = a.Created.UnixNano()
			}
			if _, err := stmt.ExecContext(ctx, a.ID, a.RuleID, string(a.Typology), string(a.Subject.Kind), a.Subject.ID,
				a.Score, string(a.Severity), created, string(doc)); err != nil {
				return fmt.Errorf("sqlite: save alert %q: %w", a.ID, err)
			}
		}
		return nil
	})
}

// Alerts returns the alerts f selects, highest score first (ties by ID).
func (s *Store) Alerts(ctx context.Context, f store.AlertFilter) ([]model.Alert, error) {
	if len(f.IDs) > maxInList {
		return s.alertsInParts(ctx, f)
	}
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		where = append(where, "id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if len(f.RuleIDs) > 0 {
		where = append(where, "rule_id IN ("+placeholders(len(f.RuleIDs))+")")
		for _, r := range f.RuleIDs {
			args = append(args, r)
		}
	}
	if f.Subject != nil {
		where = append(where, "subject_kind = ? AND subject_id = ?")
		args = append(args, string(f.Subject.Kind), f.Subject.ID)
	}
	if f.MinScore != 0 {
		where = append(where, "score >= ?")
		args = append(args, f.MinScore)
	}
	q := "SELECT doc FROM alerts"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY score DESC, id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: query alerts: %w", err)
	}
	defer rows.Close()
	var out []model.Alert
	var doc []byte
	for rows.Next() {
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlite: read alert: %w", err)
		}
		var a model.Alert
		if err := json.Unmarshal(doc, &a); err != nil {
			return nil, fmt.Errorf("sqlite: read alert: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read alerts: %w", err)
	}
	return out, nil
}
