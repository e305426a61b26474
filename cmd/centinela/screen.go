package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/evaluate"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

// ScreenCmd screens names against sanctions and watch lists.
type ScreenCmd struct {
	Name ScreenNameCmd `cmd:"" default:"withargs" help:"Screen one name, or a batch file of parties (the default: \"centinela screen NAME\" is \"centinela screen name NAME\")."`
	Eval ScreenEvalCmd `cmd:"" help:"Measure the matcher on labelled pairs, queries against a list, negatives or a synthetic bank's names; prints JSON."`
}

// Help shows how to screen a name: the default subcommand is hidden from
// kong's listing, so its usage, main flags and examples are written here.
func (ScreenCmd) Help() string {
	return `Usage:
  centinela screen [flags] NAME                 screen one name (words are joined)
  centinela screen --batch FILE [flags]         screen every row of a CSV or JSON-lines file
  centinela screen eval --pairs|--queries|--negatives|--cross|--parity|--population …

Flags for screening (see "centinela screen NAME --help" for all):
  --list FORMAT:PATH   list to screen against, repeatable: ofac-csv:DIR, ofac-json:FILE,
                       ofac-cons:FILE, un-xml:FILE, ftm:FILE, csv:FILE
                       (default: the OFAC SDN and UN lists built into the binary)
  --type TYPE          person, organization, vessel or aircraft (default: read from the name)
  --dob DATE           birth date, YYYY, YYYY-MM or YYYY-MM-DD: confirms or refutes a hit
  --nationality C      nationality, country name or ISO code; repeatable
  --batch FILE         CSV with a header (id,name,type,aliases,birth_date,nationality)
                       or JSON lines (Centinela parties, or {id,name,type,dob}); one result a row
  --json               print JSON: every hit with its explanation
  --threshold X        report hits at or above X (default 0.80)

Examples:
  centinela screen "Joaquín Guzmán Loera"
  centinela screen 张伟
  centinela screen --type person --dob 1976-01-03 --nationality CN "Zhang Lei"
  centinela screen --type organization --json "Cártel de Jalisco Nueva Generación"
  centinela screen --list ofac-csv:./sdn --list csv:our_exits.csv "Ana María Pérez"
  centinela screen --batch parties.csv --json
  centinela screen eval --pairs cases.csv`
}

// listFlags are the flags that choose the lists.
type listFlags struct {
	Lists     []string `name:"list" placeholder:"FORMAT:PATH" help:"List to screen against (repeatable): ofac-csv:DIR, ofac-json:FILE, ofac-cons:FILE, un-xml:FILE, ftm:FILE, csv:FILE. Default: the OFAC SDN (2026-08-20) and UN (2026-02-27) lists embedded in the binary."`
	Threshold float64  `help:"Report hits at or above this score (default: the engine's default threshold)." default:"0"`
}

func (f listFlags) index(g *Globals) (*screen.Index, time.Duration, error) {
	start := time.Now()
	ix, err := lists.Index(f.Lists)
	if err != nil {
		if errors.Is(err, lists.ErrFormat) || errors.Is(err, os.ErrNotExist) {
			return nil, 0, usageError(err)
		}
		return nil, 0, err
	}
	// Parsing leaves the list files' garbage behind: return it to the OS
	// now rather than carry it as resident memory.
	debug.FreeOSMemory()
	d := time.Since(start)
	g.log.Info("lists loaded", "entities", len(ix.Entities()), "took", d)
	return ix, d, nil
}

func (f listFlags) threshold() float64 {
	if f.Threshold > 0 {
		return f.Threshold
	}
	return screen.DefaultThreshold
}

// ScreenNameCmd screens one name or a batch file.
type ScreenNameCmd struct {
	listFlags
	Type  string   `help:"Type of the party: person, organization, vessel or aircraft." enum:"person,organization,vessel,aircraft," default:""`
	DOB   string   `name:"dob" help:"Birth date, YYYY, YYYY-MM or YYYY-MM-DD."`
	Nat   []string `name:"nationality" help:"Nationality (country name or ISO code); repeatable."`
	JSON  bool     `help:"Print JSON."`
	Limit int      `help:"At most this many hits a name." default:"10"`
	Batch string   `help:"Screen the parties of a file: CSV with a header (id,name,type,aliases,birth_date,nationality) or JSON lines (Centinela parties, or {id,name,type,dob}); one result a row." type:"existingfile"`
	Names []string `arg:"" optional:"" help:"Name to screen (words are joined)."`
}

