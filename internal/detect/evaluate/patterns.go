package evaluate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/streamgen"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
)

// PatternOptions parameterise the pattern evaluation (evaluation.md §2).
type PatternOptions struct {
	// Background is the number of generated ordinary transactions over the
	// answer key's span. Default 1,000,000 (the protocol's minimum).
	Background int
	// PerAccountDay is the mean number of transactions per account and
	// day, which sets the number of accounts: AMLworld HI-Small has about
	// 5.1 million transactions of 515 thousand accounts in its 10 busiest
	// days, about one per account and day. Default 1.
	PerAccountDay float64
	// Warmup is how much ordinary history the engine sees before the
	// span, at the same rate, so that it knows the accounts' usual
	// counterparties as a bank's engine does; default 42 days (the miners
	// judge accounts watched for at least 28 days). Background false
	// alarms are counted over the span only.
	Warmup time.Duration
	// Seed drives the generator and the mapping of the key's accounts.
	Seed uint64
	// OwnAccounts gives the key's accounts their own names, so that they
	// appear only in their attempts. By default they are mapped onto
	// distinct background accounts, which also transact normally before,
	// during and after their attempts, as AMLworld's laundering accounts do
	// (Altman et al. 2023): the harder test, and the one reported first.
	OwnAccounts bool
	// OpenShare is the share of background accounts opened during the
	// warm-up and the span (streamgen.Config.OpenShare). Default 0.05,
	// about 2.5 % of accounts a month: more than a retail bank's usual
	// account growth, so that accounts the engine sees for the first time
	// are common in the background and "new account" is no give-away.
	// Negative: none.
	OpenShare float64
	// Engine configures the detection engine (miners only; no rows).
	Engine detect.Config
	// Batch is the batch size. Default 2048.
	Batch int
	// Progress, when set, is told what the evaluation is doing.
	Progress func(string)
	// Detail adds every attempt's outcome to the report
	// (PatternReport.Outcomes), for looking into what was missed.
	Detail bool
}

// AttemptOutcome is what the engine made of one attempt.
type AttemptOutcome struct {
	Attempt  int    `json:"attempt"` // position in the answer key, from 0
	Typology string `json:"typology"`
	Txs      int    `json:"transactions"`
	Cited    int    `json:"cited"` // transactions some alert cites
	// Right counts the transactions whose winning typology is the
	// attempt's; Winners counts the winning typologies.
	Right   int            `json:"labelled_right"`
	Winners map[string]int `json:"winners,omitempty"`
}

// TypologyOutcome counts one typology's attempts.
type TypologyOutcome struct {
	Attempts int `json:"attempts"`
	// Detected counts the attempts all of whose transactions some alert
	// cites.
	Detected int `json:"detected"`
	// LabelledRight counts the detected attempts all of whose
	// transactions get the attempt's typology (detect.Winner over the
	// alerts citing each).
	LabelledRight int `json:"labelled_right"`
	// Partly counts the attempts with at least one transaction cited.
	Partly int `json:"partly_detected"`
}

// PatternReport is the outcome of evaluation.md §2.
type PatternReport struct {
	Attempts   int                        `json:"attempts"`
	ByTypology map[string]TypologyOutcome `json:"by_typology"`
	// BackgroundFalseAlarmRate is the share of the background
	// transactions within the key's span that some alert cites.
	BackgroundFalseAlarmRate float64 `json:"background_false_alarm_rate"`
	Background               int     `json:"background_transactions"`
	BackgroundFlagged        int     `json:"background_flagged"`
	WarmupTransactions       int     `json:"warmup_transactions"`
	// MappedAccounts says whether the key's accounts were mapped onto
	// background accounts (not PatternOptions.OwnAccounts).
	MappedAccounts bool   `json:"mapped_accounts"`
	Accounts       int    `json:"accounts"`
	Span           string `json:"span"`
	// AlertsByTypology counts the alerts, BackgroundAlerts those citing
	// background transactions only.
	AlertsByTypology map[string]int     `json:"alerts_by_typology"`
	BackgroundAlerts map[string]int     `json:"background_alerts_by_typology"`
	Bounded          detect.BoundCounts `json:"bounded_searches"`
	TxPerSecond      float64            `json:"tx_per_s"`
	Seconds          float64            `json:"seconds"`
	// Outcomes lists every attempt's outcome (PatternOptions.Detail).
	Outcomes []AttemptOutcome `json:"attempts_detail,omitempty"`
}

