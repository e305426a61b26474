package model

// EntityKind names the kind of record a label refers to.
type EntityKind string

// Entity kinds.
const (
	EntityTransaction EntityKind = "transaction"
	EntityParty       EntityKind = "party"
	EntityAccount     EntityKind = "account"
)

// Valid reports whether k is a known entity kind.
func (k EntityKind) Valid() bool {
	return k == EntityTransaction || k == EntityParty || k == EntityAccount
}

// Label marks a record as part of a known laundering case: the generator's
// ground truth, AMLworld's "Is Laundering" column and patterns file,
// AMLSim's is_sar column and alert files. Labels are read by evaluators and
// backtests only, never by detection engines.
type Label struct {
	CaseID     string     `json:"case_id,omitempty"`
	Typology   Typology   `json:"typology,omitempty"`
	EntityKind EntityKind `json:"entity_kind"`
	EntityID   string     `json:"entity_id"`
	// Note is what the source says about the case beyond its typology, for
	// people reading an evaluation: AMLworld's qualifier ("Max 16-degree
	// Fan-Out"), SAML-D's and AMLSim's own typology name ("Layered_Fan_Out").
	Note string `json:"note,omitempty"`
}
