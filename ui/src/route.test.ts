import { describe, expect, it } from "vitest";
import { PAGE_NAMES, parseRoute, windowTitle, type Screen } from "./route";

describe("page names and window titles", () => {
  it("names every route's page", () => {
    for (const hash of ["", "#/new", "#/edit/x", "#/reflection/x", "#/overview", "#/appraisals", "#/appraisal/x", "#/revalidation",
      "#/share/x/agreed", "#/team", "#/team/x", "#/organisation", "#/settings"]) {
      expect(PAGE_NAMES[parseRoute(hash).name]).toMatch(/\S/);
    }
  });

  it("gives each screen its own name", () => {
    const names = Object.values(PAGE_NAMES);
    expect(new Set(names).size).toBe(names.length);
  });

  it("reads 'Page name – Reflect', with 'Error: ' first while the page shows errors", () => {
    expect(windowTitle("overview", false)).toBe("Values overview – Reflect");
    expect(windowTitle("journal", false)).toBe("Your reflections – Reflect");
    expect(windowTitle("appraisal" as Screen, true)).toBe("Error: Appraisal – Reflect");
    expect(windowTitle("setup", true)).toBe("Error: Set up – Reflect");
  });
});
