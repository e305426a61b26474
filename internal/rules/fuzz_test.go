package rules_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/centinela-aml/centinela/internal/rules"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// FuzzLoad feeds arbitrary rule files to the loader and, when they load,
// runs their examples: neither may panic, and every failure must be a
// positioned LoadError.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(validRule))
	f.Add([]byte(ruleWithWhen(`"CN" in kyc.nationalities || cash.count > 2`)))
	shippedFiles, _ := fs.Glob(rulefiles.FS(), "*.yaml")
	for _, name := range shippedFiles {
		data, err := fs.ReadFile(rulefiles.FS(), name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lib, err := rules.Load(fstest.MapFS{"f.yaml": {Data: data}})
		if err != nil {
			if lib != nil {
				t.Fatal("a library with an error")
			}
			return
		}
		lib.Test()
	})
}
