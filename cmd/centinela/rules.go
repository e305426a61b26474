package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// RulesCmd groups the commands on typology rule libraries.
type RulesCmd struct {
	List RulesListCmd `cmd:"" help:"List a library's rules: ID, version, typology, data needed, parameters, SAR codes."`
	Test RulesTestCmd `cmd:"" help:"Run every rule's must-fire and must-not-fire examples."`
}

// Help is the long help of "centinela rules --help".
func (RulesCmd) Help() string {
	return `A rule library is a folder of YAML files, one rule per document; docs/rules.md
describes the format and every rule shipped. Without a folder, the commands
use the library built into centinela.

A library that does not load (a syntax error, an unknown field, a condition
that fires on nationality alone) is reported as file:line:column: reason,
every problem at once, with exit status 2.`
}

// loadLibrary loads the rules in dir, or the built-in library when dir is
// empty. Load errors are usage errors: the files are bad input.
func loadLibrary(dir string) (*rules.Library, error) {
	var lib *rules.Library
	var err error
	if dir == "" {
		lib, err = rules.Load(rulefiles.FS())
	} else {
		lib, err = rules.LoadDir(dir)
	}
	if err != nil {
		return nil, usageError(err)
	}
	return lib, nil
}

// RulesListCmd lists a library's rules.
type RulesListCmd struct {
	JSON bool   `name:"json" help:"Print the rules as JSON."`
	Dir  string `arg:"" optional:"" name:"dir" help:"Folder of rule files (default: the built-in library)." type:"path"`
}

// ruleJSON is a rule as "rules list --json" prints it.
type ruleJSON struct {
	ID          string          `json:"id"`
	Version     string          `json:"version"`
	Title       string          `json:"title"`
	Typology    model.Typology  `json:"typology"`
	Advisories  []string        `json:"advisories,omitempty"`
	Subject     string          `json:"subject"`
	Effective   string          `json:"effective,omitempty"`
	Description string          `json:"description"`
	Requires    []string        `json:"requires"`
	Params      []paramJSON     `json:"params"`
	Aggregates  []aggregateJSON `json:"aggregates"`
	When        string          `json:"when"`
	Score       string          `json:"score,omitempty"`
	Severity    model.Severity  `json:"severity,omitempty"`
	SAR         []sarJSON       `json:"sar"`
	Cooldown    string          `json:"cooldown"`
	Examples    int             `json:"examples"`
	File        string          `json:"file"`
	Line        int             `json:"line"`
}

type paramJSON struct {
	Name    string `json:"name"`
	Default any    `json:"default"`
	Reason  string `json:"reason"`
}

type aggregateJSON struct {
	Name   string `json:"name"`
	Filter string `json:"filter"`
}

type sarJSON struct {
	Type        int    `json:"type"`
	Subtype     int    `json:"subtype"`
	Description string `json:"description"`
	When        string `json:"when,omitempty"`
}

// Run lists the rules.
func (c *RulesListCmd) Run(g *Globals) error {
	lib, err := loadLibrary(c.Dir)
	if err != nil {
		return err
	}
	var out []ruleJSON
	for _, r := range lib.Rules() {
		rj := ruleJSON{
			ID: r.ID, Version: r.Version, Title: r.Title, Typology: r.Typology, Advisories: r.Advisories,
			Subject: string(r.Subject), Effective: r.Effective.String(),
			Description: r.Description, Requires: r.Requires, When: r.When, Score: r.Score, Severity: r.Severity,
			Cooldown: r.Cooldown.String(), Examples: len(r.Examples), File: r.File, Line: r.Line,
			Params: []paramJSON{}, Aggregates: []aggregateJSON{},
		}
		if rj.Requires == nil {
			rj.Requires = []string{}
		}
		for _, p := range r.Params {
			v := p.Value
			if _, isText := v.(string); !isText {
				if _, isNum := v.(float64); !isNum {
					v = p.Text // durations, lists and tables as written
				}
			}
			rj.Params = append(rj.Params, paramJSON{Name: p.Name, Default: v, Reason: p.Reason})
		}
		for _, a := range r.Aggregates {
			rj.Aggregates = append(rj.Aggregates, aggregateJSON{Name: a.Name, Filter: a.Description})
		}
		for i, s := range r.SAR {
			rj.SAR = append(rj.SAR, sarJSON{Type: s.Type, Subtype: s.Subtype, Description: rules.SARDescription(s.Subtype), When: r.SARConditions[i]})
		}
		out = append(out, rj)
	}
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tTYPOLOGY\tSAR\tREQUIRES\tTITLE")
	for _, r := range out {
		var codes []string
		for _, s := range r.SAR {
			codes = append(codes, fmt.Sprintf("%d/%d", s.Type, s.Subtype))
		}
		req := strings.Join(r.Requires, ",")
		if req == "" {
			req = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Version, r.Typology, strings.Join(codes, ","), req, r.Title)
	}
	return tw.Flush()
}

// RulesTestCmd runs a library's examples.
type RulesTestCmd struct {
	JSON    bool   `name:"json" help:"Print the results as JSON."`
	Verbose bool   `short:"v" help:"Also print the alerts each example raised."`
	Dir     string `arg:"" optional:"" name:"dir" help:"Folder of rule files (default: the built-in library)." type:"path"`
}

// Help is the long help of "centinela rules test --help".
func (RulesTestCmd) Help() string {
	return `Each rule file carries examples: a customer's KYC and a few transactions, and
what the rule must do with them (fire, no_fire, not_evaluable). Each rule runs
alone in a fresh engine on each of its examples. A no_fire example must
actually evaluate the rule, so that it cannot pass by not exercising it.

Exit status: 0 when every example passes, 1 when one fails, 2 when the
library does not load.`
}

// Run runs the examples.
func (c *RulesTestCmd) Run(g *Globals) error {
	lib, err := loadLibrary(c.Dir)
	if err != nil {
		return err
	}
	results := lib.Test()
	failed := 0
	for _, r := range results {
		if !r.Pass {
			failed++
		}
	}
	if c.JSON {
		if !c.Verbose {
			for i := range results {
				results[i].Alerts = nil
			}
		}
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"examples": len(results), "failed": failed, "results": results}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			status := "PASS"
			if !r.Pass {
				status = "FAIL"
			}
			fmt.Fprintf(g.stdout, "%s  %s %s: %s (%s)\n", status, r.Rule, r.Version, r.Example, r.Expect)
			if !r.Pass {
				fmt.Fprintf(g.stdout, "      %s:%d: %s\n", r.File, r.Line, r.Problem)
			}
			if c.Verbose {
				for _, a := range r.Alerts {
					fmt.Fprintf(g.stdout, "      alert: %s\n", a.Reason)
				}
			}
		}
		fmt.Fprintf(g.stdout, "%d examples, %d failed\n", len(results), failed)
	}
	if failed > 0 {
		return fmt.Errorf("rules test: %d of %d examples failed", failed, len(results))
	}
	return nil
}
