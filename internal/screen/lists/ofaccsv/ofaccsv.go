// Package ofaccsv reads OFAC's CSV list files: the SDN set (SDN.CSV,
// ALT.CSV, ADD.CSV, SDN_COMMENTS.CSV) and the consolidated non-SDN set
// (CONS_PRIM.CSV with its optional CONS_ALT, CONS_ADD and CONS_COMMENTS),
// which share one layout. It parses identifiers, dates, places,
// nationalities and links out of the remarks.
//
// Layout (OFAC, "SDN and Consolidated List CSV file specification"):
// SDN.CSV ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
// Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks; ALT.CSV ent_num,
// alt_num, alt_type, alt_name, alt_remarks; ADD.CSV ent_num, add_num,
// address, city/state/postal, country, add_remarks; SDN_COMMENTS.CSV
// ent_num, remarks continued. "-0-" means empty. Files may end with a
// Ctrl-Z byte and may be Latin-1.
package ofaccsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/screen"
)

// List names given to the entities read.
const (
	ListSDN          = "ofac-sdn"
	ListConsolidated = "ofac-cons"
)

// Files are the readers of one OFAC CSV set. Primary is required; the
// others may be nil. The names are used in error messages.
type Files struct {
	Primary, Alt, Add, Comments                 io.Reader
	PrimaryName, AltName, AddName, CommentsName string
}

