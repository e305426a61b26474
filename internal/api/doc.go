// Package api is Centinela's HTTP API: the operations of the command line —
// screening, alerts, cases, SAR and goAML downloads, the audit log — with
// health probes and Prometheus metrics, served by `centinela serve`.
//
// The routes are huma operations on a net/http ServeMux, so the OpenAPI 3.1
// document (docs/openapi.json) is generated from the code. Requests flow
// handler → use case (cases.Service, screen.Screener, audit) → store.
//
// Security is deny by default. Every route declares the Permission it
// requires (or is one of the few public ones: the health probes and the
// OpenAPI document); the middleware refuses a request without a valid API
// key (401), with a key whose roles do not hold the permission (403), and
// to a route that declared nothing. Keys are kept hashed (SHA-256) in a
// keys file and compared in constant time; each has roles (analyst,
// supervisor, auditor, admin) and Permission.Roles is the matrix.
//
// Every request to a protected or unknown route is recorded in the audit
// log before its handler runs — who (the key's name), from where, what, and
// the authorization decision — through a group-commit writer that appends
// the entries of concurrent requests in one transaction. A request whose
// entry cannot be written is refused. The changes a request makes are
// recorded by the use cases in their own entries, with before and after.
//
// errors.go is the one place where errors become HTTP statuses: RFC 9457
// problems whose instance is the request's ID; server errors are logged and
// their cause is never sent.
package api
