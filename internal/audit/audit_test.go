package audit_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/tlog"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/store"
)

var t0 = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// event returns the i-th of a varied set of events.
func event(i int) audit.Event {
	actors := []string{"ana", "bo", "carla"}
	actions := []string{"case.read", "case.assign", "case.note", "case.escalate", "sar.export"}
	e := audit.Event{
		Actor: actors[i%len(actors)], Origin: "cli@host-1", Action: actions[i%len(actions)],
		Object: audit.Object{Kind: audit.KindCase, ID: fmt.Sprintf("C-%06d", i%7+1)},
	}
	if e.Action == "case.assign" {
		e.Before = json.RawMessage(`{"assignee":""}`)
		e.After = json.RawMessage(fmt.Sprintf(`{"assignee":%q}`, actors[(i+1)%len(actors)]))
	}
	return e
}

// buildLog appends n events, one per minute.
func buildLog(t *testing.T, n int) *memLog {
	t.Helper()
	m := newMemLog()
	for i := range n {
		_, err := audit.Append(t.Context(), m, t0.Add(time.Duration(i)*time.Minute), event(i))
		require.NoError(t, err)
	}
	return m
}

func TestAppendChainsEntries(t *testing.T) {
	m := newMemLog()
	got, err := audit.Append(t.Context(), m, t0, event(0), event(1))
	require.NoError(t, err)
	require.Len(t, got, 2)
	more, err := audit.Append(t.Context(), m, t0.Add(time.Hour), event(2))
	require.NoError(t, err)
	got = append(got, more...)

	for i, r := range m.records {
		e, err := audit.Decode(r.Data)
		require.NoError(t, err)
		require.Equal(t, got[i], e, "the stored entry is the returned one")
		require.Equal(t, int64(i), e.Index)
		if i == 0 {
			require.Empty(t, e.Prev)
			continue
		}
		prev := tlog.RecordHash(m.records[i-1].Data)
		require.Equal(t, hex.EncodeToString(prev[:]), e.Prev, "each entry names the record hash of the one before")
	}
	require.Equal(t, "case.assign", got[1].Action)
	require.JSONEq(t, `{"assignee":"carla"}`, string(got[1].After))
	require.Equal(t, t0.Add(time.Hour), got[2].Time)

	rep, err := audit.Verify(t.Context(), m)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problems)
	require.Equal(t, int64(3), rep.Entries)
	head, err := audit.Head(t.Context(), m, audit.DefaultOrigin)
	require.NoError(t, err)
	require.Equal(t, head, rep.Head, "the head recomputed from the entries is the stored tree's")
}

func TestAppendRejectsIncompleteEvents(t *testing.T) {
	for name, e := range map[string]audit.Event{
		"no actor":  {Action: "case.read", Object: audit.Object{Kind: audit.KindCase, ID: "C-1"}},
		"no action": {Actor: "ana", Object: audit.Object{Kind: audit.KindCase, ID: "C-1"}},
		"no object": {Actor: "ana", Action: "case.read"},
	} {
		t.Run(name, func(t *testing.T) {
			m := newMemLog()
			_, err := audit.Append(t.Context(), m, t0, event(0), e)
			require.ErrorIs(t, err, audit.ErrInvalidEvent)
			require.Empty(t, m.records, "nothing of the batch is appended")
		})
	}
}

// tamper is one single-entry change to a log's rows, and the index at
// which Verify must report it.
type tamper struct {
	name  string
	apply func(m *memLog)
	at    int64
}

func drawTamper(t *rapid.T, m *memLog) tamper {
	n := len(m.records)
	switch rapid.IntRange(0, 3).Draw(t, "kind") {
	case 0: // edit one byte of one entry
		k := rapid.IntRange(0, n-1).Draw(t, "k")
		data := m.records[k].Data
		pos := rapid.IntRange(0, len(data)-1).Draw(t, "pos")
		flip := byte(rapid.IntRange(1, 255).Draw(t, "flip"))
		return tamper{fmt.Sprintf("edit entry %d byte %d", k, pos), func(m *memLog) { m.records[k].Data[pos] ^= flip }, int64(k)}
	case 1: // delete one entry
		k := rapid.IntRange(0, n-1).Draw(t, "k")
		return tamper{fmt.Sprintf("delete entry %d", k), func(m *memLog) { m.records = slices.Delete(m.records, k, k+1) }, int64(k)}
	case 2: // insert a well-formed entry, linked to the one before, and renumber the rows after it
		k := rapid.IntRange(0, n).Draw(t, "k")
		forged := audit.Entry{Index: int64(k), Time: t0, Event: audit.Event{Actor: "mallory", Action: "case.close",
			Object: audit.Object{Kind: audit.KindCase, ID: "C-000001"}}}
		if k > 0 {
			h := tlog.RecordHash(m.records[k-1].Data)
			forged.Prev = hex.EncodeToString(h[:])
		}
		data, err := json.Marshal(forged)
		if err != nil {
			t.Fatal(err)
		}
		return tamper{fmt.Sprintf("insert before entry %d", k), func(m *memLog) {
			m.records = slices.Insert(m.records, k, store.AuditRecord{Index: int64(k), Data: data})
			for i := k + 1; i < len(m.records); i++ {
				m.records[i].Index++
			}
		}, int64(k)}
	default: // swap two entries' contents
		if n < 2 {
			k := 0
			return tamper{"edit entry 0 byte 0", func(m *memLog) { m.records[k].Data[0] ^= 1 }, 0}
		}
		a := rapid.IntRange(0, n-2).Draw(t, "a")
		b := rapid.IntRange(a+1, n-1).Draw(t, "b")
		return tamper{fmt.Sprintf("swap entries %d and %d", a, b), func(m *memLog) {
			m.records[a].Data, m.records[b].Data = m.records[b].Data, m.records[a].Data
		}, int64(a)}
	}
}

