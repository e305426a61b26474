package detect_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/streamgen"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

// attempt is one laundering attempt of an AMLworld answer key.
type attempt struct {
	typology model.Typology
	degree   int // from the qualifier "Max N-degree Fan-In", 0 when absent
	txs      []model.Transaction
}

// amlworldCurrencies maps AMLworld's currency names to ISO 4217.
var amlworldCurrencies = map[string]string{
	"US Dollar": "USD", "Euro": "EUR", "Yuan": "CNY", "Yen": "JPY", "Rupee": "INR", "Ruble": "RUB",
	"UK Pound": "GBP", "Swiss Franc": "CHF", "Canadian Dollar": "CAD", "Australian Dollar": "AUD",
	"Brazil Real": "BRL", "Mexican Peso": "MXN", "Saudi Riyal": "SAR", "Shekel": "ILS", "Bitcoin": "BTC",
}

// readPatterns parses an AMLworld *_Patterns.txt answer key: blocks of
// 11-column transaction lines between "BEGIN LAUNDERING ATTEMPT - TYPE[:
// qualifier]" and "END LAUNDERING ATTEMPT - TYPE". An account is bank and
// account number, with the bank's leading zeros kept.
func readPatterns(t testing.TB, path string) []attempt {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []attempt
	var cur *attempt
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(s, "BEGIN LAUNDERING ATTEMPT - "):
			head := strings.TrimPrefix(s, "BEGIN LAUNDERING ATTEMPT - ")
			typ, qual, _ := strings.Cut(head, ":")
			cur = &attempt{typology: model.Typology(strings.TrimSpace(typ))}
			if f := strings.Fields(qual); len(f) >= 2 && f[0] == "Max" {
				cur.degree, _ = strconv.Atoi(strings.SplitN(f[1], "-", 2)[0])
			}
		case strings.HasPrefix(s, "END LAUNDERING ATTEMPT"):
			require.NotNil(t, cur, "line %d: END without BEGIN", line)
			out = append(out, *cur)
			cur = nil
		case s != "":
			require.NotNil(t, cur, "line %d: transaction outside an attempt", line)
			c := strings.Split(s, ",")
			require.Len(t, c, 11, "line %d", line)
			at, err := time.Parse("2006/01/02 15:04", c[0])
			require.NoError(t, err, "line %d", line)
			paid, err := strconv.ParseFloat(c[7], 64)
			require.NoError(t, err, "line %d", line)
			recv, err := strconv.ParseFloat(c[5], 64)
			require.NoError(t, err, "line %d", line)
			cur.txs = append(cur.txs, model.Transaction{
				ID: fmt.Sprintf("p%d-%d", len(out), len(cur.txs)), Time: at,
				Originator: c[1] + ":" + c[2], Beneficiary: c[3] + ":" + c[4],
				Amount: paid, Currency: amlworldCurrencies[c[8]],
				AmountReceived: recv, CurrencyReceived: amlworldCurrencies[c[6]],
				Channel: model.ChannelACH,
			})
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestAMLworldFanPatterns embeds the fan-in and fan-out attempts of
// AMLworld HI-Small's answer key in an ordinary background stream with
// AMLworld-like statistics over the same 18 days (evaluation.md §2) and
// checks that the miners find them and name them right, without flagging
// the background.
//
// The answer key's accounts are mapped onto background accounts, as in
// AMLworld itself, where laundering accounts also transact normally.
func TestAMLworldFanPatterns(t *testing.T) {
	path := sharedata.Dir(t, "aml", "ibm_hi_small", "HI-Small_Patterns.txt")
	all := readPatterns(t, path)
	require.Len(t, all, 370)

	const accounts = 50_000
	gen := streamgen.New(streamgen.Config{
		Seed: 11, Accounts: accounts, Transactions: 900_000,
		Start: time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC), Span: 18 * 24 * time.Hour,
	})
	stream := make([]model.Transaction, 900_000)
	gen.Fill(stream)

	// Map pattern accounts onto distinct background accounts.
	perm := rand.New(rand.NewPCG(5, 5)).Perm(accounts)
	mapped := map[string]string{}
	account := func(a string) string {
		if m, ok := mapped[a]; ok {
			return m
		}
		m := gen.AccountName(perm[len(mapped)])
		mapped[a] = m
		return m
	}
	var fans []attempt
	for _, a := range all {
		if a.typology != model.TypFanIn && a.typology != model.TypFanOut {
			continue
		}
		for i := range a.txs {
			a.txs[i].Originator = account(a.txs[i].Originator)
			a.txs[i].Beneficiary = account(a.txs[i].Beneficiary)
			stream = append(stream, a.txs[i])
		}
		fans = append(fans, a)
	}
	slices.SortStableFunc(stream, func(a, b model.Transaction) int { return a.Time.Compare(b.Time) })

	e, err := detect.New(detect.Config{})
	require.NoError(t, err)
	evidence := map[string]map[model.Typology]bool{} // transaction ID → typologies of the alerts citing it
	alerts := map[string]model.Alert{}
	for lo := 0; lo < len(stream); lo += 2048 {
		res, err := e.Observe(stream[lo:min(len(stream), lo+2048)])
		require.NoError(t, err)
		for _, a := range res.Alerts {
			alerts[a.ID] = a
		}
	}
	for _, a := range alerts {
		for _, id := range a.Evidence {
			if evidence[id] == nil {
				evidence[id] = map[model.Typology]bool{}
			}
			evidence[id][a.Typology] = true
		}
	}

	// An attempt is detected and labelled right when every one of its
	// transactions is evidence of an alert of its typology.
	type tally struct{ attempts, detected int }
	byDegree := map[string]*tally{}
	detectedLarge, large := 0, 0
	detectedWarm, warm := 0, 0
	warmFrom := stream[0].Time.Add(detect.DefaultFanWindow + detect.DefaultMinHistory)
	for _, a := range fans {
		ok := true
		for _, x := range a.txs {
			ok = ok && evidence[x.ID][a.typology]
		}
		key := fmt.Sprintf("%s degree %2d", a.typology, a.degree)
		if byDegree[key] == nil {
			byDegree[key] = &tally{}
		}
		byDegree[key].attempts++
		if ok {
			byDegree[key].detected++
		}
		if a.degree >= detect.DefaultMinCounterparties {
			large++
			if ok {
				detectedLarge++
			}
			if !a.txs[0].Time.Before(warmFrom) {
				warm++
				if ok {
					detectedWarm++
				}
			}
		}
	}
	keys := make([]string, 0, len(byDegree))
	for k := range byDegree {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Logf("%s: %d of %d detected", k, byDegree[k].detected, byDegree[k].attempts)
	}

	background, flagged, bgAlerts := 0, 0, 0
	for _, x := range stream {
		if !strings.HasPrefix(x.ID, "p") {
			background++
			if _, ok := evidence[x.ID]; ok {
				flagged++
			}
		}
	}
	for _, a := range alerts {
		if !slices.ContainsFunc(a.Evidence, func(id string) bool { return strings.HasPrefix(id, "p") }) {
			bgAlerts++
		}
	}
	recall := float64(detectedLarge) / float64(large)
	falseAlarm := float64(flagged) / float64(background)
	t.Logf("fans of at least %d counterparties: %d of %d detected and labelled right (%.1f%%)",
		detect.DefaultMinCounterparties, detectedLarge, large, 100*recall)
	t.Logf("of those starting after the first window and a day of history: %d of %d (%.1f%%)",
		detectedWarm, warm, 100*float64(detectedWarm)/float64(warm))
	t.Logf("background: %d of %d transactions flagged (%.3f%%), %d alerts on background only",
		flagged, background, 100*falseAlarm, bgAlerts)

	// Regression guards at the measured level (seed 11: 16 of 29 warm
	// attempts, 0.10 % of the background), not issue #4's targets, which
	// need the learned scorer: the miners alone judge a fan only against
	// the account's own history, so they miss fans on busy accounts and on
	// accounts with little history, and the smallest fans (1–4
	// counterparties) are out of their reach by design.
	require.Len(t, fans, 88)
	require.GreaterOrEqual(t, detectedWarm, warm/2, "recall on attempts with history")
	require.LessOrEqual(t, falseAlarm, 0.002, "share of background transactions flagged")
	for _, a := range alerts {
		require.Contains(t, []model.Typology{model.TypFanIn, model.TypFanOut}, a.Typology)
	}
}
