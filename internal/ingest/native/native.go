// Package native reads Centinela's own input format, specified column by
// column in docs/formats.md: parties, accounts, transactions and labels, as
// CSV (one file per kind, the kind recognised from the header) or as JSON
// lines (each line's kind from its "record" field, or from the file name).
//
// Every value is checked as the specification says (types, enumerations,
// ISO country and currency codes, required-unless rules, list cells, the
// documents mini-syntax, closed not before opened); a row that breaks a
// rule is returned as an *ingest.RowError naming the column (CSV) or the
// character position of the value (JSON lines). Names whose script is not
// given get the script of their letters (model.DetectScript).
package native

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
)

// Format reads native files. Its zero value is ready to use.
type Format struct{}

// Name returns "native".
func (Format) Name() string { return "native" }

// Open tells CSV from JSON lines (by the extension .jsonl or .ndjson, or by a
// first line that starts with '{'), then checks the header of a CSV file.
// The reader it returns also implements ingest.BlankCounter.
func (Format) Open(src ingest.Source) (ingest.Reader, error) {
	br := bufio.NewReaderSize(src.R, 64<<10)
	ext := strings.ToLower(filepath.Ext(src.Path))
	if ext == ".jsonl" || ext == ".ndjson" || startsWithBrace(br) {
		return newJSONReader(br, src)
	}
	sc := csvscan.New(br, src.Path)
	if err := sc.Header(); err != nil {
		return nil, err
	}
	names := sc.HeaderNames()
	var kind *csvKind
	switch {
	case slices.Contains(names, "tx_id"):
		kind = &txCSV
	case slices.Contains(names, "party_id"):
		kind = &partyCSV
	case slices.Contains(names, "account_id"):
		kind = &accountCSV
	case slices.Contains(names, "case_id") && slices.Contains(names, "entity_id"):
		kind = &labelCSV
	default:
		return nil, fmt.Errorf("%s:%d: %w: native: header %s has none of tx_id (transactions), party_id (parties), account_id (accounts), case_id and entity_id (labels)",
			src.Path, sc.Line(), ingest.ErrUnknownFile, csvscan.Quote(sc.Raw()))
	}
	pos, err := sc.MatchColumns(kind.columns, kind.required)
	if err != nil {
		return nil, fmt.Errorf("native %s: %w", kind.name, err)
	}
	m := make(map[string]int, len(pos))
	for i, p := range pos {
		if p >= 0 {
			m[kind.columns[i]] = p
		}
	}
	return &csvReader{sc: sc, kind: kind, pos: m}, nil
}

// startsWithBrace reports whether the first character after a BOM and
// white space is '{'.
func startsWithBrace(br *bufio.Reader) bool {
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '{'
}
