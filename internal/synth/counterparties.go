package synth

import (
	"fmt"
	"strings"

	"github.com/centinela-aml/centinela/internal/model"
)

// counterparty is a party at another institution (or a merchant) as the
// bank sees it in payment messages: an account ID that appears only in
// transactions, a name, a country.
type counterparty struct {
	acct    string
	name    string
	country string
	kind    model.PartyKind
	naics   string
	bank    string
	mcc     string
}

// block returns the counterparty fields of a transaction.
func (c *counterparty) block() model.Counterparty {
	if c == nil {
		return model.Counterparty{}
	}
	return model.Counterparty{Name: c.name, Country: c.country, Type: c.kind, NAICS: c.naics, Bank: c.bank}
}

// bizKind is a line of business, for customers and counterparties alike.
type bizKind uint8

const (
	bizRestaurantMX bizKind = iota
	bizRestaurantCN
	bizRestaurantUS
	bizGrocery
	bizElectronics
	bizJewelry
	bizBoutique
	bizImporter
	bizConstruction
	bizRealEstate
	bizLandlord
	bizAutoRepair
	bizSalon
	bizTrucking
	bizMedical
	bizAccounting
	bizEscrow
	bizTitle
	bizEmployer // a generic employer (off-us)
)

// bizInfo describes a line of business: its NAICS code (2022), name
// templates and the share of its sales taken in cash.
type bizInfo struct {
	naics    string
	first    []string
	second   []string
	cash     float64 // share of sales in cash
	card     float64 // share of sales by card (settled by the acquirer)
	revenue  float64 // median annual revenue, USD
	staff    int     // median head count
	occupier string  // the owner's declared occupation
}

