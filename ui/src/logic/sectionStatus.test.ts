import { describe, expect, it } from "vitest";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { Part } from "../bindings/Part";
import type { Signature } from "../bindings/Signature";
import { SECTIONS } from "../bindings/sections";
import { partComplete, SECTION_IDS, SECTION_STATUS_LABEL, sectionStatuses, type SectionStatus, type StatusView } from "./appraisal";

const note = (text: string) => ({ text, by: null });
const value = (summary: string, comment: string) => ({ value_key: "v", reflection_ids: [], summary: note(summary), comment: note(comment) });

/** An appraisal with everything written by both. */
const full: AppraisalContent = {
  period_start: "2026-04-01",
  period_end: "2027-03-31",
  appraiser_name: "Alex Smith",
  appraiser_job_title: "Ward Manager",
  meeting_date: "",
  review: { achievements: note("a"), challenges: note("b"), went_well: note("c"), support: note("d") },
  values: [value("mine", "theirs"), value("mine", "theirs")],
  previous: [],
  objectives: [{ id: "1", objective: "Lead handovers", measure: "", by_date: "", support: "", by: null }],
  development_plan: [{ id: "1", need: "Mentoring", activity: "", support: "", target_date: "", status: "proposed", ksf: null, by: null }],
  wellbeing: note(""),
  wellbeing_shared: false,
  career: note("Band 6"),
  pay_step: { date: "", no_capability: "unanswered", no_disciplinary: "unanswered", training: "unanswered", staff_appraised: "unanswered", by: null },
  colleague_summary: note("A good year"),
  appraiser_summary: note("Agreed"),
};
const colleagueParts = SECTIONS.filter((s) => s.owner !== "appraiser").map((s) => s.part);
const appraiserParts = SECTIONS.filter((s) => s.owner !== "colleague").map((s) => s.part);
const signature = (role: "colleague" | "appraiser"): Signature => ({
  role, name: "", job_title: "", signed_at: "", sha256: "", public_key: null, fingerprint: null, key_signed: true,
});

const colleagueDraft: StatusView = { state: "draft", viewer: "colleague", frozen: false, editable: colleagueParts, steps: ["submit"], signatures: [] };
const colleagueInReview: StatusView = { ...colleagueDraft, state: "in_review", steps: ["sign"] };
const appraiserWaiting: StatusView = { state: "ready_for_review", viewer: "appraiser", frozen: false, editable: [], steps: ["start_review"], signatures: [] };
const appraiserInReview: StatusView = { ...appraiserWaiting, state: "in_review", editable: appraiserParts, steps: [] };
const teamReview: StatusView = { state: "ready_for_review", viewer: "appraiser", frozen: false, editable: ["value_comment", "appraiser_summary"], steps: ["sign"], signatures: [] };
const colleagueSigned: StatusView = { state: "in_review", viewer: "colleague", frozen: true, editable: [], steps: ["reopen"], signatures: [signature("colleague")] };
const agreed: StatusView = { state: "agreed", viewer: "colleague", frozen: true, editable: [], steps: ["reopen"], signatures: [signature("colleague"), signature("appraiser")] };

const empty: AppraisalContent = {
  ...full,
  appraiser_name: "",
  review: { ...full.review, challenges: note(" ") },
  values: [value("", ""), value("mine", "")],
  objectives: [],
  development_plan: [{ id: "1", need: "", activity: "", support: "", target_date: "", status: "proposed", ksf: null, by: null }],
  career: note(""),
  pay_step: { ...full.pay_step, date: "2027-01-01", training: "yes" },
  colleague_summary: note(""),
  appraiser_summary: note(""),
};

type Row = [string, StatusView, AppraisalContent, Partial<Record<(typeof SECTION_IDS)[number], SectionStatus>>];
const D = "done";
const cases: Row[] = [
  ["the colleague's draft, all written: the appraiser's parts and both signatures wait", colleagueDraft, full,
    { "section-details": D, "section-review": D, "section-values": D, "section-wellbeing": "optional", "section-career": D, "section-pay-step": D, "section-signoff": "waiting_appraiser" }],
  ["the colleague's draft, little written: what the colleague writes needs them", colleagueDraft, empty,
    { "section-details": "needs_you", "section-review": "needs_you", "section-values": "needs_you", "section-previous": D, "section-objectives": "needs_you",
      "section-plan": "needs_you", "section-career": "needs_you", "section-pay-step": "needs_you", "section-signoff": "needs_you" }],
  ["the colleague's summaries written, the appraiser's comments not: waiting for the appraiser", colleagueDraft,
    { ...full, values: [value("mine", "")], appraiser_summary: note("") },
    { "section-values": "waiting_appraiser", "section-signoff": "waiting_appraiser" }],
  ["in review, the colleague can sign: the sign-off needs them", colleagueInReview, full, { "section-signoff": "needs_you", "section-values": D }],
  ["the appraiser before starting the review: their own parts need them", appraiserWaiting, { ...full, values: [value("mine", "")], appraiser_summary: note("") },
    { "section-values": "needs_you", "section-signoff": "needs_you", "section-career": D }],
  ["the appraiser in review: the colleague's missing parts wait for the colleague", appraiserInReview, { ...full, career: note("") },
    { "section-career": "waiting_colleague", "section-signoff": "waiting_colleague" }],
  ["the appraiser in review: a shared part missing needs them", appraiserInReview, { ...full, objectives: [] }, { "section-objectives": "needs_you" }],
  ["My team: the appraiser can sign", teamReview, full, { "section-signoff": "needs_you", "section-values": D, "section-objectives": D }],
  ["signed by the colleague: nothing else can change, only the appraiser's signature waits", colleagueSigned, empty,
    { "section-career": D, "section-review": D, "section-values": D, "section-signoff": "waiting_appraiser" }],
  ["agreed: everything is done", agreed, empty, Object.fromEntries(SECTION_IDS.map((s) => [s, D]))],
  ["wellbeing written: done", colleagueDraft, { ...full, wellbeing: note("Tired on nights") }, { "section-wellbeing": D }],
  ["a pay step due with every answer given: done", colleagueDraft,
    { ...full, pay_step: { ...full.pay_step, date: "2027-01-01", no_capability: "yes", no_disciplinary: "yes", training: "no", staff_appraised: "not_applicable" } },
    { "section-pay-step": D }],
  ["last year's items each need an outcome", colleagueDraft,
    { ...full, previous: [{ source_id: "1", kind: "objective", text: "", detail: "", outcome: null, note: note("") }] }, { "section-previous": "needs_you" }],
];

describe("each section's status", () => {
  it.each(cases)("%s", (_what, view, content, want) => {
    const got = sectionStatuses(view, content);
    expect(Object.keys(got)).toEqual([...SECTION_IDS]);
    for (const [sid, status] of Object.entries(want)) expect([sid, got[sid]]).toEqual([sid, status]);
  });
  it("has a label for every status", () => {
    expect(Object.values(SECTION_STATUS_LABEL)).toEqual(["Done", "Needs you", "Waiting for appraiser", "Waiting for colleague", "Optional"]);
  });
  it("knows whether every part is complete", () => {
    const parts = SECTIONS.map((s) => s.part);
    expect(parts.filter((p: Part) => !partComplete(p, full))).toEqual(["wellbeing"]);
    expect(parts.filter((p: Part) => !partComplete(p, empty))).toEqual([
      "appraiser_details", "review", "value_summary", "value_comment", "objectives", "plan", "wellbeing", "career", "pay_step", "colleague_summary", "appraiser_summary",
    ]);
  });
});
