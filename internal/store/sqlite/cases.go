package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// sqlConn is what *sql.DB and *sql.Tx share, for code that runs inside or
// outside a transaction.
type sqlConn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// CaseTx runs fn in one write transaction: the cases it saves and the
// audit records it appends commit together, or not at all.
func (s *Store) CaseTx(ctx context.Context, fn func(tx store.CaseTx) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return fn(&caseTx{c: tx})
	})
}

// Case returns one case.
func (s *Store) Case(ctx context.Context, id string) (model.Case, error) {
	return readCase(ctx, s.db, id)
}

// Cases returns the cases f selects.
func (s *Store) Cases(ctx context.Context, f store.CaseFilter) ([]model.Case, error) {
	return readCases(ctx, s.db, f)
}

// CasesOfAlerts maps alert IDs to the IDs of the cases holding them.
func (s *Store) CasesOfAlerts(ctx context.Context, alertIDs []string) (map[string]string, error) {
	return casesOfAlerts(ctx, s.db, alertIDs)
}

// RFIs returns the request-for-information outcomes f selects.
func (s *Store) RFIs(ctx context.Context, f store.RFIFilter) ([]model.RFI, error) {
	return readRFIs(ctx, s.db, f)
}

// caseTx is a store.CaseTx on one database transaction.
type caseTx struct {
	c sqlConn
}

func (t *caseTx) Case(ctx context.Context, id string) (model.Case, error) {
	return readCase(ctx, t.c, id)
}

func (t *caseTx) Cases(ctx context.Context, f store.CaseFilter) ([]model.Case, error) {
	return readCases(ctx, t.c, f)
}

func (t *caseTx) CasesOfAlerts(ctx context.Context, alertIDs []string) (map[string]string, error) {
	return casesOfAlerts(ctx, t.c, alertIDs)
}

func (t *caseTx) RFIs(ctx context.Context, f store.RFIFilter) ([]model.RFI, error) {
	return readRFIs(ctx, t.c, f)
}

func (t *caseTx) NextCaseNumber(ctx context.Context) (int64, error) {
	var n int64
	err := t.c.QueryRowContext(ctx, "INSERT INTO sequences (name, value) VALUES ('case', 1) "+
		"ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: next case number: %w", err)
	}
	return n, nil
}

func (t *caseTx) SaveCase(ctx context.Context, c model.Case) error {
	if c.ID == "" {
		return fmt.Errorf("sqlite: save case: %w: empty ID", store.ErrInvalid)
	}
	if !c.State.Valid() {
		return fmt.Errorf("sqlite: save case %s: %w: state %q", c.ID, store.ErrInvalid, c.State)
	}
	var stored int
	err := t.c.QueryRowContext(ctx, "SELECT version FROM cases WHERE id = ?", c.ID).Scan(&stored)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: save case %s: %w", c.ID, err)
	}
	switch {
	case c.Version == 0 && exists:
		return fmt.Errorf("case %s: %w: a case with this ID exists", c.ID, store.ErrConflict)
	case c.Version > 0 && !exists:
		return fmt.Errorf("case %s: %w", c.ID, store.ErrNotFound)
	case c.Version > 0 && stored != c.Version:
		return fmt.Errorf("case %s: %w: saved from version %d, the stored case is at version %d", c.ID, store.ErrConflict, c.Version, stored)
	}
	if err := t.claimAlerts(ctx, c.ID, c.Alerts); err != nil {
		return err
	}

	prev := c.Version
	c.Version++
	doc, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("sqlite: save case %s: %w", c.ID, err)
	}
	open := 1
	if c.State == model.CaseClosed {
		open = 0
	}
	if prev == 0 {
		_, err = t.c.ExecContext(ctx, "INSERT INTO cases (id, subject_kind, subject_id, state, open, assignee, score, version, doc) "+
			"VALUES (?,?,?,?,?,?,?,?,?)", c.ID, string(c.Subject.Kind), c.Subject.ID, string(c.State), open, c.Assignee, c.Score, c.Version, string(doc))
	} else {
		_, err = t.c.ExecContext(ctx, "UPDATE cases SET subject_kind = ?, subject_id = ?, state = ?, open = ?, assignee = ?, "+
			"score = ?, version = ?, doc = ? WHERE id = ? AND version = ?",
			string(c.Subject.Kind), c.Subject.ID, string(c.State), open, c.Assignee, c.Score, c.Version, string(doc), c.ID, prev)
	}
	if err != nil {
		return fmt.Errorf("sqlite: save case %s: %w", c.ID, err)
	}

	if _, err := t.c.ExecContext(ctx, "DELETE FROM case_parties WHERE case_id = ?", c.ID); err != nil {
		return fmt.Errorf("sqlite: save case %s parties: %w", c.ID, err)
	}
	for _, p := range uniqueStrings(c.Parties) {
		if _, err := t.c.ExecContext(ctx, "INSERT INTO case_parties (party_id, case_id) VALUES (?,?)", p, c.ID); err != nil {
			return fmt.Errorf("sqlite: save case %s parties: %w", c.ID, err)
		}
	}
	if _, err := t.c.ExecContext(ctx, "DELETE FROM case_rfis WHERE case_id = ?", c.ID); err != nil {
		return fmt.Errorf("sqlite: save case %s RFIs: %w", c.ID, err)
	}
	for i, r := range c.RFIs {
		r.Case = c.ID
		rdoc, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("sqlite: save case %s RFIs: %w", c.ID, err)
		}
		if _, err := t.c.ExecContext(ctx, "INSERT INTO case_rfis (case_id, position, party_id, ts, outcome, doc) VALUES (?,?,?,?,?,?)",
			c.ID, i, r.Party, r.Time.UnixNano(), string(r.Outcome), string(rdoc)); err != nil {
			return fmt.Errorf("sqlite: save case %s RFIs: %w", c.ID, err)
		}
	}
	return nil
}

