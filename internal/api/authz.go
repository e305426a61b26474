package api

import (
	"slices"
	"strings"
)

// Role is what an API key may do, as a job: each key holds one or more.
// Roles are not ranked: an admin runs the service but does not read case
// files, and an auditor reads and verifies but changes nothing.
type Role string

// Roles.
const (
	// RoleAnalyst screens names, reads alerts, triages and works cases,
	// and closes cases that need no SAR.
	RoleAnalyst Role = "analyst"
	// RoleSupervisor does what an analyst does, assigns cases, decides to
	// file (closes a case as SAR filed) and downloads SAR and goAML files:
	// the BSA officer's role.
	RoleSupervisor Role = "supervisor"
	// RoleAuditor reads alerts, cases, SARs and the audit log, and
	// verifies and checkpoints the log; it changes no case.
	RoleAuditor Role = "auditor"
	// RoleAdmin runs the service: reloads the screening lists, reads the
	// metrics, verifies and checkpoints the audit log. It sees no case
	// data: SARs are confidential (31 CFR 1020.320(e)), so access follows
	// need to know.
	RoleAdmin Role = "admin"
)

// Roles returns every role, in the order the permission matrix shows them.
func Roles() []Role { return []Role{RoleAnalyst, RoleSupervisor, RoleAuditor, RoleAdmin} }

// ParseRole reads a role name.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	return r, slices.Contains(Roles(), r)
}

// Permission is one thing the API lets a caller do. Every route declares
// the permission it requires; the matrix (Permission.Roles) says which
// roles hold it.
type Permission string

// Permissions.
const (
	PermScreen          Permission = "screen"           // screen names, one or a batch
	PermListsRead       Permission = "lists.read"       // see which lists are in service
	PermListsReload     Permission = "lists.reload"     // reload the screening lists
	PermAlertsRead      Permission = "alerts.read"      // list and read alerts
	PermCasesRead       Permission = "cases.read"       // list and read cases (each read is audited)
	PermCasesTriage     Permission = "cases.triage"     // triage alerts into cases
	PermCasesWork       Permission = "cases.work"       // notes, attachments, RFI outcomes, review, escalation
	PermCasesAssign     Permission = "cases.assign"     // assign a case to someone
	PermCasesClose      Permission = "cases.close"      // close a case as no action, SAR not required or exited customer
	PermCasesFileSAR    Permission = "cases.file_sar"   // close a case as SAR filed
	PermReportsDownload Permission = "reports.download" // download a case's SAR or goAML XML
	PermAuditVerify     Permission = "audit.verify"     // verify the audit log
	PermAuditCheckpoint Permission = "audit.checkpoint" // take and save a checkpoint of the audit log
	PermAuditRead       Permission = "audit.read"       // read audit entries
	PermMetricsRead     Permission = "metrics.read"     // scrape the Prometheus metrics
)

// Permissions returns every permission, in the order the matrix lists them.
func Permissions() []Permission {
	return []Permission{PermScreen, PermListsRead, PermListsReload, PermAlertsRead, PermCasesRead, PermCasesTriage,
		PermCasesWork, PermCasesAssign, PermCasesClose, PermCasesFileSAR, PermReportsDownload, PermAuditVerify,
		PermAuditCheckpoint, PermAuditRead, PermMetricsRead}
}

// Roles returns the roles that hold p: the permission matrix, the one place
// it is written. An unknown permission is held by no role.
func (p Permission) Roles() []Role {
	switch p {
	case PermScreen, PermCasesTriage, PermCasesWork, PermCasesClose:
		return []Role{RoleAnalyst, RoleSupervisor}
	case PermListsRead:
		return []Role{RoleAnalyst, RoleSupervisor, RoleAdmin}
	case PermAlertsRead, PermCasesRead:
		return []Role{RoleAnalyst, RoleSupervisor, RoleAuditor}
	case PermCasesAssign, PermCasesFileSAR:
		return []Role{RoleSupervisor}
	case PermReportsDownload:
		return []Role{RoleSupervisor, RoleAuditor}
	case PermAuditVerify, PermAuditCheckpoint:
		return []Role{RoleAuditor, RoleAdmin}
	case PermAuditRead:
		return []Role{RoleAuditor}
	case PermListsReload, PermMetricsRead:
		return []Role{RoleAdmin}
	}
	return nil
}

// Principal is the caller a request was authenticated as: the API key's
// name, which the audit log records as the actor, and its roles.
type Principal struct {
	Name  string `json:"name"`
	Roles []Role `json:"roles"`
}

// Can reports whether the principal holds permission p through one of its
// roles.
func (p Principal) Can(perm Permission) bool {
	for _, r := range perm.Roles() {
		if slices.Contains(p.Roles, r) {
			return true
		}
	}
	return false
}
