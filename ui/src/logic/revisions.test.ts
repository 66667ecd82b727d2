import { describe, expect, it } from "vitest";
import type { ModelChange } from "../bindings/ModelChange";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { RevisionEntry } from "../bindings/RevisionEntry";
import { answersOf, canRestore, kindLabel, moveLines, restoreMessage } from "./revisions";

const entry = (revision: number, kind: RevisionEntry["kind"], restored_from: number | null = null) =>
  ({ revision, kind, restored_from, saved_at: "2026-12-02T10:00:00Z" }) as unknown as RevisionEntry;

describe("revisions", () => {
  it("says what made each revision, and which one a restore came from", () => {
    expect(kindLabel(entry(3, "restored", 1))).toBe("Restored from revision 1");
    expect(kindLabel(entry(2, "autosaved"))).toBe("Autosaved while editing");
    expect(kindLabel(entry(2, "model_changed"))).toBe("Reflective model changed");
    expect(kindLabel(entry(1, "saved"))).toBe("Saved");
  });

  it("offers a restore of earlier revisions only, and says nothing is deleted", () => {
    expect(canRestore(entry(4, "saved"), 4)).toBe(false);
    expect(canRestore(entry(2, "saved"), 4)).toBe(true);
    expect(restoreMessage(2, 4)).toContain("a new revision 5");
    expect(restoreMessage(2, 4)).toContain("stays in the history as revision 4");
  });

  it("moves only the shown model's non-empty answers", () => {
    const model = { model: "what_so_what", name: "What?", prompts: [{ key: "what" }, { key: "so_what" }] } as unknown as ModelInfo;
    expect(answersOf({ what: "A fall", so_what: "  ", reflection: "old draft" }, model)).toEqual({ what: "A fall" });
  });

  it("says where each answer of a model change goes", () => {
    const change: ModelChange = {
      from: "gibbs",
      to: "what_so_what",
      body: {},
      moves: [
        { from_key: "description", from_label: "Description", to_key: "what", to_label: "What?", labelled: false },
        { from_key: "feelings", from_label: "Feelings", to_key: "so_what", to_label: "So what?", labelled: true },
      ],
    };
    expect(moveLines(change)).toEqual([
      "“Description” goes to “What?”",
      "“Feelings” goes to “So what?”, introduced with the question it answered",
    ]);
  });
});