// claimAlerts records that the alerts belong to case id; an alert that
// belongs to another case is a conflict. Alerts never leave a case.
func (t *caseTx) claimAlerts(ctx context.Context, id string, alerts []string) error {
	owners, err := casesOfAlerts(ctx, t.c, alerts)
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(alerts))
	for _, a := range alerts {
		if seen[a] {
			continue
		}
		seen[a] = true
		switch owner, ok := owners[a]; {
		case ok && owner != id:
			return fmt.Errorf("case %s: %w: alert %s belongs to case %s", id, store.ErrConflict, a, owner)
		case ok:
			continue
		}
		if _, err := t.c.ExecContext(ctx, "INSERT INTO case_alerts (alert_id, case_id) VALUES (?,?)", a, id); err != nil {
			return fmt.Errorf("sqlite: case %s: add alert %s: %w", id, a, err)
		}
	}
	return nil
}

func readCase(ctx context.Context, q sqlConn, id string) (model.Case, error) {
	var doc []byte
	err := q.QueryRowContext(ctx, "SELECT doc FROM cases WHERE id = ?", id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Case{}, fmt.Errorf("case %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return model.Case{}, fmt.Errorf("sqlite: read case %q: %w", id, err)
	}
	var c model.Case
	if err := json.Unmarshal(doc, &c); err != nil {
		return model.Case{}, fmt.Errorf("sqlite: read case %q: %w", id, err)
	}
	return c, nil
}

func readCases(ctx context.Context, q sqlConn, f store.CaseFilter) ([]model.Case, error) {
	var where []string
	var args []any
	if len(f.States) > 0 {
		where = append(where, "c.state IN ("+placeholders(len(f.States))+")")
		for _, s := range f.States {
			args = append(args, string(s))
		}
	}
	if f.Assignee != "" {
		where = append(where, "c.assignee = ?")
		args = append(args, f.Assignee)
	}
	if f.Subject != nil {
		where = append(where, "c.subject_kind = ? AND c.subject_id = ?")
		args = append(args, string(f.Subject.Kind), f.Subject.ID)
	}
	if f.Party != "" {
		where = append(where, "c.id IN (SELECT case_id FROM case_parties WHERE party_id = ?)")
		args = append(args, f.Party)
	}
	query := "SELECT c.doc FROM cases c"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY c.open DESC, c.score DESC, c.id"
	if f.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: query cases: %w", err)
	}
	defer rows.Close()
	var out []model.Case
	var doc []byte
	for rows.Next() {
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlite: read case: %w", err)
		}
		var c model.Case
		if err := json.Unmarshal(doc, &c); err != nil {
			return nil, fmt.Errorf("sqlite: read case: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read cases: %w", err)
	}
	return out, nil
}

func casesOfAlerts(ctx context.Context, q sqlConn, alertIDs []string) (map[string]string, error) {
	out := make(map[string]string)
	for start := 0; start < len(alertIDs); start += maxInList {
		part := alertIDs[start:min(start+maxInList, len(alertIDs))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, "SELECT alert_id, case_id FROM case_alerts WHERE alert_id IN ("+placeholders(len(part))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: query case alerts: %w", err)
		}
		for rows.Next() {
			var a, c string
			if err := rows.Scan(&a, &c); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: read case alerts: %w", err)
			}
			out[a] = c
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: read case alerts: %w", err)
		}
	}
	return out, nil
}

func readRFIs(ctx context.Context, q sqlConn, f store.RFIFilter) ([]model.RFI, error) {
	query := "SELECT doc FROM case_rfis"
	var args []any
	if f.Party != "" {
		query += " WHERE party_id = ?"
		args = append(args, f.Party)
	}
	query += " ORDER BY ts, case_id, position"
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: query RFIs: %w", err)
	}
	defer rows.Close()
	var out []model.RFI
	var doc []byte
	for rows.Next() {
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlite: read RFI: %w", err)
		}
		var r model.RFI
		if err := json.Unmarshal(doc, &r); err != nil {
			return nil, fmt.Errorf("sqlite: read RFI: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: read RFIs: %w", err)
	}
	return out, nil
}

// uniqueStrings returns ss without repeats, in first-seen order.
func uniqueStrings(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// alertsInParts answers an alert filter with a long ID list: it queries the
// list in parts and merges the results in the filter's order.
func (s *Store) alertsInParts(ctx context.Context, f store.AlertFilter) ([]model.Alert, error) {
	var all []model.Alert
	for start := 0; start < len(f.IDs); start += maxInList {
		part := f
		part.IDs = f.IDs[start:min(start+maxInList, len(f.IDs))]
		part.Limit = 0
		got, err := s.Alerts(ctx, part)
		if err != nil {
			return nil, err
		}
		all = append(all, got...)
	}
	slices.SortFunc(all, func(a, b model.Alert) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.ID, b.ID))
	})
	if f.Limit > 0 && len(all) > f.Limit {
		all = all[:f.Limit]
	}
	return all, nil
}
