package main

import "errors"

// DemoCmd is a placeholder until its command is built.
type DemoCmd struct{}

// Run is not built yet.
func (DemoCmd) Run(g *Globals) error { return errors.New("demo: not built yet") }
