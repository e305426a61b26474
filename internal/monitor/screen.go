package monitor

import (
	"runtime"
	"sync"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/screen"
)

// maxScreenEvidence caps the transactions one counterparty-screening alert
// cites.
const maxScreenEvidence = 200

// ScreenParties screens every party — all its names, birth date,
// nationalities and documents — and returns one alert per hit at or above
// the screener's default threshold, about the party. created stamps the
// alerts. Parties are screened in parallel.
func ScreenParties(s *screen.Screener, parties []model.Party, created time.Time) []model.Alert {
	hits := make([][]screen.Hit, len(parties))
	parallel(len(parties), func(i int) {
		hits[i] = s.Match(screen.PartyQuery(&parties[i]))
	})
	var out []model.Alert
	for i, hs := range hits {
		for _, h := range hs {
			out = append(out, h.Alert(model.Subject{Kind: model.SubjectParty, ID: parties[i].ID}, created))
		}
	}
	return out
}

// parallel runs f(0) … f(n-1) on GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

type counterpartyKey struct {
	name, country string
	kind          model.PartyKind
}

// counterpartyScreen screens the off-us counterparties of a stream, each
// distinct name and country once, and raises one alert per customer account
// and listed entry, whose evidence grows with every payment.
type counterpartyScreen struct {
	s      *screen.Screener
	held   func(account string) bool // our institution's accounts; nil: unknown
	cache  map[counterpartyKey][]screen.Hit
	alerts map[string]*model.Alert
	fresh  []counterpartyKey
}

func newCounterpartyScreen(s *screen.Screener, held func(string) bool) *counterpartyScreen {
	return &counterpartyScreen{s: s, held: held, cache: map[counterpartyKey][]screen.Hit{}, alerts: map[string]*model.Alert{}}
}

// observe screens the batch's counterparties not seen before, then returns
// the alerts the batch opened or grew, in their latest state.
func (c *counterpartyScreen) observe(batch []model.Transaction) []model.Alert {
	c.fresh = c.fresh[:0]
	for i := range batch {
		cp := &batch[i].Counterparty
		if cp.Name == "" {
			continue
		}
		k := counterpartyKey{cp.Name, cp.Country, cp.Type}
		if _, ok := c.cache[k]; !ok {
			c.cache[k] = nil
			c.fresh = append(c.fresh, k)
		}
	}
	if len(c.fresh) > 0 {
		hits := make([][]screen.Hit, len(c.fresh))
		parallel(len(c.fresh), func(i int) {
			hits[i] = c.s.Match(counterpartyQuery(c.fresh[i]))
		})
		for i, k := range c.fresh {
			c.cache[k] = hits[i]
		}
	}

	var touched []string
	for i := range batch {
		tx := &batch[i]
		if tx.Counterparty.Name == "" {
			continue
		}
		hits := c.cache[counterpartyKey{tx.Counterparty.Name, tx.Counterparty.Country, tx.Counterparty.Type}]
		if len(hits) == 0 {
			continue
		}
		subject := model.Subject{Kind: model.SubjectAccount, ID: c.customerSide(tx)}
		for _, h := range hits {
			a := h.Alert(subject, tx.Time)
			prev, ok := c.alerts[a.ID]
			if !ok {
				a.Reason = "payment with a listed counterparty: " + a.Reason
				a.WindowStart = tx.Time
				prev = &a
				c.alerts[a.ID] = prev
			}
			if len(prev.Evidence) < maxScreenEvidence {
				prev.Evidence = append(prev.Evidence, tx.ID)
			}
			prev.WindowEnd = tx.Time
			touched = append(touched, a.ID)
		}
	}
	out := make([]model.Alert, 0, len(touched))
	seen := map[string]bool{}
	for _, id := range touched {
		if !seen[id] {
			seen[id] = true
			a := *c.alerts[id]
			a.Evidence = append([]string(nil), a.Evidence...)
			out = append(out, a)
		}
	}
	return out
}

// counterpartyQuery screens a counterparty by name and country, and by
// type when the payment message says whether it is a person or an
// organisation (a person's name then never hits a company's, and back).
func counterpartyQuery(k counterpartyKey) screen.Query {
	q := screen.CounterpartyQuery(k.name, k.country)
	switch k.kind {
	case model.Person:
		q.Type = screen.TypePerson
	case model.Organization:
		q.Type = screen.TypeOrganization
	}
	return q
}

// customerSide returns the account of our customer in a payment with an
// off-us counterparty.
func (c *counterpartyScreen) customerSide(tx *model.Transaction) string {
	switch {
	case tx.Counterparty.Account != "" && tx.Counterparty.Account == tx.Originator:
		return tx.Beneficiary
	case tx.Counterparty.Account != "" && tx.Counterparty.Account == tx.Beneficiary:
		return tx.Originator
	case c.held != nil && tx.Originator != "" && c.held(tx.Originator):
		return tx.Originator
	case c.held != nil && tx.Beneficiary != "" && c.held(tx.Beneficiary):
		return tx.Beneficiary
	case tx.Originator != "":
		return tx.Originator
	}
	return tx.Beneficiary
}
