package ingest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func openStore(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

func newPipeline(st *sqlite.Store, batch int) *ingest.Pipeline {
	return &ingest.Pipeline{Format: fakeFormat{}, Sink: st, Runs: st, RejectDir: st.Path() + ".rejects", BatchSize: batch}
}

func inputs(paths ...string) []ingest.Input {
	var in []ingest.Input
	for _, p := range paths {
		in = append(in, ingest.Input{Path: p})
	}
	return in
}

func readRejects(t testing.TB, path string) []ingest.Reject {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []ingest.Reject
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r ingest.Reject
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), "reject line %q", sc.Text())
		out = append(out, r)
	}
	require.NoError(t, sc.Err())
	return out
}

func storedTx(t testing.TB, st store.Reader) map[string]model.Transaction {
	t.Helper()
	m := map[string]model.Transaction{}
	for x, err := range st.Transactions(context.Background(), store.TxFilter{}) {
		require.NoError(t, err)
		m[x.ID] = x
	}
	return m
}

func counts(t testing.TB, st store.Reader) store.Counts {
	t.Helper()
	c, err := st.Counts(context.Background())
	require.NoError(t, err)
	return c
}

// mixed has every kind of row: accepted, blank, rejected by the reader,
// duplicate, conflicting, identical rows without IDs, labels, and a
// truncated last line without a line end.
const mixed = fakeHeader + "\n" +
	"T1,0,10\n" + // 2 accepted
	"T2,1,20\r\n" + // 3 accepted (CRLF)
	"   \n" + // 4 blank
	"T3,x,30\n" + // 5 rejected: minute
	"T1,0,10\n" + // 6 duplicate of line 2
	"T2,1,21\n" + // 7 rejected: conflicts with line 3
	",2,5\n" + // 8 accepted as mixed.csv:8
	",2,5\n" + // 9 accepted as mixed.csv:9: identical rows are separate transactions
	"T4,3,-1\n" + // 10 rejected: negative amount
	"label:T1\n" + // 11 accepted
	"label:T1\n" + // 12 duplicate
	"T5,3" // 13 rejected: truncated

func TestPipelineAccountsForEveryRow(t *testing.T) {
	for _, batch := range []int{1, 3, 100} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			dir := t.TempDir()
			file := writeFile(t, dir, "mixed.csv", mixed)
			st := openStore(t, filepath.Join(dir, "c.db"))
			res, err := newPipeline(st, batch).Run(t.Context(), inputs(file))
			require.NoError(t, err)
			want := ingest.Counts{Read: 11, Accepted: 5, Duplicates: 2, Rejected: 4, SkippedBlank: 1}
			require.Equal(t, want, res.Counts)
			require.Len(t, res.Files, 1)
			require.Equal(t, want, res.Files[0].Counts)

			stored := storedTx(t, st)
			require.Len(t, stored, 4)
			require.Equal(t, 20.0, stored["T2"].Amount, "the conflicting row did not replace the stored one")
			require.Contains(t, stored, "mixed.csv:8")
			require.Contains(t, stored, "mixed.csv:9")
			require.Equal(t, int64(1), counts(t, st).Labels)

			require.Equal(t, filepath.Join(dir, "c.db.rejects", res.RunID+".jsonl"), res.RejectFile)
			rejects := readRejects(t, res.RejectFile)
			var lines []int
			for _, r := range rejects {
				lines = append(lines, r.Line)
				require.Equal(t, res.RunID, r.RunID)
				require.Equal(t, file, r.File)
			}
			require.Equal(t, []int{5, 7, 10, 13}, lines)
			require.Equal(t, ingest.Reject{RunID: res.RunID, File: file, Line: 5, Column: 4, Field: "minute",
				Reason: `minute: "x" is not a whole number, expected minutes since 2025-01-01`,
				Error:  file + `:5:4: minute: "x" is not a whole number, expected minutes since 2025-01-01`,
				Raw:    "T3,x,30"}, rejects[0])
			require.Contains(t, rejects[1].Reason, `conflicts with the stored transaction "T2"`)
			require.Equal(t, "T2,1,21", rejects[1].Raw, "a conflicting row is written verbatim")
			require.Equal(t, "T5,3", rejects[3].Raw)
			require.Equal(t, rejects[:min(len(rejects), 5)], res.FirstRejects)
		})
	}
}

