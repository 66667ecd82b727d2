// What the workspace needs to draw itself: labels and edits to the content. Who may write which
// part and which workflow steps are offered come from core, on the view (`editable`, `steps`).
import type { Answer } from "../bindings/Answer";
import type { Appraisal } from "../bindings/Appraisal";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { AppraisalState } from "../bindings/AppraisalState";
import type { DevelopmentItem } from "../bindings/DevelopmentItem";
import type { Ksf } from "../bindings/Ksf";
import type { Note } from "../bindings/Note";
import type { Objective } from "../bindings/Objective";
import type { Outcome } from "../bindings/Outcome";
import type { Part } from "../bindings/Part";
import type { PlanStatus } from "../bindings/PlanStatus";
import type { Role } from "../bindings/Role";
import type { Section } from "../bindings/Section";
import { SECTIONS } from "../bindings/sections";

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

/** Where a section of the workspace stands for the person looking at it. */
export type SectionStatus = "done" | "needs_you" | "waiting_appraiser" | "waiting_colleague" | "optional";

export const SECTION_STATUS_LABEL: Record<SectionStatus, string> = {
  done: "Done",
  needs_you: "Needs you",
  waiting_appraiser: "Waiting for appraiser",
  waiting_colleague: "Waiting for colleague",
  optional: "Optional",
};

/** NHS tag colours for each section status. */
export const SECTION_STATUS_TAG: Record<SectionStatus, string> = {
  done: "nhsuk-tag--green",
  needs_you: "nhsuk-tag--orange",
  waiting_appraiser: "nhsuk-tag--blue",
  waiting_colleague: "nhsuk-tag--blue",
  optional: "nhsuk-tag--grey",
};

/** The workspace's sections in order (section n is SECTION_IDS[n - 1]; ids as in Section.tsx). */
export const SECTION_IDS = [
  "section-details",
  "section-review",
  "section-values",
  "section-previous",
  "section-objectives",
  "section-plan",
  "section-wellbeing",
  "section-career",
  "section-pay-step",
  "section-signoff",
] as const;

const written = (n: Note) => n.text.trim() !== "";

/** Whether a part has what it needs (a part with nothing to fill in, like the evidence, always has). */
export function partComplete(part: Part, c: AppraisalContent): boolean {
  switch (part) {
    case "period":
      return c.period_start !== "" && c.period_end !== "";
    case "appraiser_details":
      return c.appraiser_name.trim() !== "" && c.appraiser_job_title.trim() !== "";
    case "review":
      return [c.review.achievements, c.review.challenges, c.review.went_well, c.review.support].every(written);
    case "value_summary":
      return c.values.every((v) => written(v.summary));
    case "value_comment":
      return c.values.every((v) => written(v.comment));
    case "previous":
      return c.previous.every((p) => p.outcome !== null);
    case "objectives":
      return c.objectives.some((o) => o.objective.trim() !== "");
    case "plan":
      return c.development_plan.some((d) => d.need.trim() !== "");
    case "wellbeing":
      return written(c.wellbeing);
    case "career":
      return written(c.career);
    case "pay_step": {
      const p = c.pay_step;
      return p.date === "" || [p.no_capability, p.no_disciplinary, p.training, p.staff_appraised].every((x) => x !== "unanswered");
    }
    case "colleague_summary":
      return written(c.colleague_summary);
    case "appraiser_summary":
      return written(c.appraiser_summary);
    case "evidence":
      return true;
  }
}

/** What the status is worked out from: the view core gives (who may change what, which steps). */
export type StatusView = Pick<Appraisal, "state" | "viewer" | "frozen" | "editable" | "steps" | "signatures">;

/**
 * Each section's status for the viewer, keyed by section id. A section needs you when a part you
 * write (one you may change now; before you may change anything, one you own) is not filled in,
 * or it is the sign-off and you can sign. It waits for the other person when only their parts, or
 * their signature, are missing. Otherwise it is done. Health and wellbeing is optional until
 * written. Once signed nothing else can change, so only the signatures count; once agreed,
 * everything is done.
 */
export function sectionStatuses(a: StatusView, c: AppraisalContent, sections: Section[] = SECTIONS): Record<string, SectionStatus> {
  const out: Record<string, SectionStatus> = {};
  const viewer = a.viewer;
  const other: SectionStatus = viewer === "colleague" ? "waiting_appraiser" : "waiting_colleague";
  const yours = (s: Section) =>
    a.editable.length > 0 ? a.editable.includes(s.part) : !a.frozen && (s.owner === viewer || s.owner === "both");
  SECTION_IDS.forEach((sid, i) => {
    const parts = sections.filter((s) => s.number === i + 1);
    if (a.state === "agreed") {
      out[sid] = "done";
      return;
    }
    if (sid === "section-wellbeing") {
      out[sid] = parts.every((s) => partComplete(s.part, c)) ? "done" : "optional";
      return;
    }
    const missing = a.frozen ? [] : parts.filter((s) => !partComplete(s.part, c));
    const signOff = sid === "section-signoff";
    const signed = (r: Role) => a.signatures.some((s) => s.role === r);
    if (missing.some(yours) || (signOff && a.steps.includes("sign"))) out[sid] = "needs_you";
    else if (missing.length > 0 || (signOff && (!signed("colleague") || !signed("appraiser")))) out[sid] = other;
    else out[sid] = "done";
  });
  return out;
}
