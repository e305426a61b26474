package detect

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// FeatureSpec names and explains one feature column.
type FeatureSpec struct {
	// Name is stable and snake_case; trained models refer to features by
	// name, so a name never changes meaning.
	Name string `json:"name"`
	// Phrase says what a value means, with one %s for the value, as an
	// explanation shows it: "the beneficiary received from %s distinct
	// senders within 1d".
	Phrase string `json:"phrase"`
	// value, when set, writes a value for people in the phrase's %s
	// ("4,537.07" for a log amount, "3d 14h" for hours); otherwise the
	// value is written with up to three significant digits.
	value func(float32) string
	// whole, when set, replaces the whole phrase (for yes/no features).
	whole func(float32) string
}

// Describe returns the feature's phrase filled in with value, in words:
// "the beneficiary was paid by 14 distinct accounts within 1d".
func (f FeatureSpec) Describe(value float32) string {
	if f.whole != nil {
		return f.whole(value)
	}
	if f.value != nil {
		return fmt.Sprintf(f.Phrase, f.value(value))
	}
	return fmt.Sprintf(f.Phrase, plainNumber(value))
}

// plainNumber writes a value with up to three significant digits, whole
// numbers without decimals and large ones with thousands separators.
func plainNumber(v float32) string {
	x := float64(v)
	switch {
	case x != x:
		return "unknown"
	case x == float64(int64(x)) && x < 1e15 && x > -1e15:
		return groupThousands(strconv.FormatInt(int64(x), 10))
	case x >= 1000 || x <= -1000:
		return groupThousands(strconv.FormatInt(int64(x+0.5), 10))
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// groupThousands puts commas between groups of three digits.
func groupThousands(s string) string {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// Value writers for Describe.
var (
	money = func(v float32) string { return formatMoney(float64(v)) }
	// logMoney writes ln(1 + amount) as the amount.
	logMoney = func(v float32) string { return formatMoney(math.Expm1(float64(v))) }
	// hoursSpan writes hours as a span: "3d 14h", "45m".
	hoursSpan = func(v float32) string {
		if v < 0 {
			return "no"
		}
		return formatSpan(int64(float64(v) * float64(time.Hour)))
	}
	// logFactor writes |ln ratio| as "×1.04" or "×38".
	logFactor = func(v float32) string {
		if v < 0 {
			return "no"
		}
		return "×" + strconv.FormatFloat(math.Exp(float64(v)), 'g', 3, 64)
	}
	// chanceOf writes −log10 p as a chance: "1 in 3,000".
	chanceOf = func(v float32) string { return formatChance(math.Pow(10, -float64(v))) }
	// share writes a share as a percentage.
	share = func(v float32) string { return strconv.FormatFloat(100*float64(v), 'f', 0, 64) + "%" }
)

// yesNo returns a whole-phrase writer for a 0/1 feature.
func yesNo(yes, no string) func(float32) string {
	return func(v float32) string {
		if v >= 0.5 {
			return yes
		}
		return no
	}
}

// Schema is the ordered list of features an engine computes for each
// transaction. It is fixed when the engine is made.
type Schema struct {
	specs  []FeatureSpec
	byName map[string]int
}

func newSchema(groups []featureGroup) (*Schema, error) {
	s := &Schema{byName: make(map[string]int)}
	for _, g := range groups {
		for _, f := range g.specs() {
			if _, dup := s.byName[f.Name]; dup {
				return nil, fmt.Errorf("feature %q is defined twice", f.Name)
			}
			s.byName[f.Name] = len(s.specs)
			s.specs = append(s.specs, f)
		}
	}
	return s, nil
}

// Len returns the number of features.
func (s *Schema) Len() int { return len(s.specs) }

// Spec returns feature i.
func (s *Schema) Spec(i int) FeatureSpec { return s.specs[i] }

// Names returns the feature names in column order.
func (s *Schema) Names() []string {
	names := make([]string, len(s.specs))
	for i, f := range s.specs {
		names[i] = f.Name
	}
	return names
}

// Index returns the column of the named feature.
func (s *Schema) Index(name string) (int, bool) {
	i, ok := s.byName[name]
	return i, ok
}

// Vector is one transaction's features, in Schema order.
type Vector []float32

// Rows holds one feature vector per transaction of a batch, row-major: row i
// belongs to the batch's transaction i. Rows of transactions that were not
// accepted (duplicates, invalid) are all zero.
type Rows struct {
	Schema *Schema
	Values []float32 // len = n × Schema.Len()
}

// Len returns the number of rows.
func (r *Rows) Len() int {
	if r == nil || r.Schema == nil || r.Schema.Len() == 0 {
		return 0
	}
	return len(r.Values) / r.Schema.Len()
}

// Row returns transaction i's features. The vector aliases the Rows' memory.
func (r *Rows) Row(i int) Vector {
	w := r.Schema.Len()
	return r.Values[i*w : (i+1)*w : (i+1)*w]
}

// Feature groups. A group computes a contiguous block of columns. Groups run
// at one of three moments of Observe:
//
//   - txFeatures: from the transaction alone, in parallel before the graph
//     is updated (amounts);
//   - insertFeatures: in transaction order, right after the transaction's
//     edge is inserted into the group's view and the view has expired to
//     its time, so that counters read exactly "this transaction and
//     everything before it" (fan, degree). Views are independent, so each
//     view, with its groups and miners, runs in its own goroutine;
//   - batchFeatures (for searches: scatter-gather, cycles): in parallel
//     after the whole batch is in the graph, reading only edges with a
//     sequence number at most the transaction's own and a time inside its
//     window, through Engine.outEdges/inEdges with asOf.
//
// Every group therefore sees the transaction and its past, never a later
// transaction, whatever the batch size: feature values do not depend on how
// the stream is cut into batches.
type featureGroup interface {
	specs() []FeatureSpec
}

type txFeatures interface {
	featureGroup
	fromTx(tx *model.Transaction, dst []float32)
}

type insertFeatures interface {
	featureGroup
	// view is the window whose counters the group reads; the group runs
	// in that view's goroutine.
	view() *view
	// onInsert fills dst for edge e (sequence number seq, the batch's
	// transaction i), just inserted into the view.
	onInsert(i int, seq uint64, e *edge, dst []float32)
}

type batchFeatures interface {
	featureGroup
	// inBatch fills dst for edge e with sequence number seq (the batch's
	// transaction i), using the
	// worker's searcher; it runs concurrently with other calls and must
	// only read the engine.
	inBatch(s *searcher, i int, seq uint64, e *edge, dst []float32)
}

// featureGroupDef registers a feature group under a name that
// Config.Features selects.
type featureGroupDef struct {
	name string
	make func(e *Engine) featureGroup
}

// featureGroupDefs lists the feature groups in column order.
var featureGroupDefs = []featureGroupDef{
	{name: GroupAmount, make: func(e *Engine) featureGroup { return newAmountFeatures(e.cfg.Amount) }},
	{name: GroupFan, make: func(e *Engine) featureGroup { return newFanFeatures(e, e.featureView) }},
	{name: GroupStats, make: func(e *Engine) featureGroup { return newStatsFeatures(e, e.featureView) }},
	{name: GroupChannel, make: func(e *Engine) featureGroup { return newChannelFeatures(e.featureView) }},
	{name: GroupHistory, make: func(e *Engine) featureGroup { return newHistoryFeatures(e, e.historyView) }},
	{name: GroupGatherScatter, make: func(e *Engine) featureGroup { return newGatherScatterFeatures(e.scatterView, e.cfg.ScatterWindow) }},
	{name: GroupScatterGather, make: func(e *Engine) featureGroup { return newScatterGatherFeatures(e) }},
	{name: GroupCycle, make: func(e *Engine) featureGroup { return newCycleFeatures(e) }},
	{name: GroupFlow, make: func(e *Engine) featureGroup { return newFlowFeatures(e) }},
}

// Feature group names, for Config.Features.
const (
	GroupAmount        = "amount"         // log amount, round numbers, cents, just below the reporting threshold, currency exchange
	GroupFan           = "fan"            // fan-in, fan-out, degree-in, degree-out of both accounts over the feature window
	GroupStats         = "stats"          // sum, mean, min, max, spread, skewness, kurtosis of amounts; age of activity; per account and direction
	GroupChannel       = "channel"        // share of each account's activity through this payment's channel, number of channels
	GroupHistory       = "history"        // new pairs, pair counts, reciprocity, new counterparties, usual activity, surprise, time watched
	GroupGatherScatter = "gather_scatter" // hub sizes over the scatter window
	GroupScatterGather = "scatter_gather" // scatter-gather patterns by number of intermediates
	GroupCycle         = "cycle"          // simple and time-ordered cycles by length
	GroupFlow          = "flow"           // amounts passed on: matches between a payment and what the originator received or the beneficiary paid
)

// FeatureGroups returns the names of all feature groups, in column order.
func FeatureGroups() []string {
	names := make([]string, len(featureGroupDefs))
	for i, d := range featureGroupDefs {
		names[i] = d.name
	}
	return names
}

// windowLabel writes a window length for feature names: "1d", "6h", "90m".
func windowLabel(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}