var bizInfos = map[bizKind]bizInfo{
	bizRestaurantMX: {"722511", []string{"Taquería", "Mariscos", "Restaurante", "Birriería", "Antojitos", "Carnitas"},
		[]string{"El Güero", "La Palma", "Los Arcos", "El Sazón", "La Fogata", "Don Chuy", "El Rey", "Las Brisas", "La Esperanza", "El Sinaloense", "Los Compadres", "La Cabaña"},
		0.35, 0.6, 900000, 12, "Restaurant owner"},
	bizRestaurantCN: {"722511", []string{"Golden Dragon", "Jade Garden", "Lucky Star", "Sichuan Spice", "Happy Dumpling", "Canton Palace", "Dragon Phoenix", "Shanghai Taste", "Hunan Garden", "Sea Harbour", "Peking Duck", "Lotus"},
		[]string{"Restaurant", "Seafood Restaurant", "Kitchen", "Noodle House", "Dim Sum", "Bistro"},
		0.3, 0.65, 1100000, 14, "Restaurant owner"},
	bizRestaurantUS: {"722513", []string{"Harbor", "Blue Oak", "Main Street", "Sunset", "Copper Pot", "Red Barn", "Coastline", "Union", "Canyon", "Pier"},
		[]string{"Grill", "Diner", "Cafe", "Kitchen", "Bar & Grill", "Eatery"},
		0.15, 0.83, 800000, 10, "Restaurant owner"},
	bizGrocery: {"445110", []string{"Valley Fresh", "Golden Harvest", "Sun Ranch", "Jade Asian", "Lucky", "Mercado", "Plaza", "Pacific Produce", "Tianhe", "El Super"},
		[]string{"Market", "Supermarket", "Foods", "Grocery"},
		0.3, 0.68, 1500000, 9, "Business owner"},
	bizElectronics: {"449210", []string{"Pacific Mobile", "Star Wireless", "Golden Electronics", "Digital Plaza", "Smart Gadget", "Techline", "Phone Zone", "Bright Circuit"},
		[]string{"Electronics", "Wireless", "Mobile & Electronics", "Tech"},
		0.15, 0.8, 700000, 4, "Business owner"},
	bizJewelry: {"458310", []string{"Golden", "Jade Pearl", "Diamond Plaza", "Joyería La Perla", "Eternity", "Royal Gem"},
		[]string{"Jewelry", "Jewelers", "Jewelry & Watches"},
		0.25, 0.72, 900000, 4, "Business owner"},
	bizBoutique: {"458110", []string{"Luxe", "Maison Rouge", "Elite", "Prestige", "Bella", "Orchid"},
		[]string{"Boutique", "Fashion", "Leather Goods", "Handbags"},
		0.1, 0.88, 600000, 3, "Business owner"},
	bizImporter: {"423690", []string{"Trans-Pacific", "Sunrise", "Golden Bridge", "Pacific Rim", "Grand Ocean", "Orient Star", "Silver Dragon", "Harbor Gate"},
		[]string{"Imports", "Trading USA", "Import & Export", "Distributors", "Supply"},
		0, 0, 2500000, 8, "Business owner"},
	bizConstruction: {"236118", []string{"García & Sons", "Pacific", "Sierra", "Summit", "Valle", "Cornerstone", "Ironwood", "Mesa"},
		[]string{"Construction", "Builders", "Remodeling", "Roofing", "Concrete"},
		0.05, 0.1, 1200000, 9, "Self-employed contractor"},
	bizRealEstate: {"531210", []string{"Valley", "Golden Key", "Pacific Homes", "Casa Bella", "Summit", "Bayview"},
		[]string{"Realty", "Realty Group", "Real Estate", "Properties"},
		0, 0.1, 600000, 5, "Business owner"},
	bizLandlord: {"531110", []string{"Lotus", "Maple Court", "Sunrise", "Oak Grove", "Palm Terrace", "Garden View"},
		[]string{"Property Holdings", "Apartments", "Rentals", "Properties"},
		0, 0, 400000, 1, "Business owner"},
	bizAutoRepair: {"811111", []string{"Lucky", "Pacific", "Speedy", "El Compa", "Rancho", "Westside"},
		[]string{"Auto Repair", "Auto Service", "Tire & Auto", "Transmission"},
		0.2, 0.75, 500000, 5, "Business owner"},
	bizSalon: {"812112", []string{"Bella", "Lotus", "Glamour", "Estilo", "Pearl", "Venus"},
		[]string{"Salon", "Beauty Salon", "Nails & Spa", "Hair Studio"},
		0.3, 0.65, 250000, 4, "Business owner"},
	bizTrucking: {"484121", []string{"Border", "Pacific", "Golden State", "Frontera", "Interstate", "Valley"},
		[]string{"Trucking", "Freight", "Logistics", "Transport"},
		0, 0, 1100000, 7, "Business owner"},
	bizMedical: {"621210", []string{"Bright Smile", "Family", "Valley", "Lotus", "Sonrisa", "Pacific"},
		[]string{"Dental", "Dental Group", "Medical Clinic", "Family Medicine"},
		0.05, 0.6, 1300000, 8, "Dentist"},
	bizAccounting: {"541211", []string{"Lee & Associates", "Chen & Wong", "Martínez", "Pacific", "Summit", "Reyes"},
		[]string{"CPA", "Accounting", "Tax Services", "Bookkeeping"},
		0.02, 0.3, 500000, 4, "Accountant"},
	bizEscrow: {"531390", []string{"Arroyo", "Golden State", "Premier", "Sierra Madre", "Arcadia Premier", "Harbor"},
		[]string{"Escrow", "Escrow Services", "Escrow Inc"},
		0, 0, 1500000, 6, "Business owner"},
	bizTitle: {"524127", []string{"First Coast", "Pacific", "Golden West", "Southland", "Bay Cities"},
		[]string{"Title Company", "Title Insurance", "Title"},
		0, 0, 3000000, 20, "Business owner"},
	bizEmployer: {"561320", []string{"Westside", "Pacific", "Golden State", "Southland", "Sierra", "Coastal", "Inland", "Metro", "Valley", "Harbor", "Summit", "Sunrise"},
		[]string{"Medical Group", "Logistics", "Distribution Center", "Manufacturing", "Health System", "Unified School District", "Staffing", "Foods", "Hospitality Group", "Warehouse Services", "Home Care", "Security Services"},
		0, 0, 0, 0, ""},
}

// usLegalForms are the legal forms appended to US business names.
var usLegalForms = []string{"Inc.", "LLC", "LLC", "Corp.", "Co."}

// bizName draws a unique business name of kind k.
func (m *idMaker) bizName(k bizKind) string {
	info := bizInfos[k]
	return m.uniqueName("orgname", func(try int) string {
		name := pick(m.r, info.first) + " " + qualify(m.r, try) + pick(m.r, info.second)
		if k == bizEmployer {
			return name
		}
		if m.r.chance(0.15) {
			name += fmt.Sprintf(" #%d", m.r.intBetween(2, 12))
		}
		return name + " " + pick(m.r, usLegalForms)
	})
}

