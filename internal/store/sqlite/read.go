package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// maxInList is the longest ID or account list a transaction query sends as
// one IN list; longer lists are queried in parts and merged in memory.
const maxInList = 5000

// Transactions returns the transactions f selects, in time order (ties by
// ID).
func (s *Store) Transactions(ctx context.Context, f store.TxFilter) iter.Seq2[model.Transaction, error] {
	if len(f.IDs) > maxInList || len(f.Accounts) > maxInList {
		return s.transactionsInParts(ctx, f)
	}
	return func(yield func(model.Transaction, error) bool) {
		q, args := txQuery(f)
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			yield(model.Transaction{}, fmt.Errorf("sqlite: query transactions: %w", err))
			return
		}
		defer rows.Close()
		var sc txScan
		for rows.Next() {
			t, err := sc.scan(rows)
			if err != nil {
				yield(model.Transaction{}, fmt.Errorf("sqlite: read transaction: %w", err))
				return
			}
			if !yield(t, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(model.Transaction{}, fmt.Errorf("sqlite: read transactions: %w", err))
		}
	}
}

// transactionsInParts answers a filter with a long ID or account list: it
// queries the list in parts, then sorts what it found. The result is at
// most as long as the ID list; for an account list it is held in memory.
func (s *Store) transactionsInParts(ctx context.Context, f store.TxFilter) iter.Seq2[model.Transaction, error] {
	return func(yield func(model.Transaction, error) bool) {
		seen := make(map[string]bool)
		var all []model.Transaction
		parts := func(list []string, set func(*store.TxFilter, []string)) error {
			for start := 0; start < len(list); start += maxInList {
				part := f
				set(&part, list[start:min(start+maxInList, len(list))])
				for t, err := range s.Transactions(ctx, part) {
					if err != nil {
						return err
					}
					if !seen[t.ID] {
						seen[t.ID] = true
						all = append(all, t)
					}
				}
			}
			return nil
		}
		var err error
		if len(f.IDs) > maxInList {
			err = parts(f.IDs, func(p *store.TxFilter, l []string) { p.IDs = l })
		} else {
			err = parts(f.Accounts, func(p *store.TxFilter, l []string) { p.Accounts = l })
		}
		if err != nil {
			yield(model.Transaction{}, err)
			return
		}
		slices.SortFunc(all, func(a, b model.Transaction) int {
			return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.ID, b.ID))
		})
		for _, t := range all {
			if !yield(t, nil) {
				return
			}
		}
	}
}

