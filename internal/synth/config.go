package synth

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// ErrConfig is wrapped by the errors Config.Validate returns.
var ErrConfig = errors.New("invalid generator configuration")

// LookAlike names a kind of ordinary customer that resembles a launderer but
// is not one. Look-alikes carry no label: they are there so that a detector
// that fires on them loses precision.
type LookAlike string

// Look-alike kinds. Each mirrors one or more planted typologies.
const (
	// LookIntlStudent: an F-1/J-1 student receiving tuition and living wires
	// from parents abroad and paying tuition (mirrors money-mule students).
	LookIntlStudent LookAlike = "intl_student"
	// LookImporter: an import business wiring suppliers in CN/HK after
	// receiving payments from many US customers (mirrors pass-through, TBML).
	LookImporter LookAlike = "importer"
	// LookCashRestaurant: a cash-intensive restaurant depositing cash at its
	// home branch, sometimes $8,000–$9,999 on busy days (mirrors structuring).
	LookCashRestaurant LookAlike = "cash_restaurant"
	// LookHomeBuyer: a well-paid customer buying a home with a cashier's
	// check to escrow funded from savings (mirrors real-estate integration).
	LookHomeBuyer LookAlike = "home_buyer"
	// LookLandlord: a landlord receiving rent from many tenants (mirrors fan-in
	// and funnel accounts).
	LookLandlord LookAlike = "landlord"
	// LookPayroll: an employer paying many employees by direct deposit
	// (mirrors fan-out).
	LookPayroll LookAlike = "payroll"
	// LookFamilyP2P: a person sending several P2P payments to relatives on a
	// holiday (mirrors fan-out and scatter patterns).
	LookFamilyP2P LookAlike = "family_p2p"
	// LookRemitter: an immigrant sending a large share of pay home to MX, CN,
	// PH … every month (mirrors pass-through abroad).
	LookRemitter LookAlike = "remitter"
	// LookOnlineSeller: a small retailer receiving marketplace payouts and
	// buying inventory (mirrors TBML fronts, TB-1).
	LookOnlineSeller LookAlike = "online_seller"
	// LookTanda: the organiser of a tanda (a rotating savings club common in
	// Mexican communities) collecting P2P from many members and paying the pot
	// out (mirrors daigou collections and funnels).
	LookTanda LookAlike = "tanda"
)

// LookAlikes lists every look-alike kind in a fixed order.
var LookAlikes = []LookAlike{
	LookIntlStudent, LookImporter, LookCashRestaurant, LookHomeBuyer, LookLandlord,
	LookPayroll, LookFamilyP2P, LookRemitter, LookOnlineSeller, LookTanda,
}

// PlantedTypologies lists the typologies the generator plants, in the order
// it plants them: the FIN-2025-A003 typologies, the eight AMLworld graph
// patterns, then sanctioned names.
var PlantedTypologies = []model.Typology{
	model.TypUnexplainedWealth, model.TypStructuring, model.TypSmurfing, model.TypFunnel,
	model.TypPassThrough, model.TypRealEstate, model.TypTBML, model.TypMirror,
	model.TypSharedIdentifier, model.TypInsider,
	model.TypFanOut, model.TypFanIn, model.TypCycle, model.TypScatterGather,
	model.TypGatherScatter, model.TypBipartite, model.TypStack, model.TypRandom,
	model.TypSanctions,
}

// Config says what bank to generate. The zero value is not useful; start from
// DefaultConfig.
type Config struct {
	// Seed makes the output: the same Config gives byte-identical files.
	Seed uint64
	// Customers is the number of ordinary customers (persons and
	// organisations). Bank employees, the correspondent banks' customers and
	// the parties created for planted cases come on top.
	Customers int
	// Days is the length of the transaction history.
	Days int
	// Start is the first day of the history (a date; the time of day is
	// ignored).
	Start time.Time
	// Rates are planted cases per 1,000 customers, per typology. A typology
	// with a positive rate gets at least one case. A typology missing from
	// the map is not planted. Sanctioned names are capped by the number of
	// embedded SDN variants.
	Rates map[model.Typology]float64
	// LookAlikes are look-alike customers per 1,000 customers, per kind; a
	// kind with a positive rate gets at least one.
	LookAlikes map[LookAlike]float64
}

