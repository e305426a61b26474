package evaluate

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

// TestDevEvalAll prints the figures (development aid).
func TestDevEvalAll(t *testing.T) {
	if os.Getenv("CENTINELA_DEV_EVAL") == "" {
		t.Skip()
	}
	ix, err := lists.Index(nil)
	if err != nil {
		t.Fatal(err)
	}
	D := "../../../../shared/data/sanctions/eval/"
	th := screen.DefaultThreshold
	f, _ := os.Open("../../../../shared/data/er/nomenklatura_name_bench/cases.csv")
	pr, _ := Pairs(f, "cases", ix, th, false)
	fmt.Printf("pairs F1 %.4f P %.4f R %.4f AUC %.4f\n", pr.F1, pr.Precision, pr.Recall, pr.AUC)
	f, _ = os.Open(D + "watchman/cross_script_pairs.csv")
	cr, _ := Cross(f, "cross", ix, th)
	fmt.Printf("cross recall %.4f fp %d/%d %v\n", cr.Recall, cr.FalsePositives, cr.Comparisons, cr.ByScript)
	for _, name := range []string{"bench_queries/ofac2026_queries.jsonl", "bench_queries/negatives_hispanic_1000.jsonl"} {
		f, _ = os.Open(D + name)
		qs, _ := ReadQueries(f, name)
		r := Queries(qs, ix, th, 2, false)
		fmt.Printf("%s r@1 %.4f far %.4f\n", name, r.RecallAt1, r.FalseAlertRate)
		var ks []string
		for k := range r.ByKind {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			fmt.Printf("    %s %+v\n", k, *r.ByKind[k])
		}
	}
	for _, name := range []string{"yente_fixtures/negatives_global.csv", "yente_fixtures/negatives_us.csv"} {
		f, _ = os.Open(D + name)
		r, _ := Negatives(f, name, ix, th, 2, false)
		fmt.Printf("%s %d/%d\n", name, r.Alerts, r.Persons)
	}
	f, _ = os.Open(D + "nomenklatura/ofac_sls_score_fixtures.csv")
	p, _ := Parity(f, "parity", ix)
	fmt.Printf("parity %.4f %d/%d\n", p.Share, p.Within5, p.Cases)
	un, err := lists.Index([]string{"un-xml:../../../../shared/data/sanctions/un_2026-02-27/un_consolidated.xml"})
	if err == nil {
		f, _ = os.Open(D + "bench_queries/un2026_yente_positives_mapped.jsonl")
		qs, _ := ReadQueries(f, "un")
		r := Queries(qs, un, th, 2, false)
		fmt.Printf("un positives r@1 %.4f\n", r.RecallAt1)
	}
}
