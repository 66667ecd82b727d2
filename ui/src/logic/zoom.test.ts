import { describe, expect, it } from "vitest";
import { DEFAULT_ZOOM, nextZoom, readZoom, ZOOM_STEPS, zoomKey } from "./zoom";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = { ctrlKey: true }) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("zoom keys", () => {
  it.each([
    ["=", "in"],
    ["+", "in"],
    ["-", "out"],
    ["_", "out"],
    ["0", "reset"],
  ] as const)("Ctrl+%s zooms %s", (k, action) => {
    expect(zoomKey(key(k))).toBe(action);
    expect(zoomKey(key(k, { metaKey: true }))).toBe(action);
  });

  it("needs Ctrl or ⌘, and not Alt", () => {
    expect(zoomKey(key("=", {}))).toBeNull();
    expect(zoomKey(key("=", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(zoomKey(key("l"))).toBeNull();
    expect(zoomKey(key("1"))).toBeNull();
  });
});

describe("zoom steps", () => {
  it("goes up and down one step at a time, from 50% to 500%", () => {
    expect(nextZoom(100, "in")).toBe(110);
    expect(nextZoom(110, "in")).toBe(125);
    expect(nextZoom(100, "out")).toBe(90);
    expect(nextZoom(300, "in")).toBe(400);
    expect(nextZoom(400, "reset")).toBe(DEFAULT_ZOOM);
  });

  it("stops at the ends", () => {
    expect(nextZoom(500, "in")).toBe(500);
    expect(nextZoom(50, "out")).toBe(50);
  });

  it("reaches every step, in order, both ways", () => {
    const up = [50];
    for (let z = 50; z !== 500; up.push(z)) z = nextZoom(z, "in");
    expect(up).toEqual([...ZOOM_STEPS]);
    const down = [500];
    for (let z = 500; z !== 50; down.push(z)) z = nextZoom(z, "out");
    expect(down).toEqual([...ZOOM_STEPS].reverse());
  });

  it("moves from a level between steps to the next step in that direction", () => {
    expect(nextZoom(120, "in")).toBe(125);
    expect(nextZoom(120, "out")).toBe(110);
  });

  it("reads back a stored step, and 100% for anything else", () => {
    expect(readZoom("150")).toBe(150);
    expect(readZoom(null)).toBe(100);
    expect(readZoom("")).toBe(100);
    expect(readZoom("120")).toBe(100);
    expect(readZoom("1.5")).toBe(100);
    expect(readZoom("abc")).toBe(100);
  });
});
