package native_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest/native"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
)

func seedFixtures(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
}

func FuzzNativeCSV(f *testing.F) {
	seedFixtures(f, "transactions.csv", "accounts.csv", "parties.csv", "labels.csv")
	f.Fuzz(func(t *testing.T, in string) {
		r := readertest.Open(t, native.Format{}, "f.csv", in)
		if r == nil {
			return
		}
		readertest.Drain(t, r, len(in)+1)
	})
}

func FuzzNativeJSONL(f *testing.F) {
	seedFixtures(f, "records.jsonl")
	f.Add(`{"record":"party","id":"P","kind":"person","names":[{"full":"A"}],"documents":[{"type":"passport","number":"1","issued":"2020-13-01"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		r := readertest.Open(t, native.Format{}, "f.jsonl", in)
		if r == nil {
			return
		}
		readertest.Drain(t, r, len(in)+1)
	})
}