// TestVerifyFindsEverySingleEntryTamper is the audit log's promise: any one
// edit, deletion, insertion or reordering of entries is found, at the
// entry where it happened.
func TestVerifyFindsEverySingleEntryTamper(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(rt, "entries")
		m := newMemLog()
		for i := range n {
			if _, err := audit.Append(t.Context(), m, t0.Add(time.Duration(i)*time.Second), event(i)); err != nil {
				rt.Fatal(err)
			}
		}
		tm := drawTamper(rt, m)
		tm.apply(m)
		rep, err := audit.Verify(t.Context(), m)
		if err != nil {
			rt.Fatal(err)
		}
		if rep.OK() {
			rt.Fatalf("%s: not detected", tm.name)
		}
		if got := rep.Problems[0].Index; got != tm.at {
			rt.Fatalf("%s: first problem at entry %d, want %d: %v", tm.name, got, tm.at, rep.Problems)
		}
	})
}

func TestVerifyReportsEachEditOnce(t *testing.T) {
	m := buildLog(t, 20)
	for _, k := range []int{3, 11} {
		// Still valid JSON with the same fields, but not the same bytes.
		m.records[k].Data = []byte(string(m.records[k].Data[:len(m.records[k].Data)-1]) + ` }`)
	}
	rep, err := audit.Verify(t.Context(), m)
	require.NoError(t, err)
	var at []int64
	for _, p := range rep.Problems {
		at = append(at, p.Index)
	}
	require.Equal(t, []int64{3, 11}, at, "%v", rep.Problems)
}

// rewrite returns a log with the same events as m's first n, except that
// entry k's actor is changed, rebuilt from scratch: chain and tree
// consistent, as someone who rewrote everything would leave it.
func rewrite(t *testing.T, n, k int) *memLog {
	t.Helper()
	out := newMemLog()
	for i := range n {
		e := event(i)
		if i == k {
			e.Actor = "mallory"
		}
		_, err := audit.Append(t.Context(), out, t0.Add(time.Duration(i)*time.Minute), e)
		require.NoError(t, err)
	}
	return out
}

func TestCheckpointsCatchAConsistentRewrite(t *testing.T) {
	orig := buildLog(t, 12)
	cp, err := audit.Head(t.Context(), orig, audit.DefaultOrigin)
	require.NoError(t, err)

	forged := rewrite(t, 12, 4)
	rep, err := audit.Verify(t.Context(), forged)
	require.NoError(t, err)
	require.True(t, rep.OK(), "a consistent rewrite of the whole log cannot be seen from the log alone")

	rep, err = audit.Verify(t.Context(), forged, cp)
	require.NoError(t, err)
	require.False(t, rep.OK(), "the checkpoint kept elsewhere catches it")
	require.Equal(t, int64(11), rep.Problems[0].Index)

	// A checkpoint saved in the database catches it too, unless rewritten as well.
	forged.checkpoints = []store.AuditCheckpoint{{Size: cp.Size, Hash: cp.Hash, Time: t0}}
	rep, err = audit.Verify(t.Context(), forged)
	require.NoError(t, err)
	require.False(t, rep.OK())

	// A log that grew after the checkpoint still contains it.
	_, err = audit.Append(t.Context(), orig, t0.Add(time.Hour), event(99))
	require.NoError(t, err)
	rep, err = audit.Verify(t.Context(), orig, cp)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problems)
	require.Equal(t, 1, rep.Checkpoints)

	// A log cut back below a checkpoint does not.
	short := buildLog(t, 8)
	rep, err = audit.Verify(t.Context(), short, cp)
	require.NoError(t, err)
	require.Equal(t, []audit.Problem{{Index: 8, What: "missing: the given checkpoint covers 12 entries, the log holds 8"}}, rep.Problems)
}

func TestVerifyReportsStoredHashEdits(t *testing.T) {
	m := buildLog(t, 9)
	// Change an interior hash of the tree (level 1), not an entry.
	x := tlog.StoredHashIndex(1, 2)
	h := m.hashes[x]
	h[0] ^= 0xff
	m.hashes[x] = h
	rep, err := audit.Verify(t.Context(), m)
	require.NoError(t, err)
	require.False(t, rep.OK())
	require.Equal(t, int64(5), rep.Problems[0].Index, "the hash is created when entry 5 completes its subtree")
}

func TestProofs(t *testing.T) {
	m := buildLog(t, 13)
	head, err := audit.Head(t.Context(), m, audit.DefaultOrigin)
	require.NoError(t, err)
	for _, i := range []int64{0, 6, 12} {
		p, err := audit.InclusionProof(t.Context(), m, i, head.Size)
		require.NoError(t, err)
		require.NoError(t, audit.CheckInclusion(p, head, i, m.records[i].Data), "entry %d", i)
		require.Error(t, audit.CheckInclusion(p, head, i, []byte("something else")))
	}

	old, err := audit.Head(t.Context(), buildLog(t, 5), audit.DefaultOrigin)
	require.NoError(t, err)
	p, err := audit.ConsistencyProof(t.Context(), m, old.Size, head.Size)
	require.NoError(t, err)
	require.NoError(t, audit.CheckConsistency(p, head, old))
	other, err := audit.Head(t.Context(), rewrite(t, 5, 2), audit.DefaultOrigin)
	require.NoError(t, err)
	require.Error(t, audit.CheckConsistency(p, head, other), "a different 5-entry log is not a prefix")
}
