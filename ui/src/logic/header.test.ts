import { describe, expect, it } from "vitest";
import { foldCount } from "./header";

describe("the header's More menu", () => {
  it("folds nothing when every item fits", () => {
    expect(foldCount([100, 60, 120], 280, 70)).toBe(0);
    expect(foldCount([100, 60, 120], 300, 70)).toBe(0);
    expect(foldCount([], 100, 70)).toBe(0);
  });

  it("folds the last items so that the rest and the More button fit", () => {
    // 100 + 60 + 120 = 280 > 279: room for 279 - 70 = 209, so 100 and 60 stay.
    expect(foldCount([100, 60, 120], 279, 70)).toBe(1);
    expect(foldCount([100, 60, 120, 80], 250, 70)).toBe(2);
  });

  it("folds every item when not even the first fits beside the button", () => {
    expect(foldCount([100, 60, 120], 150, 70)).toBe(3);
  });
});
