import { describe, expect, it } from "vitest";
import { drawable, rowName, shown, summaryCells } from "./hr";

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
