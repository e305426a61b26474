package evaluate

import (
	"fmt"
	"os"
	"testing"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

func TestDevPairErrors(t *testing.T) {
	if os.Getenv("CENTINELA_DEV_PAIRERR") == "" {
		t.Skip()
	}
	ix, _ := lists.Index(nil)
	f, _ := os.Open("../../../../shared/data/er/nomenklatura_name_bench/cases.csv")
	pr, _ := Pairs(f, "cases", ix, screen.DefaultThreshold, true)
	for _, e := range pr.Errors {
		fmt.Printf("%v %s %s | %s %.4f\n", e.Match, e.Schema, e.Name1, e.Name2, e.Score)
	}
}
