// Package unxml reads the UN Security Council Consolidated List XML
// (CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES, schema
// https://www.un.org/sc/resources/sc-sanctions.xsd), including the names
// in original script (NAME_ORIGINAL_SCRIPT), aliases with their quality,
// dates and places of birth, nationalities and documents.
package unxml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen"
)

// List is the list name given to the entities read.
const List = "un"

type values struct {
	Value []string `xml:"VALUE"`
}

type alias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type birthDate struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type place struct {
	Street   string `xml:"STREET"`
	City     string `xml:"CITY"`
	Province string `xml:"STATE_PROVINCE"`
	Country  string `xml:"COUNTRY"`
}

type document struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
}

type record struct {
	DataID       string      `xml:"DATAID"`
	First        string      `xml:"FIRST_NAME"`
	Second       string      `xml:"SECOND_NAME"`
	Third        string      `xml:"THIRD_NAME"`
	Fourth       string      `xml:"FOURTH_NAME"`
	ListType     string      `xml:"UN_LIST_TYPE"`
	Reference    string      `xml:"REFERENCE_NUMBER"`
	Original     string      `xml:"NAME_ORIGINAL_SCRIPT"`
	Comments     string      `xml:"COMMENTS1"`
	Nationality  values      `xml:"NATIONALITY"`
	IndAliases   []alias     `xml:"INDIVIDUAL_ALIAS"`
	EntAliases   []alias     `xml:"ENTITY_ALIAS"`
	BirthDates   []birthDate `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces  []place     `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents    []document  `xml:"INDIVIDUAL_DOCUMENT"`
	IndAddresses []place     `xml:"INDIVIDUAL_ADDRESS"`
	EntAddresses []place     `xml:"ENTITY_ADDRESS"`
}

// Load reads the file at path.
func Load(path string) ([]screen.Entity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("un-xml: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read parses the XML from r; name is used in error messages. An
// INDIVIDUAL or ENTITY without DATAID or name is an error naming its
// position.
func Read(r io.Reader, name string) ([]screen.Entity, error) {
	dec := xml.NewDecoder(r)
	var ents []screen.Entity
	seen := map[string]bool{}
	root := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "CONSOLIDATED_LIST":
			root = true
		case "INDIVIDUAL", "ENTITY":
			line, _ := dec.InputPos()
			var rec record
			if err := dec.DecodeElement(&rec, &se); err != nil {
				return nil, fmt.Errorf("%s line %d: %s: %w", name, line, se.Name.Local, err)
			}
			e, err := convert(rec, se.Name.Local == "INDIVIDUAL")
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %s: %w", name, line, se.Name.Local, err)
			}
			if seen[e.ID] {
				return nil, fmt.Errorf("%s line %d: DATAID %s appears twice", name, line, rec.DataID)
			}
			seen[e.ID] = true
			ents = append(ents, e)
		}
	}
	if !root {
		return nil, fmt.Errorf("%s: no CONSOLIDATED_LIST element: not a UN consolidated list", name)
	}
	return ents, nil
}

func convert(rec record, person bool) (screen.Entity, error) {
	id := strings.TrimSpace(rec.DataID)
	if _, err := strconv.Atoi(id); err != nil {
		return screen.Entity{}, fmt.Errorf("DATAID %q is not a number", id)
	}
	var parts []string
	for _, p := range []string{rec.First, rec.Second, rec.Third, rec.Fourth} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	full := strings.Join(parts, " ")
	if full == "" {
		return screen.Entity{}, fmt.Errorf("DATAID %s has no name", id)
	}
	e := screen.Entity{
		ID:      "UN-" + id,
		List:    List,
		Type:    screen.TypeOrganization,
		Names:   []screen.EntityName{{Full: full, Quality: screen.NamePrimary}},
		Remarks: strings.TrimSpace(rec.Comments),
	}
	if person {
		e.Type = screen.TypePerson
	}
	if lt := strings.TrimSpace(rec.ListType); lt != "" {
		e.Programs = []string{"UN-" + strings.ToUpper(strings.ReplaceAll(lt, " ", "-"))}
	}
	for _, o := range strings.Split(rec.Original, ";") {
		if o = strings.TrimSpace(o); o != "" {
			e.Names = append(e.Names, screen.EntityName{Full: o, Quality: screen.NameAlias, Script: screen.ScriptOf(o)})
		}
	}
	for _, a := range append(rec.IndAliases, rec.EntAliases...) {
		n := strings.TrimSpace(a.Name)
		if n == "" {
			continue
		}
		q := screen.NameAlias
		if strings.EqualFold(strings.TrimSpace(a.Quality), "low") {
			q = screen.NameWeak
		}
		e.Names = append(e.Names, screen.EntityName{Full: n, Quality: q})
	}
	for _, v := range rec.Nationality.Value {
		if v = strings.TrimSpace(v); v != "" {
			e.Nationalities = append(e.Nationalities, v)
		}
	}
	for _, b := range rec.BirthDates {
		if d, ok := birth(b); ok {
			e.BirthDates = append(e.BirthDates, d)
		}
	}
	for _, p := range rec.BirthPlaces {
		if s := joinPlace(p); s != "" {
			e.BirthPlaces = append(e.BirthPlaces, s)
		}
	}
	for _, p := range append(rec.IndAddresses, rec.EntAddresses...) {
		if s := joinPlace(p); s != "" {
			e.Addresses = append(e.Addresses, s)
		}
	}
	for _, d := range rec.Documents {
		num := strings.TrimSpace(d.Number)
		if num == "" {
			continue
		}
		t := screen.IDOther
		label := strings.TrimSpace(d.Type)
		switch l := strings.ToLower(label); {
		case strings.Contains(l, "passport"):
			t = screen.IDPassport
		case strings.Contains(l, "national identification"), strings.Contains(l, "identity card"), strings.Contains(l, "national id"):
			t = screen.IDNationalID
		case strings.Contains(l, "tax"):
			t = screen.IDTaxID
		}
		country := strings.TrimSpace(d.IssuingCountry)
		if country == "" {
			country = strings.TrimSpace(d.CountryOfIssue)
		}
		e.Identifiers = append(e.Identifiers, screen.ValidateIdentifier(screen.Identifier{Type: t, Value: num, Country: country, Label: label}))
	}
	return e, nil
}

func birth(b birthDate) (screen.PartialDate, bool) {
	if d := strings.TrimSpace(b.Date); d != "" {
		pd, err := screen.ParsePartialDate(d)
		return pd, err == nil && !pd.IsZero()
	}
	if y, err := strconv.Atoi(strings.TrimSpace(b.Year)); err == nil && y > 0 {
		return screen.PartialDate{Year: y, Circa: strings.EqualFold(strings.TrimSpace(b.Type), "APPROXIMATELY")}, true
	}
	from, err1 := strconv.Atoi(strings.TrimSpace(b.FromYear))
	to, err2 := strconv.Atoi(strings.TrimSpace(b.ToYear))
	if err1 == nil && err2 == nil && from > 0 {
		return screen.PartialDate{Year: from, YearTo: to}, true
	}
	return screen.PartialDate{}, false
}

func joinPlace(p place) string {
	var parts []string
	for _, s := range []string{p.Street, p.City, p.Province, p.Country} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
