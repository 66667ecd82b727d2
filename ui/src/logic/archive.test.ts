import { describe, expect, it } from "vitest";
import { archiveLines } from "./archive";

const counts = {
  profile: 1,
  reflections: 3,
  private_reflections: 2,
  deleted_reflections: 1,
  reflection_revisions: 4,
  appraisals: 1,
  appraisal_events: 5,
  framework_revisions: 6,
  feedback: 1,
  discussions: 0,
  confirmations: 0,
  pdfs: 2,
};

describe("archiveLines", () => {
  it("says what goes, private reflections counted", () => {
    const lines = archiveLines(counts);
    expect(lines[0]).toBe("3 reflections (2 private, 1 in the bin), with 4 saved versions");
    expect(lines[1]).toBe("1 appraisal with their signatures and 5 log entries");
    expect(lines).toContain("Revalidation: 1 feedback entry, 0 reflective discussions, 0 confirmations");
    expect(lines).toContain("Your profile");
    expect(lines.at(-1)).toBe("2 PDFs to read without Reflect");
  });
  it("leaves PDFs out when there are none", () => {
    expect(archiveLines({ ...counts, pdfs: 0, profile: 0 }).some((l) => l.includes("PDF"))).toBe(false);
    expect(archiveLines({ ...counts, profile: 0 })).toContain("No profile");
  });
});
