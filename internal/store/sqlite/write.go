package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// rowsPerInsert is how many transactions one INSERT statement carries.
// Multi-row statements amortise the per-statement cost of SQLite (100 to
// 800 rows measure alike); 400 rows of at most 19 columns stay well below
// SQLite's limit of 32,766 parameters.
const rowsPerInsert = 400

// idsPerSelect is how many IDs one "WHERE id IN (…)" lookup carries.
const idsPerSelect = 500

// writeBatch writes b inside tx: parties, accounts, transactions, labels,
// then the checkpoint.
func writeBatch(ctx context.Context, tx *sql.Tx, b store.Batch, now time.Time, pool scratchPool) (store.BatchResult, error) {
	if err := validateBatch(&b); err != nil {
		return store.BatchResult{}, err
	}
	res := store.BatchResult{
		Parties:      make([]store.Outcome, len(b.Parties)),
		Accounts:     make([]store.Outcome, len(b.Accounts)),
		Transactions: make([]store.Outcome, len(b.Transactions)),
		Labels:       make([]store.Outcome, len(b.Labels)),
	}
	if err := writeParties(ctx, tx, b.Parties, res.Parties, now); err != nil {
		return store.BatchResult{}, err
	}
	if err := writeAccounts(ctx, tx, b.Accounts, res.Accounts, now); err != nil {
		return store.BatchResult{}, err
	}
	if err := writeTransactions(ctx, tx, b.Transactions, res.Transactions, pool); err != nil {
		return store.BatchResult{}, err
	}
	if err := writeLabels(ctx, tx, b.Labels, res.Labels); err != nil {
		return store.BatchResult{}, err
	}
	if b.Checkpoint != nil {
		if err := saveCheckpoint(ctx, tx, *b.Checkpoint, now); err != nil {
			return store.BatchResult{}, err
		}
	}
	return res, nil
}

func validateBatch(b *store.Batch) error {
	for i := range b.Parties {
		if b.Parties[i].ID == "" {
			return fmt.Errorf("sqlite: party %d of the batch: %w: empty ID", i+1, store.ErrInvalid)
		}
	}
	for i := range b.Accounts {
		if b.Accounts[i].ID == "" {
			return fmt.Errorf("sqlite: account %d of the batch: %w: empty ID", i+1, store.ErrInvalid)
		}
	}
	for i := range b.Transactions {
		t := &b.Transactions[i]
		if t.ID == "" {
			return fmt.Errorf("sqlite: transaction %d of the batch: %w: empty ID", i+1, store.ErrInvalid)
		}
		if t.Time.Before(store.MinTime) || t.Time.After(store.MaxTime) {
			return fmt.Errorf("sqlite: transaction %q: %w: time %s outside %s to %s", t.ID, store.ErrInvalid,
				t.Time.Format(time.RFC3339), store.MinTime.Format(time.RFC3339), store.MaxTime.Format(time.RFC3339))
		}
	}
	for i := range b.Labels {
		if b.Labels[i].EntityID == "" {
			return fmt.Errorf("sqlite: label %d of the batch: %w: empty entity ID", i+1, store.ErrInvalid)
		}
	}
	if c := b.Checkpoint; c != nil && (c.RunID == "" || c.Source == "") {
		return fmt.Errorf("sqlite: checkpoint: %w: empty run ID or source", store.ErrInvalid)
	}
	return nil
}

// txColumns are the columns of the transactions table, in insert order;
// the first txRequired are set in every row.
var txColumns = []string{"id", "ts", "amount", "currency", "channel", "hash",
	"originator", "beneficiary", "amount_received", "currency_received", "memo", "cp_name", "cp_country",
	"cp_type", "cp_naics", "cp_bank", "cp_account", "branch", "mcc"}

const txRequired = 6