// Defaults. A demo-sized bank (a few thousand customers over a quarter)
// gets a few planted cases of every typology and about as many look-alikes
// as planted cases.
const (
	DefaultCustomers = 3000
	DefaultDays      = 90
	DefaultSeed      = 1
)

// DefaultStart is the default first day of the history.
var DefaultStart = time.Date(2025, time.March, 3, 0, 0, 0, 0, time.UTC)

// DefaultRates returns the default planted cases per 1,000 customers: one
// case of each typology per 1,000 customers, two sanctioned names.
func DefaultRates() map[model.Typology]float64 {
	m := make(map[model.Typology]float64, len(PlantedTypologies))
	for _, t := range PlantedTypologies {
		m[t] = 1
	}
	m[model.TypSanctions] = 2
	return m
}

// DefaultLookAlikes returns the default look-alikes per 1,000 customers. Ten
// kinds at these rates give about 20 look-alikes per 1,000 customers, about
// the number of planted cases.
func DefaultLookAlikes() map[LookAlike]float64 {
	return map[LookAlike]float64{
		LookIntlStudent:    3,
		LookImporter:       1.5,
		LookCashRestaurant: 2,
		LookHomeBuyer:      1.5,
		LookLandlord:       2,
		LookPayroll:        1.5,
		LookFamilyP2P:      3,
		LookRemitter:       2,
		LookOnlineSeller:   1,
		LookTanda:          1.5,
	}
}

// DefaultConfig returns the default configuration.
func DefaultConfig() Config {
	return Config{
		Seed:       DefaultSeed,
		Customers:  DefaultCustomers,
		Days:       DefaultDays,
		Start:      DefaultStart,
		Rates:      DefaultRates(),
		LookAlikes: DefaultLookAlikes(),
	}
}

// Limits of a configuration.
const (
	MinCustomers = 100
	MaxCustomers = 2_000_000
	MinDays      = 30
	MaxDays      = 3660
)

// Validate reports what is wrong with c, wrapping ErrConfig.
func (c Config) Validate() error {
	if c.Customers < MinCustomers || c.Customers > MaxCustomers {
		return fmt.Errorf("%w: customers %d: want %d to %d", ErrConfig, c.Customers, MinCustomers, MaxCustomers)
	}
	if c.Days < MinDays || c.Days > MaxDays {
		return fmt.Errorf("%w: days %d: want %d to %d (planted cases need weeks to unfold)", ErrConfig, c.Days, MinDays, MaxDays)
	}
	if c.Start.IsZero() {
		return fmt.Errorf("%w: start date is not set", ErrConfig)
	}
	if y := c.Start.Year(); y < 1990 || y > 2100 {
		return fmt.Errorf("%w: start %s: want a year from 1990 to 2100", ErrConfig, c.Start.Format(model.DateLayout))
	}
	known := map[model.Typology]bool{}
	for _, t := range PlantedTypologies {
		known[t] = true
	}
	for t, r := range c.Rates {
		if !known[t] {
			return fmt.Errorf("%w: rate for %q: the generator plants only %v", ErrConfig, t, PlantedTypologies)
		}
		if r < 0 || math.IsNaN(r) || r > 100 {
			return fmt.Errorf("%w: rate for %s is %v: want 0 to 100 cases per 1,000 customers", ErrConfig, t, r)
		}
	}
	kinds := map[LookAlike]bool{}
	for _, k := range LookAlikes {
		kinds[k] = true
	}
	for k, r := range c.LookAlikes {
		if !kinds[k] {
			return fmt.Errorf("%w: look-alike rate for %q: want one of %v", ErrConfig, k, LookAlikes)
		}
		if r < 0 || math.IsNaN(r) || r > 100 {
			return fmt.Errorf("%w: look-alike rate for %s is %v: want 0 to 100 per 1,000 customers", ErrConfig, k, r)
		}
	}
	return nil
}

// count turns a rate per 1,000 customers into a count: at least one when
// the rate is positive.
func count(rate float64, customers int) int {
	if rate <= 0 {
		return 0
	}
	return max(1, int(math.Round(rate*float64(customers)/1000)))
}