// LoadDir reads the SDN set from dir: sdn.csv (required), alt.csv, add.csv
// and sdn_comments.csv (optional), matched case-insensitively.
func LoadDir(dir string) ([]screen.Entity, error) {
	return loadSet(dir, ListSDN, "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
}

// LoadConsolidated reads the consolidated non-SDN set from its primary
// file (cons_prim.csv) and, when present in the same folder, cons_alt.csv,
// cons_add.csv and cons_comments.csv.
func LoadConsolidated(primary string) ([]screen.Entity, error) {
	dir := filepath.Dir(primary)
	f, err := os.Open(primary)
	if err != nil {
		return nil, fmt.Errorf("ofac-cons: %w", err)
	}
	defer f.Close()
	files := Files{Primary: f, PrimaryName: primary}
	closers, err := openOptional(dir, &files, "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
	defer closeAll(closers)
	if err != nil {
		return nil, err
	}
	return Read(files, ListConsolidated)
}

func loadSet(dir, list, primary, alt, add, comments string) ([]screen.Entity, error) {
	p, err := findFold(dir, primary)
	if err != nil {
		return nil, fmt.Errorf("%s: %s in %s: %w", list, primary, dir, err)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", list, err)
	}
	defer f.Close()
	files := Files{Primary: f, PrimaryName: p}
	closers, err := openOptional(dir, &files, alt, add, comments)
	defer closeAll(closers)
	if err != nil {
		return nil, err
	}
	return Read(files, list)
}

func openOptional(dir string, files *Files, alt, add, comments string) ([]io.Closer, error) {
	var closers []io.Closer
	for _, o := range []struct {
		name string
		r    *io.Reader
		n    *string
	}{{alt, &files.Alt, &files.AltName}, {add, &files.Add, &files.AddName}, {comments, &files.Comments, &files.CommentsName}} {
		p, err := findFold(dir, o.name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return closers, err
		}
		f, err := os.Open(p)
		if err != nil {
			return closers, err
		}
		closers = append(closers, f)
		*o.r, *o.n = f, p
	}
	return closers, nil
}

func closeAll(cs []io.Closer) {
	for _, c := range cs {
		c.Close()
	}
}

// findFold returns dir/name matched case-insensitively.
func findFold(dir, name string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if strings.EqualFold(e.Name(), name) && !e.IsDir() {
			return filepath.Join(dir, e.Name()), nil
		}
	}
	return "", os.ErrNotExist
}

// Read parses one OFAC CSV set. Every record of the primary file becomes
// an entity; alternate names, addresses and continued remarks are joined
// on ent_num. A malformed record is an error naming the file and line; no
// entities are returned then.
func Read(files Files, list string) ([]screen.Entity, error) {
	var ents []screen.Entity
	byNum := map[string]int{}
	remarks := map[string]*strings.Builder{}
	err := eachRecord(files.Primary, nameOr(files.PrimaryName, "primary file"), 12, func(line int, rec []string) error {
		num, err := entNum(rec[0])
		if err != nil {
			return err
		}
		if _, dup := byNum[num]; dup {
			return fmt.Errorf("ent_num %s appears twice", num)
		}
		name := field(rec[1])
		if name == "" {
			return errors.New("SDN_Name is empty")
		}
		e := screen.Entity{
			ID:       num,
			List:     list,
			Type:     entType(field(rec[2])),
			Names:    []screen.EntityName{{Full: name, Quality: screen.NamePrimary}},
			Programs: programs(field(rec[3])),
		}
		byNum[num] = len(ents)
		ents = append(ents, e)
		var b strings.Builder
		b.WriteString(field(rec[11]))
		remarks[num] = &b
		return nil
	})
	if err != nil {
		return nil, err
	}
	if files.Alt != nil {
		err := eachRecord(files.Alt, nameOr(files.AltName, "alt file"), 5, func(line int, rec []string) error {
			num, err := entNum(rec[0])
			if err != nil {
				return err
			}
			i, ok := byNum[num]
			if !ok {
				return nil // an alias of an entry not in this primary file (different list dates)
			}
			name := field(rec[3])
			if name == "" {
				return nil
			}
			q := screen.NameAlias
			switch strings.ToLower(field(rec[2])) {
			case "fka":
				q = screen.NameFormer
			case "weak aka":
				q = screen.NameWeak
			}
			if strings.Contains(strings.ToLower(field(rec[4])), "weak") || strings.Contains(strings.ToLower(field(rec[4])), "low quality") {
				q = screen.NameWeak
			}
			ents[i].Names = append(ents[i].Names, screen.EntityName{Full: name, Quality: q})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if files.Add != nil {
		err := eachRecord(files.Add, nameOr(files.AddName, "add file"), 6, func(line int, rec []string) error {
			num, err := entNum(rec[0])
			if err != nil {
				return err
			}
			i, ok := byNum[num]
			if !ok {
				return nil
			}
			var parts []string
			for _, f := range rec[2:5] {
				if v := field(f); v != "" {
					parts = append(parts, v)
				}
			}
			if len(parts) > 0 {
				ents[i].Addresses = append(ents[i].Addresses, strings.Join(parts, ", "))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if files.Comments != nil {
		err := eachRecord(files.Comments, nameOr(files.CommentsName, "comments file"), 2, func(line int, rec []string) error {
			num, err := entNum(rec[0])
			if err != nil {
				return err
			}
			if b, ok := remarks[num]; ok {
				b.WriteString(field(rec[1]))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for i := range ents {
		e := &ents[i]
		e.Remarks = remarks[e.ID].String()
		r := ParseRemarks(e.Remarks)
		e.BirthDates, e.BirthPlaces, e.Nationalities = r.BirthDates, r.BirthPlaces, r.Nationalities
		e.Identifiers, e.LinkedTo = r.Identifiers, r.LinkedTo
		for _, a := range r.Aliases {
			if !hasName(e.Names, a.Full) {
				e.Names = append(e.Names, a)
			}
		}
	}
	return ents, nil
}

func hasName(names []screen.EntityName, s string) bool {
	for _, n := range names {
		if strings.EqualFold(n.Full, s) {
			return true
		}
	}
	return false
}

func nameOr(n, def string) string {
	if n == "" {
		return def
	}
	return n
}

// eachRecord calls fn for every record of r that has want fields; a short
// record, a parse error or an error from fn stops with "name line N: …".
func eachRecord(r io.Reader, name string, want int, fn func(line int, rec []string) error) error {
	cr := csv.NewReader(r)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \t") == "" {
			continue // the Ctrl-Z end-of-file marker, or a blank line
		}
		if len(rec) != want {
			return fmt.Errorf("%s line %d: %d fields, want %d", name, line, len(rec), want)
		}
		for i, f := range rec {
			if !utf8.ValidString(f) {
				rec[i] = latin1(f)
			}
		}
		if err := fn(line, rec); err != nil {
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
}

func latin1(s string) string {
	rs := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		rs[i] = rune(s[i])
	}
	return string(rs)
}

// field returns a CSV field trimmed, with OFAC's "-0-" null as "".
func field(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

func entNum(s string) (string, error) {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	if _, err := strconv.Atoi(s); err != nil {
		return "", fmt.Errorf("ent_num %q is not a number", s)
	}
	return s, nil
}

func entType(s string) screen.EntityType {
	switch strings.ToLower(s) {
	case "individual":
		return screen.TypePerson
	case "vessel":
		return screen.TypeVessel
	case "aircraft":
		return screen.TypeAircraft
	}
	return screen.TypeOrganization
}

// programs splits "SDGT] [IFSR" (OFAC joins programs with "] [").
func programs(s string) []string {
	s = strings.Trim(s, "[] ")
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "] [") {
		if p = strings.Trim(p, "[] "); p != "" {
			out = append(out, p)
		}
	}
	return out
}
