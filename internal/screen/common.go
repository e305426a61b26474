package screen

// commonNames are name words so frequent in the population that matching
// them says little about identity, whatever their frequency in the lists.
// A token's weight is the smaller of its list rarity and this prior.
// Sources: US Census Bureau, "Frequently Occurring Surnames from the 2010
// Census" (top ranks, which include the most common Hispanic and Asian
// surnames); INEGI/RENAPO most frequent given names and surnames of
// Mexico; the Ministry of Public Security 2020 name report for Chinese
// surnames (see translit); for Arabic given names, Mohammed in its
// spellings and the names that follow it in national given-name
// statistics (Egypt CAPMAS, Saudi GASTAT). No counts from the sanctions
// lists or the test files are used.
//
// Tier 1 (weight 0.30): among the ~20 most frequent in their population.
// Tier 2 (weight 0.42): among the ~100 most frequent.
//
// Two different names of this table are two names, not a misspelling of
// one another (Mary / Mark, Hernandez / Fernandez, Roberto / Alberto):
// tokenSim does not match them by spelling.
var commonNames = map[string]float64{
	// Hispanic surnames (2010 Census ranks ≤ 100; INEGI top 20).
	"garcia": 0.30, "rodriguez": 0.30, "martinez": 0.30, "hernandez": 0.30, "lopez": 0.30,
	"gonzalez": 0.30, "perez": 0.30, "sanchez": 0.30, "ramirez": 0.30, "torres": 0.30,
	"flores": 0.30, "rivera": 0.30, "gomez": 0.30, "diaz": 0.30, "cruz": 0.30,
	"morales": 0.30, "reyes": 0.30, "gutierrez": 0.30, "ortiz": 0.30, "chavez": 0.30,
	"jimenez": 0.42, "ruiz": 0.42, "alvarez": 0.42, "castillo": 0.42, "vasquez": 0.42,
	"vazquez": 0.42, "romero": 0.42, "mendoza": 0.42, "moreno": 0.42, "herrera": 0.42,
	"medina": 0.42, "aguilar": 0.42, "guzman": 0.42, "munoz": 0.42, "castro": 0.42,
	"vargas": 0.42, "fernandez": 0.42, "ramos": 0.42, "juarez": 0.42, "salazar": 0.42,
	"contreras": 0.42, "luna": 0.42, "dominguez": 0.42, "silva": 0.42, "soto": 0.42,
	"delgado": 0.42, "guerrero": 0.42, "estrada": 0.42, "rojas": 0.42, "navarro": 0.42,
	"ortega": 0.42, "nunez": 0.42, "vega": 0.42, "rios": 0.42, "mejia": 0.42,
	"acosta": 0.42, "sandoval": 0.42, "pena": 0.42, "campos": 0.42, "figueroa": 0.42,
	"cortes": 0.42, "espinoza": 0.42, "rosales": 0.42, "cervantes": 0.42, "valdez": 0.42,
	// Hispanic given names (INEGI / SSA most frequent).
	"jose": 0.30, "juan": 0.30, "maria": 0.30, "luis": 0.30, "carlos": 0.30,
	"jorge": 0.30, "francisco": 0.30, "antonio": 0.30, "jesus": 0.30, "miguel": 0.30,
	"manuel": 0.30, "pedro": 0.30, "javier": 0.42, "alejandro": 0.42, "rafael": 0.42,
	"fernando": 0.42, "ricardo": 0.42, "roberto": 0.42, "mario": 0.42, "eduardo": 0.42,
	"guadalupe": 0.42, "ana": 0.42, "rosa": 0.42, "carmen": 0.42, "martha": 0.42,
	"alberto": 0.42, "raul": 0.42, "arturo": 0.42, "sergio": 0.42, "daniel": 0.42,
	// English surnames and given names (2010 Census / SSA top ranks).
	"smith": 0.30, "johnson": 0.30, "williams": 0.30, "brown": 0.30, "jones": 0.30,
	"miller": 0.30, "davis": 0.30, "wilson": 0.42, "anderson": 0.42, "taylor": 0.42,
	"thomas": 0.42, "moore": 0.42, "jackson": 0.42, "martin": 0.42, "lee": 0.30,
	"john": 0.30, "james": 0.30, "robert": 0.30, "michael": 0.30, "william": 0.30,
	"david": 0.30, "richard": 0.42, "joseph": 0.42, "charles": 0.42, "mary": 0.30,
	// The rest of the 2010 Census's 50 most frequent surnames.
	"thompson": 0.42, "white": 0.42, "harris": 0.42, "clark": 0.42, "lewis": 0.42,
	"robinson": 0.42, "walker": 0.42, "young": 0.42, "allen": 0.42, "king": 0.42,
	"wright": 0.42, "scott": 0.42, "hill": 0.42, "green": 0.42, "adams": 0.42,
	"nelson": 0.42, "baker": 0.42, "hall": 0.42, "campbell": 0.42, "mitchell": 0.42,
	"carter": 0.42, "roberts": 0.42,
	// The rest of the SSA's 20 most frequent given names of each sex over
	// the last hundred years (1923–2022).
	"christopher": 0.42, "matthew": 0.42, "anthony": 0.42, "mark": 0.42, "donald": 0.42,
	"steven": 0.42, "andrew": 0.42, "paul": 0.42, "joshua": 0.42,
	"patricia": 0.42, "jennifer": 0.42, "linda": 0.42, "elizabeth": 0.42, "barbara": 0.42,
	"susan": 0.42, "jessica": 0.42, "karen": 0.42, "sarah": 0.42, "lisa": 0.42,
	"nancy": 0.42, "sandra": 0.42, "betty": 0.42, "ashley": 0.42, "emily": 0.42,
	"kimberly": 0.42, "margaret": 0.42, "donna": 0.42, "michelle": 0.42,
	// Chinese surnames (MPS 2020 top 10) and Vietnamese / Korean (Census).
	"wang": 0.30, "li": 0.30, "zhang": 0.30, "liu": 0.30, "chen": 0.30,
	"yang": 0.30, "huang": 0.30, "zhao": 0.30, "wu": 0.30, "zhou": 0.30,
	"nguyen": 0.30, "tran": 0.42, "kim": 0.30, "park": 0.42,
	// Arabic given names among the most frequent worldwide.
	"mohammed": 0.30, "mohammad": 0.30, "muhammad": 0.30, "mohamed": 0.30, "ahmed": 0.30,
	"ahmad": 0.30, "ali": 0.30, "abdul": 0.30, "abdullah": 0.42, "hassan": 0.42,
	"hussein": 0.42, "omar": 0.42, "ibrahim": 0.42, "mahmoud": 0.42, "khalid": 0.42,
}
