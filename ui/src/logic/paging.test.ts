import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countLine, moreLines, nextPage, PAGE_SIZE, queryDelay } from "./paging";
import { noFilters } from "./query";

describe("the journal list, a page at a time", () => {
  it("counts every match, shown or not", () => {
    expect(countLine(5000, false, null)).toBe("5,000 reflections");
    expect(countLine(1, false, null)).toBe("1 reflection");
    expect(countLine(1, true, 200)).toBe("1 reflection match");
    expect(countLine(0, true, null)).toBe("0 reflections match");
    expect(countLine(200, true, 200)).toBe("Showing the 200 best matches");
  });

  it("offers a page more until every match is shown, then nothing", () => {
    expect(moreLines(PAGE_SIZE, 5000)).toEqual({ shown: "Showing 50 of 5,000 reflections", button: "Show 50 more reflections" });
    expect(moreLines(50, 57)).toEqual({ shown: "Showing 50 of 57 reflections", button: "Show 7 more reflections" });
    expect(moreLines(50, 51)).toEqual({ shown: "Showing 50 of 51 reflections", button: "Show 1 more reflection" });
    expect(moreLines(57, 57)).toBeNull();
    expect(moreLines(3, 3)).toBeNull();
    expect(moreLines(0, 0)).toBeNull();
  });

  it("asks for a page more, never past the last match", () => {
    expect(nextPage(50, 5000)).toBe(100);
    expect(nextPage(50, 57)).toBe(57);
    expect(nextPage(50, 20)).toBe(50);
  });

  it("waits for a pause only while typing", () => {
    expect(queryDelay(null, { ...noFilters, text: "handover" })).toBe(0);
    expect(queryDelay(noFilters, { ...noFilters, text: "h" })).toBe(120);
    expect(queryDelay(noFilters, { ...noFilters, from: "2024" })).toBe(120);
    expect(queryDelay(noFilters, { ...noFilters, visibility: "shared" })).toBe(0);
    expect(queryDelay({ ...noFilters, text: "x" }, { ...noFilters, text: "x" })).toBe(0);
  });
});

describe("the start mark", () => {
  beforeEach(() => {
    vi.resetModules();
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", (f: () => void) => setTimeout(f, 16));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("reports the first painted list once, then runs the work that waited for it", async () => {
    const { afterStart, markJournalShown } = await import("./startup");
    const reports: number[] = [];
    const done: string[] = [];
    afterStart(() => done.push("backup status"));
    markJournalShown(50, (rows) => reports.push(rows));
    markJournalShown(100, (rows) => reports.push(rows));
    expect(done).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(reports).toEqual([50]);
    expect(done).toEqual(["backup status"]);
    afterStart(() => done.push("at once"));
    expect(done).toEqual(["backup status", "at once"]);
  });

  it("does not keep work waiting when the app starts on another page", async () => {
    const { afterStart, START_FALLBACK_MS } = await import("./startup");
    const done: string[] = [];
    afterStart(() => done.push("backup status"));
    await vi.advanceTimersByTimeAsync(START_FALLBACK_MS - 1);
    expect(done).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual(["backup status"]);
  });
});
