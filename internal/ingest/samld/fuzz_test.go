package samld_test

import (
	"os"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/ingest/samld"
)

func FuzzSAMLD(f *testing.F) {
	data, err := os.ReadFile("testdata/SAML-D_sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add(header + "10:35:19,2022-10-07,1,2,-5,Euro,Naira,UK,Nigeria,Cross-border,1,\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := readertest.Open(t, samld.Format{}, "f.csv", in)
		if r == nil {
			return
		}
		readertest.Drain(t, r, len(in)+1)
	})
}