// txOptional returns the value of optional column c (an index into
// txColumns[txRequired:]) of t; nil means "not known".
func txOptional(t *model.Transaction, c int) any {
	switch c {
	case 0:
		return nullString(t.Originator)
	case 1:
		return nullString(t.Beneficiary)
	case 2:
		if t.CurrencyReceived != "" || t.AmountReceived != 0 {
			return t.AmountReceived
		}
		return nil
	case 3:
		return nullString(t.CurrencyReceived)
	case 4:
		return nullString(t.Memo)
	case 5:
		return nullString(t.Counterparty.Name)
	case 6:
		return nullString(t.Counterparty.Country)
	case 7:
		return nullString(string(t.Counterparty.Type))
	case 8:
		return nullString(t.Counterparty.NAICS)
	case 9:
		return nullString(t.Counterparty.Bank)
	case 10:
		return nullString(t.Counterparty.Account)
	case 11:
		return nullString(t.Branch)
	case 12:
		return nullString(t.MCC)
	}
	return nil
}

// txMask returns the optional columns t has a value for.
func txMask(t *model.Transaction) colMask {
	var m colMask
	for c, set := range [...]bool{t.Originator != "", t.Beneficiary != "", t.CurrencyReceived != "" || t.AmountReceived != 0,
		t.CurrencyReceived != "", t.Memo != "", t.Counterparty.Name != "", t.Counterparty.Country != "",
		t.Counterparty.Type != "", t.Counterparty.NAICS != "", t.Counterparty.Bank != "", t.Counterparty.Account != "",
		t.Branch != "", t.MCC != ""} {
		if set {
			m |= 1 << c
		}
	}
	return m
}

// colMask has bit i set when optional column i is used by some row.
type colMask uint16

// insertTxSQL returns the multi-row insert of n transactions into the
// required columns and the optional ones in mask: columns that no row of a
// statement uses are left out (they default to NULL), which spares binding
// them — most research data sets use half of them. Rows whose ID is stored
// are left alone; with returning, RETURNING names the rows inserted.
func insertTxSQL(n int, mask colMask, returning bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO transactions (")
	cols := 0
	for i, c := range txColumns {
		if i >= txRequired && mask&(1<<(i-txRequired)) == 0 {
			continue
		}
		if cols > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c)
		cols++
	}
	b.WriteString(") VALUES ")
	row := "(" + placeholders(cols) + ")"
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	b.WriteString(" ON CONFLICT (id) DO NOTHING")
	if returning {
		b.WriteString(" RETURNING id")
	}
	return b.String()
}

// txStatements prepares the insert statements of one batch on demand.
type txStatements struct {
	tx    *sql.Tx
	stmts map[txStmtKey]*sql.Stmt
}

type txStmtKey struct {
	n         int
	mask      colMask
	returning bool
}

func (s *txStatements) get(ctx context.Context, k txStmtKey) (*sql.Stmt, error) {
	if st, ok := s.stmts[k]; ok {
		return st, nil
	}
	st, err := s.tx.PrepareContext(ctx, insertTxSQL(k.n, k.mask, k.returning))
	if err != nil {
		return nil, fmt.Errorf("sqlite: prepare transaction insert: %w", err)
	}
	s.stmts[k] = st
	return st, nil
}

func (s *txStatements) close() {
	for _, st := range s.stmts {
		st.Close()
	}
}

// txScratch is the reusable memory of one writeTransactions call.
type txScratch struct {
	hashes []int64
	masks  []colMask
	first  map[string]int // ID → index of its first occurrence in the batch
	uniq   []int          // indices of first occurrences
	args   []any
	ids    []any
}

// scratchPool keeps a few txScratch for reuse. Unlike a sync.Pool it does
// not drop them at each garbage collection, which during an ingest comes
// several times per batch.
type scratchPool chan *txScratch

func newScratchPool() scratchPool { return make(scratchPool, 2) }

func (p scratchPool) get() *txScratch {
	select {
	case sc := <-p:
		return sc
	default:
		return &txScratch{first: make(map[string]int), args: make([]any, 0, rowsPerInsert*len(txColumns))}
	}
}

func (p scratchPool) put(sc *txScratch) {
	clear(sc.first)
	clear(sc.args)
	clear(sc.ids)
	select {
	case p <- sc:
	default:
	}
}

