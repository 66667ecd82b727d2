-- HR trusts signatures, not claims (issue 10). The Organisation area's records are keyed by whose
-- they are (the colleague's public key) and which appraisal; a newer version supersedes only when
-- the record's own `version` counter (inside the signed record) is higher. An agreed pack whose
-- keys HR has not trusted is held, with the reason and both fingerprints, until HR trusts them.
--
-- The rows imported before key signatures (pack format 1) are kept, unchanged, in the
-- `*_format1` tables and listed as held: their appraiser signature was only a claim.

ALTER TABLE hr_count RENAME TO hr_count_format1;
ALTER TABLE hr_superseded RENAME TO hr_superseded_format1;
ALTER TABLE hr_appraisal RENAME TO hr_appraisal_format1;
DROP INDEX hr_appraisal_by_colleague;
DROP INDEX hr_appraisal_by_team;
DROP INDEX hr_count_by_appraisal;
CREATE INDEX hr_count_format1_by_appraisal ON hr_count_format1(appraisal_id);

-- An agreed record HR added to its summaries: only HR's parts (`held` is `format::pack::Held` as
-- JSON, kept by `format::record::for_hr`) and both key signatures.
CREATE TABLE hr_appraisal (
    colleague_key          TEXT NOT NULL,
    appraisal_id           TEXT NOT NULL,
    version                INTEGER NOT NULL,
    record_sha256          TEXT NOT NULL,      -- the record's digest, which both signatures name
    agreed_at              TEXT NOT NULL,
    appraiser_key          TEXT NOT NULL,
    employee_number        TEXT,
    name                   TEXT NOT NULL,
    job_title              TEXT NOT NULL,
    grade                  TEXT NOT NULL,
    team                   TEXT NOT NULL,
    department             TEXT NOT NULL,
    organisation           TEXT NOT NULL,
    appraiser              TEXT NOT NULL,
    period_end             TEXT NOT NULL,
    pay_step_met           INTEGER NOT NULL,   -- standards met, 0 to 5
    pdp_agreed             INTEGER NOT NULL CHECK (pdp_agreed IN (0, 1)),
    flags                  TEXT NOT NULL,      -- JSON array of plain-English flags
    held                   TEXT NOT NULL,
    imported_at            TEXT NOT NULL,
    PRIMARY KEY (colleague_key, appraisal_id)
) STRICT;

CREATE INDEX hr_appraisal_by_team ON hr_appraisal(organisation, department, team);

-- Earlier versions a newer one superseded, so the history shows them.
CREATE TABLE hr_superseded (
    colleague_key  TEXT NOT NULL,
    appraisal_id   TEXT NOT NULL,
    version        INTEGER NOT NULL,
    record_sha256  TEXT NOT NULL,
    agreed_at      TEXT NOT NULL,
    superseded_at  TEXT NOT NULL,
    PRIMARY KEY (colleague_key, appraisal_id, record_sha256)
) STRICT, WITHOUT ROWID;

-- Counts per appraisal for summaries: objectives and plan items per KSF dimension, and values
-- with evidence (from the record's coverage counts).
CREATE TABLE hr_count (
    colleague_key  TEXT NOT NULL,
    appraisal_id   TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('objective_ksf', 'plan_ksf', 'value')),
    label          TEXT NOT NULL,
    count          INTEGER NOT NULL,
    FOREIGN KEY (colleague_key, appraisal_id) REFERENCES hr_appraisal(colleague_key, appraisal_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX hr_count_by_appraisal ON hr_count(colleague_key, appraisal_id);

-- Agreed packs HR has not added: why, and whose keys (with their fingerprints, to compare aloud).
-- Format 2 rows keep HR's parts and the signatures (`held`, as in hr_appraisal) and are added
-- when HR trusts the keys. Format 1 rows keep what the pack said of itself (never its content).
CREATE TABLE hr_held (
    id                     INTEGER PRIMARY KEY,
    format                 INTEGER NOT NULL CHECK (format IN (1, 2)),
    colleague_key          TEXT NOT NULL,      -- format 1: the sender's key
    appraisal_id           TEXT NOT NULL,
    version                INTEGER,
    record_sha256          TEXT NOT NULL,
    name                   TEXT NOT NULL,
    appraiser              TEXT NOT NULL,
    appraiser_key          TEXT,               -- NULL for format 1: the signature was a claim
    colleague_fingerprint  TEXT,
    appraiser_fingerprint  TEXT,
    agreed_at              TEXT,
    reason                 TEXT NOT NULL,
    held                   TEXT,               -- format 2: `Held` (HR's parts) as JSON
    received_at            TEXT NOT NULL,
    UNIQUE (format, colleague_key, appraisal_id, record_sha256)
) STRICT;

INSERT INTO hr_held (format, colleague_key, appraisal_id, version, record_sha256, name, appraiser,
                     appraiser_key, colleague_fingerprint, appraiser_fingerprint, agreed_at, reason,
                     held, received_at)
SELECT 1, coalesce((SELECT k.public_key FROM known_key k WHERE k.signer_id = a.colleague_id), a.colleague_id),
       a.appraisal_id, NULL, a.record_sha256, a.name, a.appraiser, NULL, NULL, NULL, a.agreed_at,
       'made before key signatures (pack format 1)', NULL, a.imported_at
FROM hr_appraisal_format1 a;
