package ingest

import (
	"bufio"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/store"
)

// DefaultBatchSize is how many rows a Pipeline commits at a time unless
// told otherwise: large enough to amortise a commit, small enough that a
// batch of wide rows stays within a few megabytes.
const DefaultBatchSize = 8192

// ErrInput is wrapped by the errors a Pipeline finds before it writes
// anything: a missing or unreadable file, a directory, a header that does
// not match the format, a file the format does not know, two inputs with
// one source ID. The command line turns it into exit status 2.
var ErrInput = errors.New("bad input")

// ErrRejected is wrapped by the error of a strict run that met a row it
// had to reject; the run wrote nothing.
var ErrRejected = errors.New("row rejected in strict mode")

// Sink is where a Pipeline writes; a store.Store is one. Atomic runs fn in
// one database transaction: the pipeline writes each batch and then its
// checkpoint through fn's writer, so that both commit or neither does (the
// checkpoint's counts depend on what the store did with the batch).
type Sink interface {
	Atomic(ctx context.Context, fn func(w store.Writer) error) error
}

// RunLister lists the checkpoints of earlier runs, so that a Pipeline can
// resume an interrupted one; a store.Store is one.
type RunLister interface {
	Checkpoints(ctx context.Context) ([]store.Checkpoint, error)
}

// Input is one file to ingest.
type Input struct {
	// Path is the file's path.
	Path string
	// Source is the file's source ID, from which position-based record IDs
	// are made (see PositionID); the file's base name when empty.
	Source string
}

// Progress reports how far a Pipeline has gone through one file, after
// each committed batch.
type Progress struct {
	Path  string
	Rows  int64 // rows of the file accounted for so far
	Bytes int64 // bytes of the file read so far
	Size  int64 // the file's size in bytes
}

// Counts says what happened to the rows of a file or a run. Read =
// Accepted + Duplicates + Rejected always holds; blank lines are not rows.
type Counts struct {
	Read         int64 `json:"read"`
	Accepted     int64 `json:"accepted"`
	Duplicates   int64 `json:"duplicates"`
	Rejected     int64 `json:"rejected"`
	SkippedBlank int64 `json:"skipped_blank"`
}

func (c *Counts) add(d Counts) {
	c.Read += d.Read
	c.Accepted += d.Accepted
	c.Duplicates += d.Duplicates
	c.Rejected += d.Rejected
	c.SkippedBlank += d.SkippedBlank
}

// FileResult is what happened to one file's rows.
type FileResult struct {
	Path   string `json:"path"`
	Source string `json:"source"`
	Counts
	// ResumedAfter is the number of rows an earlier, interrupted attempt of
	// this run had already committed (their counts are included above).
	ResumedAfter int64 `json:"resumed_after,omitempty"`
}

// Result is what happened to a run's rows.
type Result struct {
	RunID string `json:"run_id"`
	Counts
	Files []FileResult `json:"files"`
	// RejectFile is the reject file's path, or "" when no row was rejected.
	RejectFile string `json:"reject_file"`
	// FirstRejects holds the first few rejected rows of this attempt.
	FirstRejects []Reject `json:"first_rejects,omitempty"`
	// Resumed says whether the run continued an interrupted attempt.
	Resumed bool `json:"resumed,omitempty"`
}

// maxFirstRejects is how many rejected rows a Result keeps.
const maxFirstRejects = 5

// Reject is one line of a reject file: a rejected row, where it was, why,
// and the row verbatim.
type Reject struct {
	RunID  string `json:"run_id"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"` // what was wrong, expected what
	Error  string `json:"error"`  // file:line:column: field: reason
	Raw    string `json:"raw"`    // the row as it is in the file, without its line ending
}

func rejectOf(runID string, e *RowError) Reject {
	return Reject{RunID: runID, File: e.Path, Line: e.Line, Column: e.Column, Field: e.Field,
		Reason: e.Reason(), Error: e.Error(), Raw: e.Raw}
}

