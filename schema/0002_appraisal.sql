-- Appraisals (issue 3) and the NMC revalidation evidence that is not a reflection.
--
-- An appraisal is one aggregate: its editable sections live in `content` (JSON, the
-- `AppraisalContent` type in core/src/appraisal.rs) so that an autosave is one row write, while the
-- columns that lists, reminders and the state machine need are real columns. When the first person
-- signs, `frozen_record` receives the canonical record that was hashed (profile details, the
-- framework's value names and the included reflections as they were at that moment); signatures
-- store the SHA-256 of those bytes. Reopening clears both.

CREATE TABLE appraisal (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,          -- UUID v7
    state         TEXT NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'ready_for_review', 'in_review', 'agreed')),
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL CHECK (period_end >= period_start),
    framework_id  TEXT NOT NULL REFERENCES framework(id),
    previous_id   TEXT,                          -- the appraisal objectives were carried forward from
    pay_step_date TEXT,                          -- copied from content for reminders
    content       TEXT NOT NULL,
    frozen_record TEXT,                          -- canonical JSON hashed at the first signature
    agreed_at     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX appraisal_by_period ON appraisal(period_end DESC, seq DESC);

CREATE TABLE appraisal_signature (
    appraisal_seq INTEGER NOT NULL REFERENCES appraisal(seq) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('colleague', 'appraiser')),
    name          TEXT NOT NULL,
    job_title     TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    PRIMARY KEY (appraisal_seq, role)
) STRICT, WITHOUT ROWID;

-- What happened to an appraisal and who did it: created, submitted, withdrawn, review started,
-- signed, reopened (with the reason). Append-only.
CREATE TABLE appraisal_event (
    appraisal_seq INTEGER NOT NULL REFERENCES appraisal(seq) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL CHECK (actor IN ('colleague', 'appraiser')),
    actor_name    TEXT NOT NULL,
    action        TEXT NOT NULL,
    from_state    TEXT,
    to_state      TEXT NOT NULL,
    reason        TEXT,
    sha256        TEXT
) STRICT;

CREATE INDEX appraisal_event_by_appraisal ON appraisal_event(appraisal_seq, at);

-- NMC revalidation: practice-related feedback (five needed in the three-year window).
CREATE TABLE feedback (
    id            TEXT PRIMARY KEY,              -- UUID v7
    received_on   TEXT NOT NULL,
    source        TEXT NOT NULL,
    summary       TEXT NOT NULL,                 -- what it said
    changes       TEXT NOT NULL,                 -- what changed as a result
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX feedback_by_date ON feedback(received_on DESC);

-- NMC revalidation: the reflective discussion with another NMC registrant.
CREATE TABLE reflective_discussion (
    id            TEXT PRIMARY KEY,
    partner_name  TEXT NOT NULL,
    partner_pin   TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

-- NMC revalidation: confirmation by an appropriate person.
CREATE TABLE revalidation_confirmation (
    id              TEXT PRIMARY KEY,
    confirmer_name  TEXT NOT NULL,
    confirmer_role  TEXT NOT NULL,
    confirmer_pin   TEXT,                        -- if the confirmer is an NMC registrant
    confirmed_on    TEXT NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;
