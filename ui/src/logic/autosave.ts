/** Saves a little after the last change, so closing the window loses at most `delayMs` of typing. */
export interface Autosaver {
  /** Note a change; the save runs `delayMs` after the last one. */
  schedule(): void;
  /** Save now if a change is pending (on leaving the editor or the window). */
  flush(): Promise<void>;
  cancel(): void;
  pending(): boolean;
}

export function createAutosaver(save: () => Promise<void>, delayMs = 1000): Autosaver {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  let again = false;

  const run = async () => {
    // One run covers every change so far: a timer still pending (a change made while the last
    // save ran, which also set `again`) would only save the same content a second time.
    if (timer !== null) clearTimeout(timer);
    timer = null;
    // Saves never overlap: a change made during a save is saved right after it.
    await running;
    again = false;
    running = save().catch(() => undefined);
    await running;
    if (again) void run();
  };

  return {
    schedule() {
      again = true;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => void run(), delayMs);
    },
    async flush() {
      if (timer !== null) {
        clearTimeout(timer);
        await run();
      } else {
        await running;
      }
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      again = false;
    },
    pending() {
      return timer !== null;
    },
  };
}
