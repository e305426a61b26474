package main

import "errors"

// BenchCmd is a placeholder until its command is built.
type BenchCmd struct{}

// Run is not built yet.
func (BenchCmd) Run(g *Globals) error { return errors.New("bench: not built yet") }
