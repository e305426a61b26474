package main

import "errors"

// GenerateCmd is a placeholder until its command is built.
type GenerateCmd struct{}

// Run is not built yet.
func (GenerateCmd) Run(g *Globals) error { return errors.New("generate: not built yet") }