// Foreign company names.
var (
	cnCityPrefix = []string{"Shenzhen", "Dongguan", "Guangzhou", "Yiwu", "Ningbo", "Xiamen", "Foshan", "Zhongshan"}
	cnWords      = []string{"Huaxin", "Meilin", "Hongda", "Jinlong", "Xinghe", "Tianyu", "Ruifeng", "Yongsheng", "Baoli", "Jiahe", "Shengda", "Kaiyuan"}
	cnProducts   = []string{"Electronics", "Garment", "Plastic Products", "Hardware", "Textile", "Technology", "Packaging", "Lighting", "Furniture", "Toys"}
	hkWords      = []string{"Wing Fat", "Kam Lung", "Tai Hing", "Sun Wah", "Po Kee", "Man Yee", "Kwong Fat", "Lee Fung", "Chun Hing", "Yat Sang"}
	hkShellFirst = []string{"Jade", "Silver", "Golden", "Fortune", "Ever", "Grand", "Rich", "Bright", "Noble", "Glory",
		"Vast", "Prime", "Eastern", "Royal", "Lucky", "Rising", "Wealth", "Harmony", "Supreme", "Treasure"}
	hkShellSecond = []string{"Crest", "Lotus", "Bay", "Tide", "Phoenix", "Prosper", "Sincere", "Ocean", "Summit", "Crane",
		"Peak", "Horizon", "Pearl", "Sail", "Dragon", "Star", "Bridge", "Harvest", "Gate", "Link"}
	mxPrefixes = []string{"Comercializadora", "Distribuidora", "Importadora", "Servicios", "Grupo", "Exportadora"}
	mxWords    = []string{"del Pacífico", "Norteña", "Rivera", "Valle Alto", "La Frontera", "Santa Fe", "Las Palmas", "Del Golfo", "Cumbres", "Bajío"}
	mxForms    = []string{"S.A. de C.V.", "S. de R.L. de C.V.", "S.A.P.I. de C.V."}
	aeWords    = []string{"Al Noor", "Al Safa", "Gulf Star", "Emirates Link", "Desert Pearl", "Blue Creek", "Al Manara", "Crescent Bay"}
	cnBanks    = []string{"Industrial and Commercial Bank of China", "Bank of China", "China Construction Bank", "Agricultural Bank of China", "China Merchants Bank"}
	hkBanks    = []string{"HSBC Hong Kong", "Bank of China (Hong Kong)", "Bank of East Asia", "Hang Seng Bank", "DBS Bank (Hong Kong)"}
	mxBanks    = []string{"BBVA México", "Banorte", "Santander México", "Banamex", "HSBC México"}
	aeBanks    = []string{"Emirates NBD", "Mashreq Bank", "Abu Dhabi Commercial Bank"}
	otherBanks = map[string][]string{"PH": {"BDO Unibank", "Metrobank"}, "VN": {"Vietcombank", "BIDV"}, "IN": {"State Bank of India", "HDFC Bank"}, "GT": {"Banco Industrial"}, "SV": {"Banco Agrícola"}, "KR": {"KB Kookmin Bank"}, "TW": {"Cathay United Bank", "CTBC Bank"}}
)

// foreignBank returns a bank name for a counterparty in country c.
func foreignBank(r *rng, c string) string {
	switch c {
	case "CN":
		return pick(r, cnBanks)
	case "HK":
		return pick(r, hkBanks)
	case "MX":
		return pick(r, mxBanks)
	case "AE":
		return pick(r, aeBanks)
	}
	if b, ok := otherBanks[c]; ok {
		return pick(r, b)
	}
	return "Foreign bank"
}

// cnSupplierName draws a mainland Chinese manufacturer's name.
func (m *idMaker) cnSupplierName() string {
	return m.uniqueName("orgname", func(try int) string {
		return fmt.Sprintf("%s %s %s%s Co., Ltd.", pick(m.r, cnCityPrefix), pick(m.r, cnWords), qualify(m.r, try), pick(m.r, cnProducts))
	})
}

// hkSupplierName draws a Hong Kong trading company's name.
func (m *idMaker) hkSupplierName() string {
	return m.uniqueName("orgname", func(try int) string {
		form := pick(m.r, []string{"Company Limited", "Limited", "(HK) Limited", "Industrial Limited"})
		return fmt.Sprintf("%s %s%s %s", pick(m.r, hkWords), qualify(m.r, try), pick(m.r, cnProducts), form)
	})
}

