import { describe, expect, it } from "vitest";
import { formatDate, formatInstant, joinDate, longDatesIn, readDate, splitDate, type DateEntry } from "./dates";

const N = "Date of the event";
const parts = (day: string, month: string, year: string) => ({ day, month, year });

describe("readDate: the day, month and year boxes", () => {
  it.each<[string, string, string, DateEntry]>([
    ["15", "3", "2026", { kind: "date", iso: "2026-03-15" }],
    ["05", "03", "2026", { kind: "date", iso: "2026-03-05" }], // leading zeros
    ["007", "003", "02026", { kind: "date", iso: "2026-03-07" }],
    [" 7 ", " 3", "2026 ", { kind: "date", iso: "2026-03-07" }], // spaces
    ["29", "2", "2028", { kind: "date", iso: "2028-02-29" }], // a leap year
    ["", "", "", { kind: "empty" }],
    ["  ", " ", "", { kind: "empty" }],
    ["31", "2", "2026", { kind: "problem", message: `${N} must be a real date`, parts: ["day", "month", "year"] }],
    ["29", "2", "2026", { kind: "problem", message: `${N} must be a real date`, parts: ["day", "month", "year"] }],
    ["0", "1", "2026", { kind: "problem", message: `${N} must be a real date`, parts: ["day"] }],
    ["2026", "1", "2026", { kind: "problem", message: `${N} must be a real date`, parts: ["day"] }], // the year typed in the day
    ["1", "13", "2026", { kind: "problem", message: `${N} must be a real date`, parts: ["month"] }],
    ["1", "0", "2026", { kind: "problem", message: `${N} must be a real date`, parts: ["month"] }],
    ["15", "", "2026", { kind: "problem", message: `${N} must include a month`, parts: ["month"] }],
    ["", "3", "2026", { kind: "problem", message: `${N} must include a day`, parts: ["day"] }],
    ["15", "3", "", { kind: "problem", message: `${N} must include a year`, parts: ["year"] }],
    ["", "", "2026", { kind: "problem", message: `${N} must include a day and month`, parts: ["day", "month"] }],
    ["15", "", "", { kind: "problem", message: `${N} must include a month and year`, parts: ["month", "year"] }],
    ["15", "3", "26", { kind: "problem", message: `${N} must include a year with 4 numbers, like 2026`, parts: ["year"] }], // two-digit year
    ["15", "3", "202", { kind: "problem", message: `${N} must include a year with 4 numbers, like 2026`, parts: ["year"] }],
    ["15", "3", "20266", { kind: "problem", message: `${N} must include a year with 4 numbers, like 2026`, parts: ["year"] }],
    ["1st", "3", "2026", { kind: "problem", message: `${N} must be a real date, in numbers`, parts: ["day"] }],
    ["15", "March", "2026", { kind: "problem", message: `${N} must be a real date, in numbers`, parts: ["month"] }],
    ["1 5", "3", "2026", { kind: "problem", message: `${N} must be a real date, in numbers`, parts: ["day"] }],
  ])("%j %j %j", (day, month, year, want) => expect(readDate(parts(day, month, year), N)).toEqual(want));
});

describe("dates shown in one long form", () => {
  it.each([
    ["2026-12-01", "1 December 2026"],
    ["2026-03-07", "7 March 2026"],
    ["", ""],
    ["not a date", "not a date"],
  ])("formatDate(%j) is %j", (iso, want) => expect(formatDate(iso)).toBe(want));

  it("date-times read as '1 December 2026 at 14:05' in local time", () => {
    const local = new Date(2026, 11, 1, 14, 5);
    expect(formatInstant(local.toISOString())).toBe("1 December 2026 at 14:05");
  });
});

describe("splitDate and joinDate keep boxes that hold no date as typed", () => {
  it.each([
    ["2026-03-07", { day: "7", month: "3", year: "2026" }],
    ["2026-00-15", { day: "15", month: "0", year: "2026" }],
    ["2026-03-ab", { day: "ab", month: "03", year: "2026" }],
  ])("%s", (iso, parts) => {
    expect(splitDate(iso)).toEqual(parts);
    expect(joinDate(splitDate(iso))).toBe(iso);
  });
});

describe("longDatesIn: Reflect's own sentences", () => {
  it.each([
    ["Your next appraisal is due by 2027-03-31 (in 119 days)", "Your next appraisal is due by 31 March 2027 (in 119 days)"],
    ["From 2026-04-01 to 2027-03-31.", "From 1 April 2026 to 31 March 2027."],
    ["today is 2026-12-02", "today is 2 December 2026"],
    ["found 2026-02-31", "found 2026-02-31"], // not a real date: left as it is
    ["ref 12026-03-01x", "ref 12026-03-01x"],
    ["no dates here", "no dates here"],
  ])("%j", (text, want) => expect(longDatesIn(text)).toBe(want));
});
