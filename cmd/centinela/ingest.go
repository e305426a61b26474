package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlsim"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/ingest/native"
	"github.com/centinela-aml/centinela/internal/ingest/samld"
	"github.com/centinela-aml/centinela/internal/monitor"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// IngestCmd loads files into a database and accounts for every row.
type IngestCmd struct {
	DB     string   `help:"Database file (SQLite), created when missing." required:"" placeholder:"PATH"`
	Format string   `help:"Input format: native, amlworld, amlsim or samld." required:"" placeholder:"FORMAT"`
	Strict bool     `help:"Make the first rejected row fatal (exit status 1) and leave the database as it was."`
	JSON   bool     `name:"json" help:"Print the counts as JSON."`
	Source string   `help:"Source name for position-based record IDs (default: the file's base name); with several files, NAME/<base name>." placeholder:"NAME"`
	Batch  int      `help:"Rows committed per batch." default:"8192"`
	Files  []string `arg:"" name:"file" help:"Files to ingest. A directory stands for the data files in it that the format knows."`
	Detect bool     `help:"After loading, run every detector over the database (as centinela detect does: rules, graph miners, the built-in learned scorer, screening) and store the alerts."`
}

// Help is the long help of "centinela ingest --help".
func (IngestCmd) Help() string {
	return `Examples:
  centinela ingest --db bank.db --format native ./bank/
  centinela ingest --db aml.db --format amlworld HI-Small_Trans.csv HI-Small_Patterns.txt
  centinela ingest --db sim.db --format amlsim --json ./amlsim_dev/
  centinela ingest --db bank.db --format native --strict transactions.csv
  centinela ingest --db bank.db --format native --detect ./bank/

Every row is accepted, counted as a duplicate (the same record is already
stored), or rejected; read = accepted + duplicates + rejected always holds.
Blank lines are not rows: they are skipped and counted apart.

Bad rows: a rejected row is reported as "file:line:column: field: what was
wrong, expected what" and written, with its reason and the row verbatim, to
the reject file <db>.rejects/<run ID>.jsonl (one JSON object per line:
run_id, file, line, column, field, reason, error, raw). The output names the
file and shows the first reasons. With --strict the first bad row stops the
run with exit status 1 and nothing is written to the database.

Identity: a transaction is immutable. A row whose ID is stored with the same
content is a duplicate; with different content it is rejected ("conflicts
with the stored transaction"). Parties and accounts are KYC versions: new
content replaces the stored record. Formats without IDs (amlworld, samld,
AMLSim's older schema) identify a row by its source and line,
"<source>:<line>", so re-ingesting a file adds nothing while identical rows
stay separate transactions. Do not rename files between ingests, or pass the
old name with --source. See docs/formats.md, "Record identity".

Errors found before anything is written exit with status 2: a missing file,
an unknown format, a header that does not match the format.

Interruptions: rows are committed in batches, each with a checkpoint. After
a crash, a kill or Ctrl-C, run the same command again: it resumes where the
last batch ended, loses nothing and duplicates nothing.`
}

// formats are the input formats by command-line name.
var formats = map[string]ingest.Format{
	"native":   native.Format{},
	"amlworld": amlworld.Format{},
	"amlsim":   amlsim.Format{},
	"samld":    samld.Format{},
}

func formatNames() string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// ingestReport is the --json output: the counts the command promises
// first, then the details.
type ingestReport struct {
	Read         int64               `json:"read"`
	Accepted     int64               `json:"accepted"`
	Duplicates   int64               `json:"duplicates"`
	Rejected     int64               `json:"rejected"`
	RejectFile   string              `json:"reject_file"`
	SkippedBlank int64               `json:"skipped_blank"`
	RunID        string              `json:"run_id"`
	Resumed      bool                `json:"resumed"`
	Seconds      float64             `json:"seconds"`
	Files        []ingest.FileResult `json:"files"`
	SkippedFiles []string            `json:"skipped_files,omitempty"`
	FirstRejects []ingest.Reject     `json:"first_rejects,omitempty"`
	AnswerKey    *answerKeyReport    `json:"answer_key,omitempty"`
	// Detection is the detectors' run after loading (--detect).
	Detection *detectResult `json:"detection,omitempty"`
}

