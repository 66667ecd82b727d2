/** Counts in words, as core's `plural` writes them: "1 reflection", "2 reflections". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Hours as people write them: "1 hour", "1.5 hours". */
export function hours(h: number): string {
  return count(h, "hour", "hours");
}
