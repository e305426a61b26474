// Package rulefiles holds Centinela's typology rule library: one YAML file
// per rule (docs/rules.md describes the format and every rule), embedded
// in the binary so that the library ships with it.
//
// The package is named rulefiles, not rules, so that it does not clash
// with the engine that loads these files, internal/rules:
//
//	lib, err := rules.Load(rulefiles.FS())
package rulefiles

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the rule files.
func FS() fs.FS { return files }
