package model

import "time"

// CaseState is where a case stands in its review. A case moves
// open → in review → escalated → closed; internal/cases enforces the
// allowed transitions.
type CaseState string

// Case states.
const (
	CaseOpen      CaseState = "open"      // triaged from alerts, nobody has looked yet
	CaseInReview  CaseState = "in_review" // an analyst is investigating
	CaseEscalated CaseState = "escalated" // sent to the BSA officer or a supervisor for the filing decision
	CaseClosed    CaseState = "closed"    // decided: see the disposition
)

// Valid reports whether s is a known case state.
func (s CaseState) Valid() bool {
	return s == CaseOpen || s == CaseInReview || s == CaseEscalated || s == CaseClosed
}

// Disposition is the decision that closes a case.
type Disposition string

// Dispositions.
const (
	DispositionNoAction       Disposition = "no_action"        // nothing suspicious after review
	DispositionSARFiled       Disposition = "sar_filed"        // a SAR was filed
	DispositionSARNotRequired Disposition = "sar_not_required" // suspicious-looking but explained; the reason is required
	DispositionExitedCustomer Disposition = "exited_customer"  // the relationship was ended
)

// Valid reports whether d is a known disposition.
func (d Disposition) Valid() bool {
	return d == DispositionNoAction || d == DispositionSARFiled || d == DispositionSARNotRequired || d == DispositionExitedCustomer
}

// RFIOutcome is the structured result of a request for information sent to
// a customer about the activity (the source of funds, the purpose of
// transfers).
type RFIOutcome string

// Request-for-information outcomes.
const (
	RFIRefused       RFIOutcome = "refused"        // the customer declined to answer
	RFIEvasive       RFIOutcome = "evasive"        // answered without explaining
	RFILoanRepayment RFIOutcome = "loan_repayment" // called the money "repayment of a loan"
	RFIAnswered      RFIOutcome = "answered"       // a plausible, documented explanation
)

// Valid reports whether o is a known outcome.
func (o RFIOutcome) Valid() bool {
	return o == RFIRefused || o == RFIEvasive || o == RFILoanRepayment || o == RFIAnswered
}

// Adverse reports whether o is one of the answers FIN-2025-A003 red flag
// MM-9 (p. 10) names: reluctant or evasive about the source of funds, or
// calling it the repayment of a loan.
func (o RFIOutcome) Adverse() bool {
	return o == RFIRefused || o == RFIEvasive || o == RFILoanRepayment
}

// CaseNote is an analyst's note on a case.
type CaseNote struct {
	Time   time.Time `json:"time"`
	Author string    `json:"author"`
	Text   string    `json:"text"`
}

// Attachment is a document kept with a case, by reference: where it is
// (a path, a document-management URI) and, when known, its SHA-256, so that
// a later reader can tell the document has not changed.
type Attachment struct {
	Time   time.Time `json:"time"`
	Author string    `json:"author"`
	Name   string    `json:"name"`
	Ref    string    `json:"ref"`
	SHA256 string    `json:"sha256,omitempty"` // hex
	Note   string    `json:"note,omitempty"`
}

// RFI is the recorded outcome of a request for information to a party.
type RFI struct {
	Case    string     `json:"case"`
	Party   string     `json:"party"`
	Time    time.Time  `json:"time"` // when the outcome was recorded
	Author  string     `json:"author"`
	Outcome RFIOutcome `json:"outcome"`
	Note    string     `json:"note,omitempty"` // what the customer said
}

// SARFiling records a SAR filed from a case.
type SARFiling struct {
	Filed time.Time `json:"filed"`
	// BSAID is the BSA identifier FinCEN's acknowledgement assigned, when
	// the filer recorded it.
	BSAID string `json:"bsa_id,omitempty"`
	Case  string `json:"case"`
}

// Case gathers the alerts about one subject (a party, a network of
// accounts, or an account whose owner is not known) for one review, and
// records the review: who works it, what they found, what they decided.
type Case struct {
	ID      string    `json:"id"`
	Subject Subject   `json:"subject"`
	Title   string    `json:"title,omitempty"` // the subject's name(s), for lists
	State   CaseState `json:"state"`
	// Disposition and Reason are set when the case is closed.
	Disposition Disposition `json:"disposition,omitempty"`
	Reason      string      `json:"reason,omitempty"`
	Assignee    string      `json:"assignee,omitempty"`
	Parties     []string    `json:"parties,omitempty"`  // subject parties: the party, or the owners of the accounts
	Accounts    []string    `json:"accounts,omitempty"` // accounts the alerts are about
	Alerts      []string    `json:"alerts"`             // alert IDs, in the order they joined
	Score       float64     `json:"score"`              // the highest alert score
	Severity    Severity    `json:"severity,omitempty"` // the highest alert severity
	// SubjectUnknown is set when no party could be identified behind the
	// alerts (an account with no owner on record): the SAR may then wait up
	// to 60 days from detection (31 CFR 1020.320(b)(3)).
	SubjectUnknown bool      `json:"subject_unknown,omitempty"`
	Detected       time.Time `json:"detected"` // initial detection: when the first alert joined the case
	Opened         time.Time `json:"opened"`
	Updated        time.Time `json:"updated"`
	Closed         time.Time `json:"closed,omitzero"`
	// PriorSAR is the subject's last SAR, filed from an earlier case, when
	// this case follows up continuing activity.
	PriorSAR *SARFiling `json:"prior_sar,omitempty"`
	// SAR is the SAR filed from this case.
	SAR         *SARFiling   `json:"sar,omitempty"`
	Notes       []CaseNote   `json:"notes,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	RFIs        []RFI        `json:"rfis,omitempty"`
	// Version counts the saved changes; a store refuses to save a case
	// read at an older version (another user changed it meanwhile).
	Version int `json:"version"`
}
