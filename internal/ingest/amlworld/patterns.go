package amlworld

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

const (
	beginPrefix = "BEGIN LAUNDERING ATTEMPT - "
	endPrefix   = "END LAUNDERING ATTEMPT - "
)

// Attempt is one laundering attempt of a patterns file: the block between a
// BEGIN and an END line.
type Attempt struct {
	ID        string         // "attempt-N": N counts the file's attempts from 0
	Typology  model.Typology // as written after "BEGIN LAUNDERING ATTEMPT - "
	Qualifier string         // what follows the ':' ("Max 16-degree Fan-Out"), or ""
	Line      int            // line of the BEGIN line
}

// ParseBegin parses a "BEGIN LAUNDERING ATTEMPT - TYPE[: qualifier]" line.
func ParseBegin(line string) (typ model.Typology, qualifier string, ok bool) {
	rest, found := strings.CutPrefix(line, beginPrefix)
	if !found {
		return "", "", false
	}
	name, q, _ := strings.Cut(rest, ":")
	name = strings.TrimSpace(name)
	if !validTypologyName(name) {
		return "", "", false
	}
	return model.Typology(name), strings.TrimSpace(q), true
}

func validTypologyName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// PatternsReader reads a *_Patterns.txt answer key. Each transaction line
// is returned as a record with the transaction (ID: its position in the
// patterns file) and a label naming the attempt ("attempt-N") and its
// typology, with the qualifier in the label's Note. BEGIN and END lines are
// structure, not rows: they return no record. To find a line's row in
// *_Trans.csv, compare ContentKey of both.
type PatternsReader struct {
	sc  *csvscan.Scanner
	p   rowParser
	n   int
	cur Attempt
	in  bool
}

// Attempt returns the attempt of the last record returned.
func (r *PatternsReader) Attempt() Attempt { return r.cur }

// BlankLines returns the number of blank lines skipped so far.
func (r *PatternsReader) BlankLines() int { return r.sc.Blank() }

// begin starts the attempt of the current BEGIN line.
func (r *PatternsReader) begin() *ingest.RowError {
	raw := string(r.sc.Raw())
	typ, q, ok := ParseBegin(raw)
	if !ok {
		return r.sc.ErrorNamed(0, "", "malformed line "+csvscan.Quote(r.sc.Raw()), beginPrefix+"TYPE[: qualifier] with TYPE such as FAN-OUT")
	}
	r.cur = Attempt{ID: "attempt-" + strconv.Itoa(r.n), Typology: typ, Qualifier: q, Line: r.sc.Line()}
	r.n++
	r.in = true
	return nil
}

// Next returns the record of the next transaction line (see ingest.Reader).
func (r *PatternsReader) Next() (ingest.Record, error) {
	for {
		err := r.sc.Next()
		if errors.Is(err, io.EOF) && r.in {
			r.in = false
			return ingest.Record{Line: r.cur.Line}, &ingest.RowError{
				Path: r.sc.Path(), Line: r.cur.Line, Column: 1,
				Msg:  "laundering attempt " + r.cur.ID + " has no END line (the file ends inside it)",
				Want: endPrefix + string(r.cur.Typology),
			}
		}
		if err != nil {
			return ingest.Record{}, err
		}
		raw := r.sc.Raw()
		line := r.sc.Line()
		switch {
		case bytes.HasPrefix(raw, []byte(beginPrefix)):
			wasIn, prev := r.in, r.cur
			if rerr := r.begin(); rerr != nil {
				return ingest.Record{Line: line}, rerr
			}
			if wasIn {
				return ingest.Record{Line: line}, r.sc.ErrorNamed(0, "",
					"BEGIN inside laundering attempt "+prev.ID+" begun on line "+strconv.Itoa(prev.Line),
					endPrefix+string(prev.Typology)+" first")
			}
			continue
		case bytes.HasPrefix(raw, []byte(endPrefix)):
			typ := strings.TrimSpace(string(raw[len(endPrefix):]))
			if !r.in {
				return ingest.Record{Line: line}, r.sc.ErrorNamed(0, "", "END outside a laundering attempt", beginPrefix+"TYPE first")
			}
			r.in = false
			if typ != string(r.cur.Typology) {
				return ingest.Record{Line: line}, r.sc.ErrorNamed(0, "",
					"END of "+csvscan.Quote([]byte(typ))+" closes attempt "+r.cur.ID+" of "+string(r.cur.Typology),
					endPrefix+string(r.cur.Typology))
			}
			continue
		}
		if n := r.sc.NumFields(); n != NumColumns {
			if n < NumColumns {
				return ingest.Record{Line: line}, r.sc.ErrorNamed(n, Columns[n], "row ends after "+strconv.Itoa(n)+" fields", "11 fields")
			}
			return ingest.Record{Line: line}, r.sc.ErrorNamed(NumColumns, "", "row has "+strconv.Itoa(n)+" fields", "11 fields")
		}
		if !r.in {
			return ingest.Record{Line: line}, r.sc.ErrorNamed(0, "", "transaction line outside a laundering attempt", "lines between BEGIN and END lines")
		}
		tx, _, rerr := r.p.parse(r.sc, line)
		if rerr != nil {
			return ingest.Record{Line: line}, rerr
		}
		return ingest.Record{Line: line, Tx: tx, Labels: []model.Label{{
			CaseID: r.cur.ID, Typology: r.cur.Typology, Note: r.cur.Qualifier,
			EntityKind: model.EntityTransaction, EntityID: tx.ID,
		}}}, nil
	}
}
