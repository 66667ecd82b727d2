/** Dates: calendar dates travel as YYYY-MM-DD; instants as UTC RFC 3339, shown in local time. */

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Today's local calendar date as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** YYYY-MM-DD to the three boxes ("2026-03-07" → 7, 3, 2026). What `joinDate` made of boxes
 * that hold no date ("2026-00-ab") comes back as it was typed. */
export function splitDate(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return { year: m[1] ?? "", month: String(Number(m[2])), day: String(Number(m[3])) };
  const loose = /^([^-]*)-([^-]*)-([^-]*)$/.exec(iso);
  if (loose) return { year: loose[1] ?? "", month: loose[2] ?? "", day: loose[3] ?? "" };
  return { day: "", month: "", year: "" };
}

/** Day, month and year fields to YYYY-MM-DD as typed (not checked: see `readDate`). */
export function joinDate(p: DateParts): string {
  const d = p.day.trim();
  const m = p.month.trim();
  const y = p.year.trim();
  if (!d && !m && !y) return "";
  return `${y.padStart(4, "0")}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** Which box of a date is wrong. */
export type DatePart = keyof DateParts;

/** What the day, month and year boxes hold: nothing, a whole real date, or a problem to show. */
export type DateEntry =
  | { kind: "empty" }
  | { kind: "date"; iso: string }
  | { kind: "problem"; message: string; parts: DatePart[] };

const PART_NAMES: Record<DatePart, string> = { day: "a day", month: "a month", year: "a year" };

/** The boxes as typed, checked the NHS.UK way: "`name` must include a month", "… must be a real
 * date", a year of 4 numbers. Spaces around a number and leading zeros are fine. */
export function readDate(p: DateParts, name: string): DateEntry {
  const parts: DatePart[] = ["day", "month", "year"];
  const text = { day: p.day.trim(), month: p.month.trim(), year: p.year.trim() };
  const missing = parts.filter((k) => text[k] === "");
  if (missing.length === 3) return { kind: "empty" };
  if (missing.length) {
    const names = missing.map((k) => PART_NAMES[k].replace(/^a /, ""));
    const list = names.length === 1 ? PART_NAMES[missing[0] ?? "day"] : `a ${names.join(" and ")}`;
    return { kind: "problem", message: `${name} must include ${list}`, parts: missing };
  }
  const notNumbers = parts.filter((k) => !/^\d+$/.test(text[k]));
  if (notNumbers.length) return { kind: "problem", message: `${name} must be a real date, in numbers`, parts: notNumbers };
  if (text.year.replace(/^0+(?=\d{4})/, "").length !== 4) {
    return { kind: "problem", message: `${name} must include a year with 4 numbers, like 2026`, parts: ["year"] };
  }
  const d = Number(text.day);
  const m = Number(text.month);
  const y = Number(text.year);
  const real = new Date(Date.UTC(2000, 0, 1));
  real.setUTCFullYear(y, m - 1, d);
  if (m < 1 || m > 12 || d < 1 || real.getUTCDate() !== d || real.getUTCMonth() !== m - 1) {
    const wrong: DatePart[] = m < 1 || m > 12 ? ["month"] : d < 1 || d > 31 ? ["day"] : ["day", "month", "year"];
    return { kind: "problem", message: `${name} must be a real date`, parts: wrong };
  }
  return { kind: "date", iso: `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}` };
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "2026-03-07" → "7 March 2026" (NHS style). */
export function formatDate(iso: string): string {
  const p = splitDate(iso);
  const month = MONTHS[Number(p.month) - 1];
  return month ? `${p.day} ${month} ${p.year}` : iso;
}

/** A UTC instant in local time: "7 March 2026 at 14:05". */
export function formatInstant(utc: string): string {
  const t = new Date(utc);
  if (Number.isNaN(t.getTime())) return utc;
  return `${formatDate(todayIso(t))} at ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** Every ISO date (YYYY-MM-DD) in a sentence written by Reflect, in the long form: "Due by
 * 2027-03-31" → "Due by 31 March 2027" (the PDFs' long_dates_in). Not for what people wrote. */
export function longDatesIn(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])(\d{4})-(\d{2})-(\d{2})(?![0-9A-Za-z])/g, (iso) => {
    const e = readDate(splitDate(iso), "");
    return e.kind === "date" ? formatDate(iso) : iso;
  });
}
