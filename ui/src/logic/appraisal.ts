// What the workspace needs to draw itself: labels and edits to the content. Who may write which
// part and which workflow steps are offered come from core, on the view (`editable`, `steps`).
import type { Answer } from "../bindings/Answer";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { AppraisalState } from "../bindings/AppraisalState";
import type { DevelopmentItem } from "../bindings/DevelopmentItem";
import type { Ksf } from "../bindings/Ksf";
import type { Objective } from "../bindings/Objective";
import type { Outcome } from "../bindings/Outcome";
import type { PlanStatus } from "../bindings/PlanStatus";
import type { Role } from "../bindings/Role";

export const STATE_LABEL: Record<AppraisalState, string> = {
  draft: "Draft",
  ready_for_review: "Ready for review",
  in_review: "In review",
  agreed: "Agreed",
};

/** NHS tag colours for each state. */
export const STATE_TAG: Record<AppraisalState, string> = {
  draft: "nhsuk-tag--grey",
  ready_for_review: "nhsuk-tag--blue",
  in_review: "nhsuk-tag--yellow",
  agreed: "nhsuk-tag--green",
};

export const OUTCOMES: { value: Outcome; label: string }[] = [
  { value: "met", label: "Met" },
  { value: "partly_met", label: "Partly met" },
  { value: "not_met", label: "Not met" },
  { value: "carried_forward", label: "Carried forward" },
  { value: "dropped", label: "Dropped" },
];

export const PLAN_STATUSES: { value: PlanStatus; label: string }[] = [
  { value: "proposed", label: "Proposed" },
  { value: "agreed", label: "Agreed" },
  { value: "complete", label: "Complete" },
  { value: "carried_forward", label: "Carried forward" },
  { value: "dropped", label: "Dropped" },
];

/** The six NHS Knowledge and Skills Framework core dimensions. */
export const KSF: { value: Ksf; label: string }[] = [
  { value: "communication", label: "Communication" },
  { value: "personal_and_people_development", label: "Personal and people development" },
  { value: "health_safety_and_security", label: "Health, safety and security" },
  { value: "service_improvement", label: "Service improvement" },
  { value: "quality", label: "Quality" },
  { value: "equality_and_diversity", label: "Equality and diversity" },
];

export const ANSWERS: { value: Answer; label: string }[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export function emptyObjective(): Objective {
  return { id: "", objective: "", measure: "", by_date: "", support: "", by: null };
}

export function emptyPlanItem(): DevelopmentItem {
  return { id: "", need: "", activity: "", support: "", target_date: "", status: "proposed", ksf: null, by: null };
}

/** Include or leave out a reflection as evidence for a value. */
export function toggleEvidence(c: AppraisalContent, valueKey: string, reflectionId: string, include: boolean): AppraisalContent {
  return {
    ...c,
    values: c.values.map((v) => {
      if (v.value_key !== valueKey) return v;
      const ids = v.reflection_ids.filter((id) => id !== reflectionId);
      return { ...v, reflection_ids: include ? [...ids, reflectionId] : ids };
    }),
  };
}

/** Replace item `i` of a list. */
export function replaceAt<T>(list: T[], i: number, item: T): T[] {
  return list.map((x, j) => (j === i ? item : x));
}

/** "Written by the appraiser" marks, so everyone can see whose words are whose. */
export function authorNote(by: Role | null, appraiserName: string): string | null {
  return by === "appraiser" ? `Written by the appraiser${appraiserName ? ` (${appraiserName})` : ""}` : null;
}

/** A SHA-256 in groups of eight, easier to read aloud and compare. */
export function groupHash(sha: string): string {
  return sha.replace(/(.{8})(?=.)/g, "$1 ");
}

/** Which numbered section of the workspace shows each part of the content (ids as in Section.tsx). */
export const CONTENT_SECTION: Record<keyof AppraisalContent, string> = {
  period_start: "section-details",
  period_end: "section-details",
  appraiser_name: "section-details",
  appraiser_job_title: "section-details",
  meeting_date: "section-details",
  review: "section-review",
  values: "section-values",
  previous: "section-previous",
  objectives: "section-objectives",
  development_plan: "section-plan",
  wellbeing: "section-wellbeing",
  wellbeing_shared: "section-wellbeing",
  career: "section-career",
  pay_step: "section-pay-step",
  colleague_summary: "section-signoff",
  appraiser_summary: "section-signoff",
};

/** Deep equality of JSON-shaped values (what the content is). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => k in bo && sameJson((a as Record<string, unknown>)[k], bo[k]));
}

export interface Merged {
  /** The saved version with my changes applied where nobody else changed the same part. */
  content: AppraisalContent;
  /** Parts changed elsewhere that I had not touched: taken from the saved version. */
  theirs: (keyof AppraisalContent)[];
  /** Parts both I and someone else changed: the saved version is kept; mine is in the draft. */
  clashes: (keyof AppraisalContent)[];
}

/**
 * A save was refused because the appraisal changed elsewhere (another window, the command line).
 * `base` is what I started editing from, `mine` what I have typed, `saved` the version now
 * stored. Part by part: untouched by me → the saved one; untouched elsewhere → mine; changed by
 * both (differently) → a clash, which keeps the saved one until I choose.
 */
export function mergeEdits(base: AppraisalContent, mine: AppraisalContent, saved: AppraisalContent): Merged {
  const content = { ...saved };
  const theirs: (keyof AppraisalContent)[] = [];
  const clashes: (keyof AppraisalContent)[] = [];
  const put = <K extends keyof AppraisalContent>(k: K, from: AppraisalContent) => {
    content[k] = from[k];
  };
  for (const k of Object.keys(CONTENT_SECTION) as (keyof AppraisalContent)[]) {
    const iChanged = !sameJson(base[k], mine[k]);
    const theyChanged = !sameJson(base[k], saved[k]);
    if (iChanged && !theyChanged) put(k, mine);
    else if (theyChanged && !iChanged) theirs.push(k);
    else if (iChanged && theyChanged && !sameJson(mine[k], saved[k])) clashes.push(k);
  }
  return { content, theirs, clashes };
}

/** `mine`'s parts `keys` over `content` (choosing what I typed for clashing parts). */
export function takeMine(content: AppraisalContent, mine: AppraisalContent, keys: (keyof AppraisalContent)[]): AppraisalContent {
  const out = { ...content };
  for (const k of keys) (out as Record<string, unknown>)[k] = mine[k];
  return out;
}
