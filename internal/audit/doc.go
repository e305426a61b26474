// Package audit keeps Centinela's audit trail: who did what, when, from
// where, to which case, alert, rule, list or export — and who read which
// case — in an append-only log that cannot be rewritten quietly.
//
// Each entry is a JSON object that names the entry before it: its Prev
// field is the record hash of the previous entry, so the entries form a
// hash chain. The entries are also the leaves of a Merkle tree built with
// golang.org/x/mod/sumdb/tlog, the construction of the Go checksum
// database and of Certificate Transparency (RFC 6962): record hashes,
// stored interior hashes, tree heads, and inclusion and consistency proofs
// all come from that package. The tree head (size and root hash) can be
// given out as a checkpoint — a short text, optionally signed with a
// golang.org/x/mod/sumdb/note key — and kept outside the database.
//
// Verify reads the whole log back and reports, with the entry's index,
// every entry that was edited, deleted, inserted or moved: an entry whose
// bytes no longer match the tree's record hash, a broken link in the
// chain, a gap or a repeat in the indexes, tree hashes for entries that
// are gone. Someone who rewrites the log, its chain and its tree
// consistently is caught by a checkpoint kept elsewhere: the rewritten
// tree no longer contains it.
//
// The package appends through a store.AuditWriter, usually inside the
// transaction of the change it records (store.CaseStore.CaseTx), so that a
// change and its audit entry are committed together or not at all.
package audit
