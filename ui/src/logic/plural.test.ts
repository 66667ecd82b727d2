import { describe, expect, it } from "vitest";
import { count, hours } from "./plural";

describe("plural", () => {
  it("agrees the noun with the count", () => {
    expect(count(1, "reflection", "reflections")).toBe("1 reflection");
    expect(count(0, "reflection", "reflections")).toBe("0 reflections");
    expect(count(2, "day", "days")).toBe("2 days");
    expect(hours(1)).toBe("1 hour");
    expect(hours(1.5)).toBe("1.5 hours");
  });
});
