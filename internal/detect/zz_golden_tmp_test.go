package detect_test

import (
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/streamgen"
	"github.com/centinela-aml/centinela/internal/model"
)

func TestZZGolden(t *testing.T) {
	if os.Getenv("GOLDEN") == "" {
		t.Skip()
	}
	n := 300_000
	gen := streamgen.New(streamgen.Config{Seed: 3, Accounts: 40_000, Transactions: n, Span: 6 * 24 * time.Hour})
	txs := make([]model.Transaction, n)
	gen.Fill(txs)
	for _, batch := range []int{2048, 128, 777} {
		e, err := detect.New(detect.Config{Rows: true, FanIn: detect.FanConfig{MinHistory: time.Hour}, FanOut: detect.FanConfig{MinHistory: time.Hour}, Patterns: detect.PatternConfig{MinHistory: time.Hour}})
		if err != nil {
			t.Fatal(err)
		}
		h := fnv.New64a()
		alerts := map[string]model.Alert{}
		for lo := 0; lo < n; lo += batch {
			res, err := e.Observe(txs[lo:min(n, lo+batch)])
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range res.Rows.Values {
				fmt.Fprintf(h, "%x", math.Float32bits(v))
			}
			for _, a := range res.Alerts {
				alerts[a.ID] = a
			}
		}
		ids := make([]string, 0, len(alerts))
		for id := range alerts {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		ha := fnv.New64a()
		for _, id := range ids {
			a := alerts[id]
			fmt.Fprintf(ha, "%s|%s|%v|%v|%s\n", id, a.Reason, a.Score, a.Evidence, a.Typology)
		}
		if d := os.Getenv("GOLDEN_DUMP"); d != "" {
			f, _ := os.Create(fmt.Sprintf("%s-%d.txt", d, batch))
			for _, id := range ids {
				a := alerts[id]
				fmt.Fprintf(f, "%s|%s|%v|%v|%s\n", id, a.Reason, a.Score, a.Evidence, a.Typology)
			}
			f.Close()
		}
		t.Logf("batch %d rows %x alerts %d %x bounded %+v", batch, h.Sum64(), len(alerts), ha.Sum64(), e.Stats().Bounded)
	}
}