// Pipeline reads files with a Format and writes their records to a Sink in
// batches, accounting for every row.
//
// The reading and the writing run concurrently: one goroutine parses the
// next batch while another commits the last one. Each batch commits
// atomically with a checkpoint (store.Checkpoint) that records how many
// rows of the file are accounted for and the counts so far. A run that is
// killed loses nothing that was committed; running it again with the same
// format and files finds the unfinished run by its key and resumes each
// file after its checkpoint when the file is unchanged (same size,
// modification time and first 64 KiB), or starts the file again when it
// changed — the store then counts the rows already there as duplicates.
//
// Rejected rows (those the Format rejects, and transactions that conflict
// with a stored transaction of the same ID) go to the reject file
// <RejectDir>/<run ID>.jsonl, one JSON object per row (see Reject), written
// before the batch commits; a resumed run cuts the file back to the size
// its checkpoint recorded, so that no row appears twice.
//
// In Strict mode the whole run is one database transaction: the first
// rejected row stops it, the transaction is rolled back and the database
// is left as it was. A strict run never resumes an earlier attempt.
type Pipeline struct {
	// Format reads the files. Required.
	Format Format
	// Sink receives the batches. Required.
	Sink Sink
	// Runs finds an interrupted run to resume; nil means never resume.
	Runs RunLister
	// BatchSize is the number of rows per batch (DefaultBatchSize when 0).
	BatchSize int
	// Strict makes the first rejected row fatal, and the run all or nothing.
	Strict bool
	// RejectDir is the folder of the reject files; created when a row is
	// rejected. Required.
	RejectDir string
	// RunID names a new run; a time-based unique ID when empty.
	RunID string
	// Progress, when not nil, is called after each committed batch, from
	// the goroutine that called Run.
	Progress func(Progress)
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
}

// inputFile is an input opened for reading.
type inputFile struct {
	Input
	file        *os.File
	size        int64
	fingerprint string
	counter     *countingReader
	reader      Reader
}

// Run ingests the inputs, in order. It opens every file and checks every
// header before it writes anything; those errors wrap ErrInput. The Result
// is filled in as far as the run went, also when it returns an error.
func (p *Pipeline) Run(ctx context.Context, inputs []Input) (*Result, error) {
	if p.Format == nil || p.Sink == nil {
		return nil, errors.New("ingest: pipeline needs a Format and a Sink")
	}
	if p.RejectDir == "" {
		return nil, errors.New("ingest: pipeline needs a RejectDir")
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%w: no files to ingest", ErrInput)
	}
	files, err := p.openAll(inputs)
	defer func() {
		for _, f := range files {
			f.file.Close()
		}
	}()
	if err != nil {
		return nil, err
	}

	key := p.runKey(files)
	plan, err := p.plan(ctx, key, files)
	if err != nil {
		return nil, err
	}
	res := &Result{RunID: plan.runID, Resumed: plan.resumed}
	rejects := &rejectFile{path: filepath.Join(p.RejectDir, plan.runID+".jsonl"), size: plan.rejectOffset}
	defer rejects.close()
	if err := rejects.cutBack(); err != nil {
		return res, err
	}

	body := func(commit committer) error {
		for i, f := range files {
			fr := FileResult{Path: f.Path, Source: f.Source}
			var cp *store.Checkpoint
			if i < plan.first {
				fr.Counts = countsOf(plan.done[i])
				fr.ResumedAfter = fr.Read
			} else if i == plan.first {
				cp = plan.resume
			}
			var err error
			if i >= plan.first {
				err = p.runFile(ctx, key, plan.runID, f, cp, commit, rejects, &fr, res)
			}
			res.Files = append(res.Files, fr)
			res.Counts.add(fr.Counts)
			if err != nil {
				return err
			}
		}
		return nil
	}
	if p.Strict {
		err = p.Sink.Atomic(ctx, func(w store.Writer) error {
			return body(func(_ context.Context, fn func(store.Writer) error) error { return fn(w) })
		})
	} else {
		err = body(p.Sink.Atomic)
	}
	if cerr := rejects.close(); cerr != nil && err == nil {
		err = cerr
	}
	if rejects.used() {
		res.RejectFile = rejects.path
	}
	return res, err
}

