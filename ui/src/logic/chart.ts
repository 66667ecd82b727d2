import type { FrameworkOverview } from "../bindings/FrameworkOverview";

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** Width as a percentage of the longest bar (0 to 100). */
  percent: number;
  gap: boolean;
}

/** One bar per value, scaled to the largest count; the same numbers as the table beside it. */
export function valueBars(f: FrameworkOverview): Bar[] {
  const max = Math.max(0, ...f.values.map((v) => v.count));
  return f.values.map((v) => ({
    key: v.key,
    label: v.name,
    count: v.count,
    percent: max === 0 ? 0 : Math.round((v.count / max) * 100),
    gap: v.count === 0,
  }));
}

/** A sentence that says what the chart shows, for screen readers. */
export function chartSummary(f: FrameworkOverview): string {
  const parts = f.values.map((v) => `${v.name}: ${v.count}`);
  const gaps = f.values.filter((v) => v.count === 0).map((v) => v.name);
  return (
    `Reflections per value in ${f.name}. ${parts.join("; ")}.` +
    (gaps.length ? ` No reflections yet for ${gaps.join(", ")}.` : "")
  );
}
