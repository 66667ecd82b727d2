import { describe, expect, it } from "vitest";
import type { HrHeld } from "../bindings/HrHeld";
import { batchSummary, drawable, keysToTrust, outcomeLabel, rowName, shown, summaryCells } from "./hr";

describe("Organisation counts", () => {
  it.each([
    [null, "—"],
    [0, "0"],
    [12, "12"],
  ])("shows %s as %s", (n, want) => expect(shown(n)).toBe(want));

  it("names a row by its level", () => {
    const base = { organisation: "NHS Somerset", department: "Medicine", team: "Ward 7" };
    expect(rowName({ ...base, level: "organisation" })).toBe("NHS Somerset");
    expect(rowName({ ...base, level: "department" })).toBe("Medicine");
    expect(rowName({ ...base, level: "team" })).toBe("Ward 7");
  });

  it("never draws a suppressed count as a bar", () => {
    expect(drawable([{ label: "a", count: null }, { label: "b", count: 0 }, { label: "c", count: 7 }])).toEqual([
      { label: "b", count: 0 },
      { label: "c", count: 7 },
    ]);
  });

  it("lays a row's counts under the summary's columns, suppressed ones as a dash", () => {
    const columns = [
      { key: "staff", label: "Staff" },
      { key: "overdue", label: "Overdue" },
    ];
    expect(summaryCells(columns, { counts: [12, null] })).toEqual([
      { key: "staff", text: "12" },
      { key: "overdue", text: "—" },
    ]);
  });
});

describe("HR imports and trust", () => {
  it("says what each file's outcome was", () => {
    expect(outcomeLabel("held")).toBe("Held");
    expect(outcomeLabel("superseded")).toBe("Newer version added");
    expect(batchSummary({ added: 2, superseded: 0, unchanged: 1, held: 3, refused: 1 })).toBe(
      "2 added, 0 newer versions, 1 already imported, 3 held, 1 refused.",
    );
  });

  const held: HrHeld = {
    id: 1,
    format: 2,
    appraisal_id: "a-1",
    name: "Sam Jones",
    appraiser: "Alex Smith",
    reason: "neither key is trusted",
    colleague_key: "KEY-C",
    colleague_fingerprint: "11111 22222 33333 44444 55555 66666",
    colleague_trusted: false,
    appraiser_key: "KEY-A",
    appraiser_fingerprint: "77777 88888 99999 00000 12345 67890",
    appraiser_trusted: true,
    agreed_at: null,
    received_at: "2026-03-01T00:00:00Z",
  };

  it("offers only the keys not yet trusted, and none for a pack made before key signatures", () => {
    expect(keysToTrust(held)).toEqual([{ role: "colleague", key: "KEY-C", fingerprint: held.colleague_fingerprint, name: "Sam Jones" }]);
    expect(keysToTrust({ ...held, format: 1 })).toEqual([]);
    expect(keysToTrust({ ...held, colleague_trusted: true })).toEqual([]);
  });
});