// hkShellName draws the name of a shell-like Hong Kong "… Trading Limited"
// (FIN-2025-A003 red flag TB-8).
func (m *idMaker) hkShellName() string {
	return m.uniqueName("orgname", func(try int) string {
		return m.shellWords(try) + " " + pick(m.r, []string{"Trading Limited", "International Trading Limited", "Trading Co., Limited", "Trade Limited"})
	})
}

// shellWords draws the fanciful two words of a shell company's name.
func (m *idMaker) shellWords(try int) string {
	return pick(m.r, hkShellFirst) + " " + qualify(m.r, try) + pick(m.r, hkShellSecond)
}

// mxCompanyName draws a Mexican company's name.
func (m *idMaker) mxCompanyName() string {
	return m.uniqueName("orgname", func(try int) string {
		return fmt.Sprintf("%s %s%s, %s", pick(m.r, mxPrefixes), qualify(m.r, try), pick(m.r, mxWords), pick(m.r, mxForms))
	})
}

// aeTraderName draws a UAE general trader's name.
func (m *idMaker) aeTraderName() string {
	return m.uniqueName("orgname", func(try int) string {
		return pick(m.r, aeWords) + " " + qualify(m.r, try) + pick(m.r, []string{"General Trading LLC", "Trading FZE", "General Trading Co. LLC"})
	})
}

// pools of off-us counterparties, built once per bank.
type pools struct {
	employers               []*counterparty
	landlords               []*counterparty
	utilities               []*counterparty // power, gas, water
	telecom                 []*counterparty
	insurers                []*counterparty
	autoLenders             []*counterparty
	mortgage                []*counterparty
	cardIssuers             []*counterparty
	processors              []*counterparty // card acquirers settling merchants' sales
	payrollSvc              []*counterparty
	marketplace             []*counterparty
	universities            []*counterparty
	escrows                 []*counterparty // off-us escrow and title companies
	brokerages              []*counterparty
	suppliersUS             []*counterparty
	suppliersCN             []*counterparty // CN and HK manufacturers and traders
	customersUS             []*counterparty // US retailers buying from importers
	autoDealers             []*counterparty
	pensions                []*counterparty
	remitters               []*counterparty // money transmitters
	commercialLandlords     []*counterparty
	irs, ssa, edd, stateTax *counterparty
	merchants               map[string][]*counterparty // by MCC
}

// spendCategory is a card-spending category: a merchant category code
// (ISO 18245) with the size of a typical purchase.
type spendCategory struct {
	mcc    string
	weight float64
	median float64
	sigma  float64
	first  []string
	second []string
}

// spendCategories are the everyday card purchases. The electronics and
// luxury codes of FIN-2025-A003 red flag TB-5 (5732, 5944, 5651, 5621, 5699
// …) appear here too at ordinary rates, as they do in real card data.
var spendCategories = []spendCategory{
	{"5411", 22, 48, 0.7, []string{"Valley Fresh", "Golden Harvest", "Sun Ranch", "Jade Asian", "Lucky", "Northgate Plaza", "Pacific Produce", "Tianhe", "FreshWay", "Carnicería La Michoacana", "Mercado Jalisco", "Hong Kong"}, []string{"Market", "Supermarket", "Foods", "Grocery"}},
	{"5812", 13, 34, 0.6, []string{"Jade Garden", "La Palma", "Harbor", "Sichuan Spice", "El Sazón", "Blue Oak", "Canton Palace", "Los Arcos", "Copper Pot", "Pho Saigon"}, []string{"Restaurant", "Grill", "Kitchen", "Cafe"}},
	{"5814", 14, 12, 0.5, []string{"Burger", "Taco", "Boba", "Pizza", "Teriyaki", "Donut", "Coffee", "Sandwich"}, []string{"Express", "Stop", "Spot", "House", "Corner"}},
	{"5541", 10, 46, 0.4, []string{"Pacific", "Valley", "Sunset", "Freeway", "Rancho"}, []string{"Fuel", "Gas & Go", "Service Station"}},
	{"5912", 5, 24, 0.7, []string{"Valley", "Family", "Corner", "Farmacia"}, []string{"Pharmacy", "Drug", "Rx"}},
	{"5310", 6, 40, 0.7, []string{"Dollar", "Value", "Bargain", "Mega"}, []string{"Depot", "Outlet", "Center"}},
	{"5311", 3, 70, 0.8, []string{"Grand", "Metro", "Plaza"}, []string{"Department Store", "Stores"}},
	{"5999", 8, 36, 0.9, []string{"Online", "Web", "Click"}, []string{"Marketplace", "Shop", "Store"}},
	{"5651", 3, 58, 0.7, []string{"Family", "Urban", "Style"}, []string{"Apparel", "Clothing"}},
	{"5691", 2, 62, 0.7, []string{"Trend", "Classic", "Coast"}, []string{"Fashions", "Outfitters"}},
	{"5732", 1.2, 130, 1.0, []string{"Best Circuit", "Tech", "Gadget", "Digital"}, []string{"Electronics", "Store", "World"}},
	{"5944", 0.25, 160, 1.0, []string{"Golden", "Royal", "Diamond"}, []string{"Jewelers", "Jewelry"}},
	{"5621", 0.8, 65, 0.7, []string{"Chic", "Bella", "Rosa"}, []string{"Boutique", "Women's Wear"}},
	{"5699", 0.8, 48, 0.8, []string{"Accessory", "Sole", "Street"}, []string{"Shop", "Outlet"}},
	{"4121", 4, 19, 0.6, []string{"Ride", "Metro", "City"}, []string{"Share", "Cab", "Rides"}},
	{"7230", 2, 36, 0.5, []string{"Bella", "Classic", "Fade"}, []string{"Salon", "Barbers"}},
	{"8011", 1, 60, 0.7, []string{"Family", "Valley"}, []string{"Medical", "Clinic"}},
	{"5200", 2, 72, 0.9, []string{"Home", "Builder's"}, []string{"Depot", "Supply"}},
	{"7832", 1, 28, 0.4, []string{"Cinema", "Regal Plaza"}, []string{"Theaters", "Movies"}},
	{"5942", 0.7, 45, 0.6, []string{"Campus", "College"}, []string{"Bookstore", "Books"}},
	{"7011", 0.4, 190, 0.5, []string{"Harbor", "Desert"}, []string{"Inn", "Hotel"}},
	{"4511", 0.3, 320, 0.5, []string{"Pacific", "Sun"}, []string{"Airlines", "Air"}},
	{"4899", 0, 15, 0.3, []string{"Stream", "Tune", "Cloud", "Flix"}, []string{"TV", "Music", "Plus", "Box"}}, // subscriptions
}

