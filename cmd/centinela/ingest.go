package main

import "errors"

// IngestCmd is a placeholder until its command is built.
type IngestCmd struct{}

// Run is not built yet.
func (IngestCmd) Run(g *Globals) error { return errors.New("ingest: not built yet") }
