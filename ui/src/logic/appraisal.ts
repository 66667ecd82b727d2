// Appraisal rules the workspace needs to draw itself: labels, who may write which part (the same
// rules core enforces on save), which workflow steps are offered, and edits to the content.
import type { Action } from "../bindings/Action";
import type { Answer } from "../bindings/Answer";
import type { Appraisal } from "../bindings/Appraisal";
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

/** Who owns a part of the record. Mirrors `merge_edit` in core/src/appraisal.rs. */
export type Part =
  | "period"
  | "review"
  | "value_summary"
  | "evidence"
  | "value_comment"
  | "previous"
  | "objectives"
  | "plan"
  | "wellbeing"
  | "career"
  | "pay_step"
  | "appraiser_details"
  | "colleague_summary"
  | "appraiser_summary";

const OWNER: Record<Part, Role | "both"> = {
  period: "colleague",
  review: "colleague",
  value_summary: "colleague",
  evidence: "colleague",
  value_comment: "appraiser",
  previous: "both",
  objectives: "both",
  plan: "both",
  wellbeing: "colleague",
  career: "colleague",
  pay_step: "both",
  appraiser_details: "both",
  colleague_summary: "colleague",
  appraiser_summary: "appraiser",
};

/** Whether `a.viewer` may change `part` now. */
export function canEdit(a: Pick<Appraisal, "viewer" | "state" | "frozen">, part: Part): boolean {
  if (a.frozen || a.state === "agreed") return false;
  if (a.viewer === "appraiser" && a.state !== "in_review") return false;
  const owner = OWNER[part];
  return owner === "both" || owner === a.viewer;
}

/** The workflow steps to offer the viewer, in the order they are shown. */
export function stepsFor(a: Pick<Appraisal, "viewer" | "state" | "signatures">): Action[] {
  const signed = a.signatures.some((s) => s.role === a.viewer);
  const anySigned = a.signatures.length > 0;
  const steps: Action[] = [];
  if (a.viewer === "colleague") {
    if (a.state === "draft") steps.push("submit");
    if (a.state === "ready_for_review") steps.push("withdraw");
  }
  if (a.viewer === "appraiser" && a.state === "ready_for_review") steps.push("start_review");
  if (a.state === "in_review" && !signed) steps.push("sign");
  if (a.state === "agreed" || (a.state === "in_review" && anySigned)) steps.push("reopen");
  return steps;
}

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
