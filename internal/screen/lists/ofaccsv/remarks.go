package ofaccsv

import (
	"strconv"
	"strings"

	"github.com/centinela-aml/centinela/internal/screen"
)

// Remarks is what ParseRemarks finds in an OFAC remarks field.
type Remarks struct {
	BirthDates    []screen.PartialDate
	BirthPlaces   []string
	Nationalities []string
	Identifiers   []screen.Identifier
	LinkedTo      []string
	Aliases       []screen.EntityName // "a.k.a. 'X'" written in the remarks
	Gender        string
}

// idLabels maps the labels OFAC writes before an identifier in its remarks
// (as in SDN.CSV, 2021–2026) to identifier types. Longer labels come first
// so that "Diplomatic Passport" wins over "Passport".
var idLabels = []struct {
	label string
	typ   screen.IDType
}{
	{"Digital Currency Address - ", screen.IDCrypto},
	{"Vessel Registration Identification IMO", screen.IDIMO},
	{"Unified Social Credit Code (USCC)", screen.IDRegistration},
	{"Business Registration Number", screen.IDRegistration},
	{"Commercial Registry Number", screen.IDRegistration},
	{"Business Registration Document #", screen.IDRegistration},
	{"Matricula Mercantil No", screen.IDRegistration},
	{"Chinese Commercial Code", screen.IDChineseCode},
	{"Folio Mercantil No.", screen.IDFolioMercantil},
	{"Folio Mercantil", screen.IDFolioMercantil},
	{"Registration Number", screen.IDRegistration},
	{"Company Number", screen.IDRegistration},
	{"Registration ID", screen.IDRegistration},
	{"Diplomatic Passport", screen.IDPassport},
	{"Passport", screen.IDPassport},
	{"National ID No.", screen.IDNationalID},
	{"Identification Number", screen.IDNationalID},
	{"Citizen's Card Number", screen.IDNationalID},
	{"Personal ID Card", screen.IDNationalID},
	{"Electoral Registry No.", screen.IDNationalID},
	{"Credencial electoral", screen.IDNationalID},
	{"Cedula No.", screen.IDCedula},
	{"D.N.I.", screen.IDNationalID},
	{"Tax ID No.", screen.IDTaxID},
	{"V.A.T. Number", screen.IDTaxID},
	{"NIT #", screen.IDTaxID},
	{"RUC #", screen.IDTaxID},
	{"RIF #", screen.IDTaxID},
	{"R.F.C.", screen.IDRFC},
	{"RFC", screen.IDRFC},
	{"C.U.R.P.", screen.IDCURP},
	{"CURP", screen.IDCURP},
	{"SWIFT/BIC", screen.IDSWIFT},
	{"Email Address", screen.IDEmail},
	{"Phone Number", screen.IDPhone},
	{"Website", screen.IDWebsite},
	{"Driver's License No.", screen.IDOther},
	{"MMSI", screen.IDOther},
}

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// ParseRemarks extracts dates, places, nationalities, identifiers, links
// and aliases from an OFAC remarks field ("DOB 29 Sep 1953; POB …;
// Passport G23851362 (China); Linked To: CEC LIMITED."). Items it does not
// recognise are left alone: the full text stays in Entity.Remarks.
func ParseRemarks(s string) Remarks {
	var r Remarks
	for _, item := range splitRemarks(s) {
		item = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(item), "."))
		item = strings.TrimPrefix(item, "alt. ")
		switch {
		case item == "" || item == "-0-":
		case hasPrefixFold(item, "DOB "):
			if d, ok := parseOFACDate(item[4:]); ok {
				r.BirthDates = append(r.BirthDates, d)
			}
		case hasPrefixFold(item, "POB "):
			r.BirthPlaces = append(r.BirthPlaces, strings.TrimSpace(item[4:]))
		case hasPrefixFold(item, "nationality "):
			r.Nationalities = appendNew(r.Nationalities, strings.TrimSpace(item[len("nationality "):]))
		case hasPrefixFold(item, "citizen "):
			r.Nationalities = appendNew(r.Nationalities, strings.TrimSpace(item[len("citizen "):]))
		case hasPrefixFold(item, "Linked To:"):
			r.LinkedTo = append(r.LinkedTo, strings.TrimSpace(item[len("Linked To:"):]))
		case hasPrefixFold(item, "Gender "):
			r.Gender = strings.TrimSpace(item[len("Gender "):])
		case hasPrefixFold(item, "a.k.a. "), hasPrefixFold(item, "f.k.a. "), hasPrefixFold(item, "n.k.a. "):
			q := screen.NameAlias
			if hasPrefixFold(item, "f.k.a. ") {
				q = screen.NameFormer
			}
			name := strings.Trim(strings.TrimSpace(item[7:]), "'\"")
			if name != "" {
				r.Aliases = append(r.Aliases, screen.EntityName{Full: name, Quality: q})
			}
		default:
			if id, ok := parseIdentifier(item); ok {
				r.Identifiers = append(r.Identifiers, id)
			}
		}
	}
	return r
}

