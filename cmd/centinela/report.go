package main

import "errors"

// ReportCmd is a placeholder until its command is built.
type ReportCmd struct{}

// Run is not built yet.
func (ReportCmd) Run(g *Globals) error { return errors.New("report: not built yet") }
