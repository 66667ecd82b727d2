-- Sharing (issue 5): signing keys, appraisal packs reviewed remotely ("My team"), and the
-- Organisation (HR) area's imported agreed packs.

-- The colleague's stable identity across devices and packs, made at set-up.
ALTER TABLE profile ADD COLUMN colleague_id TEXT;
-- Optional, for HR summaries by department (team stays as it was).
ALTER TABLE profile ADD COLUMN department TEXT;

-- This device's Ed25519 key pair (one per profile). The secret never leaves the database.
CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB NOT NULL CHECK (length(secret) = 32),
    public_key  TEXT NOT NULL,                  -- base64
    created_at  TEXT NOT NULL
) STRICT;

-- Keys seen on imported packs, per signer (trust on first use): a later pack from the same
-- signer with another key is refused.
CREATE TABLE known_key (
    signer_id   TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,
    name        TEXT NOT NULL,
    first_seen  TEXT NOT NULL
) STRICT;

-- Small switches, such as whether the Organisation area is on.
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- My team: a colleague's pack imported for remote review, and the appraiser's work on it.
CREATE TABLE team_review (
    appraisal_id   TEXT PRIMARY KEY,
    colleague_id   TEXT NOT NULL,
    colleague_name TEXT NOT NULL,
    record         TEXT NOT NULL,              -- the pack's record as imported (JSON)
    content        TEXT NOT NULL,              -- the content with the appraiser's part (JSON)
    signature      TEXT,                       -- the appraiser's signature (JSON), once signed
    imported_at    TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

-- Organisation: the latest agreed version of each appraisal, with the columns summaries and the
-- HR export read. `pack` keeps the verified pack for PDFs.
CREATE TABLE hr_appraisal (
    appraisal_id     TEXT PRIMARY KEY,
    colleague_id     TEXT NOT NULL,
    record_sha256    TEXT NOT NULL,             -- the signed record's hash (the same record twice is one import)
    agreed_at        TEXT NOT NULL,
    employee_number  TEXT,
    name             TEXT NOT NULL,
    job_title        TEXT NOT NULL,
    grade            TEXT NOT NULL,
    team             TEXT NOT NULL,
    department       TEXT NOT NULL,
    organisation     TEXT NOT NULL,
    appraiser        TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    pay_step_met     INTEGER NOT NULL,         -- standards met, 0 to 5
    pdp_agreed       INTEGER NOT NULL CHECK (pdp_agreed IN (0, 1)),
    pack             TEXT NOT NULL,
    imported_at      TEXT NOT NULL
) STRICT;

CREATE INDEX hr_appraisal_by_colleague ON hr_appraisal(colleague_id, agreed_at DESC);
CREATE INDEX hr_appraisal_by_team ON hr_appraisal(organisation, department, team);

-- Earlier versions an import superseded, so the history shows them.
CREATE TABLE hr_superseded (
    appraisal_id   TEXT NOT NULL,
    record_sha256  TEXT NOT NULL,
    agreed_at      TEXT NOT NULL,
    superseded_at  TEXT NOT NULL,
    PRIMARY KEY (appraisal_id, record_sha256)
) STRICT, WITHOUT ROWID;

-- Counts per appraisal for summaries: objectives and plan items per KSF dimension, and values
-- with evidence.
CREATE TABLE hr_count (
    appraisal_id  TEXT NOT NULL REFERENCES hr_appraisal(appraisal_id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('objective_ksf', 'plan_ksf', 'value')),
    label         TEXT NOT NULL,
    count         INTEGER NOT NULL
) STRICT;

CREATE INDEX hr_count_by_appraisal ON hr_count(appraisal_id);