// writeTransactions inserts txs and sets out[i] for each: Inserted when it
// is new, Duplicate when the stored transaction has the same content,
// Conflict when it differs. A transaction repeated within txs is compared
// with its first occurrence.
//
// Each statement first tries to insert its rows optimistically, inside a
// savepoint, without RETURNING: when every row is new (a fresh ingest)
// that is the whole work. When some row was stored before, the statement
// is undone and redone with RETURNING to learn which rows are new, and the
// others are compared by hash; the batch then stays in that mode until a
// statement inserts all its rows again.
func writeTransactions(ctx context.Context, tx *sql.Tx, txs []model.Transaction, out []store.Outcome, pool scratchPool) error {
	if len(txs) == 0 {
		return nil
	}
	sc := pool.get()
	defer pool.put(sc)
	sc.hashes = sc.hashes[:0]
	sc.uniq = sc.uniq[:0]
	sc.masks = sc.masks[:0]
	for i := range txs {
		sc.hashes = append(sc.hashes, txHash(&txs[i]))
		sc.masks = append(sc.masks, txMask(&txs[i]))
		if _, seen := sc.first[txs[i].ID]; !seen {
			sc.first[txs[i].ID] = i
			sc.uniq = append(sc.uniq, i)
		}
	}

	stmts := txStatements{tx: tx, stmts: make(map[txStmtKey]*sql.Stmt)}
	defer stmts.close()
	optimistic := true
	for start := 0; start < len(sc.uniq); start += rowsPerInsert {
		chunk := sc.uniq[start:min(start+rowsPerInsert, len(sc.uniq))]
		var mask colMask
		for _, i := range chunk {
			mask |= sc.masks[i]
		}
		sc.args = sc.args[:0]
		for _, i := range chunk {
			t := &txs[i]
			sc.args = append(sc.args, t.ID, t.Time.UnixNano(), t.Amount, t.Currency, string(t.Channel), sc.hashes[i])
			for c := range len(txColumns) - txRequired {
				if mask&(1<<c) != 0 {
					sc.args = append(sc.args, txOptional(t, c))
				}
			}
		}
		if optimistic {
			all, err := insertAllOrNothing(ctx, tx, &stmts, txStmtKey{len(chunk), mask, false}, sc.args)
			if err != nil {
				return err
			}
			if all {
				for _, i := range chunk {
					out[i] = store.Inserted
				}
				continue
			}
			optimistic = false
		}
		st, err := stmts.get(ctx, txStmtKey{len(chunk), mask, true})
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(ctx, sc.args...)
		if err != nil {
			return fmt.Errorf("sqlite: insert transactions: %w", err)
		}
		n, err := markInserted(rows, sc.first, out)
		if err != nil {
			return fmt.Errorf("sqlite: insert transactions: %w", err)
		}
		optimistic = n == len(chunk)
	}

	// The first occurrences not inserted were stored before: compare.
	stored := make(map[string]int64)
	sc.ids = sc.ids[:0]
	for _, i := range sc.uniq {
		if out[i] == 0 {
			sc.ids = append(sc.ids, txs[i].ID)
		}
	}
	if err := storedTxHashes(ctx, tx, sc.ids, stored); err != nil {
		return err
	}
	for _, i := range sc.uniq {
		if out[i] != 0 {
			continue
		}
		h, ok := stored[txs[i].ID]
		if !ok {
			return fmt.Errorf("sqlite: transaction %q was neither inserted nor found", txs[i].ID)
		}
		out[i] = sameOrConflict(h, sc.hashes[i])
	}
	// Later occurrences compare with what is now stored under their ID:
	// the first occurrence if it was inserted, else the earlier record.
	for i := range txs {
		f := sc.first[txs[i].ID]
		if f == i {
			continue
		}
		want := sc.hashes[f]
		if out[f] != store.Inserted {
			want = stored[txs[i].ID]
		}
		out[i] = sameOrConflict(want, sc.hashes[i])
	}
	return nil
}

