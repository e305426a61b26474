package amlworld

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// Format reads IBM AMLworld files: *_Trans.csv and the *_Patterns.txt
// answer key. Its zero value is ready to use.
type Format struct{}

// Name returns "amlworld".
func (Format) Name() string { return "amlworld" }

// Open recognises the source's kind from its first line: the 11-column
// header of a *_Trans.csv file, or a BEGIN LAUNDERING ATTEMPT line of a
// *_Patterns.txt file. The reader it returns also implements
// ingest.BlankCounter.
func (Format) Open(src ingest.Source) (ingest.Reader, error) {
	sc := csvscan.New(src.R, src.Path)
	if err := sc.Header(); err != nil {
		return nil, err
	}
	raw := sc.Raw()
	if bytes.HasPrefix(raw, []byte(beginPrefix)) {
		r := &PatternsReader{sc: sc, p: rowParser{source: src.SourceID()}}
		if err := r.begin(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w: %s", src.Path, sc.Line(), ingest.ErrHeader, err.Reason())
		}
		return r, nil
	}
	if sc.NumFields() == NumColumns && strings.TrimSpace(string(sc.Field(0))) == Columns[0] {
		if err := checkTransHeader(sc); err != nil {
			return nil, err
		}
		sc.Expect(Columns[:])
		return &TransReader{sc: sc, p: rowParser{source: src.SourceID()}}, nil
	}
	base := strings.ToLower(src.Path)
	switch {
	case strings.HasSuffix(base, "_patterns.txt"):
		return nil, sc.HeaderError(-1, "first line %s, expected %q", csvscan.Quote(raw), beginPrefix+"TYPE")
	case strings.HasSuffix(base, ".csv"):
		return nil, sc.HeaderError(-1, "header %s, expected %q", csvscan.Quote(raw), strings.Join(Columns[:], ","))
	}
	return nil, fmt.Errorf("%s: %w: amlworld: the first line is neither the *_Trans.csv header %q nor %q",
		src.Path, ingest.ErrUnknownFile, strings.Join(Columns[:], ","), beginPrefix+"TYPE")
}

func checkTransHeader(sc *csvscan.Scanner) error {
	for i, want := range Columns {
		got := strings.TrimSpace(string(sc.Field(i)))
		if got == want || i == colToAccount && got == "Account.1" {
			continue
		}
		return sc.HeaderError(i, "column %d is %q, expected %q", i+1, got, want)
	}
	return nil
}

// TransReader reads the rows of a *_Trans.csv file. Each row is a
// transaction whose ID is its position ("<source>:<line>"); accounts are
// "<bank>:<account>" with the bank ID as written (leading zeros kept). A
// row with "Is Laundering" 1 carries a transaction label without a case or
// typology (those are in the patterns file).
type TransReader struct {
	sc *csvscan.Scanner
	p  rowParser
}

// Next returns the next row's record (see ingest.Reader).
func (r *TransReader) Next() (ingest.Record, error) {
	if err := r.sc.Next(); err != nil {
		return ingest.Record{}, err
	}
	line := r.sc.Line()
	tx, laundering, rerr := r.p.parse(r.sc, line)
	if rerr != nil {
		return ingest.Record{Line: line}, rerr
	}
	rec := ingest.Record{Line: line, Tx: tx}
	if laundering {
		rec.Labels = []model.Label{{EntityKind: model.EntityTransaction, EntityID: tx.ID}}
	}
	return rec, nil
}

// BlankLines returns the number of blank lines skipped so far.
func (r *TransReader) BlankLines() int { return r.sc.Blank() }
