package amlsim_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/ingest/amlsim"
	"github.com/centinela-aml/centinela/internal/ingest/readertest"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

func FuzzAMLSim(f *testing.F) {
	if dir, ok := sharedata.Find(); ok {
		for _, p := range []string{"amlsim_dev/transactions.csv", "amlsim_dev/accounts.csv", "amlsim_dev/alert_transactions.csv",
			"amlsim_dev/alert_accounts.csv", "amlsim_dev/sar_accounts.csv", "amlsim_ibm_samples/20K_cycle200/nodes.csv",
			"amlsim_ibm_samples/20K_cycle200/transactions.csv", "amlsim_ibm_samples/sample_outputs_tiny/cash_tx.csv",
			"amlsim_ibm_samples/sample_outputs_tiny/tx.csv", "amlsim_ibm_samples/sample_outputs_tiny/accounts.csv",
			"amlsim_ibm_samples/sample_outputs_tiny/alerts.csv"} {
			data, err := os.ReadFile(filepath.Join(dir, "aml", p))
			if err == nil {
				lines := strings.SplitAfter(string(data), "\n")
				f.Add(strings.Join(lines[:min(8, len(lines))], ""))
			}
		}
	}
	f.Add("tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n1,2,3,TRANSFER,1.5,2017-01-01T00:00:00Z,True,4\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := readertest.Open(t, amlsim.Format{}, "f.csv", in)
		if r == nil {
			return
		}
		readertest.Drain(t, r, len(in)+1)
	})
}