// insertAllOrNothing runs one insert in a savepoint and keeps it only if
// it inserted every row; all says whether it did.
func insertAllOrNothing(ctx context.Context, tx *sql.Tx, stmts *txStatements, k txStmtKey, args []any) (all bool, err error) {
	st, err := stmts.get(ctx, k)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT chunk"); err != nil {
		return false, fmt.Errorf("sqlite: savepoint: %w", err)
	}
	r, err := st.ExecContext(ctx, args...)
	var n int64
	if err == nil {
		n, err = r.RowsAffected()
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: insert transactions: %w", err)
	}
	if n != int64(k.n) {
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT chunk"); err != nil {
			return false, fmt.Errorf("sqlite: rollback to savepoint: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT chunk"); err != nil {
		return false, fmt.Errorf("sqlite: release savepoint: %w", err)
	}
	return n == int64(k.n), nil
}

func sameOrConflict(stored, h int64) store.Outcome {
	if stored == h {
		return store.Duplicate
	}
	return store.Conflict
}

// markInserted sets out to Inserted for the IDs rows returns, and counts
// them.
func markInserted(rows *sql.Rows, first map[string]int, out []store.Outcome) (int, error) {
	defer rows.Close()
	var id sql.RawBytes
	n := 0
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return n, err
		}
		i, ok := first[string(id)]
		if !ok {
			return n, fmt.Errorf("RETURNING gave unknown ID %q", id)
		}
		out[i] = store.Inserted
		n++
	}
	return n, rows.Err()
}

// storedTxHashes looks up the stored hashes of ids into m.
func storedTxHashes(ctx context.Context, tx *sql.Tx, ids []any, m map[string]int64) error {
	for start := 0; start < len(ids); start += idsPerSelect {
		chunk := ids[start:min(start+idsPerSelect, len(ids))]
		q := "SELECT id, hash FROM transactions WHERE id IN (" + placeholders(len(chunk)) + ")"
		rows, err := tx.QueryContext(ctx, q, chunk...)
		if err != nil {
			return fmt.Errorf("sqlite: look up stored transactions: %w", err)
		}
		for rows.Next() {
			var id string
			var h int64
			if err := rows.Scan(&id, &h); err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: look up stored transactions: %w", err)
			}
			m[id] = h
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: look up stored transactions: %w", err)
		}
	}
	return nil
}

// nullString stores the empty string ("not known") as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

// versioned is what writeParties and writeAccounts look up before writing.
type versioned struct {
	version int64
	hash    int64
}

// writeParties stores each party: new IDs are inserted, changed ones
// replace the stored version (kept in party_versions), equal ones are
// duplicates. Parties repeated within the batch are written in order.
func writeParties(ctx context.Context, tx *sql.Tx, parties []model.Party, out []store.Outcome, now time.Time) error {
	if len(parties) == 0 {
		return nil
	}
	stmts, err := prepareAll(ctx, tx,
		"SELECT version, hash FROM parties WHERE id = ?",
		"INSERT INTO parties (id, kind, name, birth_date, occupation, onboarded, onboarded_by, version, hash, doc) VALUES (?,?,?,?,?,?,?,?,?,?)",
		"INSERT INTO party_versions (party_id, version, replaced, hash, doc) SELECT id, version, ?, hash, doc FROM parties WHERE id = ?",
		"UPDATE parties SET kind = ?, name = ?, birth_date = ?, occupation = ?, onboarded = ?, onboarded_by = ?, version = ?, hash = ?, doc = ? WHERE id = ?",
		"DELETE FROM party_identifiers WHERE party_id = ?",
		"INSERT INTO party_identifiers (kind, value, party_id, country) VALUES (?,?,?,?) ON CONFLICT (kind, value, party_id) DO NOTHING",
	)
	if err != nil {
		return err
	}
	defer closeAll(stmts)
	lookup, insert, archive, update, dropIDs, addID := stmts[0], stmts[1], stmts[2], stmts[3], stmts[4], stmts[5]
	for i := range parties {
		p := &parties[i]
		doc, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("sqlite: party %q: %w", p.ID, err)
		}
		h := int64(newHash().bytes(doc))
		var v versioned
		err = lookup.QueryRowContext(ctx, p.ID).Scan(&v.version, &v.hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := insert.ExecContext(ctx, p.ID, string(p.Kind), p.PrimaryName(), nullString(p.BirthDate.String()),
				nullString(p.Occupation), nullString(p.Onboarded.String()), nullString(p.OnboardedBy), 1, h, string(doc)); err != nil {
				return fmt.Errorf("sqlite: insert party %q: %w", p.ID, err)
			}
		case err != nil:
			return fmt.Errorf("sqlite: look up party %q: %w", p.ID, err)
		case v.hash == h:
			out[i] = store.Duplicate
			continue
		default:
			if _, err := archive.ExecContext(ctx, now.UnixNano(), p.ID); err != nil {
				return fmt.Errorf("sqlite: keep the replaced version of party %q: %w", p.ID, err)
			}
			if _, err := update.ExecContext(ctx, string(p.Kind), p.PrimaryName(), nullString(p.BirthDate.String()),
				nullString(p.Occupation), nullString(p.Onboarded.String()), nullString(p.OnboardedBy), v.version+1, h, string(doc), p.ID); err != nil {
				return fmt.Errorf("sqlite: update party %q: %w", p.ID, err)
			}
			if _, err := dropIDs.ExecContext(ctx, p.ID); err != nil {
				return fmt.Errorf("sqlite: update party %q: %w", p.ID, err)
			}
		}
		out[i] = store.Inserted
		for _, id := range partyIdentifiers(p) {
			if _, err := addID.ExecContext(ctx, id.Kind, id.Value, p.ID, id.Country); err != nil {
				return fmt.Errorf("sqlite: party %q identifier: %w", p.ID, err)
			}
		}
	}
	return nil
}

