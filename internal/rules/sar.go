package rules

import (
	"fmt"

	"github.com/centinela-aml/centinela/internal/model"
)

// sarTypes are FinCEN's SuspiciousActivityTypeID values (SAR form items
// 29–40), from the enumeration ValidateSuspiciousActivityTypeID of the SARX
// batch schema (EFL_SARXBatchSchema.xsd).
var sarTypes = map[int]string{
	1:  "Structuring",
	3:  "Fraud",
	4:  "Identification documentation",
	5:  "Insurance",
	6:  "Securities/Futures/Options",
	7:  "Terrorist financing",
	8:  "Money laundering",
	9:  "Other suspicious activities",
	10: "Mortgage fraud",
	11: "Cyber event",
	12: "Gaming activities",
}

// sarSubtypes are the SuspiciousActivitySubtypeID values rules use most,
// from ValidateSuspiciousActivitySubtypeID in the same schema. A subtype's
// hundreds give its type (114 → 1, 824 → 8, 1005 → 10); "Other" is
// type×1000+999.
var sarSubtypes = map[int]string{
	106: "Suspicious inquiry by customer regarding BSA reporting or recordkeeping requirements",
	111: "Alters or cancels transaction to avoid BSA recordkeeping requirement",
	112: "Alters or cancels transaction to avoid CTR requirement",
	113: "Transaction(s) below BSA recordkeeping threshold",
	114: "Transaction(s) below CTR threshold",
	301: "Check", 305: "Credit/Debit Card", 312: "Wire transfer", 320: "ACH",
	401:  "Changes spelling or arrangement of name",
	402:  "Multiple individuals with same or similar identities",
	403:  "Provided questionable or false documentation",
	404:  "Refused or avoided request for documentation",
	405:  "Single individual with multiple identities",
	409:  "Provided questionable or false identification",
	701:  "Known or suspected terrorist/terrorist organization",
	801:  "Exchanges small bills for large bills or vice versa",
	804:  "Suspicious designation of beneficiaries, assignees or joint owners",
	805:  "Suspicious EFT/wire transfers",
	806:  "Suspicious receipt of government payments/benefits",
	807:  "Suspicious use of multiple accounts",
	808:  "Suspicious use of noncash monetary instruments",
	809:  "Suspicious use of third-party transactors (straw-man)",
	812:  "Transaction out of pattern for customer(s)",
	820:  "Suspicious concerning the physical condition of funds",
	821:  "Suspicious concerning the source of funds",
	822:  "Suspicious exchange of currencies",
	823:  "Trade Based Money Laundering/Black Market Peso Exchange",
	824:  "Funnel account",
	901:  "Bribery or gratuity",
	903:  "Embezzlement/theft/disappearance of funds",
	904:  "Forgeries",
	905:  "Identity theft",
	907:  "Suspected public/private corruption (domestic)",
	908:  "Suspected public/private corruption (foreign)",
	909:  "Suspicious use of informal value transfer system",
	910:  "Suspicious use of multiple locations",
	911:  "Two or more individuals working together",
	913:  "Unlicensed or unregistered MSB",
	917:  "Counterfeit Instrument (other)",
	920:  "Account takeover",
	921:  "Elder financial exploitation",
	924:  "Misuse of position or self-dealing",
	925:  "Transaction with no apparent economic, business, or lawful purpose",
	926:  "Human smuggling",
	927:  "Human trafficking",
	928:  "Transaction(s) involving foreign high risk jurisdiction",
	1999: "Other", 3999: "Other", 4999: "Other", 7999: "Other", 8999: "Other", 9999: "Other",
}

// sarSubtypeType returns the type a subtype belongs to.
func sarSubtypeType(subtype int) int {
	if subtype%1000 == 999 {
		return subtype / 1000
	}
	return subtype / 100
}

// checkSARCode reports whether c is a known type and subtype that belong
// together.
func checkSARCode(c model.SARCode) error {
	if _, ok := sarTypes[c.Type]; !ok {
		return fmt.Errorf("unknown SAR type %d (SuspiciousActivityTypeID)", c.Type)
	}
	name, ok := sarSubtypes[c.Subtype]
	if !ok {
		return fmt.Errorf("unknown or unsupported SAR subtype %d (SuspiciousActivitySubtypeID)", c.Subtype)
	}
	if t := sarSubtypeType(c.Subtype); t != c.Type {
		return fmt.Errorf("SAR subtype %d (%s) belongs to type %d (%s), not %d", c.Subtype, name, t, sarTypes[t], c.Type)
	}
	return nil
}

// SARDescription returns FinCEN's description of a SAR subtype code, or ""
// when the code is unknown.
func SARDescription(subtype int) string { return sarSubtypes[subtype] }