// answerKeyReport accounts for the lines of an AMLworld answer key applied
// to the Trans rows of a run: each line labels at most one row.
type answerKeyReport struct {
	File      string `json:"file"`
	Attempts  int    `json:"attempts"`
	Lines     int    `json:"lines"`
	Matched   int    `json:"matched"`   // lines that labelled a Trans row
	Unmatched int    `json:"unmatched"` // lines no row of this run matched
}

// applyAnswerKey handles an AMLworld run given both *_Trans.csv files and
// a *_Patterns.txt answer key: the key is not ingested as transactions (its
// lines are the Trans file's own laundering rows); it labels the Trans rows
// it lists with their attempt and typology instead. It returns the inputs
// left to ingest and the format to read them with.
func applyAnswerKey(format ingest.Format, inputs []ingest.Input) ([]ingest.Input, ingest.Format, *amlworld.AnswerKey, string, error) {
	if _, ok := format.(amlworld.Format); !ok {
		return inputs, format, nil, "", nil
	}
	var keys, rest []ingest.Input
	for _, in := range inputs {
		if amlworld.IsAnswerKey(in.Path) {
			keys = append(keys, in)
		} else {
			rest = append(rest, in)
		}
	}
	if len(keys) == 0 || len(rest) == 0 {
		return inputs, format, nil, "", nil // a key alone is ingested as its lines
	}
	if len(keys) > 1 {
		return nil, nil, nil, "", fmt.Errorf("%w: %d answer keys (%s, %s…): give one *_Patterns.txt per run", ingest.ErrInput, len(keys), keys[0].Path, keys[1].Path)
	}
	key, err := amlworld.LoadAnswerKey(keys[0].Path)
	if err != nil {
		return nil, nil, nil, "", fmt.Errorf("%w: %w", ingest.ErrInput, err)
	}
	return rest, amlworld.KeyedFormat{Key: key}, key, keys[0].Path, nil
}

// Run ingests the files.
func (c *IngestCmd) Run(g *Globals) error {
	start := time.Now()
	format, ok := formats[c.Format]
	if !ok {
		return usageError(fmt.Errorf("unknown format %q: expected one of %s", c.Format, formatNames()))
	}
	if c.Batch <= 0 {
		return usageError(fmt.Errorf("--batch %d: expected a positive number of rows", c.Batch))
	}
	inputs, skipped, err := expandInputs(format, c.Files, c.Source)
	if err != nil {
		return usageError(err)
	}
	if err := checkInputs(format, inputs); err != nil {
		return err
	}
	inputs, format, key, keyPath, err := applyAnswerKey(format, inputs)
	if err != nil {
		return usageError(err)
	}

	if err := os.MkdirAll(filepath.Dir(c.DB), 0o755); err != nil {
		return fmt.Errorf("database folder: %w", err)
	}
	_, statErr := os.Stat(c.DB)
	existed := statErr == nil
	st, err := sqlite.Open(g.ctx, c.DB)
	if err != nil {
		return err
	}
	res, err := ingestInputs(g, st, format, inputs, c.DB+".rejects", ingestOptions{batch: c.Batch, strict: c.Strict})
	st.Close()
	if err != nil && c.Strict && !existed {
		// A strict run leaves the database as it was: here, absent.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(c.DB + suffix)
		}
	}
	if err != nil {
		if errors.Is(err, ingest.ErrInput) {
			return usageError(err)
		}
		if errors.Is(err, ingest.ErrRejected) && res != nil {
			return fmt.Errorf("%w\nnothing was written to %s; the row is also in %s", err, c.DB, res.RejectFile)
		}
		return err
	}
	if res.Resumed {
		g.log.Info("resumed an interrupted run", "run", res.RunID)
	}
	rep := ingestReport{
		Read: res.Read, Accepted: res.Accepted, Duplicates: res.Duplicates, Rejected: res.Rejected,
		RejectFile: res.RejectFile, SkippedBlank: res.SkippedBlank, RunID: res.RunID, Resumed: res.Resumed,
		Seconds: time.Since(start).Seconds(), Files: res.Files, SkippedFiles: skipped, FirstRejects: res.FirstRejects,
	}
	if key != nil {
		rep.AnswerKey = &answerKeyReport{File: keyPath, Attempts: len(key.Attempts), Lines: key.Lines(),
			Matched: key.Matched(), Unmatched: key.Lines() - key.Matched()}
	}
	if c.Detect {
		st, err := openExistingStore(g.ctx, c.DB)
		if err != nil {
			return err
		}
		det, err := runDetection(g, st, detectOptions{batch: monitor.DefaultBatchSize})
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("ingest --detect: the files were loaded; detection failed: %w", err)
		}
		rep.Detection = det
	}
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		return enc.Encode(rep)
	}
	if err := printIngestReport(g.stdout, &rep); err != nil {
		return err
	}
	if rep.Detection != nil {
		fmt.Fprintln(g.stdout)
		return printDetectResult(g.stdout, rep.Detection)
	}
	return nil
}

