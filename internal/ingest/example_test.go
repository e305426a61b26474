package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// A Pipeline reads files with a Format and writes them to a store in
// batches; every row is accepted, a duplicate or rejected.
func ExamplePipeline() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "payments.csv")
	_ = os.WriteFile(file, []byte(fakeHeader+"\nT1,0,9400\nT2,5,not-a-number\nT1,0,9400\n"), 0o644)

	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "bank.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	p := &ingest.Pipeline{Format: fakeFormat{}, Sink: st, Runs: st, RejectDir: filepath.Join(dir, "bank.db.rejects")}
	res, err := p.Run(context.Background(), []ingest.Input{{Path: file}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("read %d, accepted %d, duplicates %d, rejected %d\n", res.Read, res.Accepted, res.Duplicates, res.Rejected)
	fmt.Println(res.FirstRejects[0].Reason)
	// Output:
	// read 3, accepted 1, duplicates 1, rejected 1
	// amount: "not-a-number" is not an amount, expected a decimal number, not negative
}
