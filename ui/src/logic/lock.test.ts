import { describe, expect, it, vi } from "vitest";
import { createAutosaver } from "./autosave";
import { codeGroups, confirmProblem, discardPage, flushPending, isLockShortcut, lockApp, lockChoices, onFields, trackPending } from "./lock";

describe("locking the app", () => {
  it("saves everything pending first, then closes the journal, then discards the page", async () => {
    const order: string[] = [];
    const error = await lockApp({
      flush: async () => {
        await Promise.resolve();
        order.push("flush");
      },
      lock: async () => {
        order.push("lock");
        return null;
      },
      discard: () => order.push("discard"),
    });
    expect(error).toBeNull();
    expect(order).toEqual(["flush", "lock", "discard"]);
  });

  it("keeps the page when the journal cannot lock, and says why; a journal locked already still goes", async () => {
    const discard = vi.fn();
    const refused = await lockApp({
      flush: async () => undefined,
      lock: () => Promise.reject({ kind: "invalid", message: "Set a passphrase first", field: "lock" }),
      discard,
    });
    expect(refused?.message).toBe("Set a passphrase first");
    expect(discard).not.toHaveBeenCalled();
    await lockApp({
      flush: async () => undefined,
      lock: () => Promise.reject({ kind: "locked", message: "locked", field: null }),
      discard,
    });
    expect(discard).toHaveBeenCalledTimes(1);
  });

  it("a pending autosave is saved before the lock, without waiting for its delay", async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    const autosaver = createAutosaver(async () => {
      saved.push("typed text");
    }, 1000);
    const untrack = trackPending(() => autosaver.flush());
    autosaver.schedule();
    const failing = trackPending(() => Promise.reject(new Error("a save that fails")));
    await flushPending();
    expect(saved).toEqual(["typed text"]);
    expect(autosaver.pending()).toBe(false);
    untrack();
    failing();
    autosaver.schedule();
    await flushPending();
    expect(saved).toEqual(["typed text"]);
    autosaver.cancel();
    vi.useRealTimers();
  });

  it("reloads at the root, with no route left in the address", () => {
    const calls: string[] = [];
    discardPage(
      { pathname: "/", search: "", reload: () => calls.push("reload") },
      { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => calls.push("replace " + String(url)) },
    );
    expect(calls).toEqual(["replace /", "reload"]);
  });

  it("Ctrl+L or ⌘L locks; other keys do not", () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
      isLockShortcut({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
    expect(key("l", { ctrlKey: true })).toBe(true);
    expect(key("L", { metaKey: true })).toBe(true);
    expect(key("l")).toBe(false);
    expect(key("l", { ctrlKey: true, shiftKey: true })).toBe(false);
    expect(key("k", { ctrlKey: true })).toBe(false);
  });

  it("offers 1 minute to an hour and never, keeping a time set elsewhere", () => {
    expect(lockChoices(5).map((c) => c.label)).toEqual(["1 minute", "2 minutes", "5 minutes", "10 minutes", "15 minutes", "30 minutes", "1 hour", "Never"]);
    expect(lockChoices(0).at(-1)).toEqual({ value: 0, label: "Never" });
    expect(lockChoices(480).map((c) => c.value)).toEqual([1, 2, 5, 10, 15, 30, 60, 480, 0]);
    expect(lockChoices(480).find((c) => c.value === 480)?.label).toBe("8 hours");
  });

  it("shows the recovery code in its groups", () => {
    expect(codeGroups("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")).toEqual(["ABCD", "EFGH", "IJKL", "MNOP", "QRST", "UVWX", "YZ23", "4567"]);
  });

  it("checks the confirmation, and moves an error to this form's field", () => {
    expect(confirmProblem("correct horse", "correct horse", "confirm")).toBeNull();
    expect(confirmProblem("correct horse", "correct hose", "confirm")?.field).toBe("confirm");
    const wrong = { kind: "invalid", message: "Wrong", field: "passphrase" };
    expect(onFields(wrong, { passphrase: "remove-passphrase" })?.field).toBe("remove-passphrase");
    expect(onFields(wrong, { recovery_code: "x" })).toBe(wrong);
    expect(onFields(null, {})).toBeNull();
  });
});
