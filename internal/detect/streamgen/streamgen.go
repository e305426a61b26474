// Package streamgen generates ordinary-looking transaction streams with
// statistics like IBM AMLworld's (Altman et al., NeurIPS 2023): hundreds of
// thousands of accounts at a few dozen banks, heavy-tailed activity (most
// accounts make a handful of payments, a few make thousands), recurring
// payees, self transfers, minute timestamps in time order.
//
// It feeds the detection benchmarks and serves as the background into which
// evaluations embed labelled laundering patterns. It contains no laundering
// of its own. Its statistics are approximations chosen by the authors, not
// fitted to any data set: do not read detection quality off it alone.
package streamgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// Config parameterises a stream. Zero fields take the defaults noted.
type Config struct {
	Seed uint64
	// Accounts is the number of accounts. Default 500,000 (AMLworld
	// HI-Small has about 515 thousand).
	Accounts int
	// Transactions is the length of the stream. Default 5,000,000
	// (HI-Small: about 5.1 million).
	Transactions int
	// Start is the first timestamp. Default 2022-09-01 00:00 UTC.
	Start time.Time
	// Span is the time the stream covers. Default 10 days.
	Span time.Duration
	// Banks is the number of banks. Default 30.
	Banks int
	// ActivityTail is the Pareto index of how often an account pays.
	// Default 1.5: smaller is heavier-tailed.
	ActivityTail float64
	// PopularityTail is the Pareto index of how often an account is paid.
	// Default 1.2, so that some accounts (merchants, employers' payroll
	// banks) are paid by very many others.
	PopularityTail float64
	// Recurring is the share of payments that go to one of the payer's
	// regular payees rather than to a random account. Default 0.7.
	Recurring float64
	// Payees is the mean number of regular payees per account. Default 4.
	Payees int
	// SelfShare is the share of self transfers (AMLworld's
	// "Reinvestment"). Default 0.08.
	SelfShare float64
	// IDPrefix starts every transaction ID. Default "g".
	IDPrefix string
	// OpenShare is the share of accounts that are opened while the stream
	// runs, each at a uniformly drawn time: before it an account neither
	// pays nor is paid. Default 0: every account exists from the start.
	// Banks open new accounts all the time (and see dormant ones wake up),
	// so an evaluation that credits the engine for noticing new accounts
	// must have them in its background too.
	OpenShare float64
}

func (c Config) withDefaults() Config {
	if c.Accounts <= 0 {
		c.Accounts = 500_000
	}
	if c.Transactions <= 0 {
		c.Transactions = 5_000_000
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Span <= 0 {
		c.Span = 10 * 24 * time.Hour
	}
	if c.Banks <= 0 {
		c.Banks = 30
	}
	if c.ActivityTail <= 0 {
		c.ActivityTail = 1.5
	}
	if c.PopularityTail <= 0 {
		c.PopularityTail = 1.2
	}
	if c.Recurring <= 0 {
		c.Recurring = 0.7
	}
	if c.Payees <= 0 {
		c.Payees = 4
	}
	if c.SelfShare <= 0 {
		c.SelfShare = 0.08
	}
	if c.IDPrefix == "" {
		c.IDPrefix = "g"
	}
	// Some accounts must exist from the start, or nobody could pay.
	c.OpenShare = min(max(c.OpenShare, 0), 0.9)
	return c
}

// Generator produces one stream. It is deterministic per Config.
type Generator struct {
	cfg        Config
	rng        *rand.Rand
	names      []string
	currency   []string
	payers     alias
	payees     alias
	payeeStart []int32
	payeeList  []uint32
	emitted    int
	idBuf      []byte
	opens      []int64 // per account: Unix ns it opens, when OpenShare > 0
}

// currencies and their shares among accounts (approximate).
var currencies = []struct {
	code  string
	share float64
}{
	{"USD", 0.55}, {"EUR", 0.15}, {"GBP", 0.05}, {"CNY", 0.05}, {"JPY", 0.04}, {"INR", 0.04},
	{"CAD", 0.03}, {"AUD", 0.03}, {"CHF", 0.02}, {"MXN", 0.02}, {"BRL", 0.02},
}

// channels and their shares among payments between two accounts
// (approximate; self transfers are separate).
var channels = []struct {
	ch    model.Channel
	share float64
}{
	{model.ChannelCheck, 0.38}, {model.ChannelCard, 0.27}, {model.ChannelACH, 0.16},
	{model.ChannelCash, 0.10}, {model.ChannelWire, 0.06}, {model.ChannelCrypto, 0.03},
}

// New prepares a generator: account names, activity and popularity
// weights, regular payees.
func New(cfg Config) *Generator {
	cfg = cfg.withDefaults()
	g := &Generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5DEECE66D))}
	n := cfg.Accounts
	g.names = make([]string, n)
	g.currency = make([]string, n)
	act := make([]float64, n)
	pop := make([]float64, n)
	for i := range n {
		bank := g.rng.IntN(cfg.Banks)
		g.names[i] = fmt.Sprintf("%03d:8%07X", bank, i)
		g.currency[i] = pickCurrency(g.rng.Float64())
		act[i] = pareto(g.rng.Float64(), cfg.ActivityTail)
		pop[i] = pareto(g.rng.Float64(), cfg.PopularityTail)
	}
	g.payers = newAlias(act)
	g.payees = newAlias(pop)
	g.payeeStart = make([]int32, n+1)
	g.payeeList = make([]uint32, 0, n*cfg.Payees)
	for i := range n {
		g.payeeStart[i] = int32(len(g.payeeList))
		k := 1 + g.rng.IntN(2*cfg.Payees-1) // mean Payees
		for range k {
			p := g.payees.sample(g.rng)
			if int(p) != i {
				g.payeeList = append(g.payeeList, p)
			}
		}
	}
	g.payeeStart[n] = int32(len(g.payeeList))
	if cfg.OpenShare > 0 {
		// Drawn from a stream of its own, so that the rest of the stream
		// keeps its draws for the same seed.
		r := rand.New(rand.NewPCG(cfg.Seed^0x09E4, cfg.Seed))
		g.opens = make([]int64, n)
		start, span := cfg.Start.UnixNano(), float64(cfg.Span)
		for i := range g.opens {
			if r.Float64() < cfg.OpenShare {
				g.opens[i] = start + int64(r.Float64()*span)
			}
		}
	}
	return g
}

