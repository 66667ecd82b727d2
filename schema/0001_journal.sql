-- 0001: the reflections journal, values frameworks and the profile.
-- Append-only once landed: later changes go in 0002_*.sql and onwards.
-- Dates are ISO-8601 text: calendar dates as YYYY-MM-DD, instants as UTC RFC 3339 ("...Z").

-- A framework is an identity (id, kind); each edit or import of new content is a new revision.
CREATE TABLE framework (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('organisation', 'professional')),
    builtin       INTEGER NOT NULL CHECK (builtin IN (0, 1)),
    current_revision INTEGER NOT NULL
) STRICT;

CREATE TABLE framework_revision (
    framework_id  TEXT NOT NULL REFERENCES framework(id),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    name          TEXT NOT NULL,
    -- The whole framework file as imported (canonical JSON): the source of truth for display.
    document      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    reason        TEXT NOT NULL,
    PRIMARY KEY (framework_id, revision)
) STRICT;

-- Values (themes, for a professional framework) and behaviour statements of each revision,
-- flattened so that tags can be checked by foreign keys and counted in SQL.
CREATE TABLE framework_value (
    framework_id  TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    value_key     TEXT NOT NULL,
    name          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (framework_id, revision, value_key),
    FOREIGN KEY (framework_id, revision) REFERENCES framework_revision(framework_id, revision)
) STRICT;

CREATE TABLE framework_behaviour (
    framework_id  TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    value_key     TEXT NOT NULL,
    behaviour_key TEXT NOT NULL,
    text          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (framework_id, revision, value_key, behaviour_key),
    FOREIGN KEY (framework_id, revision, value_key)
        REFERENCES framework_value(framework_id, revision, value_key)
) STRICT;

-- One profile per database (one colleague per device). Appraisals snapshot it when they start.
CREATE TABLE profile (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    name                TEXT NOT NULL,
    job_title           TEXT NOT NULL,
    grade               TEXT NOT NULL,
    team                TEXT NOT NULL,
    line_manager        TEXT NOT NULL,
    employee_number     TEXT,
    registration_body   TEXT CHECK (registration_body IN ('NMC', 'HCPC', 'GMC')),
    registration_pin    TEXT,
    registration_renewal TEXT,
    organisation_framework TEXT NOT NULL REFERENCES framework(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE TABLE profile_professional_framework (
    framework_id  TEXT PRIMARY KEY REFERENCES framework(id)
) STRICT;

CREATE TABLE reflection (
    -- seq is the rowid the FTS index points at; an explicit INTEGER PRIMARY KEY keeps it stable
    -- across VACUUM (an implicit rowid is not).
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,        -- UUID v7, stable across devices (packs, PDFs)
    title         TEXT NOT NULL,
    event_date    TEXT NOT NULL,
    model         TEXT NOT NULL CHECK (model IN ('free', 'gibbs', 'what_so_what', 'nmc')),
    visibility    TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
    cpd_hours     REAL CHECK (cpd_hours IS NULL OR cpd_hours >= 0),
    cpd_participatory INTEGER NOT NULL DEFAULT 0 CHECK (cpd_participatory IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    deleted_at    TEXT,                         -- set by delete; cleared by undo
    -- The model's prompts and answers: a JSON object {prompt_key: text}. Last, so that reading
    -- the short columns for the journal list never walks a long answer's overflow pages.
    body          TEXT NOT NULL
) STRICT;

-- The journal list, newest first, read from the index alone (it covers the list's columns).
CREATE INDEX reflection_by_date
    ON reflection(event_date DESC, seq DESC, id, title, model, visibility, updated_at)
    WHERE deleted_at IS NULL;

-- A tag names a value (behaviour_key = '') or one of its behaviour statements, in the framework
-- revision the reflection was tagged with, so edits to a framework never change an old reflection.
-- Keyed by the reflection's integer seq: joins on it are rowid lookups (UUID v7 text ids share
-- long prefixes and are several times slower to compare).
CREATE TABLE reflection_tag (
    reflection_seq INTEGER NOT NULL REFERENCES reflection(seq) ON DELETE CASCADE,
    framework_id  TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    value_key     TEXT NOT NULL,
    behaviour_key TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (reflection_seq, framework_id, value_key, behaviour_key),
    FOREIGN KEY (framework_id, revision, value_key)
        REFERENCES framework_value(framework_id, revision, value_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX reflection_tag_by_value ON reflection_tag(framework_id, value_key, behaviour_key, reflection_seq);

-- Revision history: a snapshot per save, coalesced while the same editing session autosaves.
CREATE TABLE reflection_revision (
    reflection_id TEXT NOT NULL REFERENCES reflection(id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL,
    saved_at      TEXT NOT NULL,
    snapshot      TEXT NOT NULL,               -- JSON of the reflection and its tags at that save
    PRIMARY KEY (reflection_id, revision)
) STRICT;

-- Unsaved editor state (e.g. a new reflection without a title yet), so nothing typed is lost.
CREATE TABLE draft (
    key           TEXT PRIMARY KEY,            -- the reflection id, or 'new:<uuid>' for one not yet saved
    content       TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- Full-text index; rowid = reflection.seq. Maintained by the storage module in the same
-- transaction as each write.
CREATE VIRTUAL TABLE reflection_fts USING fts5(
    title, body, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);