// splitRemarks splits on ';' outside single-quoted aliases.
func splitRemarks(s string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			// An apostrophe inside a word (O'BRIEN) does not open a quote.
			if !quoted && i > 0 && isWordByte(s[i-1]) {
				continue
			}
			if quoted && i+1 < len(s) && isWordByte(s[i+1]) {
				continue
			}
			quoted = !quoted
		case ';':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func isWordByte(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

func parseIdentifier(item string) (screen.Identifier, bool) {
	for _, l := range idLabels {
		if !hasPrefixFold(item, l.label) {
			continue
		}
		rest := strings.TrimSpace(item[len(l.label):])
		label := l.label
		if l.typ == screen.IDCrypto {
			// "Digital Currency Address - XBT 1Kuf…": the currency code is part of the label.
			if sp := strings.IndexByte(rest, ' '); sp > 0 {
				label += rest[:sp]
				rest = strings.TrimSpace(rest[sp+1:])
			}
		}
		rest = strings.TrimPrefix(rest, "No. ")
		rest = strings.TrimPrefix(rest, "# ")
		value, country := rest, ""
		for _, cut := range []string{" issued ", " expires ", " Issue Date ", " Expiration Date "} {
			if i := strings.Index(value, cut); i >= 0 {
				value = value[:i]
			}
		}
		if i := strings.LastIndex(value, " ("); i >= 0 && strings.HasSuffix(value, ")") {
			country = value[i+2 : len(value)-1]
			value = value[:i]
		}
		value = strings.TrimSpace(value)
		if value == "" {
			return screen.Identifier{}, false
		}
		if l.typ == screen.IDChineseCode {
			value = strings.Join(strings.Fields(value), " ")
		}
		return screen.ValidateIdentifier(screen.Identifier{
			Type: l.typ, Value: value, Country: country, Label: strings.TrimSpace(label),
		}), true
	}
	return screen.Identifier{}, false
}

// parseOFACDate reads OFAC's date spellings: "29 Sep 1953", "Sep 1953",
// "1953", "circa 1970", "1958 to 1960", "circa 1958-1960".
func parseOFACDate(s string) (screen.PartialDate, bool) {
	s = strings.TrimSpace(s)
	var d screen.PartialDate
	if hasPrefixFold(s, "circa ") {
		d.Circa = true
		s = strings.TrimSpace(s[6:])
	}
	if a, b, ok := strings.Cut(s, " to "); ok {
		from, ok1 := parseOFACDate(a)
		to, ok2 := parseOFACDate(b)
		if !ok1 || !ok2 {
			return d, false
		}
		from.YearTo = to.Year
		return from, true
	}
	if a, b, ok := strings.Cut(s, "-"); ok && len(a) == 4 && len(b) == 4 {
		y1, e1 := strconv.Atoi(a)
		y2, e2 := strconv.Atoi(b)
		if e1 != nil || e2 != nil {
			return d, false
		}
		d.Year, d.YearTo = y1, y2
		return d, true
	}
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		y, err := strconv.Atoi(f[0])
		if err != nil || y < 1000 || y > 9999 {
			return d, false
		}
		d.Year = y
	case 2:
		m, ok := months[strings.ToLower(prefix(f[0], 3))]
		y, err := strconv.Atoi(f[1])
		if !ok || err != nil {
			return d, false
		}
		d.Month, d.Year = m, y
	case 3:
		day, err1 := strconv.Atoi(f[0])
		m, ok := months[strings.ToLower(prefix(f[1], 3))]
		y, err2 := strconv.Atoi(f[2])
		if err1 != nil || !ok || err2 != nil || day < 1 || day > 31 {
			return d, false
		}
		d.Day, d.Month, d.Year = day, m, y
	default:
		return d, false
	}
	return d, true
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return list
		}
	}
	return append(list, s)
}
