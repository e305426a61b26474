// Package store defines the storage that Centinela's commands use: the
// records read by ingest, the labels kept for evaluation, the alerts raised
// by the engines and the bookkeeping of ingest runs. Engines never import a
// store; commands pass them what they read from one.
//
// Implementations live in sub-packages: sqlite (embedded, the default) and,
// later, postgres. Both keep the same behaviour, which the shared tests in
// storetest check.
package store

import (
	"context"
	"errors"
	"iter"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = errors.New("not found")

// ErrInvalid is wrapped by the error a store returns for a record it cannot
// hold (an empty ID); nothing of the batch is written.
var ErrInvalid = errors.New("invalid record")

// MinTime and MaxTime bound the transaction times a store holds: times are
// kept as int64 Unix nanoseconds (years 1677 to 2262). A batch with a time
// outside them is invalid.
var (
	MinTime = time.Unix(0, math.MinInt64).UTC()
	MaxTime = time.Unix(0, math.MaxInt64).UTC()
)

// Outcome is what a store did with one record of a batch.
type Outcome uint8

// Outcomes.
const (
	// Inserted: the record is new, or (for a party or account) it replaced
	// an earlier version with different content.
	Inserted Outcome = iota + 1
	// Duplicate: a record with the same ID and the same content is stored.
	Duplicate
	// Conflict: a transaction with the same ID but different content is
	// stored. Transactions are immutable, so the new one is rejected.
	Conflict
)

// Batch is a set of records written atomically. Outcomes are reported in
// the order of the slices.
type Batch struct {
	Parties      []model.Party
	Accounts     []model.Account
	Transactions []model.Transaction
	Labels       []model.Label
	// Checkpoint, when not nil, is saved in the same database transaction,
	// so that a run interrupted after this batch resumes from it.
	Checkpoint *Checkpoint
}

// BatchResult holds one outcome per record of a Batch, in order.
type BatchResult struct {
	Parties      []Outcome
	Accounts     []Outcome
	Transactions []Outcome
	Labels       []Outcome
}

// Checkpoint records how far an ingest run has gone through one source.
type Checkpoint struct {
	RunID      string
	Source     string // source ID
	Path       string
	Format     string
	Line       int // last line whose record is committed
	Read       int64
	Accepted   int64
	Duplicates int64
	Rejected   int64
	Done       bool
	Updated    time.Time

	// SkippedBlank counts the blank lines skipped so far (not rows).
	SkippedBlank int64
	// RunKey identifies the work a run was asked to do (its format and
	// sources), so that re-running the same command finds the unfinished
	// run to resume.
	RunKey string
	// Fingerprint identifies the file's content when the checkpoint was
	// saved; a run resumes from Line only while it is unchanged.
	Fingerprint string
	// RejectOffset is the size of the run's reject file once this batch's
	// rejected rows were written; a resumed run cuts the file back to it.
	RejectOffset int64
}

// TxFilter selects transactions. Zero fields select everything.
type TxFilter struct {
	From, To time.Time // To is exclusive
	Accounts []string  // originator or beneficiary among these
	IDs      []string
}

// AlertFilter selects alerts. Zero fields select everything.
type AlertFilter struct {
	RuleIDs  []string
	Subject  *model.Subject
	MinScore float64
	Limit    int
}

// Counts is the number of records of each kind in a store.
type Counts struct {
	Parties      int64 `json:"parties"`
	Accounts     int64 `json:"accounts"`
	Transactions int64 `json:"transactions"`
	Labels       int64 `json:"labels"`
	Alerts       int64 `json:"alerts"`
}

// Writer writes batches of records.
type Writer interface {
	WriteBatch(ctx context.Context, b Batch) (BatchResult, error)
}

// Reader reads records back. Transactions come in time order (ties by ID).
type Reader interface {
	Transactions(ctx context.Context, f TxFilter) iter.Seq2[model.Transaction, error]
	Parties(ctx context.Context) iter.Seq2[model.Party, error]
	Accounts(ctx context.Context) iter.Seq2[model.Account, error]
	Labels(ctx context.Context) iter.Seq2[model.Label, error]
	Party(ctx context.Context, id string) (model.Party, error)
	Account(ctx context.Context, id string) (model.Account, error)
	Counts(ctx context.Context) (Counts, error)
}

// AlertStore keeps alerts. SaveAlerts replaces alerts with the same ID.
type AlertStore interface {
	SaveAlerts(ctx context.Context, alerts []model.Alert) error
	Alerts(ctx context.Context, f AlertFilter) ([]model.Alert, error)
}

// Atomic runs several batches as one unit: every batch that fn writes
// through w is committed when fn returns nil, and none is when it returns an
// error. Strict ingest uses it to leave the database as it was.
type Atomic interface {
	Atomic(ctx context.Context, fn func(w Writer) error) error
}

// Identifier is one identifier held by a party: an identity document's
// number, a phone, an e-mail address or a device ID, normalised so that
// equal identifiers written differently compare equal.
type Identifier struct {
	Kind    string `json:"kind"` // a model.DocumentType, or "phone", "email", "device"
	Value   string `json:"value"`
	Country string `json:"country,omitempty"` // issuing country of a document
}

// SharedIdentifier is an identifier held by more than one party.
type SharedIdentifier struct {
	Identifier
	Parties []string `json:"parties"` // in ID order
}

// IdentifierReader finds identifiers that several parties share (one
// passport number, phone or device behind several customers).
type IdentifierReader interface {
	SharedIdentifiers(ctx context.Context) iter.Seq2[SharedIdentifier, error]
}

// RunStore keeps the checkpoints of ingest runs.
type RunStore interface {
	Checkpoint(ctx context.Context, runID, source string) (Checkpoint, error)
	Checkpoints(ctx context.Context) ([]Checkpoint, error)
}

// Store is everything a command needs from a database.
type Store interface {
	Writer
	Reader
	AlertStore
	RunStore
	Atomic
	IdentifierReader
	Close() error
}
