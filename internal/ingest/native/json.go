package native

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// The JSON form of each record. Dates and timestamps are read here as raw
// values (shadowing the model's fields of the same name) so that a bad one
// is reported at its position; encoding/json does not say where a value's
// own UnmarshalJSON failed.
type (
	txLine struct {
		Record string `json:"record"`
		model.Transaction
		Timestamp json.RawMessage `json:"timestamp"`
	}
	accountLine struct {
		Record string `json:"record"`
		model.Account
		Opened json.RawMessage `json:"opened"`
		Closed json.RawMessage `json:"closed"`
	}
	docLine struct {
		model.IDDocument
		Issued  json.RawMessage `json:"issued"`
		Expires json.RawMessage `json:"expires"`
	}
	partyLine struct {
		Record string `json:"record"`
		model.Party
		BirthDate    json.RawMessage `json:"birth_date"`
		Onboarded    json.RawMessage `json:"onboarded"`
		Incorporated json.RawMessage `json:"incorporated"`
		Documents    []docLine       `json:"documents"`
	}
	labelLine struct {
		Record string `json:"record"`
		model.Label
	}
)

const recordKinds = `"party", "account", "transaction" or "label"`

// jsonReader reads a native JSON-lines file.
type jsonReader struct {
	sc       *csvscan.Scanner
	fileKind string // kind from the file name, or ""
}

func newJSONReader(r io.Reader, src ingest.Source) (ingest.Reader, error) {
	base := strings.ToLower(filepath.Base(src.Path))
	kind := ""
	for _, k := range []struct{ prefix, kind string }{{"parties", "party"}, {"accounts", "account"}, {"transactions", "transaction"}, {"labels", "label"}} {
		if strings.HasPrefix(base, k.prefix) {
			kind = k.kind
		}
	}
	return &jsonReader{sc: csvscan.NewLines(r, src.Path), fileKind: kind}, nil
}

// BlankLines returns the number of blank lines skipped so far.
func (r *jsonReader) BlankLines() int { return r.sc.Blank() }

// Next returns the next line's record (see ingest.Reader).
func (r *jsonReader) Next() (ingest.Record, error) {
	if err := r.sc.Next(); err != nil {
		return ingest.Record{}, err
	}
	line := r.sc.Field(0)
	rec, rerr := r.parse(line)
	rec.Line = r.sc.Line()
	if rerr != nil {
		return rec, rerr
	}
	return rec, nil
}

// errAt returns a RowError at byte offset off of the line.
func (r *jsonReader) errAt(off int, field, msg, want string) *ingest.RowError {
	raw := r.sc.Raw()
	off = max(0, min(off, len(raw)))
	return &ingest.RowError{Path: r.sc.Path(), Line: r.sc.Line(), Column: utf8.RuneCount(raw[:off]) + 1,
		Field: field, Msg: msg, Want: want, Raw: string(raw)}
}

func (r *jsonReader) parse(line []byte) (ingest.Record, *ingest.RowError) {
	var probe struct {
		Record *string `json:"record"`
	}
	if err := json.Unmarshal(line, &probe); err != nil {
		return ingest.Record{}, r.decodeError(line, err)
	}
	kind := r.fileKind
	if probe.Record != nil {
		kind = *probe.Record
	}
	var rec ingest.Record
	var p *problem
	var err error
	switch kind {
	case "transaction":
		var v txLine
		if err = decodeStrict(line, &v); err == nil {
			tx := v.Transaction
			if len(v.Timestamp) > 0 && string(v.Timestamp) != "null" {
				s, ok := jsonString(v.Timestamp)
				t, ok2 := parseTimestamp(s)
				if !ok || !ok2 {
					return rec, r.errAt(locate(line, []string{"timestamp"}), "timestamp", string(v.Timestamp)+" is not a timestamp", timestampWant)
				}
				tx.Time = t
			}
			p = validateTransaction(&tx)
			rec.Tx = &tx
		}
	case "account":
		var v accountLine
		if err = decodeStrict(line, &v); err == nil {
			a := v.Account
			if p = jsonDate(v.Opened, "opened", nil, &a.Opened); p == nil {
				if p = jsonDate(v.Closed, "closed", nil, &a.Closed); p == nil {
					p = validateAccount(&a)
				}
			}
			rec.Account = &a
		}
	case "party":
		var v partyLine
		if err = decodeStrict(line, &v); err == nil {
			pt := v.Party
			p = jsonDate(v.BirthDate, "birth_date", nil, &pt.BirthDate)
			if p == nil {
				p = jsonDate(v.Onboarded, "onboarded", nil, &pt.Onboarded)
			}
			if p == nil {
				p = jsonDate(v.Incorporated, "incorporated", nil, &pt.Incorporated)
			}
			pt.Documents = nil
			for i, d := range v.Documents {
				doc := d.IDDocument
				if p == nil {
					p = jsonDate(d.Issued, "documents", []string{"documents", strconv.Itoa(i), "issued"}, &doc.Issued)
				}
				if p == nil {
					p = jsonDate(d.Expires, "documents", []string{"documents", strconv.Itoa(i), "expires"}, &doc.Expires)
				}
				pt.Documents = append(pt.Documents, doc)
			}
			if p == nil {
				p = validateParty(&pt)
			}
			rec.Party = &pt
		}
	case "label":
		var v labelLine
		if err = decodeStrict(line, &v); err == nil {
			l := v.Label
			p = validateLabel(&l)
			rec.Labels = []model.Label{l}
		}
	case "":
		return rec, r.errAt(0, "record", `no "record" field, and the file name does not start with parties, accounts, transactions or labels`,
			`a "record" field: `+recordKinds)
	default:
		return rec, r.errAt(locate(line, []string{"record"}), "record", "unknown record kind "+quote(kind), recordKinds)
	}
	if err != nil {
		return ingest.Record{}, r.decodeError(line, err)
	}
	if p != nil {
		path := p.jsonPath()
		return ingest.Record{}, r.errAt(locate(line, path), strings.Join(path, "."), p.msg, p.want)
	}
	return rec, nil
}

