// Display rules for the Organisation area's counts.
import type { HrBatch } from "../bindings/HrBatch";
import type { HrColumnHead } from "../bindings/HrColumnHead";
import type { HrHeld } from "../bindings/HrHeld";
import type { HrOutcome } from "../bindings/HrOutcome";
import type { HrRow } from "../bindings/HrRow";

/** A count, or "—" when it is suppressed (below HR's threshold, or one that would give such a count away). */
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

/** What an import did to one file, in words. */
export function outcomeLabel(o: HrOutcome): string {
  return {
    added: "Added",
    superseded: "Newer version added",
    unchanged: "Already imported",
    held: "Held",
    refused: "Refused",
  }[o];
}

/** A batch's counts in one sentence. */
export function batchSummary(b: Pick<HrBatch, "added" | "superseded" | "unchanged" | "held" | "refused">): string {
  return `${b.added} added, ${b.superseded} newer versions, ${b.unchanged} already imported, ${b.held} held, ${b.refused} refused.`;
}

/** The keys of a held pack HR could trust now: the colleague's and the appraiser's not yet trusted. */
export function keysToTrust(h: HrHeld): { role: "colleague" | "appraiser"; key: string; fingerprint: string; name: string }[] {
  const out: { role: "colleague" | "appraiser"; key: string; fingerprint: string; name: string }[] = [];
  if (h.format !== 2) return out;
  if (!h.colleague_trusted && h.colleague_fingerprint) {
    out.push({ role: "colleague", key: h.colleague_key, fingerprint: h.colleague_fingerprint, name: h.name });
  }
  if (!h.appraiser_trusted && h.appraiser_key && h.appraiser_fingerprint) {
    out.push({ role: "appraiser", key: h.appraiser_key, fingerprint: h.appraiser_fingerprint, name: h.appraiser });
  }
  return out;
}
