import { describe, expect, it } from "vitest";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { AppraisalState } from "../bindings/AppraisalState";
import type { Role } from "../bindings/Role";
import type { Signature } from "../bindings/Signature";
import { authorNote, canEdit, groupHash, stepsFor, toggleEvidence, type Part } from "./appraisal";

const sig = (role: Role): Signature => ({ role, name: "x", job_title: "y", signed_at: "2026-01-01T00:00:00Z", sha256: "0".repeat(64) });

describe("who may write which part", () => {
  // [viewer, state, frozen, part, editable]
  it.each<[Role, AppraisalState, boolean, Part, boolean]>([
    ["colleague", "draft", false, "review", true],
    ["colleague", "draft", false, "value_comment", false],
    ["colleague", "draft", false, "objectives", true],
    ["colleague", "in_review", false, "wellbeing", true],
    ["colleague", "in_review", true, "wellbeing", false],
    ["colleague", "agreed", true, "objectives", false],
    ["appraiser", "ready_for_review", false, "value_comment", false],
    ["appraiser", "in_review", false, "value_comment", true],
    ["appraiser", "in_review", false, "appraiser_summary", true],
    ["appraiser", "in_review", false, "objectives", true],
    ["appraiser", "in_review", false, "review", false],
    ["appraiser", "in_review", false, "wellbeing", false],
    ["appraiser", "in_review", false, "evidence", false],
    ["appraiser", "in_review", true, "appraiser_summary", false],
  ])("%s, %s, frozen %s: %s editable = %s", (viewer, state, frozen, part, want) => {
    expect(canEdit({ viewer, state, frozen }, part)).toBe(want);
  });
});

describe("workflow steps offered", () => {
  it.each<[Role, AppraisalState, Role[], string[]]>([
    ["colleague", "draft", [], ["submit"]],
    ["colleague", "ready_for_review", [], ["withdraw"]],
    ["appraiser", "ready_for_review", [], ["start_review"]],
    ["colleague", "in_review", [], ["sign"]],
    ["colleague", "in_review", ["appraiser"], ["sign", "reopen"]],
    ["appraiser", "in_review", ["appraiser"], ["reopen"]],
    ["colleague", "agreed", ["appraiser", "colleague"], ["reopen"]],
  ])("%s, %s, signed by %j: %j", (viewer, state, signed, want) => {
    expect(stepsFor({ viewer, state, signatures: signed.map(sig) })).toEqual(want);
  });
});

describe("evidence and display helpers", () => {
  const content = { values: [{ value_key: "a", reflection_ids: ["1"], summary: { text: "", by: null }, comment: { text: "", by: null } }] } as unknown as AppraisalContent;
  it("includes and leaves out reflections without duplicates", () => {
    const added = toggleEvidence(content, "a", "2", true);
    expect(added.values[0]?.reflection_ids).toEqual(["1", "2"]);
    expect(toggleEvidence(added, "a", "2", true).values[0]?.reflection_ids).toEqual(["1", "2"]);
    expect(toggleEvidence(added, "a", "1", false).values[0]?.reflection_ids).toEqual(["2"]);
    expect(toggleEvidence(added, "b", "1", false).values[0]?.reflection_ids).toEqual(["1", "2"]);
  });
  it("marks the appraiser's words", () => {
    expect(authorNote("appraiser", "Alex Smith")).toBe("Written by the appraiser (Alex Smith)");
    expect(authorNote("colleague", "Alex Smith")).toBeNull();
    expect(authorNote(null, "")).toBeNull();
  });
  it("groups a hash in eights", () => {
    expect(groupHash("a".repeat(16))).toBe("aaaaaaaa aaaaaaaa");
  });
});