// committer runs fn so that what it writes commits together.
type committer func(ctx context.Context, fn func(w store.Writer) error) error

func countsOf(cp store.Checkpoint) Counts {
	return Counts{Read: cp.Read, Accepted: cp.Accepted, Duplicates: cp.Duplicates, Rejected: cp.Rejected,
		SkippedBlank: cp.SkippedBlank}
}

// Check opens every input and reads its header, as Run does before it
// writes anything, and closes them again; its errors wrap ErrInput. Call
// it to refuse bad input before opening a database. It needs only Format.
func (p *Pipeline) Check(inputs []Input) error {
	if p.Format == nil {
		return errors.New("ingest: pipeline needs a Format")
	}
	if len(inputs) == 0 {
		return fmt.Errorf("%w: no files to ingest", ErrInput)
	}
	files, err := p.openAll(inputs)
	for _, f := range files {
		f.file.Close()
	}
	return err
}

// openAll opens every input and reads its header.
func (p *Pipeline) openAll(inputs []Input) ([]*inputFile, error) {
	var files []*inputFile
	sources := make(map[string]string)
	for _, in := range inputs {
		if in.Source == "" {
			in.Source = filepath.Base(in.Path)
		}
		if other, dup := sources[in.Source]; dup {
			return files, fmt.Errorf("%w: %s and %s have the same source name %q; position-based IDs would collide (name each with its own source)",
				ErrInput, other, in.Path, in.Source)
		}
		sources[in.Source] = in.Path
		f, err := openInput(in)
		if err != nil {
			return files, fmt.Errorf("%w: %w", ErrInput, err)
		}
		files = append(files, f)
		r, err := p.Format.Open(Source{Path: in.Path, ID: in.Source, R: f.counter})
		if err != nil {
			return files, fmt.Errorf("%w: %w", ErrInput, err)
		}
		f.reader = r
	}
	return files, nil
}

// fingerprintBytes is how much of a file's start its fingerprint hashes.
const fingerprintBytes = 64 << 10

func openInput(in Input) (*inputFile, error) {
	file, err := os.Open(in.Path)
	if err != nil {
		return nil, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		file.Close()
		return nil, fmt.Errorf("%s: not a regular file", in.Path)
	}
	head := make([]byte, min(st.Size(), fingerprintBytes))
	if _, err := file.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		file.Close()
		return nil, fmt.Errorf("read %s: %w", in.Path, err)
	}
	sum := sha256.Sum256(head)
	return &inputFile{
		Input:       in,
		file:        file,
		size:        st.Size(),
		fingerprint: fmt.Sprintf("%d-%d-%s", st.Size(), st.ModTime().UnixNano(), hex.EncodeToString(sum[:8])),
		counter:     &countingReader{r: file},
	}, nil
}