func TestPipelineRejectsTimesTheStoreCannotHold(t *testing.T) {
	dir := t.TempDir()
	// 400 years of minutes after 2025: beyond the store's range (2262).
	file := writeFile(t, dir, "far.csv", fakeHeader+"\nT1,0,1\nT2,210240000,1\nT3,5,1\n")
	st := openStore(t, filepath.Join(dir, "c.db"))
	res, err := newPipeline(st, 10).Run(t.Context(), inputs(file))
	require.NoError(t, err)
	require.Equal(t, ingest.Counts{Read: 3, Accepted: 2, Rejected: 1}, res.Counts)
	rejects := readRejects(t, res.RejectFile)
	require.Len(t, rejects, 1)
	require.Equal(t, 3, rejects[0].Line)
	require.Equal(t, "timestamp", rejects[0].Field)
	require.Contains(t, rejects[0].Reason, "out of range")
	require.Equal(t, "T2,210240000,1", rejects[0].Raw)
}

func TestPipelineReingestAddsNothing(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "mixed.csv", mixed)
	st := openStore(t, filepath.Join(dir, "c.db"))
	first, err := newPipeline(st, 4).Run(t.Context(), inputs(file))
	require.NoError(t, err)
	before := counts(t, st)

	again, err := newPipeline(st, 4).Run(t.Context(), inputs(file))
	require.NoError(t, err)
	require.NotEqual(t, first.RunID, again.RunID, "a finished run is not resumed: the re-ingest is a run of its own")
	require.False(t, again.Resumed)
	require.Equal(t, ingest.Counts{Read: 11, Accepted: 0, Duplicates: 7, Rejected: 4, SkippedBlank: 1}, again.Counts)
	require.Equal(t, before, counts(t, st))
	require.Len(t, readRejects(t, again.RejectFile), 4)
}

func TestPipelineChecksEveryInputBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.csv", fakeHeader+"\nT1,0,1\n")
	badHeader := writeFile(t, dir, "bad.csv", "id,minute,amount,extra\nT2,0,1\n")
	empty := writeFile(t, dir, "empty.csv", "")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "other"), 0o755))
	twin := writeFile(t, filepath.Join(dir, "other"), "good.csv", fakeHeader+"\nT9,0,1\n")
	for name, in := range map[string][]ingest.Input{
		"missing file":      inputs(good, filepath.Join(dir, "missing.csv")),
		"header mismatch":   inputs(good, badHeader),
		"empty file":        inputs(good, empty),
		"directory":         inputs(good, filepath.Join(dir, "sub")),
		"same source twice": inputs(good, twin),
		"no files":          nil,
	} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
			_, err := newPipeline(st, 10).Run(t.Context(), in)
			require.ErrorIs(t, err, ingest.ErrInput)
			require.Equal(t, store.Counts{}, counts(t, st), "nothing is written")
			cps, err := st.Checkpoints(t.Context())
			require.NoError(t, err)
			require.Empty(t, cps)
			require.NoDirExists(t, st.Path()+".rejects")
		})
	}
	t.Run("twins with their own source names", func(t *testing.T) {
		st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
		res, err := newPipeline(st, 10).Run(t.Context(), []ingest.Input{{Path: good, Source: "a"}, {Path: twin, Source: "b"}})
		require.NoError(t, err)
		require.Equal(t, int64(2), res.Accepted)
	})
}

func TestPipelineStrict(t *testing.T) {
	dir := t.TempDir()
	base := writeFile(t, dir, "base.csv", fakeHeader+"\nT1,0,10\nT2,1,20\n")
	fine := writeFile(t, dir, "fine.csv", fakeHeader+"\nT3,2,30\nT4,3,40\nT5,4,50\n")
	badRow := writeFile(t, dir, "badrow.csv", fakeHeader+"\nT6,5,60\nT7,6,oops\nT8,7,80\n")
	conflict := writeFile(t, dir, "conflict.csv", fakeHeader+"\nT9,8,90\nT1,0,11\n")

	for name, c := range map[string]struct {
		files []string
		line  int
		msg   string
	}{
		"bad row in the second file": {[]string{fine, badRow}, 3, `amount: "oops" is not an amount`},
		"conflict":                   {[]string{fine, conflict}, 3, `conflicts with the stored transaction "T1"`},
	} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
			_, err := newPipeline(st, 1).Run(t.Context(), inputs(base))
			require.NoError(t, err)
			before := counts(t, st)
			cpsBefore, err := st.Checkpoints(t.Context())
			require.NoError(t, err)

			p := newPipeline(st, 1) // batches of one row: several commits would have happened
			p.Strict = true
			res, err := p.Run(t.Context(), inputs(c.files...))
			require.ErrorIs(t, err, ingest.ErrRejected)
			require.Contains(t, err.Error(), c.msg)
			require.Equal(t, before, counts(t, st), "the database is as it was")
			cps, err := st.Checkpoints(t.Context())
			require.NoError(t, err)
			require.Equal(t, cpsBefore, cps)
			require.Len(t, storedTx(t, st), 2)
			rejects := readRejects(t, res.RejectFile)
			require.Len(t, rejects, 1)
			require.Equal(t, c.line, rejects[0].Line)
		})
	}

	t.Run("no rejected row", func(t *testing.T) {
		st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
		p := newPipeline(st, 2)
		p.Strict = true
		res, err := p.Run(t.Context(), inputs(base, fine))
		require.NoError(t, err)
		require.Equal(t, ingest.Counts{Read: 5, Accepted: 5}, res.Counts)
		require.Empty(t, res.RejectFile)
		require.Len(t, storedTx(t, st), 5)
	})
}

