-- 0007 (issue 12): the text of a reflection is stored once, in `reflection`.
--
-- 1. The full-text index reads its text from `reflection` (an FTS5 external-content index over the
--    view `reflection_text`) instead of keeping a copy, and indexes the title and the answers
--    only: value names are a filter (`reflection_tag`), not text to match. Triggers keep it in
--    step with every write to `reflection`, in the same transaction.
-- 2. Revision history keeps the current version as the `reflection` row itself (snapshot NULL)
--    and each older version as a snapshot: deflate-compressed JSON (a BLOB) when written by this
--    build, plain JSON text when carried over from `reflection_revision`.

DROP TABLE reflection_fts;

-- The text the index holds for each reflection: its title, and its answers in one column (each
-- reflective model's prompts in the model's order, a blank line between). The index, its
-- snippets and the triggers below all read this view, so they always agree on the text. A new
-- prompt key (a new reflective model) needs a migration that recreates this view (a test saves
-- an answer to every prompt of every model and finds each one).
CREATE VIEW reflection_text AS
    SELECT seq, title,
           concat_ws(char(10, 10),
               json_extract(body, '$.reflection'),
               json_extract(body, '$.description'), json_extract(body, '$.feelings'),
               json_extract(body, '$.evaluation'), json_extract(body, '$.analysis'),
               json_extract(body, '$.conclusion'), json_extract(body, '$.action_plan'),
               json_extract(body, '$.what'), json_extract(body, '$.so_what'),
               json_extract(body, '$.now_what'),
               json_extract(body, '$.what_happened'), json_extract(body, '$.what_learnt'),
               json_extract(body, '$.changed_practice'), json_extract(body, '$.relates_to_code')
           ) AS body
    FROM reflection;

CREATE VIRTUAL TABLE reflection_fts USING fts5(
    title, body,
    content = 'reflection_text', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- An external-content index is told what leaves it ('delete' with the old text, read through the
-- view while the old row is still there) and what arrives (read through the view once it is).
CREATE TRIGGER reflection_fts_insert AFTER INSERT ON reflection BEGIN
    INSERT INTO reflection_fts (rowid, title, body)
        SELECT seq, title, body FROM reflection_text WHERE seq = NEW.seq;
END;

CREATE TRIGGER reflection_fts_delete BEFORE DELETE ON reflection BEGIN
    INSERT INTO reflection_fts (reflection_fts, rowid, title, body)
        SELECT 'delete', seq, title, body FROM reflection_text WHERE seq = OLD.seq;
END;

CREATE TRIGGER reflection_fts_update_old BEFORE UPDATE OF title, body ON reflection BEGIN
    INSERT INTO reflection_fts (reflection_fts, rowid, title, body)
        SELECT 'delete', seq, title, body FROM reflection_text WHERE seq = OLD.seq;
END;

CREATE TRIGGER reflection_fts_update_new AFTER UPDATE OF title, body ON reflection BEGIN
    INSERT INTO reflection_fts (rowid, title, body)
        SELECT seq, title, body FROM reflection_text WHERE seq = NEW.seq;
END;

INSERT INTO reflection_fts (reflection_fts) VALUES ('rebuild');

CREATE TABLE reflection_version (
    reflection_id TEXT NOT NULL REFERENCES reflection(id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    saved_at      TEXT NOT NULL,
    -- NULL: this is the reflection's current revision, and its row is the content. Otherwise the
    -- Reflection as JSON: a BLOB is deflate-compressed (RFC 1951), TEXT is plain.
    snapshot      ANY CHECK (snapshot IS NULL OR typeof(snapshot) IN ('blob', 'text')),
    PRIMARY KEY (reflection_id, revision)
) STRICT;

INSERT INTO reflection_version (reflection_id, revision, saved_at, snapshot)
    SELECT v.reflection_id, v.revision, v.saved_at,
           CASE WHEN v.revision = r.revision THEN NULL ELSE v.snapshot END
    FROM reflection_revision v JOIN reflection r ON r.id = v.reflection_id;

DROP TABLE reflection_revision;