// open reports whether account i exists at time t (Unix ns).
func (g *Generator) open(i int, t int64) bool { return g.opens == nil || g.opens[i] <= t }

// OpensAt returns when account i opens: the stream's start for accounts
// that exist from the beginning.
func (g *Generator) OpensAt(i int) time.Time {
	if g.opens == nil || g.opens[i] == 0 {
		return g.cfg.Start
	}
	return time.Unix(0, g.opens[i]).UTC()
}

func pickCurrency(u float64) string {
	for _, c := range currencies {
		if u < c.share {
			return c.code
		}
		u -= c.share
	}
	return "USD"
}

func pickChannel(u float64) model.Channel {
	for _, c := range channels {
		if u < c.share {
			return c.ch
		}
		u -= c.share
	}
	return model.ChannelACH
}

// pareto draws from a Pareto distribution with scale 1 and index alpha,
// capped so that no account dominates the whole stream.
func pareto(u, alpha float64) float64 {
	return min(math.Pow(1-u, -1/alpha), 1e5)
}

// AccountName returns the name of account i (0 ≤ i < Accounts).
func (g *Generator) AccountName(i int) string { return g.names[i] }

// Config returns the generator's configuration with defaults filled in.
func (g *Generator) Config() Config { return g.cfg }

// Remaining returns how many transactions the stream still has.
func (g *Generator) Remaining() int { return g.cfg.Transactions - g.emitted }

// Fill writes the next transactions of the stream into batch and returns
// how many it wrote: len(batch), or fewer at the end of the stream.
func (g *Generator) Fill(batch []model.Transaction) int {
	n := min(len(batch), g.Remaining())
	span := float64(g.cfg.Span)
	total := float64(g.cfg.Transactions)
	for i := range n {
		k := g.emitted + i
		t := g.cfg.Start.Add(time.Duration(span * float64(k) / total)).Truncate(time.Minute)
		tn := t.UnixNano()
		src := int(g.payers.sample(g.rng))
		for !g.open(src, tn) {
			src = int(g.payers.sample(g.rng))
		}
		var dst int
		ch := model.ChannelInternal
		switch u := g.rng.Float64(); {
		case u < g.cfg.SelfShare:
			dst = src
		case u < g.cfg.SelfShare+(1-g.cfg.SelfShare)*g.cfg.Recurring && g.payeeStart[src+1] > g.payeeStart[src]:
			lo, hi := g.payeeStart[src], g.payeeStart[src+1]
			dst = int(g.payeeList[lo+int32(g.rng.IntN(int(hi-lo)))])
			ch = pickChannel(g.rng.Float64())
		default:
			dst = int(g.payees.sample(g.rng))
			ch = pickChannel(g.rng.Float64())
		}
		for !g.open(dst, tn) { // a regular payee not opened yet: someone else
			dst = int(g.payees.sample(g.rng))
		}
		amount := math.Exp(math.Log(1500) + 1.6*g.rng.NormFloat64())
		if g.rng.IntN(8) == 0 {
			amount = math.Max(100, math.Round(amount/100)*100)
		} else {
			amount = math.Round(amount*100) / 100
		}
		g.idBuf = strconv.AppendUint(append(g.idBuf[:0], g.cfg.IDPrefix...), uint64(k), 10)
		cur := g.currency[src]
		batch[i] = model.Transaction{
			ID:          string(g.idBuf),
			Time:        t,
			Originator:  g.names[src],
			Beneficiary: g.names[dst],
			Amount:      amount,
			Currency:    cur,
			Channel:     ch,
		}
	}
	g.emitted += n
	return n
}

// alias samples indices in proportion to weights in O(1) (Vose's alias
// method).
type alias struct {
	prob  []float64
	alias []uint32
}

func newAlias(w []float64) alias {
	n := len(w)
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	a := alias{prob: make([]float64, n), alias: make([]uint32, n)}
	scaled := make([]float64, n)
	var small, large []uint32
	for i, x := range w {
		scaled[i] = x * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, uint32(i))
		} else {
			large = append(large, uint32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small, large = small[:len(small)-1], large[:len(large)-1]
		a.prob[s], a.alias[s] = scaled[s], l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			small = append(small, l)
		} else {
			large = append(large, l)
		}
	}
	for _, i := range large {
		a.prob[i] = 1
	}
	for _, i := range small {
		a.prob[i] = 1
	}
	return a
}

func (a alias) sample(r *rand.Rand) uint32 {
	i := r.IntN(len(a.prob))
	if r.Float64() < a.prob[i] {
		return uint32(i)
	}
	return a.alias[i]
}
