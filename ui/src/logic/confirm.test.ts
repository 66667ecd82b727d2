import { describe, expect, it } from "vitest";
import { trapTab } from "./confirm";

describe("trapTab: focus stays inside the confirmation dialog", () => {
  it.each([
    // index, count, shift, where focus goes (null: the browser's own move)
    [-1, 2, false, 0], // from the heading, Tab: the first button
    [-1, 2, true, 1], // from the heading, Shift+Tab: the last button
    [0, 2, false, null],
    [1, 2, false, 0], // past the last: round to the first
    [0, 2, true, 1], // before the first: round to the last
    [1, 2, true, null],
    [0, 1, false, 0],
    [-1, 0, false, null],
  ])("from %i of %i (shift %s) -> %s", (index, count, shift, want) => expect(trapTab(index, count, shift)).toBe(want));
});
