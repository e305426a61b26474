package evaluate

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/synth"
)

// PopulationReport is the result of Population: how often ordinary names
// of a synthetic bank — its parties and the distinct off-us counterparties
// of its transactions, screened as the monitor screens them — raise a
// sanctions hit, and whether the planted sanctioned names are found.
type PopulationReport struct {
	Threshold      float64      `json:"threshold"`
	Banks          []BankReport `json:"banks"`
	Screened       int          `json:"screened"` // parties + distinct counterparties, planted ones excluded
	FalseAlerts    int          `json:"false_alerts"`
	PerThousand    float64      `json:"false_alerts_per_1000"`
	Planted        int          `json:"planted"`
	PlantedFound   int          `json:"planted_found"`
	FalseAlertList []Miss       `json:"false_alert_list,omitempty"`
	MissedPlanted  []Miss       `json:"missed_planted,omitempty"`
	// PlantedHits are the planted names that were found, with the hit on
	// the expected entry (its score and explanation).
	PlantedHits []Miss `json:"planted_hits,omitempty"`
}

// BankReport is the outcome on one generated bank.
type BankReport struct {
	Seed           uint64  `json:"seed"`
	Customers      int     `json:"customers"`
	Days           int     `json:"days"`
	Parties        int     `json:"parties"`
	Counterparties int     `json:"counterparties"`
	FalseAlerts    int     `json:"false_alerts"`
	PerThousand    float64 `json:"false_alerts_per_1000"`
	Planted        int     `json:"planted"`
	PlantedFound   int     `json:"planted_found"`
}

// Population generates each bank of cfgs (synth.Generate), screens every
// party (screen.PartyQuery) and every distinct counterparty name and
// country of its transactions (screen.CounterpartyQuery), and counts the
// names that raise a hit at threshold. Names of the planted SANCTIONS
// cases are not negatives: they count as found when the entry the label
// names (its "SDN uid") is among their hits. With withMisses the false
// alerts and missed planted names are listed with their explanations.
func Population(ctx context.Context, ix *screen.Index, cfgs []synth.Config, threshold float64, workers int, withMisses bool) (PopulationReport, error) {
	rep := PopulationReport{Threshold: threshold}
	for _, cfg := range cfgs {
		bank := newBankNames()
		if _, err := synth.Generate(ctx, cfg, bank, nil); err != nil {
			return PopulationReport{}, fmt.Errorf("population seed %d: %w", cfg.Seed, err)
		}
		br, fa, missed, found := screenBank(ix, bank, threshold, workers)
		br.Seed, br.Customers, br.Days = cfg.Seed, cfg.Customers, cfg.Days
		rep.Banks = append(rep.Banks, br)
		rep.Screened += br.Parties + br.Counterparties
		rep.FalseAlerts += br.FalseAlerts
		rep.Planted += br.Planted
		rep.PlantedFound += br.PlantedFound
		if withMisses {
			rep.FalseAlertList = append(rep.FalseAlertList, fa...)
			rep.MissedPlanted = append(rep.MissedPlanted, missed...)
			rep.PlantedHits = append(rep.PlantedHits, found...)
		}
	}
	rep.PerThousand = perThousand(rep.FalseAlerts, rep.Screened)
	return rep, nil
}

func perThousand(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return round4(1000 * float64(n) / float64(of))
}

// bankNames is a synth.Output that keeps only what screening needs: the
// parties, the distinct counterparties and which of them are planted.
type bankNames struct {
	parties  []model.Party
	cps      []counterpartyName
	cpIndex  map[[2]string]int
	planted  map[string]string // party or account ID → expected entry ID
	plantTx  map[string]string // transaction ID → expected entry ID
	txCP     map[string]int    // transaction ID → counterparty, for planted transactions labelled later
	accounts map[string]bool   // accounts held at the bank
}

type counterpartyName struct {
	name, country string
	expect        string // expected entry ID when planted
}

func newBankNames() *bankNames {
	return &bankNames{cpIndex: map[[2]string]int{}, planted: map[string]string{}, plantTx: map[string]string{},
		txCP: map[string]int{}, accounts: map[string]bool{}}
}

// Party implements synth.Output.
func (b *bankNames) Party(p *model.Party) error { b.parties = append(b.parties, *p); return nil }

// Account implements synth.Output.
func (b *bankNames) Account(a *model.Account) error { b.accounts[a.ID] = true; return nil }

