package model

import "time"

// SubjectKind says what an alert is about.
type SubjectKind string

// Subject kinds.
const (
	SubjectAccount SubjectKind = "account"
	SubjectParty   SubjectKind = "party"
	SubjectNetwork SubjectKind = "network" // a set of accounts, named by the alert
)

// Subject is what an alert is about.
type Subject struct {
	Kind SubjectKind `json:"kind"`
	ID   string      `json:"id"`
}

// Severity ranks alerts for triage.
type Severity string

// Severities, lowest first.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical" // e.g. a hit on a Foreign Terrorist Organization designation
)

// Rank orders severities: low 1 … critical 4, unknown 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return 0
}

// SARCode is a FinCEN SAR suspicious-activity classification: a type
// (SAR form item 29–38, e.g. 9 "Other suspicious activities") and a subtype
// (e.g. 909 "Suspicious use of informal value transfer system"), as coded in
// the SARX batch XML schema.
type SARCode struct {
	Type    int `json:"type"`
	Subtype int `json:"subtype"`
}

// Fact is one measured value behind an alert, with the parameter it was
// compared against: "cash deposits below $10,000 in 48h: 4 (threshold 3)".
type Fact struct {
	Name      string  `json:"name"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold,omitempty"`
	Text      string  `json:"text,omitempty"` // the fact in words
}

// Alert is a finding that a person should review: which rule or model fired
// on which subject, why, and over which transactions.
type Alert struct {
	ID          string      `json:"id"`
	Subject     Subject     `json:"subject"`
	Typology    Typology    `json:"typology"`
	RuleID      string      `json:"rule_id"`
	RuleVersion string      `json:"rule_version,omitempty"`
	Source      AlertSource `json:"source"`
	Score       float64     `json:"score"` // 0–1
	Severity    Severity    `json:"severity"`
	Reason      string      `json:"reason"`             // in words, with the values that crossed the parameters
	Facts       []Fact      `json:"facts,omitempty"`    // the values behind Reason
	Evidence    []string    `json:"evidence,omitempty"` // transaction IDs
	Accounts    []string    `json:"accounts,omitempty"` // accounts of the matched subgraph, when there is one
	WindowStart time.Time   `json:"window_start,omitzero"`
	WindowEnd   time.Time   `json:"window_end,omitzero"`
	SAR         []SARCode   `json:"sar,omitempty"`
	Created     time.Time   `json:"created,omitzero"`
	// Advisories names the published advisories whose red flags the raising
	// rule implements ("FIN-2025-A003"), as the rule declares them. A SAR
	// built from the alert carries each advisory's key term
	// (FIN-2025-A003: "CMLN-2025-A003") in its note to FinCEN and narrative.
	Advisories []string `json:"advisories,omitempty"`
	// Constituents are the IDs of the alerts an assembled alert merges
	// (Source SourceAssembled, monitor.Assemble); empty for an alert raised
	// by one engine.
	Constituents []string `json:"constituents,omitempty"`
}

// AlertSource names the engine that raised an alert.
type AlertSource string

// Alert sources.
const (
	SourceRule    AlertSource = "rule"    // a typology rule (internal/rules)
	SourcePattern AlertSource = "pattern" // a graph pattern miner (internal/detect)
	SourceModel   AlertSource = "model"   // the learned scorer (internal/detect)
	SourceScreen  AlertSource = "screen"  // a sanctions or watch-list hit (internal/screen)
	// SourceAssembled marks an alert that merges the rule hits, screening
	// hits and model scores on one subject and period (monitor.Assemble).
	SourceAssembled AlertSource = "assembled"
)
