// The app lock, the pure parts: what must be saved first (every open autosaver registers here),
// the order of locking (save, close the journal, discard the page), the shortcut, the choices
// of idle time, and how the recovery code and passphrase forms read.
import type { IpcError } from "../bindings/IpcError";
import { toIpcError } from "./errors";

const pending = new Set<() => Promise<void>>();

/** Register a save to finish before the app locks (an editor's autosaver's flush). Returns the
 * function that removes it again (when the editor closes). */
export function trackPending(flush: () => Promise<void>): () => void {
  pending.add(flush);
  return () => {
    pending.delete(flush);
  };
}

/** Finish every registered save: each is waited for, and one failing does not stop the others. */
export async function flushPending(): Promise<void> {
  await Promise.allSettled([...pending].map((flush) => flush()));
}

export interface LockSteps {
  /** Save everything pending (autosaves, drafts). */
  flush(): Promise<void>;
  /** Close the journal on the Rust side (its key is wiped). */
  lock(): Promise<unknown>;
  /** Throw away the page, so the web view holds nothing of the journal. */
  discard(): void;
}

/** Lock: save first, then close the journal, then discard the page. When the journal cannot be
 * locked (it has no passphrase, say) the page stays, and the error says why. */
export async function lockApp(steps: LockSteps): Promise<IpcError | null> {
  await steps.flush();
  try {
    await steps.lock();
  } catch (e) {
    const error = toIpcError(e);
    // Locked already (another window, or a second press): the page goes all the same.
    if (error.kind !== "locked") return error;
  }
  steps.discard();
  return null;
}

/** Reload at the app's root (no route in the address): the fresh page asks for the passphrase,
 * and the whole of the old page's memory (React state, typed text, cached lists) is gone. */
export function discardPage(location: Pick<Location, "pathname" | "search" | "reload">, history: Pick<History, "replaceState">) {
  history.replaceState(null, "", location.pathname + location.search);
  location.reload();
}

/** Ctrl+L (⌘L on a Mac): lock Reflect now. */
export function isLockShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l";
}

/** The "Lock after" choices, in minutes (0: never); a time set elsewhere (the CLI) is kept. */
export function lockChoices(current: number): { value: number; label: string }[] {
  const minutes = [1, 2, 5, 10, 15, 30, 60];
  if (current > 0 && !minutes.includes(current)) minutes.push(current);
  minutes.sort((a, b) => a - b);
  return [
    ...minutes.map((m) => ({ value: m, label: m === 60 ? "1 hour" : m % 60 === 0 ? `${m / 60} hours` : m === 1 ? "1 minute" : `${m} minutes` })),
    { value: 0, label: "Never" },
  ];
}

/** The recovery code's groups (`ABCD-EFGH-…` → ["ABCD", "EFGH", …]), to show one by one. */
export function codeGroups(code: string): string[] {
  return code
    .split(/[-\s]+/)
    .map((g) => g.trim())
    .filter(Boolean);
}

/** A new passphrase and its confirmation: an error naming `confirmField` when they differ (how
 * long it must be is core's rule, and core says so). */
export function confirmProblem(passphrase: string, confirm: string, confirmField: string): IpcError | null {
  if (passphrase !== "" && passphrase !== confirm) {
    return { kind: "invalid", message: "The two passphrases are not the same: type the same passphrase in both", field: confirmField };
  }
  return null;
}

/** The same error shown at another field: `map` from core's field names to this form's. */
export function onFields(error: IpcError | null, map: Record<string, string>): IpcError | null {
  if (!error?.field) return error;
  const to = map[error.field];
  return to === undefined ? error : { ...error, field: to };
}
