// Package sqlite implements store.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go, no cgo), the store Centinela uses when no
// database server is configured.
//
// The database runs in WAL mode with synchronous=NORMAL: a committed batch
// survives a crash of the process (a kill -9), and readers never block the
// writer. Write transactions start with BEGIN IMMEDIATE and wait up to
// BusyTimeout for another writer, so several processes may share one file.
// The schema comes from the goose migrations embedded in the binary and is
// brought up to date by Open.
//
// The SQL is kept portable to PostgreSQL: see migrations/00001_schema.sql
// for the few SQLite-only clauses. The rest of the package uses standard
// SQL (INSERT … ON CONFLICT … DO NOTHING/UPDATE, RETURNING, SAVEPOINT, row
// values), with "?" placeholders where PostgreSQL drivers want "$n".
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/centinela-aml/centinela/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// BusyTimeout is how long a write waits for another writer to finish.
const BusyTimeout = 30 * time.Second

// pageSize is the page size of a new database. Large pages make fewer,
// cheaper B-tree splits on the append-mostly transaction table and its time
// index: 32 KiB pages cost about a fifth less CPU per stored transaction
// than SQLite's default 4 KiB (BenchmarkWriteBatch). It cannot change once
// the database exists.
const pageSize = 32 << 10

// cachePages is each connection's page cache, in pages: 512 pages of
// 32 KiB are 16 MiB. It is given in pages, not KiB, because the KiB form is
// turned into pages with the page size in force when the pragma runs,
// which on a new connection is still the 4 KiB default: asked for 16 MiB
// that way, an ingest grew to 250 MB. Ingest writes near the right edge of the transaction
// and time-index B-trees, so a modest cache holds the pages it touches;
// memory stays bounded whatever the size of the database.
const cachePages = 512

// checkpointEvery is how often the background checkpointer copies the
// write-ahead log into the database. SQLite's automatic checkpoint runs
// inside the commit that crosses its threshold, so that commit — and every
// writer queued behind it — waits for the copy: under the HTTP API's load
// that made single commits take seconds. Checkpointing from a goroutine
// instead keeps commits short; PASSIVE mode never waits for readers or
// writers.
const checkpointEvery = 250 * time.Millisecond

// Store is a store.Store on one SQLite database file. It is safe for
// concurrent use.
type Store struct {
	db      *sql.DB
	path    string
	now     func() time.Time
	scratch scratchPool

	stopCheckpoints chan struct{}
	checkpointsDone chan struct{}
	closeOnce       sync.Once
	closeErr        error
}

var _ store.Store = (*Store)(nil)

// Open opens (creating when needed) the database at path and applies the
// schema migrations it lacks.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: database path %q: '?' and '#' are not allowed in the name", path)
	}
	dsn := path + "?" + strings.Join([]string{
		fmt.Sprintf("_busy_timeout=%d", BusyTimeout.Milliseconds()),
		"_journal_mode=WAL",
		"_synchronous=NORMAL",
		"_txlock=immediate",
		fmt.Sprintf("_pragma=page_size(%d)", pageSize),
		fmt.Sprintf("_pragma=cache_size(%d)", cachePages),
		"_pragma=temp_store(MEMORY)",
		"_pragma=wal_autocheckpoint(0)", // see checkpointEvery
	}, "&")
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, now: time.Now, scratch: newScratchPool(),
		stopCheckpoints: make(chan struct{}), checkpointsDone: make(chan struct{})}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	go s.checkpointLoop()
	return s, nil
}

// checkpointLoop checkpoints the write-ahead log in the background until
// Close.
func (s *Store) checkpointLoop() {
	defer close(s.checkpointsDone)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stopCheckpoints:
			return
		case <-t.C:
			// A failed passive checkpoint leaves the log to the next one.
			_, _ = s.db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

func (s *Store) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, fsys,
		goose.WithDisableGlobalRegistry(true),
		goose.WithLogger(goose.NopLogger()),
	)
	if err != nil {
		return fmt.Errorf("schema migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("schema migrations: %w", err)
	}
	return nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close checkpoints the write-ahead log into the database and closes it.
// Closing twice returns the first call's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.stopCheckpoints)
		<-s.checkpointsDone
		// optimize refreshes the query planner's statistics where they are
		// stale; it is cheap and its failure does not matter. TRUNCATE
		// leaves an empty log behind.
		_, _ = s.db.Exec("PRAGMA optimize")
		_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		s.closeErr = s.db.Close()
	})
	return s.closeErr
}

// inTx runs fn in a database transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// WriteBatch writes b in one database transaction, with its checkpoint.
func (s *Store) WriteBatch(ctx context.Context, b store.Batch) (store.BatchResult, error) {
	var res store.BatchResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = writeBatch(ctx, tx, b, s.now(), s.scratch)
		return err
	})
	return res, err
}

// Atomic runs fn in one database transaction: the batches fn writes
// through w are committed together when fn returns nil, else none is. A
// batch that fails inside fn is undone alone (it runs in a savepoint), so
// fn may carry on after it.
func (s *Store) Atomic(ctx context.Context, fn func(w store.Writer) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return fn(&txWriter{tx: tx, now: s.now, scratch: s.scratch})
	})
}

// txWriter writes batches inside the transaction of an Atomic call.
type txWriter struct {
	tx      *sql.Tx
	now     func() time.Time
	scratch scratchPool
}

func (w *txWriter) WriteBatch(ctx context.Context, b store.Batch) (store.BatchResult, error) {
	if _, err := w.tx.ExecContext(ctx, "SAVEPOINT batch"); err != nil {
		return store.BatchResult{}, fmt.Errorf("sqlite: savepoint: %w", err)
	}
	res, err := writeBatch(ctx, w.tx, b, w.now(), w.scratch)
	if err != nil {
		if _, rerr := w.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT batch"); rerr != nil {
			return store.BatchResult{}, errors.Join(err, fmt.Errorf("sqlite: rollback to savepoint: %w", rerr))
		}
	}
	if _, rerr := w.tx.ExecContext(context.WithoutCancel(ctx), "RELEASE SAVEPOINT batch"); rerr != nil && err == nil {
		return store.BatchResult{}, fmt.Errorf("sqlite: release savepoint: %w", rerr)
	}
	return res, err
}
