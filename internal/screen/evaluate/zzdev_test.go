package evaluate

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

// TestDevScreen screens each line of CENTINELA_DEV_NAMES (name|type|country) at threshold 0.5.
func TestDevScreen(t *testing.T) {
	f := os.Getenv("CENTINELA_DEV_NAMES")
	if f == "" {
		t.Skip()
	}
	ix, err := lists.Index(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := os.Open(f)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "|")
		q := screen.Query{Names: []string{p[0]}, Threshold: 0.5, Limit: 3}
		if len(p) > 1 && p[1] != "" {
			q.Type, _ = screen.ParseEntityType(p[1])
		}
		if len(p) > 2 && p[2] != "" {
			q.Nationalities = []string{p[2]}
		}
		hs := ix.Match(q)
		fmt.Printf("%s\n", p[0])
		for _, h := range hs {
			fmt.Printf("   %.3f %s\n", h.Score, h.Explanation)
		}
	}
}
