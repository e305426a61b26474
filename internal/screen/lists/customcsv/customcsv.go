// Package customcsv reads a bank's own watch list from a CSV file with a
// header row. Columns (any order; only id and name are required):
//
//	id           the entry's identifier in the bank's list (unique)
//	name         the primary name
//	type         person, organization, vessel or aircraft (empty: any)
//	aliases      other names, separated by ';'
//	programs     tags such as "INTERNAL-EXIT" or "FTO", separated by ';'
//	birth_date   YYYY, YYYY-MM or YYYY-MM-DD; several separated by ';'
//	nationality  countries, separated by ';'
//	identifiers  TYPE:VALUE or TYPE:VALUE:COUNTRY, separated by ';'
//	             (TYPE as in screen.IDType: passport, national_id, tax_id,
//	             rfc, curp, …)
//	notes        free text
//
// docs/screening.md has an example.
package customcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen"
)

// Columns lists the columns the reader knows.
var Columns = []string{"id", "name", "type", "aliases", "programs", "birth_date", "nationality", "identifiers", "notes"}

// Load reads the file at path; the list is named after the file (without
// extension).
func Load(path string) ([]screen.Entity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("csv list: %w", err)
	}
	defer f.Close()
	list := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return Read(f, path, list)
}

// Read parses the CSV from r. name is used in error messages; list names
// the entities' list. Errors name the line and column.
func Read(r io.Reader, name, list string) ([]screen.Entity, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file: want a header row with %s", name, strings.Join(Columns, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			return nil, fmt.Errorf("%s line 1 column %d: unknown column %q, want one of %s", name, i+1, h, strings.Join(Columns, ","))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%s line 1 column %d: column %q appears twice", name, i+1, h)
		}
		col[h] = i
	}
	for _, req := range []string{"id", "name"} {
		if _, ok := col[req]; !ok {
			return nil, fmt.Errorf("%s line 1: no %q column (required)", name, req)
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var ents []screen.Entity
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		colOf := func(c string) int { return col[c] + 1 }
		id := get(rec, "id")
		if id == "" {
			return nil, fmt.Errorf("%s line %d column %d: id is empty", name, line, colOf("id"))
		}
		if seen[id] {
			return nil, fmt.Errorf("%s line %d column %d: id %q appears twice", name, line, colOf("id"), id)
		}
		seen[id] = true
		full := get(rec, "name")
		if full == "" {
			return nil, fmt.Errorf("%s line %d column %d: name is empty", name, line, colOf("name"))
		}
		t, ok := screen.ParseEntityType(get(rec, "type"))
		if !ok {
			return nil, fmt.Errorf("%s line %d column %d: type %q, want person, organization, vessel or aircraft", name, line, colOf("type"), get(rec, "type"))
		}
		e := screen.Entity{ID: id, List: list, Type: t, Remarks: get(rec, "notes"),
			Names: []screen.EntityName{{Full: full, Quality: screen.NamePrimary, Script: screen.ScriptOf(full)}}}
		for _, a := range splitList(get(rec, "aliases")) {
			e.Names = append(e.Names, screen.EntityName{Full: a, Quality: screen.NameAlias, Script: screen.ScriptOf(a)})
		}
		e.Programs = splitList(get(rec, "programs"))
		e.Nationalities = splitList(get(rec, "nationality"))
		for _, d := range splitList(get(rec, "birth_date")) {
			pd, err := screen.ParsePartialDate(d)
			if err != nil {
				return nil, fmt.Errorf("%s line %d column %d: %w", name, line, colOf("birth_date"), err)
			}
			e.BirthDates = append(e.BirthDates, pd)
		}
		for _, s := range splitList(get(rec, "identifiers")) {
			parts := strings.SplitN(s, ":", 3)
			if len(parts) < 2 || strings.TrimSpace(parts[1]) == "" {
				return nil, fmt.Errorf("%s line %d column %d: identifier %q, want TYPE:VALUE or TYPE:VALUE:COUNTRY", name, line, colOf("identifiers"), s)
			}
			id := screen.Identifier{Type: screen.IDType(strings.ToLower(strings.TrimSpace(parts[0]))), Value: strings.TrimSpace(parts[1])}
			if len(parts) == 3 {
				id.Country = strings.TrimSpace(parts[2])
			}
			e.Identifiers = append(e.Identifiers, screen.ValidateIdentifier(id))
		}
		ents = append(ents, e)
	}
	return ents, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
