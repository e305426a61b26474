-- Cases and the audit log.
--
-- Conventions as in 00001_schema.sql. Binary values (audit records and
-- hashes) are BLOB, which PostgreSQL spells BYTEA; the triggers that make
-- the audit tables append-only are SQLite only (PostgreSQL does the same
-- with a trigger function, or by granting the application INSERT and
-- SELECT only).

-- +goose Up

-- Cases: the model.Case as JSON, and the columns the filters and the
-- ordering need. open is 1 for every state but closed.
CREATE TABLE cases (
    id           TEXT NOT NULL PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    state        TEXT NOT NULL,
    open         INTEGER NOT NULL,
    assignee     TEXT NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    version      INTEGER NOT NULL,
    doc          TEXT NOT NULL
);

CREATE INDEX cases_by_subject ON cases (subject_kind, subject_id);
CREATE INDEX cases_by_order ON cases (open, score, id);

-- The subject parties of each case, for "the cases of this party".
CREATE TABLE case_parties (
    party_id TEXT NOT NULL,
    case_id  TEXT NOT NULL,
    PRIMARY KEY (party_id, case_id)
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

-- An alert belongs to one case at most: the primary key makes triage
-- idempotent even when two processes triage the same alerts.
CREATE TABLE case_alerts (
    alert_id TEXT NOT NULL PRIMARY KEY,
    case_id  TEXT NOT NULL
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

CREATE INDEX case_alerts_by_case ON case_alerts (case_id);

-- Request-for-information outcomes, one row per RFI recorded on a case,
-- so that rules (FIN-2025-A003 MM-9) can read a party's outcomes.
CREATE TABLE case_rfis (
    case_id  TEXT NOT NULL,
    position INTEGER NOT NULL,
    party_id TEXT NOT NULL,
    ts       BIGINT NOT NULL,
    outcome  TEXT NOT NULL,
    doc      TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
);

CREATE INDEX case_rfis_by_party ON case_rfis (party_id, ts);

-- Named counters: "case" numbers the case IDs.
CREATE TABLE sequences (
    name  TEXT NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);

-- The audit log: records in order (idx 0, 1, 2, …) and the stored hashes
-- of its Merkle tree, numbered as golang.org/x/mod/sumdb/tlog numbers them.
CREATE TABLE audit_log (
    idx  BIGINT NOT NULL PRIMARY KEY,
    data BLOB NOT NULL
);

CREATE TABLE audit_hashes (
    idx  BIGINT NOT NULL PRIMARY KEY,
    hash BLOB NOT NULL
);

-- Tree heads given out as checkpoints.
CREATE TABLE audit_checkpoints (
    size BIGINT NOT NULL PRIMARY KEY,
    hash BLOB NOT NULL,
    ts   BIGINT NOT NULL,
    note TEXT NOT NULL
);

-- SQLite only: the audit log and its hashes are append-only. Someone with
-- the database file can drop these triggers; audit verification then still
-- finds the change (docs/cases.md).
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_hashes_no_update BEFORE UPDATE ON audit_hashes
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_hashes_no_delete BEFORE DELETE ON audit_hashes
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_hashes_no_delete;
DROP TRIGGER audit_hashes_no_update;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_checkpoints;
DROP TABLE audit_hashes;
DROP TABLE audit_log;
DROP TABLE sequences;
DROP TABLE case_rfis;
DROP TABLE case_alerts;
DROP TABLE case_parties;
DROP TABLE cases;
