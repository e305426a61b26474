package evaluate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlsim"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
)

// Dataset is a labelled transaction stream in time order. Labels and
// typologies are the evaluator's: the engine only ever sees Txs.
type Dataset struct {
	// Name says where the data came from.
	Name string
	// Txs are in time order (a stable sort of the input by timestamp).
	Txs []model.Transaction
	// Labels[i] is true when Txs[i] is laundering.
	Labels []bool
	// Typology[i] is the typology of a laundering transaction when the
	// data's answer key names it, else "".
	Typology []model.Typology
	// DayResolution is set when timestamps are whole days (AMLSim's
	// steps): the engine then observes one day per batch.
	DayResolution bool
	// Rejected counts input rows the readers could not use.
	Rejected int
}

// Positives returns the number of laundering transactions.
func (d *Dataset) Positives() int {
	n := 0
	for _, l := range d.Labels {
		if l {
			n++
		}
	}
	return n
}

// sortByTime orders the stream by timestamp, keeping the input order of
// equal timestamps, and the labels with it.
func (d *Dataset) sortByTime() {
	idx := make([]int, len(d.Txs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return d.Txs[a].Time.Compare(d.Txs[b].Time) })
	txs := make([]model.Transaction, len(idx))
	labels := make([]bool, len(idx))
	typ := make([]model.Typology, len(idx))
	for k, i := range idx {
		txs[k], labels[k], typ[k] = d.Txs[i], d.Labels[i], d.Typology[i]
	}
	d.Txs, d.Labels, d.Typology = txs, labels, typ
	d.DayResolution = true
	for i := range d.Txs {
		if t := d.Txs[i].Time.UTC(); t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			d.DayResolution = false
			break
		}
	}
}

// readAll streams every record of one file through fn.
func readAll(format ingest.Format, path string, fn func(ingest.Record) error) (rejected int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r, err := format.Open(ingest.Source{Path: path, R: f})
	if err != nil {
		return 0, err
	}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rejected, nil
		}
		var rowErr *ingest.RowError
		if errors.As(err, &rowErr) {
			rejected++
			continue
		}
		if err != nil {
			return rejected, err
		}
		if err := fn(rec); err != nil {
			return rejected, err
		}
	}
}

// LoadAMLSim reads an AMLSim output folder in the current schema:
// transactions.csv (is_sar is the label) and, when present,
// alert_transactions.csv (the typology of each laundering transaction).
func LoadAMLSim(dir string) (*Dataset, error) {
	d := &Dataset{Name: dir}
	format := amlsim.Format{}
	index := map[string]int{}
	txPath := filepath.Join(dir, "transactions.csv")
	rej, err := readAll(format, txPath, func(rec ingest.Record) error {
		if rec.Tx == nil {
			return fmt.Errorf("%s: not an AMLSim transactions file in the current schema (tran_id,orig_acct,bene_acct,…)", txPath)
		}
		index[rec.Tx.ID] = len(d.Txs)
		d.Txs = append(d.Txs, *rec.Tx)
		d.Labels = append(d.Labels, len(rec.Labels) > 0)
		d.Typology = append(d.Typology, "")
		return nil
	})
	d.Rejected += rej
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	alertPath := filepath.Join(dir, "alert_transactions.csv")
	if _, err := os.Stat(alertPath); err == nil {
		rej, err := readAll(format, alertPath, func(rec ingest.Record) error {
			for _, l := range rec.Labels {
				if i, ok := index[l.EntityID]; ok && l.EntityKind == model.EntityTransaction {
					d.Typology[i] = l.Typology
				}
			}
			return nil
		})
		d.Rejected += rej
		if err != nil {
			return nil, fmt.Errorf("evaluate: %w", err)
		}
	}
	if len(d.Txs) == 0 {
		return nil, fmt.Errorf("evaluate: %s holds no transactions", txPath)
	}
	d.sortByTime()
	return d, nil
}

// LoadAMLworld reads an AMLworld *_Trans.csv file ("Is Laundering" is the
// label) and, when patterns is not empty, its *_Patterns.txt answer key,
// which names the typology of the rows it lists (amlworld.AnswerKey).
func LoadAMLworld(trans, patterns string) (*Dataset, *amlworld.AnswerKey, error) {
	var key *amlworld.AnswerKey
	if patterns != "" {
		var err error
		if key, err = amlworld.LoadAnswerKey(patterns); err != nil {
			return nil, nil, fmt.Errorf("evaluate: %w", err)
		}
	}
	d := &Dataset{Name: trans}
	rej, err := readAll(amlworld.Format{}, trans, func(rec ingest.Record) error {
		if rec.Tx == nil {
			return fmt.Errorf("%s: not an AMLworld *_Trans.csv file (the answer key goes in --patterns)", trans)
		}
		laundering := len(rec.Labels) > 0
		d.Txs = append(d.Txs, *rec.Tx)
		d.Labels = append(d.Labels, laundering)
		typ := model.Typology("")
		if key != nil {
			if a, ok := key.Match(rec.Tx, laundering); ok {
				typ = a.Typology
			}
		}
		d.Typology = append(d.Typology, typ)
		return nil
	})
	d.Rejected += rej
	if err != nil {
		return nil, nil, fmt.Errorf("evaluate: %w", err)
	}
	if len(d.Txs) == 0 {
		return nil, nil, fmt.Errorf("evaluate: %s holds no transactions", trans)
	}
	d.sortByTime()
	return d, key, nil
}

// days returns each transaction's UTC day number (days since 1970).
func (d *Dataset) days() []int64 {
	out := make([]int64, len(d.Txs))
	for i := range d.Txs {
		out[i] = floorDay(d.Txs[i].Time)
	}
	return out
}

func floorDay(t time.Time) int64 {
	s := t.Unix()
	q := s / 86400
	if s%86400 < 0 {
		q--
	}
	return q
}

// FromTransactions makes a data set from transactions (in any order) and
// labels: a transaction is laundering when a transaction label names it,
// with that label's typology.
func FromTransactions(name string, txs []model.Transaction, labels []model.Label) *Dataset {
	typ := map[string]model.Typology{}
	for _, l := range labels {
		if l.EntityKind == model.EntityTransaction {
			if t, ok := typ[l.EntityID]; !ok || t == "" {
				typ[l.EntityID] = l.Typology
			}
		}
	}
	d := &Dataset{Name: name, Txs: txs, Labels: make([]bool, len(txs)), Typology: make([]model.Typology, len(txs))}
	for i := range txs {
		if t, ok := typ[txs[i].ID]; ok {
			d.Labels[i], d.Typology[i] = true, t
		}
	}
	d.sortByTime()
	return d
}
