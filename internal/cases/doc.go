// Package cases turns alerts into cases an analyst can work to a decision,
// and keeps the record of that work.
//
// Triage gathers alerts into one case per subject: an alert about a party
// joins that party's case, an alert about an account joins the case of the
// account's (first) owner, and an alert about a network of accounts joins
// that network's case. An alert joins one case only, so running detection
// and triage again adds nothing twice. A case moves open → in review →
// escalated → closed (Transition enforces the allowed moves) and is closed
// with a disposition: no action, SAR filed, SAR not required (with the
// reason), or customer exited.
//
// Every change and every read goes through a Service, which appends the
// matching entry to the audit log (internal/audit) in the same database
// transaction as the change, with the acting user and where they acted
// from.
//
// DeadlinesOf computes the SAR filing deadlines of 31 CFR 1020.320(b)(3)
// and the continuing-activity cycle of FinCEN's SAR FAQ against a clock the
// caller passes, so that overdue cases can be flagged. Requests for
// information sent to customers are recorded with structured outcomes
// (refused, evasive, loan repayment, answered) that rules such as
// FIN-2025-A003 MM-9 read through RFIOutcomes.
//
// Domain errors are sentinel values (ErrNotFound, ErrConflict,
// ErrInvalidTransition, ErrInvalid) for callers — the HTTP API maps them to
// status codes in one place.
package cases
