package audit

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/centinela-aml/centinela/internal/store"
)

// ErrInvalidEvent is wrapped by the error Append returns for an event that
// does not say who did what to which object.
var ErrInvalidEvent = errors.New("invalid audit event")

// Kinds of object an event is about.
const (
	KindCase   = "case"
	KindAlert  = "alert"
	KindRule   = "rule"
	KindList   = "list"
	KindExport = "export" // a SAR or goAML file written
	KindAudit  = "audit"  // the audit log itself (a checkpoint)
)

// Object is what an event acted on: a kind (KindCase, …) and an ID.
type Object struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Event is one action to record: who (Actor) did what (Action, such as
// "case.assign" or "case.read") to which Object, from where (Origin: the
// command line and host, or an API client's address), with the state
// before and after when the action changed something.
type Event struct {
	Actor  string          `json:"actor"`
	Origin string          `json:"origin,omitempty"`
	Action string          `json:"action"`
	Object Object          `json:"object"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	Detail string          `json:"detail,omitempty"`
}

// Entry is an event as the log keeps it: its position, its time, and the
// record hash of the entry before it (hex; empty for entry 0), which chains
// each entry to its predecessor.
type Entry struct {
	Index int64     `json:"index"`
	Time  time.Time `json:"time"`
	Event
	Prev string `json:"prev"`
}

// JSON returns v as JSON for an event's Before or After, or nil when v
// cannot be encoded (the event then records no state rather than fail).
func JSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

func (e Event) validate() error {
	switch {
	case e.Actor == "":
		return fmt.Errorf("%w: no actor (who did it)", ErrInvalidEvent)
	case e.Action == "":
		return fmt.Errorf("%w: no action", ErrInvalidEvent)
	case e.Object.Kind == "":
		return fmt.Errorf("%w: action %s: no object kind", ErrInvalidEvent, e.Action)
	}
	return nil
}

// Append appends events to the log through w, stamped with now, and returns
// them as entries. Called inside the transaction of the change the events
// record, it commits with it.
func Append(ctx context.Context, w store.AuditWriter, now time.Time, events ...Event) ([]Entry, error) {
	for _, e := range events {
		if err := e.validate(); err != nil {
			return nil, err
		}
	}
	size, err := w.AuditSize(ctx)
	if err != nil {
		return nil, err
	}
	var prev string
	if size > 0 {
		hs, err := w.AuditHashes(ctx, []int64{tlog.StoredHashIndex(0, size-1)})
		if err != nil {
			return nil, fmt.Errorf("audit: record hash of entry %d: %w", size-1, err)
		}
		prev = hex.EncodeToString(hs[0][:])
	}
	reader := storeHashes(ctx, w)
	out := make([]Entry, 0, len(events))
	for _, e := range events {
		entry := Entry{Index: size, Time: now.UTC(), Event: e, Prev: prev}
		data, err := json.Marshal(entry)
		if err != nil {
			return nil, fmt.Errorf("audit: entry %d: %w", size, err)
		}
		hashes, err := tlog.StoredHashes(size, data, reader)
		if err != nil {
			return nil, fmt.Errorf("audit: entry %d: %w", size, err)
		}
		if err := w.AppendAudit(ctx, store.AuditRecord{Index: size, Data: data}, toArrays(hashes)); err != nil {
			return nil, err
		}
		leaf := tlog.RecordHash(data)
		prev = hex.EncodeToString(leaf[:])
		out = append(out, entry)
		size++
	}
	return out, nil
}

// Record appends events in a write transaction of their own, for actions
// that change nothing else in the store: a file written, a list loaded, a
// detection run. Changes to cases append inside their own transaction
// (Append through store.CaseTx) instead.
func Record(ctx context.Context, st store.CaseStore, now time.Time, events ...Event) ([]Entry, error) {
	var out []Entry
	err := st.CaseTx(ctx, func(tx store.CaseTx) error {
		var err error
		out, err = Append(ctx, tx, now, events...)
		return err
	})
	return out, err
}

// Decode parses a stored record into an entry.
func Decode(data []byte) (Entry, error) {
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, fmt.Errorf("audit: not an entry: %w", err)
	}
	return e, nil
}

// Head returns the log's current tree head, from the stored hashes.
func Head(ctx context.Context, r store.AuditReader, origin string) (Checkpoint, error) {
	n, err := r.AuditSize(ctx)
	if err != nil {
		return Checkpoint{}, err
	}
	h, err := tlog.TreeHash(n, storeHashes(ctx, r))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: tree head of %d entries: %w", n, err)
	}
	return Checkpoint{Origin: origin, Size: n, Hash: h}, nil
}

// InclusionProof proves that entry index is in the tree of the first size
// entries; CheckInclusion checks it against that tree's head.
func InclusionProof(ctx context.Context, r store.AuditReader, index, size int64) (tlog.RecordProof, error) {
	p, err := tlog.ProveRecord(size, index, storeHashes(ctx, r))
	if err != nil {
		return nil, fmt.Errorf("audit: prove entry %d in a tree of %d: %w", index, size, err)
	}
	return p, nil
}

// CheckInclusion reports whether proof shows that data is entry index of
// the tree with head head.
func CheckInclusion(proof tlog.RecordProof, head Checkpoint, index int64, data []byte) error {
	return tlog.CheckRecord(proof, head.Size, head.Hash, index, tlog.RecordHash(data))
}

// ConsistencyProof proves that the tree of old.Size entries is a prefix of
// the tree of size entries; CheckConsistency checks it.
func ConsistencyProof(ctx context.Context, r store.AuditReader, oldSize, size int64) (tlog.TreeProof, error) {
	p, err := tlog.ProveTree(size, oldSize, storeHashes(ctx, r))
	if err != nil {
		return nil, fmt.Errorf("audit: prove a tree of %d extends one of %d: %w", size, oldSize, err)
	}
	return p, nil
}

// CheckConsistency reports whether proof shows that the tree with head old
// is a prefix of the tree with head head.
func CheckConsistency(proof tlog.TreeProof, head, old Checkpoint) error {
	return tlog.CheckTree(proof, head.Size, head.Hash, old.Size, old.Hash)
}

// storeHashes reads a store's stored hashes as a tlog.HashReader.
func storeHashes(ctx context.Context, r store.AuditReader) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		hs, err := r.AuditHashes(ctx, indexes)
		if err != nil {
			return nil, err
		}
		out := make([]tlog.Hash, len(hs))
		for i, h := range hs {
			out[i] = h
		}
		return out, nil
	})
}

func toArrays(hs []tlog.Hash) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}
