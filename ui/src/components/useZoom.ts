import { useEffect } from "react";
import { api } from "../ipc";
import { DEFAULT_ZOOM, nextZoom, readZoom, zoomKey } from "../logic/zoom";

const KEY = "reflect.zoom";

function stored(): number {
  try {
    return readZoom(window.localStorage.getItem(KEY));
  } catch {
    return DEFAULT_ZOOM;
  }
}

function apply(level: number) {
  // The level is on the page too, so that it can be checked (the end-to-end tests read it).
  document.documentElement.dataset.zoom = String(level);
  api.setZoom(level).catch((e: unknown) => console.error("Reflect could not zoom the window", e));
}

/** Ctrl+= / Ctrl++ zoom in, Ctrl+- out and Ctrl+0 back to 100%; the level is kept on this device
 * (it is not part of the journal, so it applies on the unlock screen too) and set again at start. */
export function useZoom() {
  useEffect(() => {
    let level = stored();
    apply(level);
    const onKey = (e: KeyboardEvent) => {
      const action = zoomKey(e);
      if (!action) return;
      e.preventDefault();
      const next = nextZoom(level, action);
      if (next === level) return;
      level = next;
      try {
        window.localStorage.setItem(KEY, String(level));
      } catch {
        /* not kept: the level still applies until Reflect is closed */
      }
      apply(level);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
