package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar that draws only when stderr is a terminal and
// --quiet is not set; otherwise its methods do nothing.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a bar for a step of total units (-1: unknown total),
// described by desc. bytes says the units are bytes.
func (g *Globals) newProgress(total int64, desc string, bytes bool) *progress {
	if g.Quiet || !isTerminal(g.stderr) {
		return &progress{}
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(g.stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionShowElapsedTimeOnFinish(),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"))
	}
	return &progress{bar: progressbar.NewOptions64(total, opts...)}
}

// Add advances the bar by n units.
func (p *progress) Add(n int64) {
	if p.bar != nil {
		_ = p.bar.Add64(n)
	}
}

// Set moves the bar to n units.
func (p *progress) Set(n int64) {
	if p.bar != nil {
		_ = p.bar.Set64(n)
	}
}

// Finish completes and clears the bar.
func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
