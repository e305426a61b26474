// Package ftm reads FollowTheMoney entities as JSON lines, the format in
// which OpenSanctions publishes its data (one {"id", "schema",
// "properties": {…}} object a line). Parties (Person, Company,
// Organization, LegalEntity, PublicBody, Vessel, Airplane) become list
// entries; other schemata (Sanction, Address, Ownership, …) are skipped.
package ftm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen"
)

// List is the list name given to the entities read.
const List = "ftm"

type object struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
}

// Load reads the file at path.
func Load(path string) ([]screen.Entity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ftm: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// idProps maps FollowTheMoney identifier properties to identifier types.
var idProps = []struct {
	prop string
	typ  screen.IDType
}{
	{"passportNumber", screen.IDPassport},
	{"idNumber", screen.IDNationalID},
	{"taxNumber", screen.IDTaxID},
	{"vatCode", screen.IDTaxID},
	{"innCode", screen.IDTaxID},
	{"registrationNumber", screen.IDRegistration},
	{"ogrnCode", screen.IDRegistration},
	{"leiCode", screen.IDRegistration},
	{"imoNumber", screen.IDIMO},
	{"swiftBic", screen.IDSWIFT},
	{"email", screen.IDEmail},
	{"phone", screen.IDPhone},
	{"publicKey", screen.IDCrypto},
}

// Read parses JSON lines from r; name is used in error messages. A line
// that is not a JSON object, or a party without id or name, is an error
// naming the line.
func Read(r io.Reader, name string) ([]screen.Entity, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var ents []screen.Entity
	seen := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var o object
		if err := json.Unmarshal(b, &o); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		t, ok := partyType(o.Schema)
		if !ok {
			if o.Schema == "" {
				return nil, fmt.Errorf("%s line %d: no \"schema\": not a FollowTheMoney entity", name, line)
			}
			continue
		}
		if o.ID == "" {
			return nil, fmt.Errorf("%s line %d: %s without \"id\"", name, line, o.Schema)
		}
		if seen[o.ID] {
			return nil, fmt.Errorf("%s line %d: id %q appears twice", name, line, o.ID)
		}
		seen[o.ID] = true
		p := o.Properties
		e := screen.Entity{ID: o.ID, List: List, Type: t}
		for _, n := range p["name"] {
			e.Names = appendName(e.Names, n, screen.NamePrimary)
		}
		if len(e.Names) == 0 {
			if full := strings.TrimSpace(strings.Join(append(p["firstName"], p["lastName"]...), " ")); full != "" {
				e.Names = appendName(e.Names, full, screen.NamePrimary)
			}
		}
		if len(e.Names) == 0 {
			return nil, fmt.Errorf("%s line %d: %s %q has no name", name, line, o.Schema, o.ID)
		}
		for _, n := range p["alias"] {
			e.Names = appendName(e.Names, n, screen.NameAlias)
		}
		for _, n := range p["previousName"] {
			e.Names = appendName(e.Names, n, screen.NameFormer)
		}
		for _, n := range p["weakAlias"] {
			e.Names = appendName(e.Names, n, screen.NameWeak)
		}
		e.Programs = append(append(e.Programs, p["program"]...), p["programId"]...)
		if len(e.Programs) == 0 {
			e.Programs = append(e.Programs, p["topics"]...)
		}
		for _, d := range p["birthDate"] {
			if pd, err := screen.ParsePartialDate(prefix(d, 10)); err == nil && !pd.IsZero() {
				e.BirthDates = append(e.BirthDates, pd)
			}
		}
		e.BirthPlaces = p["birthPlace"]
		e.Nationalities = append(append(append(e.Nationalities, p["nationality"]...), p["citizenship"]...), p["country"]...)
		e.Addresses = p["address"]
		e.Remarks = strings.Join(p["notes"], " ")
		for _, ip := range idProps {
			for _, v := range p[ip.prop] {
				if v = strings.TrimSpace(v); v != "" {
					e.Identifiers = append(e.Identifiers, screen.ValidateIdentifier(screen.Identifier{Type: ip.typ, Value: v, Label: ip.prop}))
				}
			}
		}
		if len(o.Datasets) > 0 {
			e.List = o.Datasets[0]
		}
		ents = append(ents, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ents, nil
}

func appendName(names []screen.EntityName, n string, q screen.NameQuality) []screen.EntityName {
	n = strings.TrimSpace(n)
	if n == "" {
		return names
	}
	for _, x := range names {
		if x.Full == n {
			return names
		}
	}
	return append(names, screen.EntityName{Full: n, Quality: q, Script: screen.ScriptOf(n)})
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func partyType(schema string) (screen.EntityType, bool) {
	switch schema {
	case "Person":
		return screen.TypePerson, true
	case "Company", "Organization", "LegalEntity", "PublicBody":
		return screen.TypeOrganization, true
	case "Vessel":
		return screen.TypeVessel, true
	case "Airplane":
		return screen.TypeAircraft, true
	}
	return "", false
}
