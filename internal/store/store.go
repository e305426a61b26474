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
	IDs      []string
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

// ErrConflict is wrapped by the error a store returns for a write that
// lost a race: a case saved from an out-of-date version, an alert already
// in another case, an audit record appended at a position already taken.
var ErrConflict = errors.New("conflict")

// CaseFilter selects cases. Zero fields select everything.
type CaseFilter struct {
	States   []model.CaseState
	Assignee string
	Subject  *model.Subject
	Party    string // cases whose subject parties include this one
	Limit    int
}

// RFIFilter selects recorded request-for-information outcomes. Zero fields
// select everything.
type RFIFilter struct {
	Party string
}

// CaseReader reads cases back.
type CaseReader interface {
	// Case returns one case, or an error wrapping ErrNotFound.
	Case(ctx context.Context, id string) (model.Case, error)
	// Cases returns the cases f selects: open ones before closed ones,
	// then the highest score first, ties by ID.
	Cases(ctx context.Context, f CaseFilter) ([]model.Case, error)
	// CasesOfAlerts maps each of the given alert IDs that belongs to a
	// case to that case's ID.
	CasesOfAlerts(ctx context.Context, alertIDs []string) (map[string]string, error)
	// RFIs returns the request-for-information outcomes f selects, oldest
	// first (ties by case ID): what rules such as FIN-2025-A003 MM-9 read.
	RFIs(ctx context.Context, f RFIFilter) ([]model.RFI, error)
}

// AuditRecord is one entry of the audit log as stored: its position and
// its bytes, which the audit package writes and hashes. A store never
// changes a record once appended.
type AuditRecord struct {
	Index int64
	Data  []byte
}

// AuditCheckpoint is a saved head of the audit log's Merkle tree: the
// number of records it covers and the tree's root hash.
type AuditCheckpoint struct {
	Size int64
	Hash [32]byte
	Time time.Time
	Note string // the checkpoint as text (possibly signed), as it was given out
}

// AuditReader reads the audit log. Hashes are the Merkle tree's stored
// hashes, indexed as golang.org/x/mod/sumdb/tlog numbers them.
type AuditReader interface {
	AuditSize(ctx context.Context) (int64, error)
	// AuditRecords returns the records from index from on, in index order.
	AuditRecords(ctx context.Context, from int64) iter.Seq2[AuditRecord, error]
	// AuditHashes returns the stored hashes at the given indexes, or an
	// error wrapping ErrNotFound when one is missing.
	AuditHashes(ctx context.Context, indexes []int64) ([][32]byte, error)
	// AuditHashCount returns the number of stored hashes.
	AuditHashCount(ctx context.Context) (int64, error)
	// AuditCheckpoints returns the saved checkpoints, smallest first.
	AuditCheckpoints(ctx context.Context) ([]AuditCheckpoint, error)
}

// AuditWriter appends to the audit log.
type AuditWriter interface {
	AuditReader
	// AppendAudit appends r with the stored hashes it adds to the tree
	// (those tlog.StoredHashes returns), which take the indexes from
	// tlog.StoredHashCount(r.Index) on. r.Index must be the log's size,
	// else the error wraps ErrConflict.
	AppendAudit(ctx context.Context, r AuditRecord, hashes [][32]byte) error
	// SaveAuditCheckpoint saves a checkpoint (replacing one of the same
	// size).
	SaveAuditCheckpoint(ctx context.Context, c AuditCheckpoint) error
}

// CaseTx is what a case change sees inside its transaction: the cases,
// and the audit log, so that a change and its audit entry commit together.
type CaseTx interface {
	CaseReader
	AuditWriter
	// SaveCase inserts a new case (Version 0) or replaces the stored one,
	// which must still have c.Version; the stored case gets c.Version+1.
	// A stale version, an existing ID for a new case, or an alert that
	// belongs to another case give an error wrapping ErrConflict.
	SaveCase(ctx context.Context, c model.Case) error
	// NextCaseNumber returns a number no case ID has used: 1, 2, 3, …
	NextCaseNumber(ctx context.Context) (int64, error)
}

// CaseStore keeps cases and the audit log.
type CaseStore interface {
	CaseReader
	AuditReader
	// CaseTx runs fn in one write transaction: what fn saves through tx
	// is committed when it returns nil, and nothing is when it returns an
	// error.
	CaseTx(ctx context.Context, fn func(tx CaseTx) error) error
}

// Store is everything a command needs from a database.
type Store interface {
	Writer
	Reader
	AlertStore
	RunStore
	Atomic
	IdentifierReader
	CaseStore
	Close() error
}
