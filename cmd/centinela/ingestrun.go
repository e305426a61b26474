package main

import (
	"errors"
	"os"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/store"
)

// ingestStore is what an ingest run needs from a database.
type ingestStore interface {
	ingest.Sink
	ingest.RunLister
}

// ingestOptions tune an ingest run.
type ingestOptions struct {
	batch  int  // rows per batch; 0: the pipeline's default
	strict bool // the first rejected row is fatal and nothing is written
}

// checkInputs checks that every input exists and its header matches the
// format, before anything is written; failures become exit status 2.
func checkInputs(format ingest.Format, inputs []ingest.Input) error {
	p := &ingest.Pipeline{Format: format}
	if err := p.Check(inputs); err != nil {
		return usageError(err)
	}
	return nil
}

// ingestInputs runs the ingest pipeline over inputs into st, with a
// progress bar over their bytes; input errors become exit status 2.
func ingestInputs(g *Globals, st ingestStore, format ingest.Format, inputs []ingest.Input, rejectDir string, o ingestOptions) (*ingest.Result, error) {
	if err := checkInputs(format, inputs); err != nil {
		return nil, err
	}
	p := &ingest.Pipeline{Format: format, Sink: st, Runs: st, RejectDir: rejectDir, BatchSize: o.batch, Strict: o.strict}
	var total int64
	for _, in := range inputs {
		if fi, err := os.Stat(in.Path); err == nil {
			total += fi.Size()
		}
	}
	bar := g.newProgress(total, "ingest", true)
	var done, fileBytes int64
	var current string
	p.Progress = func(pr ingest.Progress) {
		if pr.Path != current {
			done += fileBytes
			current, fileBytes = pr.Path, 0
		}
		fileBytes = pr.Bytes
		bar.Set(done + fileBytes)
	}
	res, err := p.Run(g.ctx, inputs)
	bar.Finish()
	if err != nil && errors.Is(err, ingest.ErrInput) {
		return res, usageError(err)
	}
	return res, err
}

var _ ingestStore = store.Store(nil)
