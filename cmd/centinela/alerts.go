package main

import "errors"

// AlertsCmd is a placeholder until its command is built.
type AlertsCmd struct{}

// Run is not built yet.
func (AlertsCmd) Run(g *Globals) error { return errors.New("alerts: not built yet") }
