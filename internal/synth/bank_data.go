package synth

// The generated bank: Pacific Frontera Bank, a community bank headquartered
// in Los Angeles with branches in the Chinese and Mexican communities of
// Southern California, on the Mexican border, and a few in other gateway
// cities. Booking times are written in the head office's time zone.

// bankInstitution is the generated bank's institution ID in accounts.csv.
const bankInstitution = "PFB-US"

// bankName is the generated bank's name.
const bankName = "Pacific Frontera Bank"

// Correspondent banks whose accounts the generated bank sees under a
// data-sharing arrangement (see docs/generator.md, mirror transfers).
const (
	corrMXInstitution = "BFN-MX" // Banco Fronterizo del Norte, Tijuana
	corrMXName        = "Banco Fronterizo del Norte"
	corrCNInstitution = "JHB-CN" // Jinhai Commercial Bank, Guangzhou
	corrCNName        = "Jinhai Commercial Bank"
)

// region is a group of branches in one metropolitan area.
type region uint8

const (
	regLA      region = iota // Los Angeles city
	regSGV                   // San Gabriel Valley (Chinese community)
	regOC                    // Orange County
	regSD                    // San Diego
	regBorder                // the Mexican border: San Ysidro, Calexico
	regOutside               // gateway cities outside California
)

// branch is a branch of the bank; cash deposits and withdrawals happen at
// branches (tellers or the branch's ATMs).
type branch struct {
	id      string
	city    string
	state   string
	region  region
	zips    []string
	areas   []string // telephone area codes
	chinese float64  // share of Chinese-community customers at this branch
	hisp    float64  // share of Hispanic customers
	weight  float64  // share of all customers
}

var branches = []branch{
	{"BR01", "Los Angeles", "CA", regLA, []string{"90012", "90013", "90031"}, []string{"213", "323"}, 0.35, 0.35, 0.08},
	{"BR02", "Alhambra", "CA", regSGV, []string{"91801", "91803"}, []string{"626"}, 0.5, 0.35, 0.08},
	{"BR03", "Monterey Park", "CA", regSGV, []string{"91754", "91755"}, []string{"626", "323"}, 0.6, 0.3, 0.07},
	{"BR04", "Arcadia", "CA", regSGV, []string{"91006", "91007"}, []string{"626"}, 0.6, 0.1, 0.06},
	{"BR05", "Rowland Heights", "CA", regSGV, []string{"91748"}, []string{"626", "909"}, 0.55, 0.25, 0.05},
	{"BR06", "East Los Angeles", "CA", regLA, []string{"90022", "90023", "90063"}, []string{"323"}, 0.03, 0.85, 0.08},
	{"BR07", "Santa Ana", "CA", regOC, []string{"92701", "92703", "92704"}, []string{"714", "657"}, 0.05, 0.7, 0.08},
	{"BR08", "Irvine", "CA", regOC, []string{"92602", "92604", "92618"}, []string{"949"}, 0.35, 0.1, 0.07},
	{"BR09", "San Diego", "CA", regSD, []string{"92111", "92123"}, []string{"858", "619"}, 0.3, 0.2, 0.07},
	{"BR10", "Chula Vista", "CA", regSD, []string{"91910", "91911", "91913"}, []string{"619"}, 0.05, 0.7, 0.07},
	{"BR11", "San Ysidro", "CA", regBorder, []string{"92173"}, []string{"619"}, 0.02, 0.85, 0.06},
	{"BR12", "Calexico", "CA", regBorder, []string{"92231"}, []string{"760", "442"}, 0.02, 0.88, 0.05},
	{"BR13", "Houston", "TX", regOutside, []string{"77036", "77072"}, []string{"713", "832"}, 0.3, 0.5, 0.05},
	{"BR14", "Chicago", "IL", regOutside, []string{"60616", "60608"}, []string{"312", "773"}, 0.5, 0.3, 0.04},
	{"BR15", "Flushing", "NY", regOutside, []string{"11354", "11355"}, []string{"718", "347"}, 0.7, 0.15, 0.05},
	{"BR16", "Doraville", "GA", regOutside, []string{"30340", "30360"}, []string{"770", "678"}, 0.35, 0.45, 0.04},
}

// streetNames for generated addresses.
var streetNames = []string{
	"Main St", "Garfield Ave", "Atlantic Blvd", "Valley Blvd", "Garvey Ave", "Huntington Dr", "Las Tunas Dr",
	"Colima Rd", "Whittier Blvd", "Cesar Chavez Ave", "1st St", "Broadway", "Hill St", "Figueroa St",
	"Bristol St", "Harbor Blvd", "Main Ave", "Culver Dr", "Jeffrey Rd", "Convoy St", "Clairemont Mesa Blvd",
	"Third Ave", "Telegraph Canyon Rd", "Beyer Blvd", "Imperial Ave", "Rockwood Ave", "Bellaire Blvd",
	"Wentworth Ave", "Cermak Rd", "Kissena Blvd", "Roosevelt Ave", "Buford Hwy", "Oak St", "Maple Ave",
	"Elm St", "Pine St", "Cedar Ave", "Sunset Blvd", "Mission Rd", "Palm Ave", "Orange Grove Ave",
}

// mxCities are Mexican cities for addresses and counterparties, with
// telephone area codes; state is the two-letter code the CURP uses
// (RENAPO), which differs from the ISO 3166-2 code for some states.
var mxCities = []struct{ city, state, area string }{
	{"Tijuana", "BC", "664"}, {"Mexicali", "BC", "686"}, {"Culiacán", "SL", "667"}, {"Guadalajara", "JC", "33"},
	{"Hermosillo", "SR", "662"}, {"Monterrey", "NL", "81"}, {"Ciudad de México", "DF", "55"}, {"Morelia", "MN", "443"},
}

// cnCities are Chinese cities for counterparties.
var cnCities = []string{"Guangzhou", "Shenzhen", "Shanghai", "Beijing", "Fuzhou", "Wenzhou", "Hangzhou", "Chengdu", "Xiamen", "Dongguan"}