// Transaction implements synth.Output.
func (b *bankNames) Transaction(t *model.Transaction) error {
	cp := t.Counterparty
	if cp.Name == "" {
		return nil
	}
	k := [2]string{cp.Name, cp.Country}
	i, ok := b.cpIndex[k]
	if !ok {
		i = len(b.cps)
		b.cps = append(b.cps, counterpartyName{name: cp.Name, country: cp.Country})
		b.cpIndex[k] = i
	}
	// The off-us side of a planted counterparty case is a labelled account.
	for _, acct := range []string{t.Originator, t.Beneficiary, cp.Account} {
		if e, ok := b.planted[acct]; ok && acct != "" && !b.accounts[acct] {
			b.cps[i].expect = e
		}
	}
	b.txCP[t.ID] = i
	return nil
}

// Label implements synth.Output.
func (b *bankNames) Label(l model.Label) error {
	if l.Typology != model.TypSanctions {
		return nil
	}
	uid, _ := strings.CutPrefix(l.Note, "SDN uid ")
	switch l.EntityKind {
	case model.EntityParty, model.EntityAccount:
		b.planted[l.EntityID] = uid
	case model.EntityTransaction:
		if i, ok := b.txCP[l.EntityID]; ok {
			b.cps[i].expect = uid
		}
	}
	return nil
}

// screenBank screens a bank's names and returns its report, the false
// alerts, the missed planted names and the hits on planted names.
func screenBank(ix *screen.Index, b *bankNames, threshold float64, workers int) (BankReport, []Miss, []Miss, []Miss) {
	type item struct {
		q      screen.Query
		expect string
		kind   string
	}
	var items []item
	for i := range b.parties {
		p := &b.parties[i]
		q := screen.PartyQuery(p)
		if len(q.Names) == 0 {
			continue
		}
		q.Threshold = threshold
		items = append(items, item{q, b.planted[p.ID], "party"})
	}
	for _, c := range b.cps {
		q := screen.CounterpartyQuery(c.name, c.country)
		q.Threshold = threshold
		items = append(items, item{q, c.expect, "counterparty"})
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	hits := make([][]screen.Hit, len(items))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(items); i += workers {
				hits[i] = ix.Match(items[i].q)
			}
		}(w)
	}
	wg.Wait()
	var br BankReport
	var fa, missed, found []Miss
	for i, it := range items {
		hs := hits[i]
		if it.expect != "" {
			br.Planted++
			hit := -1
			for k, h := range hs {
				if hit < 0 && h.Entity.ID == it.expect {
					hit = k
				}
			}
			if hit >= 0 {
				br.PlantedFound++
				h := hs[hit]
				found = append(found, Miss{Kind: it.kind, Name: strings.Join(it.q.Names, " / "), Expect: it.expect, Score: h.Score, Why: h.Explanation.String()})
			} else {
				m := Miss{Kind: it.kind, Name: strings.Join(it.q.Names, " / "), Expect: it.expect}
				if len(hs) > 0 {
					m.Top, m.Score, m.Why = hs[0].Entity.ID+" "+hs[0].Entity.PrimaryName(), hs[0].Score, hs[0].Explanation.String()
				}
				missed = append(missed, m)
			}
			continue
		}
		if it.kind == "party" {
			br.Parties++
		} else {
			br.Counterparties++
		}
		if len(hs) == 0 {
			continue
		}
		br.FalseAlerts++
		fa = append(fa, Miss{Kind: it.kind, Name: strings.Join(it.q.Names, " / "), Top: hs[0].Entity.ID + " " + hs[0].Entity.PrimaryName(),
			Score: hs[0].Score, Why: hs[0].Explanation.String()})
	}
	br.PerThousand = perThousand(br.FalseAlerts, br.Parties+br.Counterparties)
	sort.SliceStable(fa, func(i, j int) bool { return fa[i].Score > fa[j].Score })
	return br, fa, missed, found
}

// PopulationConfigs returns generator configurations for the given seeds:
// customers ordinary customers over days days, default rates otherwise.
func PopulationConfigs(seeds []uint64, customers, days int) []synth.Config {
	var out []synth.Config
	for _, s := range seeds {
		c := synth.DefaultConfig()
		c.Seed, c.Customers, c.Days = s, customers, days
		out = append(out, c)
	}
	return out
}

// ParseSeeds reads "1-3" or "4,5,6" (or a mix) as a list of seeds.
func ParseSeeds(s string) ([]uint64, error) {
	var out []uint64
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseUint(lo, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("seeds %q: %q is not a number", s, lo)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseUint(hi, 10, 64); err != nil || b < a {
				return nil, fmt.Errorf("seeds %q: %q is not a range low-high", s, part)
			}
		}
		for x := a; x <= b; x++ {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("seeds %q: no seed", s)
	}
	return out, nil
}
