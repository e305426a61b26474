package detect

import (
	"slices"

	"github.com/centinela-aml/centinela/internal/model"
)

// Precedence lists the typologies of the pattern miners from the most to
// the least specific: when one transaction is evidence of alerts of several
// typologies, the first in this list names it (Winner). A typology is more
// specific when it requires more structure, so that matching it by chance
// is rarer: a cycle needs the money back at its source; a scatter-gather a
// source and a destination joined through several intermediates; a
// gather-scatter a fan-in and a fan-out through one hub; a stack two
// layers of many-to-many payments; a bipartite one such layer; a fan one
// hub and many counterparties; a random chain only a path. The fans inside
// a scatter-gather or gather-scatter are therefore named by the larger
// pattern, and a chain that closes into a cycle is a cycle.
var Precedence = []model.Typology{
	model.TypCycle, model.TypScatterGather, model.TypGatherScatter, model.TypStack,
	model.TypBipartite, model.TypFanIn, model.TypFanOut, model.TypRandom,
}

// Winner returns the typology a transaction gets from the typologies of the
// alerts citing it: the first of them in Precedence, or, for typologies
// Precedence does not list, the first given.
func Winner(typs []model.Typology) model.Typology {
	best, rank := model.Typology(""), len(Precedence)+1
	for _, t := range typs {
		r := slices.Index(Precedence, t)
		if r < 0 {
			r = len(Precedence)
		}
		if r < rank {
			best, rank = t, r
		}
	}
	return best
}

// sarCodes are the FinCEN SAR suspicious-activity codes (form items 29–38;
// SARX SuspiciousActivityTypeID / SubtypeID) each typology's alerts carry:
//
//	805 Suspicious EFT/wire transfers          807 Suspicious use of multiple accounts
//	812 Transaction out of pattern for customer(s)
//	824 Funnel account                          911 Two or more individuals working together
//	925 Transaction with no apparent economic, business, or lawful purpose
var sarCodes = map[model.Typology][]model.SARCode{
	model.TypFanIn:         {{Type: 8, Subtype: 824}, {Type: 8, Subtype: 807}},
	model.TypFanOut:        {{Type: 8, Subtype: 807}, {Type: 8, Subtype: 805}},
	model.TypCycle:         {{Type: 9, Subtype: 925}, {Type: 8, Subtype: 805}},
	model.TypScatterGather: {{Type: 8, Subtype: 807}, {Type: 9, Subtype: 911}},
	model.TypGatherScatter: {{Type: 8, Subtype: 824}, {Type: 8, Subtype: 807}},
	model.TypBipartite:     {{Type: 8, Subtype: 807}, {Type: 9, Subtype: 911}},
	model.TypStack:         {{Type: 8, Subtype: 807}, {Type: 9, Subtype: 911}},
	model.TypRandom:        {{Type: 8, Subtype: 805}, {Type: 9, Subtype: 925}},
	model.TypModelScore:    {{Type: 8, Subtype: 812}},
}

// SARCodes returns the SAR codes alerts of a typology carry (a copy), or
// nil for a typology the engine does not raise.
func SARCodes(t model.Typology) []model.SARCode { return slices.Clone(sarCodes[t]) }
