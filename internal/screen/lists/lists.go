// Package lists loads screening lists by format: the OFAC CSV sets, the
// OFAC SDN JSON mirror, the UN consolidated XML, FollowTheMoney JSON lines
// and a bank's own CSV; and the default lists embedded in the binary.
package lists

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists/builtin"
	"github.com/centinela-aml/centinela/internal/screen/lists/customcsv"
	"github.com/centinela-aml/centinela/internal/screen/lists/ftm"
	"github.com/centinela-aml/centinela/internal/screen/lists/ofaccsv"
	"github.com/centinela-aml/centinela/internal/screen/lists/ofacjson"
	"github.com/centinela-aml/centinela/internal/screen/lists/unxml"
)

// Formats are the list formats Load accepts, as "FORMAT:PATH".
var Formats = []string{"ofac-csv", "ofac-json", "ofac-cons", "un-xml", "ftm", "csv"}

// ErrFormat is returned for a list spec whose format is unknown.
var ErrFormat = errors.New("unknown list format")

// Load reads one list given as "FORMAT:PATH": ofac-csv:DIR, ofac-json:FILE,
// ofac-cons:FILE, un-xml:FILE, ftm:FILE or csv:FILE.
func Load(spec string) (screen.ListSet, error) {
	format, path, ok := strings.Cut(spec, ":")
	if !ok || path == "" {
		return screen.ListSet{}, fmt.Errorf("list %q: want FORMAT:PATH with FORMAT one of %s: %w", spec, strings.Join(Formats, ", "), ErrFormat)
	}
	var (
		ents []screen.Entity
		date string
		err  error
		name string
	)
	switch format {
	case "ofac-csv":
		ents, err = ofaccsv.LoadDir(path)
		name = ofaccsv.ListSDN
	case "ofac-cons":
		ents, err = ofaccsv.LoadConsolidated(path)
		name = ofaccsv.ListConsolidated
	case "ofac-json":
		ents, date, err = ofacjson.Load(path)
		name = ofacjson.List
	case "un-xml":
		ents, err = unxml.Load(path)
		name = unxml.List
	case "ftm":
		ents, err = ftm.Load(path)
		name = ftm.List
	case "csv":
		ents, err = customcsv.Load(path)
		if len(ents) > 0 {
			name = ents[0].List
		}
	default:
		return screen.ListSet{}, fmt.Errorf("list %q: format %q, want one of %s: %w", spec, format, strings.Join(Formats, ", "), ErrFormat)
	}
	if err != nil {
		return screen.ListSet{}, err
	}
	return screen.ListSet{Info: screen.ListInfo{Name: name, Source: spec, Date: date, Entities: len(ents)}, Entities: ents}, nil
}

// LoadAll loads every spec, in order; the first error stops it.
func LoadAll(specs []string) ([]screen.ListSet, error) {
	var sets []screen.ListSet
	for _, s := range specs {
		set, err := Load(s)
		if err != nil {
			return nil, err
		}
		sets = append(sets, set)
	}
	return sets, nil
}

// Builtin returns the lists embedded in the binary: the OFAC SDN list of
// 2026-08-20 and the UN consolidated list of 2026-02-27.
func Builtin() ([]screen.ListSet, error) {
	r, err := builtin.SDN()
	if err != nil {
		return nil, err
	}
	sdn, date, err := ofacjson.Read(r, "embedded OFAC SDN "+builtin.SDNDate)
	if err != nil {
		return nil, err
	}
	r, err = builtin.SDNRemarks()
	if err != nil {
		return nil, err
	}
	older, err := ofaccsv.Read(ofaccsv.Files{Primary: r, PrimaryName: "embedded OFAC SDN.CSV " + builtin.SDNRemarksDate}, ofaccsv.ListSDN)
	if err != nil {
		return nil, err
	}
	enriched := Enrich(sdn, older)
	r, err = builtin.UN()
	if err != nil {
		return nil, err
	}
	un, err := unxml.Read(r, "embedded UN list "+builtin.UNDate)
	if err != nil {
		return nil, err
	}
	return []screen.ListSet{
		{Info: screen.ListInfo{Name: ofacjson.List, Source: fmt.Sprintf("embedded (names %s; remarks of %d entries from SDN.CSV %s)", date, enriched, builtin.SDNRemarksDate),
			Date: date, Entities: len(sdn)}, Entities: sdn},
		{Info: screen.ListInfo{Name: unxml.List, Source: "embedded", Date: builtin.UNDate, Entities: len(un)}, Entities: un},
	}, nil
}

// Enrich copies the remarks (birth dates and places, nationalities,
// identifiers, links) of an older OFAC list into the entries of a newer
// one that have none, matched on uid, when the older entry's primary name
// is still one of the newer entry's names. It returns how many entries it
// enriched. The JSON mirror of the SDN list carries names only; OFAC's
// SDN.CSV carries the remarks.
func Enrich(newer, older []screen.Entity) int {
	byID := make(map[string]*screen.Entity, len(older))
	for i := range older {
		byID[older[i].ID] = &older[i]
	}
	n := 0
	for i := range newer {
		e := &newer[i]
		o, ok := byID[e.ID]
		if !ok || len(e.BirthDates)+len(e.Identifiers)+len(e.Nationalities) > 0 {
			continue
		}
		same := false
		for _, nm := range e.Names {
			same = same || strings.EqualFold(strings.TrimSpace(nm.Full), strings.TrimSpace(o.PrimaryName()))
		}
		if !same {
			continue
		}
		e.BirthDates, e.BirthPlaces, e.Nationalities = o.BirthDates, o.BirthPlaces, o.Nationalities
		e.Identifiers, e.LinkedTo, e.Remarks = o.Identifiers, o.LinkedTo, o.Remarks
		n++
	}
	return n
}

// Index builds an index of the given specs, or of the built-in lists when
// there are none.
func Index(specs []string) (*screen.Index, error) {
	var sets []screen.ListSet
	var err error
	if len(specs) == 0 {
		sets, err = Builtin()
	} else {
		sets, err = LoadAll(specs)
	}
	if err != nil {
		return nil, err
	}
	// The parsers' buffers are garbage now: collect them before indexing
	// so that the index reuses their memory instead of adding to the peak.
	runtime.GC()
	return screen.NewIndex(sets...)
}