// Run screens the name or the batch.
func (c *ScreenNameCmd) Run(g *Globals) error {
	if c.Batch == "" && len(c.Names) == 0 {
		return usageError(errors.New("screen: give a NAME or --batch FILE"))
	}
	if c.Batch != "" && len(c.Names) > 0 {
		return usageError(errors.New("screen: give a NAME or --batch FILE, not both"))
	}
	var dob screen.PartialDate
	if c.DOB != "" {
		d, err := screen.ParsePartialDate(c.DOB)
		if err != nil {
			return usageError(fmt.Errorf("--dob: %w", err))
		}
		dob = d
	}
	ix, _, err := c.index(g)
	if err != nil {
		return err
	}
	if c.Batch != "" {
		return c.runBatch(g, ix)
	}
	q := screen.Query{Names: []string{strings.Join(c.Names, " ")}, Type: screen.EntityType(c.Type), BirthDate: dob,
		Nationalities: c.Nat, Threshold: c.threshold(), Limit: c.Limit}
	hits := ix.Match(q)
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Query     string       `json:"query"`
			Threshold float64      `json:"threshold"`
			Hits      []screen.Hit `json:"hits"`
		}{q.Names[0], c.threshold(), nonNil(hits)})
	}
	if len(hits) == 0 {
		_, err := fmt.Fprintf(g.stdout, "no hit at or above %.2f for %q\n", c.threshold(), q.Names[0])
		return err
	}
	for i, h := range hits {
		fmt.Fprintf(g.stdout, "%d. %.3f  %s %s  %s  [%s]\n", i+1, h.Score, h.Entity.List, h.Entity.ID, h.Entity.PrimaryName(), strings.Join(h.Entity.Programs, ", "))
		fmt.Fprintf(g.stdout, "   %s\n", h.Explanation)
	}
	return nil
}

func nonNil(h []screen.Hit) []screen.Hit {
	if h == nil {
		return []screen.Hit{}
	}
	return h
}

type batchRow struct {
	Row   int          `json:"row"`
	ID    string       `json:"id,omitempty"`
	Name  string       `json:"name"`
	Hits  []screen.Hit `json:"hits"`
	Error string       `json:"error,omitempty"`
	query screen.Query
}

func (c *ScreenNameCmd) runBatch(g *Globals, ix *screen.Index) error {
	f, err := os.Open(c.Batch)
	if err != nil {
		return usageError(err)
	}
	defer f.Close()
	var rows []batchRow
	if strings.HasSuffix(strings.ToLower(c.Batch), ".csv") {
		rows, err = readBatchCSV(f, c.Batch)
	} else {
		rows, err = readBatchJSONL(f, c.Batch)
	}
	if err != nil {
		return usageError(err)
	}
	enc := json.NewEncoder(g.stdout)
	for _, r := range rows {
		if r.Error == "" {
			r.query.Threshold, r.query.Limit = c.threshold(), c.Limit
			r.Hits = nonNil(ix.Match(r.query))
		}
		if c.JSON {
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		switch {
		case r.Error != "":
			fmt.Fprintf(g.stdout, "%d\t%s\t%s\terror: %s\n", r.Row, r.ID, r.Name, r.Error)
		case len(r.Hits) == 0:
			fmt.Fprintf(g.stdout, "%d\t%s\t%s\tno hit\n", r.Row, r.ID, r.Name)
		default:
			h := r.Hits[0]
			fmt.Fprintf(g.stdout, "%d\t%s\t%s\t%.3f %s %s %s [%s]\n", r.Row, r.ID, r.Name, h.Score, h.Entity.List, h.Entity.ID, h.Entity.PrimaryName(), strings.Join(h.Entity.Programs, ", "))
		}
	}
	return nil
}

func readBatchCSV(r io.Reader, name string) ([]batchRow, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, fmt.Errorf("%s line 1: no \"name\" column: want id,name,type,aliases,birth_date,nationality", name)
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []batchRow
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		row := batchRow{Row: n, ID: get(rec, "id"), Name: get(rec, "name")}
		t, ok := screen.ParseEntityType(get(rec, "type"))
		row.query = screen.Query{Names: []string{row.Name}, Type: t}
		for _, a := range strings.Split(get(rec, "aliases"), ";") {
			if a = strings.TrimSpace(a); a != "" {
				row.query.Names = append(row.query.Names, a)
			}
		}
		if nat := get(rec, "nationality"); nat != "" {
			row.query.Nationalities = strings.Split(nat, ";")
		}
		d, derr := screen.ParsePartialDate(get(rec, "birth_date"))
		row.query.BirthDate = d
		switch {
		case row.Name == "":
			row.Error = "name is empty"
		case !ok:
			row.Error = fmt.Sprintf("type %q, want person, organization, vessel or aircraft", get(rec, "type"))
		case derr != nil:
			row.Error = derr.Error()
		}
		rows = append(rows, row)
	}
}

