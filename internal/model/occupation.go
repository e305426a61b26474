package model

import "strings"

// OccupationClass groups free-text occupations into the classes that
// typology rules reason about.
type OccupationClass string

// Occupation classes. FIN-2025-A003 (p. 9) names students, housewives,
// retirees and laborers as the profiles money-mule networks recruit.
const (
	OccStudent      OccupationClass = "student"
	OccHomemaker    OccupationClass = "homemaker"
	OccRetired      OccupationClass = "retired"
	OccLaborer      OccupationClass = "laborer"
	OccUnemployed   OccupationClass = "unemployed"
	OccProfessional OccupationClass = "professional"
	OccBusiness     OccupationClass = "business_owner"
	OccEmployee     OccupationClass = "employee"
	OccUnknown      OccupationClass = "unknown"
)

// LowIncome reports whether the class is one of the low- or no-income
// profiles of FIN-2025-A003 red flag MM-4.
func (c OccupationClass) LowIncome() bool {
	switch c {
	case OccStudent, OccHomemaker, OccRetired, OccLaborer, OccUnemployed:
		return true
	}
	return false
}

// occupationWords maps words found in an occupation text to a class, in
// English and Spanish. The first word found wins, in the order of the text.
var occupationWords = map[string]OccupationClass{
	"student": OccStudent, "estudiante": OccStudent, "pupil": OccStudent,
	"housewife": OccHomemaker, "homemaker": OccHomemaker, "househusband": OccHomemaker,
	"ama": OccHomemaker, "hogar": OccHomemaker,
	"retired": OccRetired, "retiree": OccRetired, "pensioner": OccRetired, "jubilado": OccRetired, "jubilada": OccRetired, "retirado": OccRetired,
	"laborer": OccLaborer, "labourer": OccLaborer, "labor": OccLaborer, "obrero": OccLaborer, "jornalero": OccLaborer,
	"construction": OccLaborer, "farmworker": OccLaborer, "warehouse": OccLaborer, "cleaner": OccLaborer, "dishwasher": OccLaborer,
	"unemployed": OccUnemployed, "desempleado": OccUnemployed, "none": OccUnemployed,
	"owner": OccBusiness, "proprietor": OccBusiness, "entrepreneur": OccBusiness, "self-employed": OccBusiness, "empresario": OccBusiness,
	"engineer": OccProfessional, "doctor": OccProfessional, "physician": OccProfessional, "lawyer": OccProfessional,
	"attorney": OccProfessional, "accountant": OccProfessional, "dentist": OccProfessional, "architect": OccProfessional,
	"pharmacist": OccProfessional, "professor": OccProfessional, "manager": OccProfessional, "analyst": OccProfessional,
	"developer": OccProfessional, "consultant": OccProfessional, "nurse": OccProfessional,
}

// ClassifyOccupation returns the class of a free-text occupation such as
// "Graduate student", "Ama de casa" or "Retired teacher". Texts that name no
// known class are employees; the empty text is unknown.
func ClassifyOccupation(occupation string) OccupationClass {
	s := strings.ToLower(strings.TrimSpace(occupation))
	if s == "" {
		return OccUnknown
	}
	if strings.Contains(s, "ama de casa") {
		return OccHomemaker
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r == '-' || r >= 0x80)
	}) {
		if c, ok := occupationWords[w]; ok {
			return c
		}
	}
	return OccEmployee
}
