import { describe, expect, it } from "vitest";
import type { PackImport } from "../bindings/PackImport";
import type { Purpose } from "../bindings/Purpose";
import { parseRoute } from "../route";
import { destination } from "./opened";

const pack = (purpose: Purpose, appraisal_id = "0190a1b2-c3d4"): PackImport => ({
  purpose,
  appraisal_id,
  colleague_name: "Sam Jones",
  message: "…",
});

describe("where an opened pack went", () => {
  it.each([
    ["for_review", { name: "team" }, "My team"],
    ["reviewed", { name: "appraisal", id: "0190a1b2-c3d4" }, "your appraisal"],
    ["agreed", { name: "organisation" }, "the Organisation area"],
  ] as const)("a %s pack goes to a page the app has", (purpose, route, label) => {
    const to = destination(pack(purpose));
    expect(parseRoute(to.href)).toEqual(route);
    expect(to.label).toBe(label);
  });

  it("an appraisal id that is not a plain word still names that appraisal", () => {
    expect(parseRoute(destination(pack("reviewed", "a/b?c")).href)).toEqual({ name: "appraisal", id: "a/b?c" });
  });
});
