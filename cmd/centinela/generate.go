package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/synth"
)

// GenerateCmd writes a synthetic bank in the native format.
type GenerateCmd struct {
	Seed      uint64             `help:"Seed: the same seed and flags give byte-identical files." default:"1"`
	Customers int                `help:"Ordinary customers (persons and businesses); bank employees, correspondent-bank customers and planted parties come on top." default:"3000"`
	Days      int                `help:"Days of transaction history." default:"90"`
	Start     string             `help:"First day of the history (YYYY-MM-DD)." default:"2025-03-03"`
	Out       string             `help:"Directory for parties, accounts, transactions and labels (created if missing)." required:"" type:"path"`
	Format    string             `help:"File format: csv or jsonl." enum:"csv,jsonl" default:"csv"`
	Rate      map[string]float64 `help:"Planted cases per 1,000 customers for one typology (repeatable; 0 turns it off), e.g. --rate STRUCTURING=2. Default 1 for each, 2 for SANCTIONS." placeholder:"TYPOLOGY=N"`
	LookAlike map[string]float64 `name:"look-alike" help:"Look-alikes per 1,000 customers for one kind (repeatable), e.g. --look-alike intl_student=5." placeholder:"KIND=N"`
	JSON      bool               `help:"Print the summary as JSON."`
}

// generatedFiles are the files generate writes, by kind.
var generatedFiles = []string{"parties", "accounts", "transactions", "labels"}

// Run generates the bank.
func (c *GenerateCmd) Run(g *Globals) error {
	cfg, err := c.config()
	if err != nil {
		return usageError(err)
	}
	if err := cfg.Validate(); err != nil {
		return usageError(err)
	}
	s, paths, err := writeBank(g, cfg, c.Out, c.Format)
	if err != nil {
		return err
	}
	if c.JSON {
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		return e.Encode(s)
	}
	return printSummary(g, s, paths)
}

// writeBank generates the bank cfg describes into the folder out, in format
// "csv" or "jsonl", and returns the summary and the paths written.
func writeBank(g *Globals, cfg synth.Config, out, format string) (*synth.Summary, []string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, nil, fmt.Errorf("generate: %w", err)
	}
	files := make([]*os.File, len(generatedFiles))
	paths := make([]string, len(generatedFiles))
	for i, name := range generatedFiles {
		paths[i] = filepath.Join(out, name+"."+format)
		f, err := os.Create(paths[i])
		if err != nil {
			closeAll(files)
			return nil, nil, fmt.Errorf("generate: %w", err)
		}
		files[i] = f
	}
	w := synth.Writers{Parties: files[0], Accounts: files[1], Transactions: files[2], Labels: files[3]}
	var bank interface {
		synth.Output
		Flush() error
	}
	if format == "jsonl" {
		bank = synth.NewJSONL(w)
	} else {
		bank = synth.NewCSV(w)
	}
	bar := g.newProgress(int64(cfg.Days), "generate (days)", false)
	s, err := synth.Generate(g.ctx, cfg, bank, func(done, _ int) { bar.Set(int64(done)) })
	bar.Finish()
	if err == nil {
		err = bank.Flush()
	}
	for _, f := range files {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("generate: %w", err)
	}
	return s, paths, nil
}

// config turns the flags into a generator configuration.
func (c *GenerateCmd) config() (synth.Config, error) {
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Customers, cfg.Days = c.Seed, c.Customers, c.Days
	start, err := time.Parse(model.DateLayout, c.Start)
	if err != nil {
		return cfg, fmt.Errorf("--start %q: want a date YYYY-MM-DD", c.Start)
	}
	cfg.Start = start
	for k, v := range c.Rate {
		cfg.Rates[model.Typology(strings.ToUpper(k))] = v
	}
	for k, v := range c.LookAlike {
		cfg.LookAlikes[synth.LookAlike(strings.ToLower(k))] = v
	}
	return cfg, nil
}

func closeAll(files []*os.File) {
	for _, f := range files {
		if f != nil {
			_ = f.Close()
		}
	}
}

// printSummary prints what was generated, for people.
func printSummary(g *Globals, s *synth.Summary, paths []string) error {
	w := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("Generated %s over %d days (%s to %s), seed %d\n", plural(s.Customers, "customer"), s.Days, s.Start, s.End, s.Seed)
	p("  customers\t%d\t%d persons, %d organisations\n", s.Customers, s.Persons, s.Organizations)
	p("  parties\t%d\t%d bank employees, %d correspondent-bank customers, %d planted\n", s.Parties, s.Employees, s.Correspondent, s.Planted)
	p("  accounts\t%d\t\n", s.Accounts)
	p("  transactions\t%d\t%.1f%% cash; %.1f s, %.0f transactions/s\n", s.Transactions, 100*s.CashShare, s.Elapsed, s.PerSecond)
	p("  labels\t%d\t\n", s.Labels)
	p("Planted cases (%d):\n", len(s.Cases))
	for _, t := range synth.PlantedTypologies {
		if n := s.ByTypology[t]; n > 0 {
			p("  %s\t%d\t\n", t, n)
		}
	}
	total := 0
	var kinds []string
	for k, ids := range s.LookAlikes {
		total += len(ids)
		kinds = append(kinds, fmt.Sprintf("%s %d", k, len(ids)))
	}
	sort.Strings(kinds)
	p("Look-alikes (ordinary, unlabelled): %d\n  %s\n", total, strings.Join(kinds, ", "))
	p("Files:\n")
	for _, path := range paths {
		p("  %s\n", path)
	}
	return errors.Join(w.Flush())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