// decodeStrict decodes one JSON object that must use only known fields and
// be the whole line.
func decodeStrict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if rest := bytes.TrimSpace(line[dec.InputOffset():]); len(rest) > 0 {
		return &trailingError{off: int(dec.InputOffset())}
	}
	return nil
}

type trailingError struct{ off int }

func (e *trailingError) Error() string { return "text after the JSON object" }

// decodeError turns a JSON decoding error into a RowError at its position.
func (r *jsonReader) decodeError(line []byte, err error) *ingest.RowError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var trail *trailingError
	switch {
	case errors.As(err, &syn) && int(syn.Offset) >= len(bytes.TrimRight(line, " \t")):
		return r.errAt(len(line), "", "the JSON object is cut short", "one complete JSON object per line")
	case errors.As(err, &syn):
		return r.errAt(int(syn.Offset)-1, "", "JSON syntax: "+strings.TrimPrefix(syn.Error(), "json: "), "one JSON object per line")
	case errors.As(err, &typ):
		// The path names embedded Go structs ("Transaction.amount"): keep
		// the JSON names, which are lower case.
		var path []string
		for _, p := range strings.Split(typ.Field, ".") {
			if p != "" && !(p[0] >= 'A' && p[0] <= 'Z') {
				path = append(path, p)
			}
		}
		off := int(typ.Offset)
		if len(path) > 0 {
			off = locate(line, path)
		}
		return r.errAt(off, strings.Join(path, "."), "a JSON "+typ.Value+" is not a "+typ.Type.String(), "a value of type "+typ.Type.String())
	case errors.As(err, &trail):
		return r.errAt(trail.off, "", "text after the JSON object", "one JSON object per line")
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return r.errAt(len(line), "", "the JSON object is cut short", "one complete JSON object per line")
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		off := bytes.Index(line, []byte(strconv.Quote(name)))
		return r.errAt(off, name, "unknown field "+quote(name), "only the fields of docs/formats.md")
	}
	return r.errAt(0, "", strings.TrimPrefix(msg, "json: "), "a valid record")
}

// jsonString returns the string a raw JSON value holds.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// jsonDate parses a raw JSON date ("YYYY-MM-DD", "" or null) into dst.
func jsonDate(raw json.RawMessage, column string, path []string, dst *model.Date) *problem {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	s, ok := jsonString(raw)
	if ok {
		d, err := csvscan.Date([]byte(s))
		if err == nil || err == csvscan.ErrEmpty {
			*dst = d
			return nil
		}
	}
	return &problem{column: column, path: path, msg: csvscan.Quote(raw) + " is not a date", want: "YYYY-MM-DD"}
}

// locate returns the byte offset in line of the value at path (object keys
// and array indexes), or of the deepest part of it that exists.
func locate(line []byte, path []string) int {
	dec := json.NewDecoder(bytes.NewReader(line))
	off := 0
	for _, key := range path {
		tok, err := dec.Token()
		if err != nil {
			return off
		}
		found := false
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return off
				}
				if k == key {
					off = valueStart(line, int(dec.InputOffset()))
					found = true
					break
				}
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return off
				}
			}
		case json.Delim('['):
			idx, err := strconv.Atoi(key)
			if err != nil {
				return off
			}
			for i := 0; dec.More(); i++ {
				if i == idx {
					off = valueStart(line, int(dec.InputOffset()))
					found = true
					break
				}
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return off
				}
			}
		}
		if !found {
			return off
		}
	}
	return off
}

// valueStart skips white space, ':' and ',' from i.
func valueStart(line []byte, i int) int {
	for i < len(line) {
		switch line[i] {
		case ' ', '\t', '\r', '\n', ':', ',':
			i++
			continue
		}
		break
	}
	return i
}
