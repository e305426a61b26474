-- Centinela's schema for the embedded SQLite store.
--
-- Portability: the statements below are standard SQL that PostgreSQL also
-- accepts, except where a comment says "SQLite only". Times are stored as
-- BIGINT Unix nanoseconds (UTC), dates as TEXT 'YYYY-MM-DD', amounts as
-- DOUBLE PRECISION, content hashes as BIGINT (64-bit FNV-1a, signed), and
-- whole records that only the application reads (parties, alerts) as JSON
-- text beside the columns that queries filter on.

-- +goose Up

-- Transactions are immutable. hash is the content hash of every field but
-- the ID: a row with a stored ID and the same hash is a duplicate, with a
-- different hash a conflict. Rarely used fields are plain nullable columns.
-- SQLite only: WITHOUT ROWID keeps the rows in the primary-key B-tree, so
-- the ID is stored once and a lookup by ID is one tree descent.
CREATE TABLE transactions (
    id                TEXT NOT NULL PRIMARY KEY,
    ts                BIGINT NOT NULL,
    originator        TEXT,
    beneficiary       TEXT,
    amount            DOUBLE PRECISION NOT NULL,
    currency          TEXT NOT NULL,
    amount_received   DOUBLE PRECISION,
    currency_received TEXT,
    channel           TEXT NOT NULL,
    memo              TEXT,
    cp_name           TEXT,
    cp_country        TEXT,
    cp_type           TEXT,
    cp_naics          TEXT,
    cp_bank           TEXT,
    cp_account        TEXT,
    branch            TEXT,
    mcc               TEXT,
    hash              BIGINT NOT NULL
) WITHOUT ROWID;

-- Time order with ties by ID, the order every engine reads in.
CREATE INDEX transactions_by_time ON transactions (ts, id);

-- Parties are versioned KYC records: the current version here, the ones it
-- replaced in party_versions. doc is the model.Party as JSON.
CREATE TABLE parties (
    id           TEXT NOT NULL PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    birth_date   TEXT,
    occupation   TEXT,
    onboarded    TEXT,
    onboarded_by TEXT,
    version      INTEGER NOT NULL,
    hash         BIGINT NOT NULL,
    doc          TEXT NOT NULL
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

CREATE INDEX parties_by_onboarder ON parties (onboarded_by);

CREATE TABLE party_versions (
    party_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    replaced BIGINT NOT NULL,
    hash     BIGINT NOT NULL,
    doc      TEXT NOT NULL,
    PRIMARY KEY (party_id, version)
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

-- Identifiers of the current party versions, normalised (see
-- sqlite.normalizeIdentifier), so that rules can find one passport number,
-- phone, e-mail or device shared by several customers. kind is a document
-- type ("passport", "national_id", …), "phone", "email" or "device".
CREATE TABLE party_identifiers (
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    party_id TEXT NOT NULL,
    country  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, value, party_id)
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

CREATE INDEX party_identifiers_by_party ON party_identifiers (party_id);

-- Accounts are versioned like parties; owners are kept in their own table,
-- in the order the source gave them.
CREATE TABLE accounts (
    id          TEXT NOT NULL PRIMARY KEY,
    institution TEXT,
    type        TEXT,
    currency    TEXT,
    opened      TEXT,
    closed      TEXT,
    branch      TEXT,
    version     INTEGER NOT NULL,
    hash        BIGINT NOT NULL
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

CREATE TABLE account_versions (
    account_id TEXT NOT NULL,
    version    INTEGER NOT NULL,
    replaced   BIGINT NOT NULL,
    hash       BIGINT NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (account_id, version)
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

CREATE TABLE account_owners (
    account_id TEXT NOT NULL,
    position   INTEGER NOT NULL,
    party_id   TEXT NOT NULL,
    PRIMARY KEY (account_id, position)
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

CREATE INDEX account_owners_by_party ON account_owners (party_id);

-- Labels are a set: a label (entity, case, typology) is stored once however
-- often it is written; its note is the one written first.
CREATE TABLE labels (
    entity_kind TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    typology    TEXT NOT NULL,
    note        TEXT NOT NULL,
    PRIMARY KEY (entity_kind, entity_id, case_id, typology)
) WITHOUT ROWID; -- SQLite only: WITHOUT ROWID

-- Alerts: the model.Alert as JSON, and the columns the filters and the
-- ordering need.
CREATE TABLE alerts (
    id           TEXT NOT NULL PRIMARY KEY,
    rule_id      TEXT NOT NULL,
    typology     TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    severity     TEXT NOT NULL,
    created      BIGINT,
    doc          TEXT NOT NULL
);

CREATE INDEX alerts_by_rule ON alerts (rule_id);
CREATE INDEX alerts_by_subject ON alerts (subject_kind, subject_id);
CREATE INDEX alerts_by_score ON alerts (score);

-- One row per (ingest run, source): how far the run has gone through that
-- source. Saved in the same database transaction as the batch it follows.
CREATE TABLE ingest_checkpoints (
    run_id        TEXT NOT NULL,
    source        TEXT NOT NULL,
    run_key       TEXT NOT NULL,
    path          TEXT NOT NULL,
    format        TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    line          BIGINT NOT NULL,
    read_rows     BIGINT NOT NULL,
    accepted      BIGINT NOT NULL,
    duplicates    BIGINT NOT NULL,
    rejected      BIGINT NOT NULL,
    skipped_blank BIGINT NOT NULL,
    reject_offset BIGINT NOT NULL,
    done          BOOLEAN NOT NULL,
    updated       BIGINT NOT NULL,
    PRIMARY KEY (run_id, source)
);

CREATE INDEX ingest_checkpoints_by_key ON ingest_checkpoints (run_key);

-- +goose Down
DROP TABLE ingest_checkpoints;
DROP TABLE alerts;
DROP TABLE labels;
DROP TABLE account_owners;
DROP TABLE account_versions;
DROP TABLE accounts;
DROP TABLE party_identifiers;
DROP TABLE party_versions;
DROP TABLE parties;
DROP TABLE transactions;
