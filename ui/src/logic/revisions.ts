// A reflection's revisions and model changes, as the reflection page and the editor say them.
import type { ModelChange } from "../bindings/ModelChange";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { RevisionEntry } from "../bindings/RevisionEntry";
import type { RevisionKind } from "../bindings/RevisionKind";

const KIND: Record<RevisionKind, string> = {
  saved: "Saved",
  autosaved: "Autosaved while editing",
  restored: "Restored",
  model_changed: "Reflective model changed",
  privacy_fix: "Privacy rewrite",
};

/** What made a revision, in words ("Restored from revision 2"). */
export function kindLabel(r: Pick<RevisionEntry, "kind" | "restored_from">): string {
  if (r.kind === "restored" && r.restored_from !== null) return `Restored from revision ${r.restored_from}`;
  return KIND[r.kind];
}

/** The confirmation's words for restoring revision `n` when `current` is the latest. */
export function restoreMessage(n: number, current: number): string {
  return (
    `Revision ${n}'s title, text, tags and details become a new revision ${current + 1}. ` +
    `Nothing is deleted: the text you have now stays in the history as revision ${current}.`
  );
}

/** Only an earlier revision can be restored (the newest is the text on the page). */
export function canRestore(r: RevisionEntry, current: number): boolean {
  return r.revision !== current;
}

/** The answers of the model the form shows, without empty ones: what a model change moves. */
export function answersOf(body: Record<string, string>, model: ModelInfo | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v.trim() && (!model || model.prompts.some((p) => p.key === k))) out[k] = v;
  }
  return out;
}

/** One line per answer of a model change: "“What?” goes to “Description”". */
export function moveLines(change: ModelChange): string[] {
  return change.moves.map(
    (m) => `“${m.from_label}” goes to “${m.to_label}”` + (m.labelled ? ", introduced with the question it answered" : ""),
  );
}