func txQuery(f store.TxFilter) (string, []any) {
	var where []string
	var args []any
	if !f.From.IsZero() {
		where = append(where, "ts >= ?")
		args = append(args, f.From.UnixNano())
	}
	if !f.To.IsZero() {
		where = append(where, "ts < ?")
		args = append(args, f.To.UnixNano())
	}
	if len(f.IDs) > 0 {
		where = append(where, "id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if len(f.Accounts) > 0 {
		in := placeholders(len(f.Accounts))
		where = append(where, "(originator IN ("+in+") OR beneficiary IN ("+in+"))")
		for range 2 {
			for _, a := range f.Accounts {
				args = append(args, a)
			}
		}
	}
	q := "SELECT " + strings.Join(txColumns, ", ") + " FROM transactions"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q + " ORDER BY ts, id", args
}

// txScan holds the scan targets of one transaction row, reused row after
// row.
type txScan struct {
	id, currency, channel                      string
	ts, hash                                   int64
	amount                                     float64
	amountRecv                                 sql.NullFloat64
	orig, bene, curRecv, memo                  sql.NullString
	cpName, cpCountry, cpType, cpNAICS, cpBank sql.NullString
	cpAccount, branch, mcc                     sql.NullString
	dests                                      []any
}

func (sc *txScan) scan(rows *sql.Rows) (model.Transaction, error) {
	if sc.dests == nil {
		sc.dests = []any{&sc.id, &sc.ts, &sc.amount, &sc.currency, &sc.channel, &sc.hash,
			&sc.orig, &sc.bene, &sc.amountRecv, &sc.curRecv, &sc.memo, &sc.cpName, &sc.cpCountry, &sc.cpType,
			&sc.cpNAICS, &sc.cpBank, &sc.cpAccount, &sc.branch, &sc.mcc}
	}
	if err := rows.Scan(sc.dests...); err != nil {
		return model.Transaction{}, err
	}
	return model.Transaction{
		ID:               sc.id,
		Time:             time.Unix(0, sc.ts).UTC(),
		Originator:       sc.orig.String,
		Beneficiary:      sc.bene.String,
		Amount:           sc.amount,
		Currency:         sc.currency,
		AmountReceived:   sc.amountRecv.Float64,
		CurrencyReceived: sc.curRecv.String,
		Channel:          model.Channel(sc.channel),
		Memo:             sc.memo.String,
		Counterparty: model.Counterparty{
			Name:    sc.cpName.String,
			Country: sc.cpCountry.String,
			Type:    model.PartyKind(sc.cpType.String),
			NAICS:   sc.cpNAICS.String,
			Bank:    sc.cpBank.String,
			Account: sc.cpAccount.String,
		},
		Branch: sc.branch.String,
		MCC:    sc.mcc.String,
	}, nil
}

// Parties returns the current version of every party, in ID order.
func (s *Store) Parties(ctx context.Context) iter.Seq2[model.Party, error] {
	return func(yield func(model.Party, error) bool) {
		rows, err := s.db.QueryContext(ctx, "SELECT doc FROM parties ORDER BY id")
		if err != nil {
			yield(model.Party{}, fmt.Errorf("sqlite: query parties: %w", err))
			return
		}
		defer rows.Close()
		var doc []byte
		for rows.Next() {
			var p model.Party
			if err := rows.Scan(&doc); err != nil {
				yield(model.Party{}, fmt.Errorf("sqlite: read party: %w", err))
				return
			}
			if err := json.Unmarshal(doc, &p); err != nil {
				yield(model.Party{}, fmt.Errorf("sqlite: read party: %w", err))
				return
			}
			if !yield(p, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(model.Party{}, fmt.Errorf("sqlite: read parties: %w", err))
		}
	}
}

// Party returns the current version of the party id, or an error wrapping
// store.ErrNotFound.
func (s *Store) Party(ctx context.Context, id string) (model.Party, error) {
	var doc []byte
	err := s.db.QueryRowContext(ctx, "SELECT doc FROM parties WHERE id = ?", id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Party{}, fmt.Errorf("party %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return model.Party{}, fmt.Errorf("sqlite: read party %q: %w", id, err)
	}
	var p model.Party
	if err := json.Unmarshal(doc, &p); err != nil {
		return model.Party{}, fmt.Errorf("sqlite: read party %q: %w", id, err)
	}
	return p, nil
}

const accountSelect = "SELECT a.id, a.institution, a.type, a.currency, a.opened, a.closed, a.branch, o.party_id " +
	"FROM accounts a LEFT JOIN account_owners o ON o.account_id = a.id"

// Accounts returns the current version of every account, in ID order.
func (s *Store) Accounts(ctx context.Context) iter.Seq2[model.Account, error] {
	return func(yield func(model.Account, error) bool) {
		rows, err := s.db.QueryContext(ctx, accountSelect+" ORDER BY a.id, o.position")
		if err != nil {
			yield(model.Account{}, fmt.Errorf("sqlite: query accounts: %w", err))
			return
		}
		defer rows.Close()
		var cur model.Account
		have := false
		for rows.Next() {
			a, owner, err := scanAccount(rows)
			if err != nil {
				yield(model.Account{}, fmt.Errorf("sqlite: read account: %w", err))
				return
			}
			if have && a.ID != cur.ID {
				if !yield(cur, nil) {
					return
				}
				have = false
			}
			if !have {
				cur, have = a, true
			}
			if owner != "" {
				cur.Owners = append(cur.Owners, owner)
			}
		}
		if err := rows.Err(); err != nil {
			yield(model.Account{}, fmt.Errorf("sqlite: read accounts: %w", err))
			return
		}
		if have {
			yield(cur, nil)
		}
	}
}

// Account returns the current version of the account id, or an error
// wrapping store.ErrNotFound.
func (s *Store) Account(ctx context.Context, id string) (model.Account, error) {
	a, err := readAccount(ctx, s.db, id)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Account{}, fmt.Errorf("account %q: %w", id, store.ErrNotFound)
	}
	return a, err
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readAccount reads one account with its owners; sql.ErrNoRows when absent.
func readAccount(ctx context.Context, q querier, id string) (model.Account, error) {
	rows, err := q.QueryContext(ctx, accountSelect+" WHERE a.id = ? ORDER BY o.position", id)
	if err != nil {
		return model.Account{}, fmt.Errorf("sqlite: read account %q: %w", id, err)
	}
	defer rows.Close()
	var acct model.Account
	found := false
	for rows.Next() {
		a, owner, err := scanAccount(rows)
		if err != nil {
			return model.Account{}, fmt.Errorf("sqlite: read account %q: %w", id, err)
		}
		if !found {
			acct, found = a, true
		}
		if owner != "" {
			acct.Owners = append(acct.Owners, owner)
		}
	}
	if err := rows.Err(); err != nil {
		return model.Account{}, fmt.Errorf("sqlite: read account %q: %w", id, err)
	}
	if !found {
		return model.Account{}, sql.ErrNoRows
	}
	return acct, nil
}

func scanAccount(rows *sql.Rows) (model.Account, string, error) {
	var (
		a                                         model.Account
		inst, typ, cur, opened, closed, br, owner sql.NullString
	)
	if err := rows.Scan(&a.ID, &inst, &typ, &cur, &opened, &closed, &br, &owner); err != nil {
		return a, "", err
	}
	var err error
	if a.Opened, err = model.ParseDate(opened.String); err != nil {
		return a, "", err
	}
	if a.Closed, err = model.ParseDate(closed.String); err != nil {
		return a, "", err
	}
	a.Institution, a.Type, a.Currency, a.Branch = inst.String, model.AccountType(typ.String), cur.String, br.String
	return a, owner.String, nil
}

// Labels returns every label, ordered by entity kind, entity ID, case and
// typology.
func (s *Store) Labels(ctx context.Context) iter.Seq2[model.Label, error] {
	return func(yield func(model.Label, error) bool) {
		rows, err := s.db.QueryContext(ctx,
			"SELECT entity_kind, entity_id, case_id, typology, note FROM labels ORDER BY entity_kind, entity_id, case_id, typology")
		if err != nil {
			yield(model.Label{}, fmt.Errorf("sqlite: query labels: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var l model.Label
			var kind, typ string
			if err := rows.Scan(&kind, &l.EntityID, &l.CaseID, &typ, &l.Note); err != nil {
				yield(model.Label{}, fmt.Errorf("sqlite: read label: %w", err))
				return
			}
			l.EntityKind, l.Typology = model.EntityKind(kind), model.Typology(typ)
			if !yield(l, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(model.Label{}, fmt.Errorf("sqlite: read labels: %w", err))
		}
	}
}

// Counts counts the records of each kind.
func (s *Store) Counts(ctx context.Context) (store.Counts, error) {
	var c store.Counts
	for _, t := range []struct {
		table string
		n     *int64
	}{
		{"parties", &c.Parties},
		{"accounts", &c.Accounts},
		{"transactions", &c.Transactions},
		{"labels", &c.Labels},
		{"alerts", &c.Alerts},
	} {
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.table).Scan(t.n); err != nil {
			return store.Counts{}, fmt.Errorf("sqlite: count %s: %w", t.table, err)
		}
	}
	return c, nil
}

// SharedIdentifiers returns every identifier that more than one party
// holds, ordered by kind and value.
func (s *Store) SharedIdentifiers(ctx context.Context) iter.Seq2[store.SharedIdentifier, error] {
	return func(yield func(store.SharedIdentifier, error) bool) {
		rows, err := s.db.QueryContext(ctx,
			"SELECT kind, value, country, party_id FROM party_identifiers WHERE (kind, value) IN "+
				"(SELECT kind, value FROM party_identifiers GROUP BY kind, value HAVING COUNT(*) > 1) "+
				"ORDER BY kind, value, party_id")
		if err != nil {
			yield(store.SharedIdentifier{}, fmt.Errorf("sqlite: query shared identifiers: %w", err))
			return
		}
		defer rows.Close()
		var cur store.SharedIdentifier
		for rows.Next() {
			var kind, value, country, party string
			if err := rows.Scan(&kind, &value, &country, &party); err != nil {
				yield(store.SharedIdentifier{}, fmt.Errorf("sqlite: read shared identifier: %w", err))
				return
			}
			if len(cur.Parties) > 0 && (kind != cur.Kind || value != cur.Value) {
				if !yield(cur, nil) {
					return
				}
				cur = store.SharedIdentifier{}
			}
			cur.Kind, cur.Value = kind, value
			if cur.Country == "" {
				cur.Country = country
			}
			cur.Parties = append(cur.Parties, party)
		}
		if err := rows.Err(); err != nil {
			yield(store.SharedIdentifier{}, fmt.Errorf("sqlite: read shared identifiers: %w", err))
			return
		}
		if len(cur.Parties) > 0 {
			yield(cur, nil)
		}
	}
}
