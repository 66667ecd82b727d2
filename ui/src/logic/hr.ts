// Display rules for the Organisation area's counts.
import type { HrColumnHead } from "../bindings/HrColumnHead";
import type { HrRow } from "../bindings/HrRow";

/** A count, or "—" when it is suppressed (drawn from fewer than five people). */
export function shown(n: number | null): string {
  return n === null ? "—" : String(n);
}

/** The name of a summary row at its level. */
export function rowName(r: Pick<HrRow, "level" | "organisation" | "department" | "team">): string {
  if (r.level === "organisation") return r.organisation;
  if (r.level === "department") return r.department;
  return r.team;
}

/** Bars for a chart: suppressed counts are left out (never drawn as zero). */
export function drawable<T extends { label: string; count: number | null }>(rows: T[]): { label: string; count: number }[] {
  return rows.filter((r): r is T & { count: number } => r.count !== null).map((r) => ({ label: r.label, count: r.count }));
}

/** A summary row's cells under the summary's columns (the domain's column table, in its order). */
export function summaryCells(columns: HrColumnHead[], r: Pick<HrRow, "counts">): { key: string; text: string }[] {
  return columns.map((c, i) => ({ key: c.key, text: shown(r.counts[i] ?? null) }));
}
