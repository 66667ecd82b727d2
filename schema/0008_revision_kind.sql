-- Issue 15: what made each revision, and which editing session an autosaved one belongs to.
-- Only autosaves of one editing session coalesce into one revision; every explicit save, restore,
-- model change and privacy fix is a revision of its own. Revisions from before this migration
-- count as saved.
ALTER TABLE reflection_version ADD COLUMN kind TEXT NOT NULL DEFAULT 'saved'
    CHECK (kind IN ('saved', 'autosaved', 'restored', 'model_changed', 'privacy_fix'));
-- The editor's session id while the revision is that session's autosave; NULL otherwise.
ALTER TABLE reflection_version ADD COLUMN session TEXT;
-- For a restored revision: the revision whose content it restored.
ALTER TABLE reflection_version ADD COLUMN restored_from INTEGER;
