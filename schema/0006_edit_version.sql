-- Safe concurrent saves (issue 11): every change to an appraisal (an autosave, a workflow step, a
-- signature taken in from a reviewed pack) counts this up in the same transaction. A save or step
-- carries the version it edited; a stale one is refused as a conflict, never written over.
ALTER TABLE appraisal ADD COLUMN edit_version INTEGER NOT NULL DEFAULT 0;

-- The same for the appraiser's working copy of a colleague's appraisal in My team.
ALTER TABLE team_review ADD COLUMN edit_version INTEGER NOT NULL DEFAULT 0;
