import { describe, expect, it } from "vitest";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { Profile } from "../bindings/Profile";
import { allErrors, messageFor, plainMessage, targetIds, toIpcError } from "./errors";
import { profileProblems, signProblems } from "./problems";

describe("plainMessage: what staff can act on", () => {
  it.each([
    ["Renewal date must be a real date written as YYYY-MM-DD, like 2026-03-31 (found '0000-00-30')", "Renewal date must be a real date"],
    ["The date you received it must be on or after 1948-07-05, when the NHS was founded (found 0030-01-01)", "The date you received it must be on or after 5 July 1948, when the NHS was founded"],
    ["The target date must be between 2026-04-01 and 2032-03-31 (from the period's start to 5 years after the period's end; found 2040-01-01)", "The target date must be between 1 April 2026 and 31 March 2032 (from the period's start to 5 years after the period's end)"],
    ["Enter your name", "Enter your name"],
  ])("%j", (raw, want) => expect(plainMessage(raw)).toBe(want));
  it("is applied to what an IPC call throws", () => {
    expect(toIpcError({ kind: "invalid", message: "Date of the event must be a real date written as YYYY-MM-DD, like 2026-03-31 (found 'x')", field: "event_date" }).message).toBe("Date of the event must be a real date");
  });
});

describe("allErrors: every problem, the server's word last", () => {
  const server = { kind: "invalid", field: "name", message: "Enter your name" };
  const local = [
    { field: "name", message: "local name" },
    { field: "grade", message: "Enter your band or grade" },
  ];
  it("lists nothing without a refusal", () => expect(allErrors(null, local)).toEqual([]));
  it("puts the server's message in the place of the same field", () =>
    expect(allErrors(server, local)).toEqual([{ field: "name", message: "Enter your name" }, local[1]]));
  it("adds a field the form did not see", () =>
    expect(allErrors({ ...server, field: "team", message: "Too long" }, local)).toEqual([...local, { field: "team", message: "Too long" }]));
  it("shows only the server's error when it is not about input", () =>
    expect(allErrors({ kind: "conflict", field: null, message: "Changed elsewhere" }, local)).toEqual([{ field: null, message: "Changed elsewhere" }]));
  it("finds the message for a field or a part of it", () => {
    expect(messageFor([{ field: "objectives[1].measure", message: "m" }], "objectives[1].measure")).toBe("m");
    expect(messageFor([{ field: "objectives[1].measure", message: "m" }], "objectives[0].measure")).toBeNull();
  });
});

describe("targetIds: each link goes to its own field", () => {
  it.each([
    ["objectives[1].measure", ["field-objectives-1-measure", "field-objectives-1", "field-objectives"]],
    ["registration.pin", ["field-registration-pin", "field-registration"]],
    ["name", ["field-name"]],
  ])("%s", (field, want) => expect(targetIds(field)).toEqual(want));
});

const emptyProfile: Profile = {
  name: "",
  job_title: " ",
  grade: "",
  team: "",
  line_manager: "",
  employee_number: null,
  department: null,
  registration: null,
  organisation_framework: "",
  professional_frameworks: [],
};

describe("profileProblems: the set-up form lists all six", () => {
  it("names each empty field as the form shows it", () => {
    expect(profileProblems(emptyProfile, { body: "", pin: "", renewal: "" }).map((e) => e.field)).toEqual([
      "name",
      "job_title",
      "grade",
      "team",
      "line_manager",
      "organisation_framework",
    ]);
  });
  it("asks for the PIN and renewal date only with a registration", () => {
    const p = { ...emptyProfile, name: "A", job_title: "B", grade: "C", team: "D", line_manager: "E", organisation_framework: "nhs" };
    expect(profileProblems(p, { body: "", pin: "", renewal: "" })).toEqual([]);
    expect(profileProblems(p, { body: "NMC", pin: "", renewal: "" }).map((e) => e.field)).toEqual(["registration.pin", "registration.renewal_date"]);
  });
});

describe("signProblems", () => {
  it("lists each missing part of each objective and plan item", () => {
    const c = {
      appraiser_name: "Sam",
      appraiser_job_title: "",
      previous: [{ text: "Learn", outcome: null }],
      objectives: [
        { objective: "A", measure: "", by_date: "2027-01-01" },
        { objective: "B", measure: "M", by_date: "" },
      ],
      development_plan: [{ need: "N", activity: "", target_date: "" }],
    } as unknown as AppraisalContent;
    expect(signProblems(c).map((e) => e.field)).toEqual([
      "appraiser_job_title",
      "previous[0].outcome",
      "objectives[0].measure",
      "objectives[1].by_date",
      "development_plan[0].activity",
      "development_plan[0].target_date",
    ]);
  });
});
