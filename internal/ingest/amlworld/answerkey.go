package amlworld

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/model"
)

// AnswerKey is the answer key of an AMLworld data set: the laundering
// attempts of a *_Patterns.txt file, indexed by the content of their
// transaction lines so that the rows of the matching *_Trans.csv can be
// labelled with their attempt and typology.
//
// A patterns line and a Trans row match when their 11 columns are equal
// (ContentKey). AMLworld has genuinely identical rows, in the key and in
// the Trans file, so the key is a multiset: each line labels at most one
// row, identical lines label as many rows, in file order. Rows the key does
// not list are not labelled by it (AMLworld's "Is Laundering" column still
// marks the laundering that belongs to no pattern).
type AnswerKey struct {
	// Attempts lists the attempts in file order; Attempts[i].ID is
	// "attempt-i".
	Attempts []Attempt
	// Txs holds each attempt's transaction lines, as read (IDs are the
	// lines' positions in the patterns file).
	Txs [][]model.Transaction

	lines   map[string][]int32 // content key → attempts of the unmatched lines with that content, in file order
	total   int
	matched int
}

// LoadAnswerKey reads a *_Patterns.txt file.
func LoadAnswerKey(path string) (*AnswerKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("amlworld: answer key: %w", err)
	}
	defer f.Close()
	return ReadAnswerKey(ingest.Source{Path: path, R: f})
}

// ReadAnswerKey reads an answer key. A malformed line is an error naming
// its file, line and column: a key with holes would mislabel rows.
func ReadAnswerKey(src ingest.Source) (*AnswerKey, error) {
	r, err := Format{}.Open(src)
	if err != nil {
		return nil, err
	}
	pr, ok := r.(*PatternsReader)
	if !ok {
		return nil, fmt.Errorf("%s: %w: an answer key starts with %q, this is a transactions file", src.Path, ingest.ErrHeader, beginPrefix+"TYPE")
	}
	k := &AnswerKey{lines: make(map[string][]int32)}
	for {
		rec, err := pr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("amlworld: answer key: %w", err)
		}
		a := pr.Attempt()
		if len(k.Attempts) == 0 || k.Attempts[len(k.Attempts)-1].ID != a.ID {
			k.Attempts = append(k.Attempts, a)
			k.Txs = append(k.Txs, nil)
		}
		i := len(k.Attempts) - 1
		k.Txs[i] = append(k.Txs[i], *rec.Tx)
		key := ContentKey(rec.Tx, true)
		if key == "" {
			return nil, fmt.Errorf("%s:%d: amlworld: answer key line is not representable as a transaction row", src.Path, rec.Line)
		}
		k.lines[key] = append(k.lines[key], int32(i))
		k.total++
	}
	return k, nil
}

// Lines returns the number of transaction lines of the key.
func (k *AnswerKey) Lines() int { return k.total }

// Matched returns the number of key lines that have labelled a row.
func (k *AnswerKey) Matched() int { return k.matched }

// Match labels one Trans row: when an unmatched line of the key has the
// row's content, it marks that line matched and returns its attempt.
// laundering is the row's "Is Laundering" flag (the key's lines all have 1).
func (k *AnswerKey) Match(tx *model.Transaction, laundering bool) (Attempt, bool) {
	if !laundering || k.matched == k.total {
		return Attempt{}, false
	}
	key := ContentKey(tx, true)
	q := k.lines[key]
	if len(q) == 0 {
		return Attempt{}, false
	}
	i := q[0]
	if len(q) == 1 {
		delete(k.lines, key)
	} else {
		k.lines[key] = q[1:]
	}
	k.matched++
	return k.Attempts[i], true
}

// Label returns the label a matched row gets: its attempt as the case, the
// attempt's typology and qualifier.
func (a Attempt) Label(txID string) model.Label {
	return model.Label{CaseID: a.ID, Typology: a.Typology, Note: a.Qualifier, EntityKind: model.EntityTransaction, EntityID: txID}
}

// KeyedFormat reads AMLworld *_Trans.csv files like Format and labels each
// row the answer key lists with its attempt and typology (Match), so that
// an ingest given both files stores the Trans rows with the key's labels
// instead of storing the key's lines as more transactions.
type KeyedFormat struct {
	Key *AnswerKey
}

// Name returns "amlworld".
func (KeyedFormat) Name() string { return Format{}.Name() }

// Open opens a source as Format does; the rows of a *_Trans.csv file are
// labelled from the key.
func (f KeyedFormat) Open(src ingest.Source) (ingest.Reader, error) {
	r, err := Format{}.Open(src)
	if err != nil {
		return nil, err
	}
	if tr, ok := r.(*TransReader); ok && f.Key != nil {
		return &keyedReader{TransReader: tr, key: f.Key}, nil
	}
	return r, nil
}

// keyedReader labels the rows of a TransReader from an answer key.
type keyedReader struct {
	*TransReader
	key *AnswerKey
}

// Next returns the next row's record, its laundering label replaced by
// the attempt's when the key lists the row.
func (r *keyedReader) Next() (ingest.Record, error) {
	rec, err := r.TransReader.Next()
	if err != nil || rec.Tx == nil {
		return rec, err
	}
	if a, ok := r.key.Match(rec.Tx, len(rec.Labels) > 0); ok {
		rec.Labels = []model.Label{a.Label(rec.Tx.ID)}
	}
	return rec, nil
}

// IsAnswerKey reports whether the file at path is a *_Patterns.txt answer
// key (its first line begins a laundering attempt).
func IsAnswerKey(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	r, err := Format{}.Open(ingest.Source{Path: path, R: f})
	if err != nil {
		return false
	}
	_, ok := r.(*PatternsReader)
	return ok
}