// partyIdentifiers returns p's documents, phones, e-mails and device IDs,
// normalised; empty ones are left out.
func partyIdentifiers(p *model.Party) []store.Identifier {
	var ids []store.Identifier
	add := func(kind, value, country string) {
		if v := normalizeIdentifier(kind, value); v != "" {
			ids = append(ids, store.Identifier{Kind: kind, Value: v, Country: country})
		}
	}
	for _, d := range p.Documents {
		add(string(d.Type), d.Number, d.Country)
	}
	for _, s := range p.Phones {
		add("phone", s, "")
	}
	for _, s := range p.Emails {
		add("email", s, "")
	}
	for _, s := range p.DeviceIDs {
		add("device", s, "")
	}
	return ids
}

// normalizeIdentifier makes equal identifiers written differently equal:
// document numbers keep only letters and digits, upper-cased ("e-1234 567"
// → "E1234567"); phones keep the digits and a leading "+"; e-mail
// addresses and device IDs are trimmed and lower-cased.
func normalizeIdentifier(kind, s string) string {
	s = strings.TrimSpace(s)
	switch kind {
	case "email", "device":
		return strings.ToLower(s)
	case "phone":
		var b strings.Builder
		for i, r := range s {
			if r == '+' && i == 0 || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		if b.Len() == 0 || b.String() == "+" {
			return ""
		}
		return b.String()
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// accountDoc is the content of an account that its hash and its archived
// versions cover.
func accountDoc(a *model.Account) ([]byte, error) { return json.Marshal(a) }

// writeAccounts stores accounts like writeParties stores parties; owners
// are replaced with the account.
func writeAccounts(ctx context.Context, tx *sql.Tx, accounts []model.Account, out []store.Outcome, now time.Time) error {
	if len(accounts) == 0 {
		return nil
	}
	stmts, err := prepareAll(ctx, tx,
		"SELECT version, hash FROM accounts WHERE id = ?",
		"INSERT INTO accounts (id, institution, type, currency, opened, closed, branch, version, hash) VALUES (?,?,?,?,?,?,?,?,?)",
		"INSERT INTO account_versions (account_id, version, replaced, hash, doc) VALUES (?,?,?,?,?)",
		"UPDATE accounts SET institution = ?, type = ?, currency = ?, opened = ?, closed = ?, branch = ?, version = ?, hash = ? WHERE id = ?",
		"DELETE FROM account_owners WHERE account_id = ?",
		"INSERT INTO account_owners (account_id, position, party_id) VALUES (?,?,?)",
	)
	if err != nil {
		return err
	}
	defer closeAll(stmts)
	lookup, insert, archive, update, dropOwners, addOwner := stmts[0], stmts[1], stmts[2], stmts[3], stmts[4], stmts[5]
	for i := range accounts {
		a := &accounts[i]
		doc, err := accountDoc(a)
		if err != nil {
			return fmt.Errorf("sqlite: account %q: %w", a.ID, err)
		}
		h := int64(newHash().bytes(doc))
		var v versioned
		err = lookup.QueryRowContext(ctx, a.ID).Scan(&v.version, &v.hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := insert.ExecContext(ctx, a.ID, nullString(a.Institution), nullString(string(a.Type)), nullString(a.Currency),
				nullString(a.Opened.String()), nullString(a.Closed.String()), nullString(a.Branch), 1, h); err != nil {
				return fmt.Errorf("sqlite: insert account %q: %w", a.ID, err)
			}
		case err != nil:
			return fmt.Errorf("sqlite: look up account %q: %w", a.ID, err)
		case v.hash == h:
			out[i] = store.Duplicate
			continue
		default:
			old, err := readAccount(ctx, tx, a.ID)
			if err != nil {
				return err
			}
			oldDoc, err := accountDoc(&old)
			if err != nil {
				return fmt.Errorf("sqlite: account %q: %w", a.ID, err)
			}
			if _, err := archive.ExecContext(ctx, a.ID, v.version, now.UnixNano(), v.hash, string(oldDoc)); err != nil {
				return fmt.Errorf("sqlite: keep the replaced version of account %q: %w", a.ID, err)
			}
			if _, err := update.ExecContext(ctx, nullString(a.Institution), nullString(string(a.Type)), nullString(a.Currency),
				nullString(a.Opened.String()), nullString(a.Closed.String()), nullString(a.Branch), v.version+1, h, a.ID); err != nil {
				return fmt.Errorf("sqlite: update account %q: %w", a.ID, err)
			}
			if _, err := dropOwners.ExecContext(ctx, a.ID); err != nil {
				return fmt.Errorf("sqlite: update account %q: %w", a.ID, err)
			}
		}
		out[i] = store.Inserted
		for pos, owner := range a.Owners {
			if _, err := addOwner.ExecContext(ctx, a.ID, pos, owner); err != nil {
				return fmt.Errorf("sqlite: account %q owner: %w", a.ID, err)
			}
		}
	}
	return nil
}

// writeLabels adds labels to the set: Inserted when new, Duplicate when
// already there (whatever its note).
func writeLabels(ctx context.Context, tx *sql.Tx, labels []model.Label, out []store.Outcome) error {
	if len(labels) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO labels (entity_kind, entity_id, case_id, typology, note) VALUES (?,?,?,?,?) "+
		"ON CONFLICT (entity_kind, entity_id, case_id, typology) DO NOTHING")
	if err != nil {
		return fmt.Errorf("sqlite: prepare label insert: %w", err)
	}
	defer stmt.Close()
	for i := range labels {
		l := &labels[i]
		r, err := stmt.ExecContext(ctx, string(l.EntityKind), l.EntityID, l.CaseID, string(l.Typology), l.Note)
		if err != nil {
			return fmt.Errorf("sqlite: insert label: %w", err)
		}
		n, err := r.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlite: insert label: %w", err)
		}
		out[i] = store.Duplicate
		if n == 1 {
			out[i] = store.Inserted
		}
	}
	return nil
}

func prepareAll(ctx context.Context, tx *sql.Tx, queries ...string) ([]*sql.Stmt, error) {
	stmts := make([]*sql.Stmt, 0, len(queries))
	for _, q := range queries {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			closeAll(stmts)
			return nil, fmt.Errorf("sqlite: prepare %q: %w", q, err)
		}
		stmts = append(stmts, s)
	}
	return stmts, nil
}

func closeAll(stmts []*sql.Stmt) {
	for _, s := range stmts {
		s.Close()
	}
}
