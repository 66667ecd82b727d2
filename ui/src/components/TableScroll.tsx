import { useEffect, useRef, useState, type ReactNode } from "react";

/** A table that scrolls sideways inside its own region when it is wider than the page (at 320 CSS
 * px, or zoomed), so that the page itself never does (WCAG 1.4.10). The region is named, and
 * takes the focus only while it scrolls, so that it can be scrolled with the keyboard. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setScrolls(el.scrollWidth > el.clientWidth + 1));
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div className="reflect-table-scroll" role="region" aria-label={label} tabIndex={scrolls ? 0 : undefined} ref={ref}>
      {children}
    </div>
  );
}
