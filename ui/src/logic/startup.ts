// The start path's one mark: when the journal list is first on screen. The app-start benchmark
// (tests/src/bin/app_start.rs) times the launch to it, and work that can wait (the footer's
// backup status, which makes the day's backup) waits for it.

/** A start on another page than the journal has no mark: work waits at most this long. */
export const START_FALLBACK_MS = 2000;

let reported = false;
let started = false;
let armed = false;
const waiting: (() => void)[] = [];

function start(): void {
  if (started) return;
  started = true;
  for (const work of waiting.splice(0)) work();
}

/** Once per app run, after the frame that first shows the journal list (`rows` rows) has been
 * painted: a `performance` mark, `report` (the Rust side's `journal_shown`), then the work
 * `afterStart` kept. */
export function markJournalShown(rows: number, report: (rows: number, pageMs: number) => unknown): void {
  if (reported) return;
  reported = true;
  // requestAnimationFrame runs just before the frame is painted; the task after it, just after.
  requestAnimationFrame(() =>
    setTimeout(() => {
      report(rows, performance.mark("journal-shown").startTime);
      start();
    }, 0),
  );
}

/** Run `work` once the start is over: the journal list painted (or START_FALLBACK_MS after the
 * first call, for a start on another page); at once if it is over already. */
export function afterStart(work: () => void): void {
  if (started) {
    work();
    return;
  }
  waiting.push(work);
  if (!armed) {
    armed = true;
    setTimeout(start, START_FALLBACK_MS);
  }
}
