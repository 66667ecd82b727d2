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

export function splitDate(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return { day: "", month: "", year: "" };
  return { year: m[1] ?? "", month: String(Number(m[2])), day: String(Number(m[3])) };
}

/** Day, month and year fields to YYYY-MM-DD; the server checks that it is a real date. */
export function joinDate(p: DateParts): string {
  const d = p.day.trim();
  const m = p.month.trim();
  const y = p.year.trim();
  if (!d && !m && !y) return "";
  return `${y.padStart(4, "0")}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
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
