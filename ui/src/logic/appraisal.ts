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