// Patterns runs evaluation.md §2: the answer key's attempts embedded in
// generated ordinary traffic with AMLworld-like statistics over the same
// span (after a warm-up of ordinary history), the key's accounts mapped
// onto distinct background accounts (AMLworld's laundering accounts also
// transact normally), and the stream run through the engine's miners.
func Patterns(ctx context.Context, key *amlworld.AnswerKey, o PatternOptions) (*PatternReport, error) {
	if o.Background <= 0 {
		o.Background = 1_000_000
	}
	if o.PerAccountDay <= 0 {
		o.PerAccountDay = 1
	}
	if o.Warmup == 0 {
		o.Warmup = 42 * 24 * time.Hour
	}
	if o.Batch <= 0 {
		o.Batch = 2048
	}
	if o.OpenShare == 0 {
		o.OpenShare = 0.05
	}
	say := func(format string, args ...any) {
		if o.Progress != nil {
			o.Progress(fmt.Sprintf(format, args...))
		}
	}
	if len(key.Attempts) == 0 {
		return nil, fmt.Errorf("evaluate: the answer key has no attempts")
	}
	start := time.Now()
	var lo, hi time.Time
	var keyAccounts []string
	seenAcct := map[string]bool{}
	for _, txs := range key.Txs {
		for _, tx := range txs {
			if lo.IsZero() || tx.Time.Before(lo) {
				lo = tx.Time
			}
			if tx.Time.After(hi) {
				hi = tx.Time
			}
			for _, a := range []string{tx.Originator, tx.Beneficiary} {
				if a != "" && !seenAcct[a] {
					seenAcct[a] = true
					keyAccounts = append(keyAccounts, a)
				}
			}
		}
	}
	spanStart := lo.Truncate(24 * time.Hour)
	spanEnd := hi.Truncate(24 * time.Hour).Add(24 * time.Hour)
	span := spanEnd.Sub(spanStart)
	days := span.Hours() / 24
	accounts := int(float64(o.Background) / days / o.PerAccountDay)
	accounts = max(accounts, 2*len(keyAccounts))
	warmTx := int(float64(o.Background) * float64(o.Warmup) / float64(span))
	rep := &PatternReport{Attempts: len(key.Attempts), ByTypology: map[string]TypologyOutcome{}, Accounts: accounts,
		Span: spanStart.Format(time.DateOnly) + " to " + spanEnd.Format(time.DateOnly), WarmupTransactions: warmTx,
		AlertsByTypology: map[string]int{}, BackgroundAlerts: map[string]int{}}

	// One generator for warm-up and span, so that accounts keep their
	// regular payees across both.
	gen := streamgen.New(streamgen.Config{Seed: o.Seed + 1, Accounts: accounts, Transactions: warmTx + o.Background,
		Start: spanStart.Add(-o.Warmup), Span: o.Warmup + span, IDPrefix: "bg", OpenShare: max(o.OpenShare, 0)})
	say("background: %d accounts, %d warm-up and %d span transactions", accounts, warmTx, o.Background)
	stream := make([]model.Transaction, warmTx+o.Background)
	gen.Fill(stream)

	// The key's accounts: mapped onto distinct background accounts, or
	// their own (prefixed, so that no background account shares a name).
	mapped := make(map[string]string, len(keyAccounts))
	if !o.OwnAccounts {
		perm := rand.New(rand.NewPCG(o.Seed, 0xA77E)).Perm(accounts)
		for i, a := range keyAccounts {
			mapped[a] = gen.AccountName(perm[i])
		}
	} else {
		for _, a := range keyAccounts {
			mapped[a] = "key/" + a
		}
	}
	rep.MappedAccounts = !o.OwnAccounts
	attemptOf := map[string]int{}
	for i, txs := range key.Txs {
		for j := range txs {
			tx := txs[j]
			tx.ID = fmt.Sprintf("key:%d:%d", i, j)
			tx.Originator, tx.Beneficiary = mapped[tx.Originator], mapped[tx.Beneficiary]
			attemptOf[tx.ID] = i
			stream = append(stream, tx)
		}
	}
	slices.SortStableFunc(stream, func(a, b model.Transaction) int { return a.Time.Compare(b.Time) })

	cfg := o.Engine
	cfg.Rows = false
	e, err := detect.New(cfg)
	if err != nil {
		return nil, err
	}
	alerts := map[string]model.Alert{}
	engineStart := time.Now()
	for i := 0; i < len(stream); i += o.Batch {
		res, err := e.Observe(stream[i:min(len(stream), i+o.Batch)])
		if err != nil {
			return nil, fmt.Errorf("evaluate: engine: %w", err)
		}
		for _, a := range res.Alerts {
			alerts[a.ID] = a
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	for _, a := range e.Flush() {
		alerts[a.ID] = a
	}
	rep.TxPerSecond = float64(len(stream)) / time.Since(engineStart).Seconds()
	rep.Bounded = e.Stats().Bounded

	// Which typologies cite each transaction.
	cited := map[string][]model.Typology{}
	for _, a := range alerts {
		rep.AlertsByTypology[string(a.Typology)]++
		background := true
		for _, id := range a.Evidence {
			if !slices.Contains(cited[id], a.Typology) {
				cited[id] = append(cited[id], a.Typology)
			}
			if strings.HasPrefix(id, "key:") {
				background = false
			}
		}
		if background {
			rep.BackgroundAlerts[string(a.Typology)]++
		}
	}
	for i, txs := range key.Txs {
		typ := string(key.Attempts[i].Typology)
		out := rep.ByTypology[typ]
		out.Attempts++
		all, any, right := true, false, true
		ao := AttemptOutcome{Attempt: i, Typology: typ, Txs: len(txs)}
		for j := range txs {
			id := fmt.Sprintf("key:%d:%d", i, j)
			typs := cited[id]
			if len(typs) == 0 {
				all = false
				right = false
				continue
			}
			any = true
			ao.Cited++
			win := detect.Winner(typs)
			if o.Detail {
				if ao.Winners == nil {
					ao.Winners = map[string]int{}
				}
				ao.Winners[string(win)]++
			}
			if win != key.Attempts[i].Typology {
				right = false
			} else {
				ao.Right++
			}
		}
		if o.Detail {
			rep.Outcomes = append(rep.Outcomes, ao)
		}
		if any {
			out.Partly++
		}
		if all {
			out.Detected++
			if right {
				out.LabelledRight++
			}
		}
		rep.ByTypology[typ] = out
	}
	for _, tx := range stream {
		if strings.HasPrefix(tx.ID, "key:") || tx.Time.Before(spanStart) {
			continue
		}
		rep.Background++
		if len(cited[tx.ID]) > 0 {
			rep.BackgroundFlagged++
		}
	}
	if rep.Background > 0 {
		rep.BackgroundFalseAlarmRate = float64(rep.BackgroundFlagged) / float64(rep.Background)
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}