func readBatchJSONL(r io.Reader, name string) ([]batchRow, error) {
	dec := json.NewDecoder(r)
	var rows []batchRow
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			return rows, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", name, n, err)
		}
		row := batchRow{Row: n}
		var probe struct {
			ID    string          `json:"id"`
			Name  string          `json:"name"`
			Type  string          `json:"type"`
			DOB   string          `json:"dob"`
			Names json.RawMessage `json:"names"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			row.Error = err.Error()
			rows = append(rows, row)
			continue
		}
		row.ID = probe.ID
		if len(probe.Names) > 0 {
			var p model.Party
			if err := json.Unmarshal(raw, &p); err != nil {
				row.Error = err.Error()
			} else {
				row.query = screen.PartyQuery(&p)
				row.Name = p.PrimaryName()
			}
		} else {
			row.Name = probe.Name
			t, ok := screen.ParseEntityType(probe.Type)
			d, derr := screen.ParsePartialDate(probe.DOB)
			row.query = screen.Query{Names: []string{probe.Name}, Type: t, BirthDate: d}
			switch {
			case probe.Name == "":
				row.Error = "name is empty"
			case !ok:
				row.Error = fmt.Sprintf("type %q, want person, organization, vessel or aircraft", probe.Type)
			case derr != nil:
				row.Error = derr.Error()
			}
		}
		if row.Error == "" && len(row.query.Names) == 0 {
			row.Error = "no name"
		}
		rows = append(rows, row)
	}
}

// ScreenEvalCmd runs one evaluation of docs/evaluation.md §3.
type ScreenEvalCmd struct {
	listFlags
	Pairs      string `help:"Labelled name pairs CSV (case_group,schema,name1,name2,is_match,…)." type:"existingfile"`
	Queries    string `help:"Queries JSON lines ({kind,name,type,expect}) screened against the lists." type:"existingfile"`
	Negatives  string `help:"Negative persons CSV (full_name,…,date_of_birth,…,nationality): the share that raises a hit." type:"existingfile"`
	Cross      string `help:"Cross-script pairs CSV (query,expected,…): recall on the pairs and false positives against every other pair's name." type:"existingfile"`
	Parity     string `help:"OFAC search-tool fixtures CSV (query_name,result_name,ofac_score): share of scores within ±5 points." type:"existingfile"`
	Population string `placeholder:"SEEDS" help:"Generate synthetic banks with these seeds (\"4-6\"), screen their parties and distinct counterparties, and count false alerts per 1,000 names and planted names found."`
	Customers  int    `help:"Customers of each synthetic bank (--population)." default:"3000"`
	Days       int    `help:"Days of transactions of each synthetic bank (--population)." default:"90"`
	Workers    int    `help:"Concurrent queries (default: one per CPU)." default:"0"`
	Misses     bool   `help:"List the misclassified pairs or missed queries."`
	JSON       bool   `help:"Print JSON (the only output form for now)."`
}

// Run runs the evaluation chosen.
func (c *ScreenEvalCmd) Run(g *Globals) error {
	n := 0
	for _, s := range []string{c.Pairs, c.Queries, c.Negatives, c.Cross, c.Parity, c.Population} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return usageError(errors.New("screen eval: give exactly one of --pairs, --queries, --negatives, --cross, --parity, --population"))
	}
	ix, startup, err := c.index(g)
	if err != nil {
		return err
	}
	th := c.threshold()
	var out any
	switch {
	case c.Pairs != "":
		f, err := os.Open(c.Pairs)
		if err != nil {
			return usageError(err)
		}
		defer f.Close()
		rep, err := evaluate.Pairs(f, c.Pairs, ix, th, c.Misses)
		if err != nil {
			return usageError(err)
		}
		out = rep
	case c.Queries != "":
		f, err := os.Open(c.Queries)
		if err != nil {
			return usageError(err)
		}
		defer f.Close()
		qs, err := evaluate.ReadQueries(f, c.Queries)
		if err != nil {
			return usageError(err)
		}
		loadedRSS := rssMiB()
		rep := evaluate.Queries(qs, ix, th, c.Workers, c.Misses)
		out = struct {
			evaluate.QueriesReport
			StartupMS  float64 `json:"startup_ms"`
			Entities   int     `json:"entities"`
			RSSLoaded  float64 `json:"rss_after_load_mib"`
			RSSPeak    float64 `json:"rss_peak_mib"`
			GOMAXPROCS int     `json:"gomaxprocs"`
		}{rep, float64(startup.Microseconds()) / 1000, len(ix.Entities()), loadedRSS, peakRSSMiB(), runtime.GOMAXPROCS(0)}
	case c.Negatives != "":
		f, err := os.Open(c.Negatives)
		if err != nil {
			return usageError(err)
		}
		defer f.Close()
		rep, err := evaluate.Negatives(f, c.Negatives, ix, th, c.Workers, c.Misses)
		if err != nil {
			return usageError(err)
		}
		out = rep
	case c.Cross != "":
		f, err := os.Open(c.Cross)
		if err != nil {
			return usageError(err)
		}
		defer f.Close()
		rep, err := evaluate.Cross(f, c.Cross, ix, th)
		if err != nil {
			return usageError(err)
		}
		out = rep
	case c.Parity != "":
		f, err := os.Open(c.Parity)
		if err != nil {
			return usageError(err)
		}
		defer f.Close()
		rep, err := evaluate.Parity(f, c.Parity, ix)
		if err != nil {
			return usageError(err)
		}
		out = rep
	case c.Population != "":
		seeds, err := evaluate.ParseSeeds(c.Population)
		if err != nil {
			return usageError(fmt.Errorf("--population: %w", err))
		}
		if c.Customers <= 0 || c.Days <= 0 {
			return usageError(errors.New("--customers and --days must be positive"))
		}
		rep, err := evaluate.Population(g.ctx, ix, evaluate.PopulationConfigs(seeds, c.Customers, c.Days), th, c.Workers, c.Misses)
		if err != nil {
			return err
		}
		out = rep
	}
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
