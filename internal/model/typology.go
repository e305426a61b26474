package model

// Typology is a family of laundering behaviour. Alerts, generator labels and
// research answer keys share this vocabulary so that backtests can compare
// them.
type Typology string

// The eight graph patterns of IBM AMLworld (Altman et al., NeurIPS 2023),
// spelled as in its *_Patterns.txt answer key.
const (
	TypFanIn         Typology = "FAN-IN"
	TypFanOut        Typology = "FAN-OUT"
	TypCycle         Typology = "CYCLE"
	TypScatterGather Typology = "SCATTER-GATHER"
	TypGatherScatter Typology = "GATHER-SCATTER"
	TypBipartite     Typology = "BIPARTITE"
	TypStack         Typology = "STACK"
	TypRandom        Typology = "RANDOM"
)

// Typologies of FIN-2025-A003 (Chinese money-laundering networks) and
// classic bank typologies.
const (
	TypStructuring       Typology = "STRUCTURING"        // cash kept below the $10,000 CTR threshold
	TypSmurfing          Typology = "SMURFING"           // cash into one account at many branches
	TypFunnel            Typology = "FUNNEL"             // many depositors in many places, withdrawn elsewhere
	TypPassThrough       Typology = "PASS-THROUGH"       // money in and straight out, often abroad
	TypUnexplainedWealth Typology = "UNEXPLAINED-WEALTH" // mule: inflows out of line with occupation or income
	TypRealEstate        Typology = "REAL-ESTATE"        // cashier's checks or wires to escrow and title
	TypTBML              Typology = "TBML"               // trade-based laundering, daigou card payoffs
	TypMirror            Typology = "MIRROR"             // mirror transfers (informal value transfer)
	TypInsider           Typology = "INSIDER"            // one employee onboarding many high-risk customers
	TypSharedIdentifier  Typology = "SHARED-IDENTIFIER"  // one passport, phone or device across customers
	TypSanctions         Typology = "SANCTIONS"          // a party matches a sanctions or watch list
	TypModelScore        Typology = "MODEL-SCORE"        // the learned scorer's probability
)

// AMLworldTypologies lists the AMLworld patterns in the answer key's order.
var AMLworldTypologies = []Typology{
	TypFanOut, TypFanIn, TypCycle, TypGatherScatter, TypScatterGather, TypStack, TypBipartite, TypRandom,
}
