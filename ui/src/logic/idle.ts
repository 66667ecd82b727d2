// The app lock's idle timer: any activity (a key, the pointer, the wheel, a touch, focus) puts it
// back to the start; after `minutes` with none, `onIdle` runs once. Activity only notes the time
// (pointermove fires often); the timer re-arms itself for what is left when it fires early. A
// timer that fires late (the computer slept, the window was hidden and timers were throttled)
// cannot be beaten by the first movement after: activity or the page becoming visible past the
// deadline locks at once instead of starting the count again.

/** What counts as someone using the app. */
export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart", "focus"] as const;

/** The clock and timers (the real ones unless a test passes its own). */
export interface IdleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Watch `target` (the window) for activity; `onIdle` after `minutes` without. 0 or less: never.
 * Returns the function that stops watching. */
export function watchIdle(target: EventTarget, minutes: number, onIdle: () => void, clock: IdleClock = realClock): () => void {
  if (!(minutes > 0)) return () => undefined;
  const limit = minutes * 60_000;
  let last = clock.now();
  let timer: unknown = null;
  let done = false;
  const options = { capture: true, passive: true };

  const stop = () => {
    done = true;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, onActivity, options);
    target.removeEventListener("visibilitychange", check, options);
  };
  const fire = () => {
    if (done) return;
    stop();
    onIdle();
  };
  const overdue = () => clock.now() - last >= limit;
  const arm = (ms: number) => {
    timer = clock.setTimeout(() => {
      timer = null;
      if (done) return;
      if (overdue()) fire();
      else arm(limit - (clock.now() - last));
    }, ms);
  };
  function check() {
    if (overdue()) fire();
  }
  function onActivity() {
    if (overdue()) fire();
    else last = clock.now();
  }

  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, onActivity, options);
  target.addEventListener("visibilitychange", check, options);
  arm(limit);
  return stop;
}
