package ingest_test

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/model"
)

// fakeFormat is a small format for the pipeline's tests, independent of the
// real readers: a header "id,minute,amount", then rows of those three
// fields. An empty id gives the row its position ID. A row "label:<id>"
// labels a transaction. Blank lines are skipped and counted.
type fakeFormat struct{}

const fakeHeader = "id,minute,amount"

var fakeEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func (fakeFormat) Name() string { return "fake" }

func (fakeFormat) Open(src ingest.Source) (ingest.Reader, error) {
	sc := bufio.NewScanner(src.R)
	if !sc.Scan() {
		return nil, fmt.Errorf("%s: %w: empty file", src.Path, ingest.ErrHeader)
	}
	if h := strings.TrimSuffix(sc.Text(), "\r"); h != fakeHeader {
		return nil, fmt.Errorf("%s:1: %w: header %q, expected %q", src.Path, ingest.ErrHeader, h, fakeHeader)
	}
	return &fakeReader{sc: sc, src: src, line: 1}, nil
}

type fakeReader struct {
	sc    *bufio.Scanner
	src   ingest.Source
	line  int
	blank int
}

func (r *fakeReader) BlankLines() int { return r.blank }

func (r *fakeReader) Next() (ingest.Record, error) {
	for r.sc.Scan() {
		r.line++
		raw := strings.TrimSuffix(r.sc.Text(), "\r")
		if strings.TrimSpace(raw) == "" {
			r.blank++
			continue
		}
		bad := func(col int, field, msg, want string) (ingest.Record, error) {
			return ingest.Record{Line: r.line}, &ingest.RowError{Path: r.src.Path, Line: r.line, Column: col,
				Field: field, Msg: msg, Want: want, Raw: raw}
		}
		if id, ok := strings.CutPrefix(raw, "label:"); ok {
			return ingest.Record{Line: r.line, Labels: []model.Label{{EntityKind: model.EntityTransaction, EntityID: id}}}, nil
		}
		f := strings.Split(raw, ",")
		if len(f) != 3 {
			return bad(0, "", fmt.Sprintf("row has %d fields", len(f)), "3 fields")
		}
		minute, err := strconv.Atoi(f[1])
		if err != nil {
			return bad(len(f[0])+2, "minute", fmt.Sprintf("%q is not a whole number", f[1]), "minutes since 2025-01-01")
		}
		amount, err := strconv.ParseFloat(f[2], 64)
		if err != nil || amount < 0 {
			return bad(len(f[0])+len(f[1])+3, "amount", fmt.Sprintf("%q is not an amount", f[2]), "a decimal number, not negative")
		}
		id := f[0]
		if id == "" {
			id = ingest.PositionID(r.src.SourceID(), r.line)
		}
		return ingest.Record{Line: r.line, Tx: &model.Transaction{
			ID: id, Time: fakeEpoch.AddDate(0, 0, minute/1440).Add(time.Duration(minute%1440) * time.Minute),
			Originator: "A1", Beneficiary: "A2", Amount: amount, Currency: "USD", Channel: model.ChannelACH,
		}}, nil
	}
	if err := r.sc.Err(); err != nil {
		return ingest.Record{}, err
	}
	return ingest.Record{}, io.EOF
}