func printIngestReport(w io.Writer, r *ingestReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tread\taccepted\tduplicates\trejected\tblank lines")
	for _, f := range r.Files {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\n", f.Path, f.Read, f.Accepted, f.Duplicates, f.Rejected, f.SkippedBlank)
	}
	if len(r.Files) > 1 {
		fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\n", r.Read, r.Accepted, r.Duplicates, r.Rejected, r.SkippedBlank)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.SkippedFiles {
		fmt.Fprintf(w, "skipped %s: not a file of this format\n", s)
	}
	if k := r.AnswerKey; k != nil {
		fmt.Fprintf(w, "answer key %s: %d lines of %d attempts, not stored as transactions; %d labelled their Trans rows with attempt and typology, %d matched no row\n",
			k.File, k.Lines, k.Attempts, k.Matched, k.Unmatched)
	}
	if r.Resumed {
		fmt.Fprintf(w, "resumed run %s: rows committed before the interruption are counted as then\n", r.RunID)
	}
	if r.RejectFile != "" {
		fmt.Fprintf(w, "rejected rows: %s\n", r.RejectFile)
		for _, rj := range r.FirstRejects {
			fmt.Fprintf(w, "  %s\n", rj.Error)
		}
		if r.Rejected > int64(len(r.FirstRejects)) {
			fmt.Fprintf(w, "  … and %d more in the reject file\n", r.Rejected-int64(len(r.FirstRejects)))
		}
	}
	_, err := fmt.Fprintf(w, "%.1f s\n", r.Seconds)
	return err
}

// dataExtensions are the file name endings a directory is searched for.
var dataExtensions = []string{".csv", ".jsonl", ".ndjson", ".txt"}

// expandInputs turns the command's arguments into pipeline inputs: a
// directory stands for its data files (those the format recognises; the
// others are returned in skipped), and --source names the sources.
func expandInputs(format ingest.Format, args []string, source string) (inputs []ingest.Input, skipped []string, err error) {
	var paths []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ingest.ErrInput, err)
		}
		if !st.IsDir() {
			paths = append(paths, a)
			continue
		}
		found, skip, err := dataFiles(format, a)
		if err != nil {
			return nil, nil, err
		}
		if len(found) == 0 {
			return nil, nil, fmt.Errorf("%w: %s holds no %s files", ingest.ErrInput, a, format.Name())
		}
		paths = append(paths, found...)
		skipped = append(skipped, skip...)
	}
	for _, p := range paths {
		in := ingest.Input{Path: p}
		switch {
		case source != "" && len(paths) == 1:
			in.Source = source
		case source != "":
			in.Source = source + "/" + filepath.Base(p)
		}
		inputs = append(inputs, in)
	}
	return inputs, skipped, nil
}

// dataFiles lists the files of dir, in name order, that format recognises.
func dataFiles(format ingest.Format, dir string) (found, skipped []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ingest.ErrInput, err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !slices.ContainsFunc(dataExtensions, func(ext string) bool {
			return strings.HasSuffix(strings.ToLower(name), ext)
		}) {
			continue
		}
		path := filepath.Join(dir, name)
		if knows(format, path) {
			found = append(found, path)
		} else {
			skipped = append(skipped, path)
		}
	}
	return found, skipped, nil
}

// knows reports whether format recognises the file: it does unless its
// Open says ErrUnknownFile (a header error is reported later, in full).
func knows(format ingest.Format, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	_, err = format.Open(ingest.Source{Path: path, R: f})
	return !errors.Is(err, ingest.ErrUnknownFile)
}
