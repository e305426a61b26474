package detect_test

import (
	"bufio"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

// fuzzStream turns fuzz input into transactions: one per line, in
// AMLworld's 11 columns (timestamp, bank, account, bank, account, amount
// received, currency, amount paid, currency, format, label). Whatever does
// not parse becomes a zero time or a NaN amount, which the engine must
// reject cleanly. The whole line is the transaction ID, so repeated lines
// are duplicates and an empty line has no ID.
func fuzzStream(data string) []model.Transaction {
	var txs []model.Transaction
	for _, line := range strings.Split(data, "\n") {
		c := strings.Split(line, ",")
		for len(c) < 11 {
			c = append(c, "")
		}
		at, _ := time.Parse("2006/01/02 15:04", c[0])
		paid, err := strconv.ParseFloat(c[7], 64)
		if err != nil {
			paid = math.NaN()
		}
		recv, err := strconv.ParseFloat(c[5], 64)
		if err != nil {
			recv = paid
		}
		from, to := c[1]+c[2], c[3]+c[4]
		tx := model.Transaction{ID: line, Time: at, Originator: from, Beneficiary: to,
			Amount: paid, Currency: c[8], AmountReceived: recv, CurrencyReceived: c[6], Channel: model.Channel(c[9])}
		if c[10] == "x" { // an off-us beneficiary
			tx.Beneficiary = ""
			tx.Counterparty = model.Counterparty{Name: c[4], Country: c[3]}
		}
		txs = append(txs, tx)
	}
	return txs
}

// FuzzObserve feeds malformed and adversarial streams (out of order,
// duplicated, self-loops, zero and huge amounts, empty IDs and accounts)
// and checks that the engine never panics, accounts for every transaction,
// fails only with ErrOutOfOrder, and keeps working after an error.
func FuzzObserve(f *testing.F) {
	f.Add("2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1\n" +
		"2022/09/01 00:04,0048309,811C599A0,0048309,811C599A0,0,Saudi Riyal,0,Saudi Riyal,ACH,1\n\n" +
		"2022/09/01 00:04,1,2,3,4,1e300,USD,1e300,USD,ACH,x")
	if dir, ok := sharedata.Find(); ok {
		if file, err := os.Open(dir + "/aml/ibm_hi_small/HI-Small_Patterns.txt"); err == nil {
			var b strings.Builder
			sc := bufio.NewScanner(file)
			for i := 0; sc.Scan(); i++ {
				if strings.HasPrefix(sc.Text(), "20") {
					b.WriteString(sc.Text() + "\n")
				}
				if i%40 == 39 {
					f.Add(b.String())
					b.Reset()
				}
			}
			file.Close()
		}
	}
	f.Fuzz(func(t *testing.T, data string) {
		txs := fuzzStream(data)
		fan := detect.FanConfig{MinCounterparties: 2, Significance: 1, MinHistory: time.Second, Window: time.Hour}
		patterns := detect.PatternConfig{MinHistory: time.Second, MinIntermediates: 2, MinLayer: 2, MinHops: 2, Significance: 1}
		fresh := detect.NewAccountConfig{Settle: time.Minute, Young: time.Hour, MinGroup: 2, MaxPayments: 2 + len(data)%50}
		e, err := detect.New(detect.Config{Rows: true, FanIn: fan, FanOut: fan, Patterns: patterns, PatternWindow: time.Hour,
			NewAccounts: fresh, SearchBudget: 16 + len(data)%100, Lateness: time.Duration(len(data)%3) * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		checkAlerts := func(alerts []model.Alert) {
			for _, a := range alerts {
				if a.ID == "" || a.Reason == "" || !(a.Score >= 0 && a.Score <= 1) || len(a.Evidence) == 0 {
					t.Fatalf("malformed alert %+v", a)
				}
				for _, id := range a.Evidence {
					if !seen[id] {
						t.Fatalf("alert cites %q, never accepted", id)
					}
				}
			}
		}
		size := 1 + len(data)%7
		for lo := 0; lo < len(txs); lo += size {
			batch := txs[lo:min(len(txs), lo+size)]
			res, err := e.Observe(batch)
			if err != nil {
				if !errors.Is(err, detect.ErrOutOfOrder) {
					t.Fatalf("unexpected error %v", err)
				}
				continue
			}
			if len(res.Status) != len(batch) || res.Accepted+res.Duplicates+res.Invalid != len(batch) ||
				len(res.Problems) != res.Invalid || res.Rows.Len() != len(batch) {
				t.Fatalf("batch of %d not accounted for: %+v", len(batch), res)
			}
			for i, s := range res.Status {
				if s == detect.Accepted {
					seen[batch[i].ID] = true
				}
			}
			for _, v := range res.Rows.Values {
				if v != v {
					t.Fatalf("a feature is NaN")
				}
			}
			checkAlerts(res.Alerts)
		}
		// The end of the stream judges the groups of new accounts still open.
		checkAlerts(e.Flush())
		if again := e.Flush(); len(again) != 0 {
			t.Fatalf("a second Flush raised %d alerts", len(again))
		}
	})
}