// runKey names the work a run does: its format and its inputs (source IDs
// and absolute paths), so that the same command finds its unfinished run.
func (p *Pipeline) runKey(files []*inputFile) string {
	h := sha256.New()
	io.WriteString(h, p.Format.Name())
	for _, f := range files {
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			abs = f.Path
		}
		fmt.Fprintf(h, "\x00%s\x00%s", f.Source, abs)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// runPlan says where a run starts: files before first are done (their
// checkpoints in done), file first resumes from resume (nil: from its
// start), and the reject file is cut back to rejectOffset.
type runPlan struct {
	runID        string
	resumed      bool
	first        int
	done         []store.Checkpoint
	resume       *store.Checkpoint
	rejectOffset int64
}

// plan finds the most recent run with this key. If it is unfinished, the
// run resumes it: the files it finished (and that did not change since)
// are skipped, and the next file resumes from its checkpoint if it did not
// change either. Otherwise a new run starts.
func (p *Pipeline) plan(ctx context.Context, key string, files []*inputFile) (runPlan, error) {
	fresh := runPlan{runID: p.RunID}
	if fresh.runID == "" {
		fresh.runID = newRunID(p.now())
	}
	if p.Strict || p.Runs == nil {
		return fresh, nil
	}
	all, err := p.Runs.Checkpoints(ctx)
	if err != nil {
		return runPlan{}, fmt.Errorf("ingest: look for an interrupted run: %w", err)
	}
	var latest string
	var latestTime time.Time
	for _, c := range all {
		if c.RunKey == key && (latest == "" || c.Updated.After(latestTime)) {
			latest, latestTime = c.RunID, c.Updated
		}
	}
	if latest == "" {
		return fresh, nil
	}
	bySource := make(map[string]store.Checkpoint)
	for _, c := range all {
		if c.RunID == latest {
			bySource[c.Source] = c
		}
	}
	plan := runPlan{runID: latest, resumed: true}
	for i, f := range files {
		c, ok := bySource[f.Source]
		unchanged := ok && c.Fingerprint == f.fingerprint
		if unchanged && c.Done {
			plan.done = append(plan.done, c)
			plan.rejectOffset = c.RejectOffset
			continue
		}
		plan.first = i
		if unchanged {
			plan.resume = &c
			plan.rejectOffset = c.RejectOffset
		}
		return plan, nil
	}
	// Every file of the latest run is done: this is a new run.
	return fresh, nil
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// newRunID returns a sortable, unique run ID: the UTC time and 32 random
// bits, "20250301T140500Z-1a2b3c4d".
func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// work is one batch on its way from the parsing goroutine to the writing
// one.
type work struct {
	batch   store.Batch
	rows    []rowRef
	rejects []*RowError // rows the reader rejected, in order
	read    int64       // rows in this batch, rejected ones included
	bytes   int64       // bytes of the file read when the batch was cut
	line    int         // last line read
	blank   int64       // blank lines skipped so far in the file
	last    bool        // the file ends with this batch
}

// rowRef ties one accepted row to its records in the batch: indices into
// the batch's slices, -1 when absent.
type rowRef struct {
	line             int
	tx, party, acct  int32
	labelLo, labelHi int32
}

func (w *work) reset() {
	w.batch.Parties = w.batch.Parties[:0]
	w.batch.Accounts = w.batch.Accounts[:0]
	clear(w.batch.Transactions) // drop references to the strings of the last batch
	w.batch.Transactions = w.batch.Transactions[:0]
	w.batch.Labels = w.batch.Labels[:0]
	w.batch.Checkpoint = nil
	w.rows = w.rows[:0]
	w.rejects = w.rejects[:0]
	w.read, w.bytes, w.line, w.blank, w.last = 0, 0, 0, 0, false
}

func (w *work) add(rec Record) {
	ref := rowRef{line: rec.Line, tx: -1, party: -1, acct: -1}
	if rec.Tx != nil {
		ref.tx = int32(len(w.batch.Transactions))
		w.batch.Transactions = append(w.batch.Transactions, *rec.Tx)
	}
	if rec.Party != nil {
		ref.party = int32(len(w.batch.Parties))
		w.batch.Parties = append(w.batch.Parties, *rec.Party)
	}
	if rec.Account != nil {
		ref.acct = int32(len(w.batch.Accounts))
		w.batch.Accounts = append(w.batch.Accounts, *rec.Account)
	}
	ref.labelLo = int32(len(w.batch.Labels))
	w.batch.Labels = append(w.batch.Labels, rec.Labels...)
	ref.labelHi = int32(len(w.batch.Labels))
	w.rows = append(w.rows, ref)
}

// runFile ingests one file: a goroutine parses batches, this one writes
// them.
func (p *Pipeline) runFile(ctx context.Context, key, runID string, f *inputFile, cp *store.Checkpoint,
	commit committer, rejects *rejectFile, fr *FileResult, res *Result) error {
	var skip int64
	if cp != nil {
		skip = cp.Read
		fr.Counts = countsOf(*cp)
		fr.ResumedAfter = cp.Read
	}
	size := cmp.Or(p.BatchSize, DefaultBatchSize)

	pctx, stop := context.WithCancel(ctx)
	defer stop()
	const inFlight = 2
	free := make(chan *work, inFlight+1)
	for range inFlight + 1 {
		free <- &work{batch: store.Batch{Transactions: make([]model.Transaction, 0, min(size, DefaultBatchSize))}}
	}
	full := make(chan *work)
	parsed := make(chan error, 1)
	go func() {
		defer close(full)
		parsed <- p.parse(pctx, f, skip, size, free, full)
	}()

	loc := &lineLocator{path: f.Path}
	defer loc.close()
	var werr error
	for w := range full {
		if werr == nil {
			werr = p.write(ctx, key, runID, f, w, commit, rejects, loc, fr, res)
			if werr != nil {
				stop() // let the parser stop; keep draining
			}
		}
		free <- w
	}
	perr := <-parsed
	if werr != nil {
		return werr
	}
	if perr != nil {
		if errors.Is(perr, context.Canceled) || errors.Is(perr, context.DeadlineExceeded) {
			return fmt.Errorf("ingest %s: stopped after %d rows (re-run the same command to resume): %w", f.Path, fr.Read, perr)
		}
		return perr
	}
	return nil
}

// parse reads f's records into batches of size rows, skipping the first
// skip rows (committed by an earlier attempt).
func (p *Pipeline) parse(ctx context.Context, f *inputFile, skip int64, size int, free <-chan *work, full chan<- *work) error {
	blanks, _ := f.reader.(BlankCounter)
	var seen int64
	var w *work
	get := func() error {
		select {
		case w = <-free:
			w.reset()
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	send := func() error {
		w.bytes = f.counter.n
		if blanks != nil {
			w.blank = int64(blanks.BlankLines())
		}
		select {
		case full <- w:
			w = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := get(); err != nil {
		return err
	}
	for {
		rec, err := f.reader.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *RowError
		if err != nil && !errors.As(err, &rowErr) {
			return fmt.Errorf("ingest %s after line %d: %w", f.Path, w.line, err)
		}
		seen++
		if seen <= skip {
			continue
		}
		w.read++
		if rowErr != nil {
			w.line = max(w.line, rowErr.Line)
			w.rejects = append(w.rejects, rowErr)
			if p.Strict {
				w.last = true
				return send()
			}
		} else if e := storable(f.Path, rec); e != nil {
			w.line = max(w.line, rec.Line)
			w.rejects = append(w.rejects, e)
			if p.Strict {
				w.last = true
				return send()
			}
		} else {
			w.line = max(w.line, rec.Line)
			w.add(rec)
		}
		if w.read >= int64(size) {
			if err := send(); err != nil {
				return err
			}
			if err := get(); err != nil {
				return err
			}
		}
	}
	w.last = true
	return send()
}

// storable checks what a reader accepted against what a store can hold,
// and rejects the row when it cannot. The row's text is filled in later.
func storable(path string, rec Record) *RowError {
	if rec.Tx != nil && (rec.Tx.Time.Before(store.MinTime) || rec.Tx.Time.After(store.MaxTime)) {
		return &RowError{Path: path, Line: rec.Line, Field: "timestamp",
			Msg:  "time " + rec.Tx.Time.UTC().Format(time.RFC3339) + " is out of range",
			Want: "a time between " + store.MinTime.Format("2006") + " and " + store.MaxTime.Format("2006")}
	}
	return nil
}

// write commits one batch with its checkpoint, writes its rejected rows,
// and updates the counts.
func (p *Pipeline) write(ctx context.Context, key, runID string, f *inputFile, w *work, commit committer,
	rejects *rejectFile, loc *lineLocator, fr *FileResult, res *Result) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ingest %s: stopped after %d rows (re-run the same command to resume): %w", f.Path, fr.Read, err)
	}
	var delta Counts
	var rejected []Reject
	before := rejects.size
	// The batch must finish once begun: a cancelled context stops the run
	// between batches, not inside one.
	wctx := context.WithoutCancel(ctx)
	err := commit(wctx, func(sw store.Writer) error {
		delta = Counts{Read: w.read, Rejected: int64(len(w.rejects))}
		rejected = rejected[:0]
		for _, e := range w.rejects {
			rejected = append(rejected, rejectOf(runID, e))
		}
		if !batchEmpty(&w.batch) {
			out, err := sw.WriteBatch(wctx, w.batch)
			if err != nil {
				return fmt.Errorf("ingest %s: write the batch ending on line %d: %w", f.Path, w.line, err)
			}
			for _, r := range w.rows {
				switch rowOutcome(&out, r) {
				case store.Inserted:
					delta.Accepted++
				case store.Duplicate:
					delta.Duplicates++
				default:
					delta.Rejected++
					rejected = append(rejected, conflict(runID, f.Path, r.line, &w.batch.Transactions[r.tx]))
				}
			}
		}
		slices.SortStableFunc(rejected, func(a, b Reject) int { return cmp.Compare(a.Line, b.Line) })
		for i := range rejected {
			if rejected[i].Raw == "" {
				rejected[i].Raw = loc.line(rejected[i].Line)
			}
		}
		if p.Strict && len(rejected) > 0 {
			if err := rejects.write(rejected[:1]); err != nil {
				return err
			}
			addFirstRejects(res, rejected[:1])
			return fmt.Errorf("%w: %s", ErrRejected, rejected[0].Error)
		}
		if err := rejects.write(rejected); err != nil {
			return err
		}
		total := fr.Counts
		total.add(delta)
		c := store.Checkpoint{
			RunID: runID, Source: f.Source, Path: f.Path, Format: p.Format.Name(),
			Line: w.line, Read: total.Read, Accepted: total.Accepted, Duplicates: total.Duplicates,
			Rejected: total.Rejected, SkippedBlank: w.blank, Done: w.last, Updated: p.now(),
			RunKey: key, Fingerprint: f.fingerprint, RejectOffset: rejects.size,
		}
		if _, err := sw.WriteBatch(wctx, store.Batch{Checkpoint: &c}); err != nil {
			return fmt.Errorf("ingest %s: save checkpoint: %w", f.Path, err)
		}
		return nil
	})
	if err != nil {
		if !errors.Is(err, ErrRejected) {
			// Keep the reject file in step with what the database holds.
			_ = rejects.truncate(before)
		}
		return err
	}
	fr.Counts.add(delta)
	fr.SkippedBlank = w.blank
	addFirstRejects(res, rejected)
	if p.Progress != nil {
		p.Progress(Progress{Path: f.Path, Rows: fr.Read, Bytes: w.bytes, Size: f.size})
	}
	return nil
}

func batchEmpty(b *store.Batch) bool {
	return len(b.Transactions) == 0 && len(b.Parties) == 0 && len(b.Accounts) == 0 && len(b.Labels) == 0
}

// rowOutcome is the outcome of one row from those of its records: its
// transaction's when it has one (a conflicting transaction rejects the
// row); else Inserted when any of its records was inserted, else Duplicate.
func rowOutcome(out *store.BatchResult, r rowRef) store.Outcome {
	if r.tx >= 0 {
		return out.Transactions[r.tx]
	}
	if r.party >= 0 && out.Parties[r.party] == store.Inserted ||
		r.acct >= 0 && out.Accounts[r.acct] == store.Inserted {
		return store.Inserted
	}
	if r.party >= 0 || r.acct >= 0 || r.labelHi > r.labelLo {
		for _, o := range out.Labels[r.labelLo:r.labelHi] {
			if o == store.Inserted {
				return store.Inserted
			}
		}
		return store.Duplicate
	}
	return store.Inserted // a row without records: nothing to store
}

// conflict makes the reject of a transaction whose ID is stored with other
// content; its text is filled in by the caller.
func conflict(runID, path string, line int, tx *model.Transaction) Reject {
	e := &RowError{Path: path, Line: line,
		Msg:  "conflicts with the stored transaction " + strconv.Quote(tx.ID) + " (same ID, different content)",
		Want: "the content already stored under that ID: transactions are immutable",
	}
	return rejectOf(runID, e)
}

func addFirstRejects(res *Result, rs []Reject) {
	for _, r := range rs {
		if len(res.FirstRejects) >= maxFirstRejects {
			return
		}
		res.FirstRejects = append(res.FirstRejects, r)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// rejectFile is a run's reject file, opened when the first row is
// rejected. size is the file's length: what the checkpoints record.
type rejectFile struct {
	path string
	size int64
	f    *os.File
	bw   *bufio.Writer
}

func (r *rejectFile) used() bool { return r.size > 0 }

// cutBack opens an existing reject file of a resumed run and cuts it back
// to the size the checkpoint recorded, dropping rows written for batches
// that never committed.
func (r *rejectFile) cutBack() error {
	st, err := os.Stat(r.path)
	if errors.Is(err, os.ErrNotExist) {
		r.size = 0
		return nil
	}
	if err != nil {
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	if st.Size() < r.size {
		r.size = st.Size()
	}
	return r.truncate(r.size)
}

func (r *rejectFile) open() error {
	if r.f != nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil {
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	if _, err := f.Seek(r.size, io.SeekStart); err != nil {
		f.Close()
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	r.f, r.bw = f, bufio.NewWriter(f)
	return nil
}

// write appends rows and flushes them to the file.
func (r *rejectFile) write(rows []Reject) error {
	if len(rows) == 0 {
		return nil
	}
	if err := r.open(); err != nil {
		return err
	}
	for i := range rows {
		b, err := json.Marshal(&rows[i])
		if err != nil {
			return fmt.Errorf("ingest: reject file: %w", err)
		}
		b = append(b, '\n')
		if _, err := r.bw.Write(b); err != nil {
			return fmt.Errorf("ingest: reject file: %w", err)
		}
		r.size += int64(len(b))
	}
	if err := r.bw.Flush(); err != nil {
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	return nil
}

// truncate cuts the file to n bytes.
func (r *rejectFile) truncate(n int64) error {
	if r.f != nil {
		if err := r.bw.Flush(); err != nil {
			return fmt.Errorf("ingest: reject file: %w", err)
		}
		if err := r.f.Truncate(n); err != nil {
			return fmt.Errorf("ingest: reject file: %w", err)
		}
		if _, err := r.f.Seek(n, io.SeekStart); err != nil {
			return fmt.Errorf("ingest: reject file: %w", err)
		}
	} else if err := os.Truncate(r.path, n); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	r.size = n
	return nil
}

func (r *rejectFile) close() error {
	if r.f == nil {
		return nil
	}
	err := r.bw.Flush()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	r.f, r.bw = nil, nil
	if err != nil {
		return fmt.Errorf("ingest: reject file: %w", err)
	}
	return nil
}

// lineLocator reads physical lines of a file by number, moving forward
// only, to give the reject file the text of rows the reader accepted but
// the store did not (readers do not keep the text of accepted rows). A row
// that spans several lines (a quoted line break) gives its first line.
type lineLocator struct {
	path string
	f    *os.File
	br   *bufio.Reader
	next int // number of the line the reader is at
	err  error
}

func (l *lineLocator) line(n int) string {
	if l.err != nil {
		return ""
	}
	if l.f == nil || n < l.next {
		l.close()
		l.f, l.err = os.Open(l.path)
		if l.err != nil {
			return ""
		}
		l.br, l.next = bufio.NewReaderSize(l.f, 64<<10), 1
	}
	for l.next < n {
		if _, err := l.br.ReadSlice('\n'); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return ""
		} else if err == nil {
			l.next++
		}
	}
	var line []byte
	for {
		chunk, err := l.br.ReadSlice('\n')
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
	}
	l.next++
	line = trimLineEnd(line)
	if n == 1 {
		line = trimBOM(line)
	}
	return string(line)
}

func trimLineEnd(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	if len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return b
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

func (l *lineLocator) close() {
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}
