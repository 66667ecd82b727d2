// Zooming the window (WCAG 1.4.4): Ctrl+= or Ctrl++ zooms in, Ctrl+- out and Ctrl+0 back to 100%,
// in the same steps as most browsers. The level is kept on this device and used again at start.

/** The zoom levels, in per cent. */
export const ZOOM_STEPS = [50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400, 500] as const;

export const DEFAULT_ZOOM = 100;
const LARGEST = 500;
const SMALLEST = 50;

export type ZoomAction = "in" | "out" | "reset";

/** Which zoom a key press asks for, if any: Ctrl (⌘ on a Mac) with =, +, - or 0 (the number
 * pad's keys included), and no Alt. Shift is allowed, as + is Shift+= on many keyboards. */
export function zoomKey(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): ZoomAction | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  switch (e.key) {
    case "=":
    case "+":
      return "in";
    case "-":
    case "_":
      return "out";
    case "0":
    case ")":
      return "reset";
    default:
      return null;
  }
}

/** The level after `action` from `level`: the next step up or down (a level between two steps
 * moves to the nearer step in that direction), or 100%. */
export function nextZoom(level: number, action: ZoomAction): number {
  if (action === "reset") return DEFAULT_ZOOM;
  if (action === "in") return ZOOM_STEPS.find((s) => s > level) ?? LARGEST;
  return [...ZOOM_STEPS].reverse().find((s) => s < level) ?? SMALLEST;
}

/** A stored level read back: one of the steps, or 100% for anything else (nothing stored, or a
 * value this version does not offer). */
export function readZoom(stored: string | null): number {
  if (stored === null || !/^\d+$/.test(stored)) return DEFAULT_ZOOM;
  const n = Number(stored);
  return (ZOOM_STEPS as readonly number[]).includes(n) ? n : DEFAULT_ZOOM;
}
