// The start path's one mark: when the journal list is first on screen. The app-start benchmark
// (tests/src/bin/app_start.rs) times the launch to it.

let reported = false;

/** Once per app run, after the frame that first shows the journal list (`rows` rows) has been
 * painted: a `performance` mark, and `report` (the Rust side's `journal_shown`). */
export function markJournalShown(rows: number, report: (rows: number, pageMs: number) => unknown): void {
  if (reported) return;
  reported = true;
  // requestAnimationFrame runs just before the frame is painted; the task after it, just after.
  requestAnimationFrame(() =>
    setTimeout(() => {
      report(rows, performance.mark("journal-shown").startTime);
    }, 0),
  );
}
