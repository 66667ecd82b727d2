// The window's title and the focus after navigation, for every screen. The title is the page's
// name from the one table in route.ts ("Error: " first while the page shows an error summary), in
// the document and on the native window. After a navigation (or a step that changes the page:
// Submit, Sign, appraiser mode) focus moves to the page's main heading once it is shown, which on
// pages that load their data first is after the data has come. A key press or a click before then
// cancels the move: focus is never taken from where the person has started working.
import { useEffect, useRef, type RefObject } from "react";
import { setWindowTitle } from "./ipc";
import { windowTitle, type Screen } from "./route";

/** How long a page may take to show its heading before the move is given up. */
const WAIT_MS = 15000;

let requestFocus: (() => void) | null = null;

/** Move focus to the main heading once it is shown (for a step that changes the page in place). */
export function focusHeading() {
  requestFocus?.();
}

/** Keep the title of `screen` and move focus on each new `visit` (see the top of this file). */
export function usePageFrame(main: RefObject<HTMLElement | null>, screen: Screen, visit: unknown, moveFocus: boolean) {
  const screenRef = useRef(screen);
  const pending = useRef<number | null>(null);

  useEffect(() => {
    const check = () => {
      const root = main.current;
      if (!root) return;
      const title = windowTitle(screenRef.current, root.querySelector(".nhsuk-error-summary") !== null);
      if (document.title !== title) {
        document.title = title;
        setWindowTitle(title);
      }
      if (pending.current === null) return;
      if (Date.now() > pending.current) {
        pending.current = null;
        return;
      }
      const h1 = root.querySelector<HTMLElement>("h1");
      if (!h1) return;
      pending.current = null;
      if (document.activeElement !== h1) h1.focus();
    };
    const cancel = () => {
      pending.current = null;
    };
    requestFocus = () => {
      pending.current = Date.now() + WAIT_MS;
      check();
    };
    const observer = new MutationObserver(check);
    if (main.current) observer.observe(main.current, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
    window.addEventListener("keydown", cancel, true);
    window.addEventListener("pointerdown", cancel, true);
    window.addEventListener("mousedown", cancel, true);
    return () => {
      observer.disconnect();
      window.removeEventListener("keydown", cancel, true);
      window.removeEventListener("pointerdown", cancel, true);
      window.removeEventListener("mousedown", cancel, true);
      requestFocus = null;
    };
  }, [main]);

  // A new screen: its name in the title at once.
  useEffect(() => {
    screenRef.current = screen;
    const root = main.current;
    const title = windowTitle(screen, root?.querySelector(".nhsuk-error-summary") != null);
    if (document.title !== title) {
      document.title = title;
      setWindowTitle(title);
    }
  }, [main, screen]);

  // A navigation: the heading takes the focus once it is there.
  useEffect(() => {
    if (moveFocus) focusHeading();
  }, [visit, moveFocus]);
}
