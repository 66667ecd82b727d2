import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTIVITY_EVENTS, watchIdle } from "./idle";

const MINUTE = 60_000;

describe("the idle lock", () => {
  let target: EventTarget;
  beforeEach(() => {
    vi.useFakeTimers();
    target = new EventTarget();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("locks once after the chosen minutes with no activity", () => {
    const onIdle = vi.fn();
    watchIdle(target, 5, onIdle);
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    target.dispatchEvent(new Event("keydown"));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it.each(ACTIVITY_EVENTS)("%s starts the count again", (name) => {
    const onIdle = vi.fn();
    watchIdle(target, 2, onIdle);
    vi.advanceTimersByTime(2 * MINUTE - 1000);
    target.dispatchEvent(new Event(name));
    vi.advanceTimersByTime(2 * MINUTE - 1000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("keeps counting from the last of many movements", () => {
    const onIdle = vi.fn();
    watchIdle(target, 1, onIdle);
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(1000);
      target.dispatchEvent(new Event("pointermove"));
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("locks at the first activity past the deadline when the timer was held up (the computer slept)", () => {
    const onIdle = vi.fn();
    watchIdle(target, 5, onIdle);
    // The clock moves on without the timer running, as when the machine is suspended.
    vi.setSystemTime(Date.now() + 30 * MINUTE);
    target.dispatchEvent(new Event("pointermove"));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("locks when the page becomes visible again past the deadline, but visibility alone is not activity", () => {
    const onIdle = vi.fn();
    watchIdle(target, 5, onIdle);
    vi.advanceTimersByTime(4 * MINUTE);
    target.dispatchEvent(new Event("visibilitychange"));
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);

    const later = vi.fn();
    watchIdle(target, 5, later);
    vi.setSystemTime(Date.now() + 6 * MINUTE);
    target.dispatchEvent(new Event("visibilitychange"));
    expect(later).toHaveBeenCalledTimes(1);
  });

  it("never locks with 0 minutes, and not after it is stopped", () => {
    const never = vi.fn();
    watchIdle(target, 0, never);
    vi.advanceTimersByTime(24 * 60 * MINUTE);
    expect(never).not.toHaveBeenCalled();

    const stopped = vi.fn();
    const stop = watchIdle(target, 1, stopped);
    stop();
    vi.advanceTimersByTime(10 * MINUTE);
    target.dispatchEvent(new Event("keydown"));
    expect(stopped).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
