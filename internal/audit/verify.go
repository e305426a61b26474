package audit

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/centinela-aml/centinela/internal/store"
)

// Problem is one thing wrong with the log, at an entry's index (for a
// checkpoint that no longer matches, the checkpoint's size).
type Problem struct {
	Index int64  `json:"index"`
	What  string `json:"what"`
}

// String renders "entry 17: what".
func (p Problem) String() string { return fmt.Sprintf("entry %d: %s", p.Index, p.What) }

// Report is what Verify found.
type Report struct {
	Entries     int64      `json:"entries"`     // records read
	Head        Checkpoint `json:"-"`           // the tree head recomputed from the entries (when the tree is whole)
	Checkpoints int        `json:"checkpoints"` // checkpoints compared with the log
	Problems    []Problem  `json:"problems"`    // in the order of the log
}

// OK reports whether Verify found nothing wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds a report: after a rewrite every later entry may be
// wrong, and the first ones say where.
const maxProblems = 100

// hashBatch is how many stored hashes Verify reads at once.
const hashBatch = 4096

// Verify reads the whole log and reports every entry that was edited,
// deleted, inserted or moved since it was appended, and every checkpoint
// — those saved in the store and the trusted ones given — that the log no
// longer extends. The error is for failures to read the log; what is wrong
// with the log is in the report.
func Verify(ctx context.Context, r store.AuditReader, trusted ...Checkpoint) (*Report, error) {
	v := &verifier{ctx: ctx, r: r, rep: &Report{}}
	if err := v.entries(); err != nil {
		return nil, err
	}
	if err := v.trailingHashes(); err != nil {
		return nil, err
	}
	saved, err := r.AuditCheckpoints(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range saved {
		v.checkpoint(Checkpoint{Size: c.Size, Hash: c.Hash, Time: c.Time}, "saved")
	}
	for _, c := range trusted {
		v.checkpoint(c, "given")
	}
	return v.rep, nil
}

// verifier holds Verify's state: the tree recomputed from the entries.
type verifier struct {
	ctx context.Context
	r   store.AuditReader
	rep *Report

	tree     []tlog.Hash // stored hashes recomputed from the entries, by index
	broken   bool        // an entry is missing or out of place: the tree cannot be recomputed past it
	treeBad  bool        // an entry differs from the tree: the recomputed head is not the entries'
	stored   []tlog.Hash // a window of the store's hashes
	storedAt int64       // index of stored[0]
}

// problem records what is wrong at an index; several findings about one
// entry make one problem.
func (v *verifier) problem(index int64, format string, args ...any) {
	what := fmt.Sprintf(format, args...)
	if n := len(v.rep.Problems); n > 0 && v.rep.Problems[n-1].Index == index {
		v.rep.Problems[n-1].What += "; " + what
		return
	}
	if len(v.rep.Problems) < maxProblems {
		v.rep.Problems = append(v.rep.Problems, Problem{Index: index, What: what})
	}
}

func (v *verifier) treeReader() tlog.HashReader {
	return tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, x := range ix {
			if x < 0 || x >= int64(len(v.tree)) {
				return nil, fmt.Errorf("tree hash %d not computed", x)
			}
			out[i] = v.tree[x]
		}
		return out, nil
	})
}

// storedHash returns the store's hash at index x, reading ahead in
// batches; ok is false when the store has none.
func (v *verifier) storedHash(x int64) (h tlog.Hash, ok bool, err error) {
	if x < v.storedAt || x >= v.storedAt+int64(len(v.stored)) {
		n, err := v.r.AuditHashCount(v.ctx)
		if err != nil {
			return h, false, err
		}
		if x >= n {
			return h, false, nil
		}
		end := min(x+hashBatch, n)
		ix := make([]int64, 0, end-x)
		for i := x; i < end; i++ {
			ix = append(ix, i)
		}
		hs, err := v.r.AuditHashes(v.ctx, ix)
		if errors.Is(err, store.ErrNotFound) {
			// A hole in the stored hashes: read this one alone.
			hs, err = v.r.AuditHashes(v.ctx, []int64{x})
			if errors.Is(err, store.ErrNotFound) {
				return h, false, nil
			}
			ix = ix[:1]
		}
		if err != nil {
			return h, false, err
		}
		v.stored = v.stored[:0]
		for _, s := range hs {
			v.stored = append(v.stored, s)
		}
		v.storedAt = x
	}
	return v.stored[x-v.storedAt], true, nil
}