// luxuryMCCs are the electronics and luxury codes of FIN-2025-A003 red flag
// TB-5, with the size of a daigou purchase.
var luxuryMCCs = []struct {
	mcc    string
	kind   string
	median float64
}{
	{"5732", "Electronics", 1800}, {"5045", "Computers", 2600}, {"5944", "Jewelry", 3200},
	{"5094", "Watches & Precious Metals", 4200}, {"5611", "Menswear", 1400}, {"5621", "Women's Fashion", 1900},
	{"5631", "Accessories", 2100}, {"5651", "Family Apparel", 900}, {"5699", "Apparel Accessories", 1200},
	{"5948", "Leather Goods", 3400},
}

// luxuryMerchantWords name the luxury merchants.
var luxuryMerchantWords = []string{"Rodeo", "South Coast", "Galleria", "Century", "Fashion Island", "Westfield", "Grand Plaza", "Union Square"}

// buildMerchants makes the merchant pools of every spending category and
// the luxury merchants of the TBML plants.
func (g *generator) buildMerchants() {
	g.pools.merchants = map[string][]*counterparty{}
	for i := range spendCategories {
		c := &spendCategories[i]
		n := max(6, int(c.weight*float64(g.scale)/2))
		p := make([]*counterparty, 0, n)
		for range n {
			name := g.ids.uniqueName("merchant", func(try int) string {
				s := pick(g.pop, c.first) + " " + qualify(g.pop, try) + pick(g.pop, c.second)
				if g.pop.chance(0.5) {
					s += fmt.Sprintf(" #%d", g.pop.intBetween(10, 999))
				}
				return strings.ToUpper(s)
			})
			p = append(p, &counterparty{acct: g.ids.offUsID(), name: name, country: "US", kind: model.Organization, mcc: c.mcc})
		}
		g.pools.merchants[c.mcc] = p
	}
	for _, l := range luxuryMCCs {
		key := "lux" + l.mcc
		for range 4 {
			name := g.ids.uniqueName("merchant", func(try int) string {
				return strings.ToUpper(pick(g.pop, luxuryMerchantWords) + " " + qualify(g.pop, try) + l.kind + fmt.Sprintf(" #%d", g.pop.intBetween(100, 999)))
			})
			g.pools.merchants[key] = append(g.pools.merchants[key], &counterparty{acct: g.ids.offUsID(), name: name, country: "US", kind: model.Organization, mcc: l.mcc})
		}
	}
}
