// Package ofacjson reads the machine-readable JSON mirror of the OFAC SDN
// list (kindrat86/ofac-sdn-json, CC0): {"published", "entries": [{"uid",
// "name", "type", "programs", "alternateNames"}]}. It has names, types and
// programs only: no remarks, so no dates or identifiers.
package ofacjson

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen"
)

// List is the list name given to the entities read.
const List = "ofac-sdn"

type document struct {
	Published string  `json:"published"`
	Entries   []entry `json:"entries"`
}

type entry struct {
	UID            json.Number `json:"uid"`
	Name           string      `json:"name"`
	Type           string      `json:"type"`
	Programs       []string    `json:"programs"`
	AlternateNames []string    `json:"alternateNames"`
}

// Load reads the file at path.
func Load(path string) ([]screen.Entity, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("ofac-json: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read parses the JSON document from r, entry by entry; name is used in
// error messages. It returns the entities and the list's publication date.
// A malformed entry is an error naming its index; no entities are returned
// then.
func Read(r io.Reader, name string) ([]screen.Entity, string, error) {
	doc, err := decode(r, name)
	if err != nil {
		return nil, "", err
	}
	if doc.Entries == nil {
		return nil, "", fmt.Errorf("%s: no \"entries\" array: not an OFAC SDN JSON file", name)
	}
	ents := make([]screen.Entity, 0, len(doc.Entries))
	seen := make(map[string]bool, len(doc.Entries))
	for i, e := range doc.Entries {
		uid := e.UID.String()
		if n, err := strconv.ParseInt(uid, 10, 64); err != nil || n <= 0 {
			return nil, "", fmt.Errorf("%s entry %d: uid %q is not a positive integer", name, i, uid)
		}
		if seen[uid] {
			return nil, "", fmt.Errorf("%s entry %d: uid %s appears twice", name, i, uid)
		}
		seen[uid] = true
		full := strings.TrimSpace(e.Name)
		if full == "" {
			return nil, "", fmt.Errorf("%s entry %d (uid %s): name is empty", name, i, uid)
		}
		t, ok := screen.ParseEntityType(e.Type)
		if !ok {
			return nil, "", fmt.Errorf("%s entry %d (uid %s): type %q, want individual, entity, vessel or aircraft", name, i, uid, e.Type)
		}
		if e.Type == "entity" || t == "" {
			t = screen.TypeOrganization
		}
		ent := screen.Entity{
			ID:       uid,
			List:     List,
			Type:     t,
			Names:    []screen.EntityName{{Full: full, Quality: screen.NamePrimary}},
			Programs: e.Programs,
		}
		for _, a := range e.AlternateNames {
			if a = strings.TrimSpace(a); a != "" {
				ent.Names = append(ent.Names, screen.EntityName{Full: a, Quality: screen.NameAlias})
			}
		}
		ents = append(ents, ent)
	}
	return ents, doc.Published, nil
}

// decode streams the top-level object, decoding "entries" one element at a
// time so that an error can name the entry.
func decode(r io.Reader, name string) (document, error) {
	var doc document
	dec := json.NewDecoder(r)
	dec.UseNumber()
	fail := func(err error) (document, error) {
		return document{}, fmt.Errorf("%s (byte %d): %w", name, dec.InputOffset(), err)
	}
	if t, err := dec.Token(); err != nil {
		return fail(err)
	} else if d, ok := t.(json.Delim); !ok || d != '{' {
		return fail(fmt.Errorf("want a JSON object"))
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := t.(string)
		switch key {
		case "published":
			if err := dec.Decode(&doc.Published); err != nil {
				return fail(fmt.Errorf("published: %w", err))
			}
		case "entries":
			if t, err := dec.Token(); err != nil {
				return fail(err)
			} else if d, ok := t.(json.Delim); !ok || d != '[' {
				return fail(fmt.Errorf("\"entries\" is not an array"))
			}
			doc.Entries = []entry{}
			for i := 0; dec.More(); i++ {
				var e entry
				if err := dec.Decode(&e); err != nil {
					return document{}, fmt.Errorf("%s entry %d: %w", name, i, err)
				}
				doc.Entries = append(doc.Entries, e)
			}
			if _, err := dec.Token(); err != nil {
				return fail(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	return doc, nil
}