// entries checks each entry in turn: its position, its link to the one
// before, and its place in the Merkle tree.
func (v *verifier) entries() error {
	var pos int64
	var prev tlog.Hash
	for rec, err := range v.r.AuditRecords(v.ctx, 0) {
		if err != nil {
			return err
		}
		v.rep.Entries++
		gap := rec.Index != pos
		switch {
		case rec.Index > pos:
			if rec.Index == pos+1 {
				v.problem(pos, "missing: the log goes from entry %d to entry %d", pos-1, rec.Index)
			} else {
				v.problem(pos, "missing, with the %d entries after it: the log goes from entry %d to entry %d", rec.Index-pos-1, pos-1, rec.Index)
			}
			v.broken = true
		case rec.Index < pos:
			v.problem(rec.Index, "stored twice")
			v.broken = true
		}
		leaf := tlog.RecordHash(rec.Data)
		e, err := Decode(rec.Data)
		switch {
		case err != nil:
			v.problem(rec.Index, "not a valid entry: %v", err)
		case e.Index != rec.Index:
			v.problem(rec.Index, "holds entry %d: entries were moved or inserted", e.Index)
		case rec.Index > 0 && !gap && e.Prev != hex.EncodeToString(prev[:]):
			v.problem(rec.Index, "does not link to entry %d (the hash chain is broken)", rec.Index-1)
		case rec.Index == 0 && e.Prev != "":
			v.problem(0, "the first entry links to an entry before it")
		}
		prev = leaf
		if !v.broken {
			if prev, err = v.leaf(pos, leaf); err != nil {
				return err
			}
		}
		pos = rec.Index + 1
	}
	if !v.broken && !v.treeBad {
		h, err := tlog.TreeHash(pos, v.treeReader())
		if err != nil {
			return err
		}
		v.rep.Head = Checkpoint{Origin: DefaultOrigin, Size: pos, Hash: h}
	}
	return nil
}

// leaf adds entry n's record hash to the recomputed tree and compares the
// hashes it creates with the stored ones. Where they differ, the stored
// hash takes the recomputed one's place, so that one edited entry is
// reported once rather than in every hash above it; the returned hash is
// the record hash the tree holds for the entry, which the next entry must
// link to.
func (v *verifier) leaf(n int64, leaf tlog.Hash) (tlog.Hash, error) {
	hs, err := tlog.StoredHashesForRecordHash(n, leaf, v.treeReader())
	if err != nil {
		return leaf, err
	}
	first := int64(len(v.tree))
	v.tree = append(v.tree, hs...)
	reported := false
	for i, h := range hs {
		x := first + int64(i)
		s, ok, err := v.storedHash(x)
		if err != nil {
			return leaf, err
		}
		if ok && s == h {
			continue
		}
		v.treeBad = true
		if ok {
			v.tree[x] = s
		}
		if reported {
			continue
		}
		reported = true
		switch {
		case !ok && i == 0:
			v.problem(n, "not in the Merkle tree: the entry was added without its tree hashes")
		case !ok:
			v.problem(n, "the Merkle tree lacks stored hash %d", x)
		case i == 0:
			v.problem(n, "content differs from the record hash in the Merkle tree: the entry was edited")
		default:
			v.problem(n, "stored Merkle tree hash %d differs from the one the entries give", x)
		}
	}
	return v.tree[first], nil
}

// trailingHashes reports stored hashes for entries beyond the last one:
// the entries they were made for are gone.
func (v *verifier) trailingHashes() error {
	n, err := v.r.AuditHashCount(v.ctx)
	if err != nil {
		return err
	}
	want := tlog.StoredHashCount(v.rep.Entries)
	if v.broken || n <= want {
		return nil
	}
	// The tree holds hashes for more entries than the log: find how many.
	held := v.rep.Entries
	for tlog.StoredHashCount(held+1) <= n {
		held++
	}
	if held == v.rep.Entries+1 {
		v.problem(v.rep.Entries, "missing: the Merkle tree holds it, the log ends before it")
	} else {
		v.problem(v.rep.Entries, "missing, with the %d entries after it: the Merkle tree holds %d entries, the log %d", held-v.rep.Entries-1, held, v.rep.Entries)
	}
	return nil
}

// checkpoint compares a checkpoint with the recomputed tree.
func (v *verifier) checkpoint(c Checkpoint, source string) {
	v.rep.Checkpoints++
	when := ""
	if !c.Time.IsZero() {
		when = " of " + c.Time.Format("2006-01-02 15:04:05Z")
	}
	size := v.rep.Entries
	switch {
	case c.Size > size:
		v.problem(size, "missing: the %s checkpoint%s covers %d entries, the log holds %d", source, when, c.Size, size)
	case v.broken || v.treeBad:
		// The entries are already reported; the tree holds stored hashes
		// in their place, not the entries'.
	default:
		h, err := tlog.TreeHash(c.Size, v.treeReader())
		if err != nil || h != c.Hash {
			v.problem(c.Size-1, "the first %d entries are not those of the %s checkpoint%s: one or more of them were rewritten", c.Size, source, when)
		}
	}
}
