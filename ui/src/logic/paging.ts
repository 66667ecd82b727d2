// The journal list, a page at a time: the first PAGE_SIZE rows, then "Show 50 more" (see
// ARCHITECTURE.md, "The start path"). Pure functions; Journal.tsx renders them.
import type { Filters } from "./query";

/** How many rows the list shows first, and how many each "Show more" adds. */
export const PAGE_SIZE = 50;

const number = (n: number) => n.toLocaleString("en-GB");
const noun = (n: number) => (n === 1 ? "reflection" : "reflections");
const reflections = (n: number) => `${number(n)} ${noun(n)}`;

/** The count above the list: every match, shown or not. */
export function countLine(total: number, filtered: boolean, bestOf: number | null): string {
  if (bestOf !== null && total === bestOf) return `Showing the ${number(bestOf)} best matches`;
  return `${reflections(total)}${filtered ? " match" : ""}`;
}

/** How many rows to ask for after "Show more". */
export function nextPage(shown: number, total: number): number {
  return Math.min(shown + PAGE_SIZE, Math.max(total, shown));
}

/** Under a list that does not show every match: what it shows, and the button's label. */
export function moreLines(shown: number, total: number): { shown: string; button: string } | null {
  if (shown >= total) return null;
  const next = Math.min(PAGE_SIZE, total - shown);
  return { shown: `Showing ${number(shown)} of ${reflections(total)}`, button: `Show ${number(next)} more ${noun(next)}` };
}

/** How long to wait before asking for the list: typing (the search box, the dates) waits for a
 * pause; the first list, "Show more" and the other filters go at once. `previous`: the filters
 * the list on screen was asked with, null before the first. */
export function queryDelay(previous: Filters | null, next: Filters): number {
  if (previous === null) return 0;
  const typed = (f: Filters) => [f.text, f.from, f.to].join("\u0000");
  return typed(previous) !== typed(next) ? 120 : 0;
}