// failingSink fails the commit after ok successful ones: the batch is
// written, then rolled back, like a crash between write and commit.
type failingSink struct {
	*sqlite.Store
	ok int
}

var errCrash = errors.New("simulated crash")

func (s *failingSink) Atomic(ctx context.Context, fn func(store.Writer) error) error {
	if s.ok == 0 {
		err := s.Store.Atomic(ctx, func(w store.Writer) error {
			if err := fn(w); err != nil {
				return err
			}
			return errCrash
		})
		return err
	}
	s.ok--
	return s.Store.Atomic(ctx, fn)
}

func TestPipelineResumesAfterAFailedBatch(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.csv", mixed)
	b := writeFile(t, dir, "b.csv", strings.Replace(mixed, "T", "U", -1))
	const batch = 2
	clean := func() ingest.Result {
		st := openStore(t, filepath.Join(t.TempDir(), "clean.db"))
		res, err := newPipeline(st, batch).Run(t.Context(), inputs(a, b))
		require.NoError(t, err)
		return *res
	}()
	for ok := 0; ; ok++ {
		st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
		p := newPipeline(st, batch)
		p.Sink = &failingSink{Store: st, ok: ok}
		first, err := p.Run(t.Context(), inputs(a, b))
		if err == nil {
			require.Positive(t, ok)
			break // the run finished before the failure: every batch has been interrupted once
		}
		require.ErrorIs(t, err, errCrash)

		res, err := newPipeline(st, batch).Run(t.Context(), inputs(a, b))
		require.NoError(t, err)
		if ok > 0 {
			require.Equal(t, first.RunID, res.RunID, "the interrupted run is resumed")
			require.True(t, res.Resumed)
		} else {
			require.False(t, res.Resumed, "nothing was committed: there is nothing to resume")
		}
		require.Equal(t, clean.Counts, res.Counts, "after %d commits", ok)
		for i := range res.Files {
			require.Equal(t, clean.Files[i].Counts, res.Files[i].Counts)
		}
		// Each file of 11 rows makes batches of 2, 2, 2, 2, 2 and 1 rows.
		committed := 0
		for i := range ok {
			committed += []int{2, 2, 2, 2, 2, 1}[i%6]
		}
		require.Equal(t, int64(committed), res.Files[0].ResumedAfter+res.Files[1].ResumedAfter,
			"the committed rows are not read again")
		require.Len(t, storedTx(t, st), 8)
		require.Len(t, readRejects(t, res.RejectFile), 8, "each rejected row once")
	}
}

func TestPipelineRestartsAChangedFile(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "a.csv", fakeHeader+"\nT1,0,1\nT2,0,2\nT3,0,3\nbad\n")
	st := openStore(t, filepath.Join(dir, "c.db"))
	p := newPipeline(st, 2)
	p.Sink = &failingSink{Store: st, ok: 1}
	_, err := p.Run(t.Context(), inputs(file))
	require.ErrorIs(t, err, errCrash)

	// Rows appended since: the file starts again, the rows committed
	// before are duplicates, and nothing is lost or doubled.
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("T4,0,4\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	res, err := newPipeline(st, 2).Run(t.Context(), inputs(file))
	require.NoError(t, err)
	require.Equal(t, ingest.Counts{Read: 5, Accepted: 2, Duplicates: 2, Rejected: 1}, res.Counts)
	require.Zero(t, res.Files[0].ResumedAfter)
	require.Len(t, storedTx(t, st), 4)
	require.Len(t, readRejects(t, res.RejectFile), 1)
}

func TestPipelineStopsBetweenBatchesWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	var rows strings.Builder
	rows.WriteString(fakeHeader + "\n")
	for i := range 50 {
		fmt.Fprintf(&rows, "T%d,%d,1\n", i, i)
	}
	file := writeFile(t, dir, "a.csv", rows.String())
	st := openStore(t, filepath.Join(dir, "c.db"))
	ctx, cancel := context.WithCancel(t.Context())
	p := newPipeline(st, 10)
	var progress []ingest.Progress
	p.Progress = func(pr ingest.Progress) {
		progress = append(progress, pr)
		cancel()
	}
	res, err := p.Run(ctx, inputs(file))
	require.ErrorIs(t, err, context.Canceled)
	require.Contains(t, err.Error(), "re-run the same command to resume")
	require.Equal(t, int64(10), res.Read)
	require.Len(t, storedTx(t, st), 10, "the batch under way was committed, no other")
	require.Equal(t, []ingest.Progress{{Path: file, Rows: 10, Bytes: int64(rows.Len()), Size: int64(rows.Len())}}, progress)

	res, err = newPipeline(st, 10).Run(t.Context(), inputs(file))
	require.NoError(t, err)
	require.Equal(t, ingest.Counts{Read: 50, Accepted: 50}, res.Counts)
	require.Len(t, storedTx(t, st), 50)
}

// TestPipelineRowsAlwaysReconcile: whatever the rows and the batch size,
// read = accepted + duplicates + rejected, every non-blank row is read,
// and the store holds exactly the accepted transactions.
func TestPipelineRowsAlwaysReconcile(t *testing.T) {
	// One store for every case; each case has its own IDs and file name.
	st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
	round := 0
	rapid.Check(t, func(rt *rapid.T) {
		round++
		var b strings.Builder
		b.WriteString(fakeHeader + "\n")
		n := rapid.IntRange(0, 60).Draw(rt, "rows")
		var blank, bad int
		for range n {
			switch rapid.IntRange(0, 5).Draw(rt, "kind") {
			case 0:
				b.WriteString("\n")
				blank++
			case 1:
				b.WriteString("garbage\n")
				bad++
			case 2:
				b.WriteString(",1,1\n") // no ID: always new
			default:
				fmt.Fprintf(&b, "R%d-T%d,1,%d\n", round, rapid.IntRange(0, 8).Draw(rt, "id"), rapid.IntRange(1, 2).Draw(rt, "amount"))
			}
		}
		file := writeFile(t, t.TempDir(), fmt.Sprintf("r%d.csv", round), b.String())
		before := counts(t, st).Transactions
		res, err := newPipeline(st, rapid.IntRange(1, 20).Draw(rt, "batch")).Run(context.Background(), inputs(file))
		if err != nil {
			rt.Fatal(err)
		}
		c := res.Counts
		if c.Read != c.Accepted+c.Duplicates+c.Rejected || c.Read != int64(n-blank) || c.SkippedBlank != int64(blank) {
			rt.Fatalf("counts %+v for %d rows, %d blank", c, n, blank)
		}
		if got := counts(t, st).Transactions - before; got != c.Accepted {
			rt.Fatalf("stored %d transactions, accepted %d", got, c.Accepted)
		}
		var rejects int64
		if res.RejectFile != "" {
			rejects = int64(len(readRejects(t, res.RejectFile)))
		}
		if rejects != c.Rejected || c.Rejected < int64(bad) {
			rt.Fatalf("%d rows in the reject file, %d rejected, %d bad", rejects, c.Rejected, bad)
		}
	})
}

func TestPipelineProgressCoversTheFile(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "mixed.csv", mixed)
	st := openStore(t, filepath.Join(dir, "c.db"))
	p := newPipeline(st, 3)
	var rows []int64
	var last ingest.Progress
	p.Progress = func(pr ingest.Progress) { rows, last = append(rows, pr.Rows), pr }
	_, err := p.Run(t.Context(), inputs(file))
	require.NoError(t, err)
	require.True(t, slices.IsSorted(rows))
	require.Equal(t, ingest.Progress{Path: file, Rows: 11, Bytes: int64(len(mixed)), Size: int64(len(mixed))}, last)
}
