import { describe, expect, it } from "vitest";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import { authorNote, groupHash, toggleEvidence } from "./appraisal";

// Who may write which part and which steps are offered are core's: tests/tests/sections.rs.

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
