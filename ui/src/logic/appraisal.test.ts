import { describe, expect, it } from "vitest";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import { authorNote, groupHash, mergeEdits, sameJson, takeMine, toggleEvidence, type Merged } from "./appraisal";

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

describe("merging after a save was refused as a conflict", () => {
  const note = (text: string) => ({ text, by: null });
  const base = {
    career: note("base career"),
    colleague_summary: note("base summary"),
    appraiser_summary: note(""),
    objectives: [],
    meeting_date: "",
  } as unknown as AppraisalContent;
  const cases: [string, Partial<AppraisalContent>, Partial<AppraisalContent>, Partial<Merged>, Partial<AppraisalContent>][] = [
    ["only I changed a part", { career: note("mine") }, {}, { theirs: [], clashes: [] }, { career: note("mine") }],
    ["only they changed a part", {}, { career: note("theirs") }, { theirs: ["career"], clashes: [] }, { career: note("theirs") }],
    [
      "we changed different parts",
      { career: note("mine") },
      { colleague_summary: note("theirs") },
      { theirs: ["colleague_summary"], clashes: [] },
      { career: note("mine"), colleague_summary: note("theirs") },
    ],
    ["we both changed one part differently", { career: note("mine") }, { career: note("theirs") }, { theirs: [], clashes: ["career"] }, { career: note("theirs") }],
    ["we both made the same change", { career: note("same") }, { career: note("same") }, { theirs: [], clashes: [] }, { career: note("same") }],
    ["a list changed on both sides", { objectives: [] }, { meeting_date: "2026-12-01" }, { theirs: ["meeting_date"], clashes: [] }, { meeting_date: "2026-12-01" }],
  ];
  it.each(cases)("%s", (_name, mineChange, theirChange, expected, content) => {
    const mine = { ...base, ...mineChange };
    const saved = { ...base, ...theirChange };
    const m = mergeEdits(base, mine, saved);
    expect(m.theirs).toEqual(expected.theirs);
    expect(m.clashes).toEqual(expected.clashes);
    for (const [k, v] of Object.entries(content)) expect(m.content[k as keyof AppraisalContent]).toEqual(v);
  });
  it("takes what I typed for the parts I choose", () => {
    const mine = { ...base, career: note("mine") };
    const saved = { ...base, career: note("theirs") };
    expect(takeMine(saved, mine, ["career"]).career).toEqual(note("mine"));
  });
  it("compares JSON deeply", () => {
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
  });
});
