-- Trust (issue 10): every signature is the signer's own key's; records are found by whose they
-- are (the colleague's public key) and which appraisal; a version counter inside the signed record.

-- The version of the record the next signature freezes (record format 1's `version`): it counts
-- up each time a reopened appraisal is signed again.
ALTER TABLE appraisal ADD COLUMN record_version INTEGER NOT NULL DEFAULT 0;

-- A signature made with the signer's key: the signed statement and the Ed25519 signature
-- (`SignatureV1` as JSON). NULL for signatures made before key signatures (shown as such).
ALTER TABLE appraisal_signature ADD COLUMN public_key TEXT;
ALTER TABLE appraisal_signature ADD COLUMN signature TEXT;

-- My team, keyed by whose appraisal it is: (the colleague's key, the appraisal id). A pack sealed
-- by another key can never change a row. `held` is the record, the parts the colleague disclosed
-- and their signatures (`format::pack::Held` as JSON); `content` is the appraiser's working copy.
-- Rows imported before key signatures stay in `team_review_format1`, unchanged.
ALTER TABLE team_review RENAME TO team_review_format1;
CREATE TABLE team_review (
    colleague_key   TEXT NOT NULL,
    appraisal_id    TEXT NOT NULL,
    colleague_name  TEXT NOT NULL,
    held            TEXT NOT NULL,
    content         TEXT NOT NULL,
    signature       TEXT,                       -- the appraiser's SignatureV1 (JSON), once signed
    imported_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (colleague_key, appraisal_id)
) STRICT;

-- Keys someone has chosen to trust after comparing fingerprints: HR's (by hand or from its
-- roster) and a manager's pins for their team.
CREATE TABLE trusted_key (
    scope            TEXT NOT NULL CHECK (scope IN ('hr', 'team')),
    public_key       TEXT NOT NULL,
    name             TEXT NOT NULL,
    employee_number  TEXT,
    team             TEXT,
    line_manager     TEXT,                      -- the line manager's employee number (roster)
    source           TEXT NOT NULL CHECK (source IN ('manual', 'roster')),
    trusted_at       TEXT NOT NULL,
    PRIMARY KEY (scope, public_key)
) STRICT;
