package main

import "errors"

// DetectCmd is a placeholder until its command is built.
type DetectCmd struct{}

// Run is not built yet.
func (DetectCmd) Run(g *Globals) error { return errors.New("detect: not built yet") }
