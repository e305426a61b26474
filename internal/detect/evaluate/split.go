package evaluate

import (
	"fmt"
	"math"
	"time"
)

// Split is a temporal split of a stream on whole days (docs/evaluation.md
// §1): training days before ValidFrom, validation days from ValidFrom to
// before TestFrom, test days from TestFrom on.
type Split struct {
	ValidFrom string `json:"valid_from"` // first validation day, YYYY-MM-DD (UTC)
	TestFrom  string `json:"test_from"`  // first test day
	// Days and transactions per part: train, validation, test.
	TrainDays int `json:"train_days"`
	ValidDays int `json:"valid_days"`
	TestDays  int `json:"test_days"`
	Train     int `json:"train"`
	Valid     int `json:"valid"`
	Test      int `json:"test"`
	// Positives per part.
	TrainPositives int `json:"train_positives"`
	ValidPositives int `json:"valid_positives"`
	TestPositives  int `json:"test_positives"`
	// Worst is the rule's objective at the chosen cut:
	// max_k |share_k − target_k| / target_k.
	Worst float64 `json:"worst_relative_error"`

	validDay, testDay int64
}

// SplitTargets are the shares of transactions in training, validation and
// test: 60/20/20 (IBM's Multi-GNN code, docs/evaluation.md §1).
var SplitTargets = [3]float64{0.6, 0.2, 0.2}

// TemporalSplit chooses the cut days of a stream by the rule of IBM's
// Multi-GNN code: bucket transactions by day and, over every pair of cut
// days (i, j), take the one that minimises max_k |share_k − target_k| /
// target_k for the transaction counts of the three parts. Ties go to the
// earliest pair. days holds each transaction's day number and must be
// sorted; labels marks the positives, only counted.
func TemporalSplit(days []int64, labels []bool) (Split, error) {
	// Distinct days and their counts.
	var dayList []int64
	var counts []int
	for i, d := range days {
		if i > 0 && d < days[i-1] {
			return Split{}, fmt.Errorf("evaluate: transactions are not in time order (day %d after %d)", d, days[i-1])
		}
		if len(dayList) == 0 || dayList[len(dayList)-1] != d {
			dayList = append(dayList, d)
			counts = append(counts, 0)
		}
		counts[len(counts)-1]++
	}
	m := len(dayList)
	if m < 3 {
		return Split{}, fmt.Errorf("evaluate: the stream covers %d days; a temporal split needs at least 3", m)
	}
	prefix := make([]int, m+1)
	for k, c := range counts {
		prefix[k+1] = prefix[k] + c
	}
	total := float64(prefix[m])
	best, bi, bj := math.Inf(1), 0, 0
	for i := 1; i < m-1; i++ {
		for j := i + 1; j < m; j++ {
			shares := [3]float64{float64(prefix[i]) / total, float64(prefix[j]-prefix[i]) / total, float64(prefix[m]-prefix[j]) / total}
			worst := 0.0
			for k, s := range shares {
				worst = max(worst, math.Abs(s-SplitTargets[k])/SplitTargets[k])
			}
			if worst < best {
				best, bi, bj = worst, i, j
			}
		}
	}
	sp := Split{
		TrainDays: bi, ValidDays: bj - bi, TestDays: m - bj,
		Train: prefix[bi], Valid: prefix[bj] - prefix[bi], Test: prefix[m] - prefix[bj],
		Worst: best, validDay: dayList[bi], testDay: dayList[bj],
	}
	sp.ValidFrom = time.Unix(sp.validDay*86400, 0).UTC().Format(time.DateOnly)
	sp.TestFrom = time.Unix(sp.testDay*86400, 0).UTC().Format(time.DateOnly)
	for i, d := range days {
		if !labels[i] {
			continue
		}
		switch sp.part(d) {
		case 0:
			sp.TrainPositives++
		case 1:
			sp.ValidPositives++
		default:
			sp.TestPositives++
		}
	}
	return sp, nil
}

// part returns 0, 1 or 2: the part of the split a day belongs to.
func (s Split) part(day int64) int {
	switch {
	case day < s.validDay:
		return 0
	case day < s.testDay:
		return 1
	}
	return 2
}
