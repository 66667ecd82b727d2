// The NHS.UK header with its responsive menu: nhsuk-frontend's header markup and behaviour, in
// React (the framework's own script moves list items between lists, which React cannot follow).
// The items that do not fit on one line go, from the last one back, into a "More" menu button
// that opens and closes them (aria-expanded), and closes on Escape or a click elsewhere.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { foldCount } from "../logic/header";
import type { Route } from "../route";

const NAV: { name: Route["name"]; href: string; label: string }[] = [
  { name: "journal", href: "#/journal", label: "Reflections" },
  { name: "new", href: "#/new", label: "Write" },
  { name: "overview", href: "#/overview", label: "Values overview" },
  { name: "appraisals", href: "#/appraisals", label: "Appraisals" },
  { name: "revalidation", href: "#/revalidation", label: "Revalidation" },
  { name: "team", href: "#/team", label: "My team" },
  { name: "organisation", href: "#/organisation", label: "Organisation" },
  { name: "settings", href: "#/settings", label: "Settings" },
];

function isCurrent(current: Route["name"], name: Route["name"]): boolean {
  return (
    current === name ||
    (current === "edit" && name === "new") ||
    ((current === "appraisal" || current === "share") && name === "appraisals") ||
    (current === "team-review" && name === "team")
  );
}

function Navigation({ current, organisation }: { current: Route["name"]; organisation: boolean }) {
  const items = NAV.filter((n) => n.name !== "organisation" || organisation);
  const [fold, setFold] = useState(0);
  // The page the menu was opened on: a new page, or nothing left to fold, closes it.
  const [openOn, setOpenOn] = useState<Route["name"] | null>(null);
  const open = openOn === current && fold > 0;
  const setOpen = useCallback((on: boolean) => setOpenOn(on ? current : null), [current]);
  const nav = useRef<HTMLElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const measure = useRef<HTMLUListElement>(null);
  const menuList = useRef<HTMLUListElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  // The menu list sits over the page below the header: the navigation's bottom border makes room.
  const makeRoom = useCallback(() => {
    const n = nav.current;
    const m = menuList.current;
    if (!n) return;
    if (m && !m.hidden) n.style.setProperty("border-bottom-width", `${m.offsetHeight}px`);
    else n.style.removeProperty("border-bottom-width");
  }, []);

  // Every item's width is measured in a hidden copy of the list, so that items already in the
  // menu are measured too (after text-only zoom, say).
  const update = useCallback(() => {
    const l = list.current;
    const m = measure.current;
    if (!l || !m) return;
    const lis = Array.from(m.children) as HTMLElement[];
    const more = lis.pop();
    setFold(foldCount(lis.map((li) => li.offsetWidth), l.offsetWidth, more?.offsetWidth ?? 0));
    makeRoom();
  }, [makeRoom]);

  const names = items.map((n) => n.name).join(" ");
  useLayoutEffect(update, [update, names]);
  useEffect(() => {
    const observer = new ResizeObserver(() => update());
    if (list.current) observer.observe(list.current);
    if (measure.current) observer.observe(measure.current);
    window.addEventListener("resize", update);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", update);
    };
  }, [update]);

  useLayoutEffect(makeRoom, [makeRoom, open, fold]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      const inside = menuList.current?.contains(document.activeElement) ?? false;
      setOpen(false);
      if (inside) toggle.current?.focus();
    };
    // A click outside the header, or on a link in it, closes the menu (not one on the button).
    const onClick = (e: MouseEvent) => {
      const target = e.target instanceof Element ? e.target : null;
      if (!target || toggle.current?.contains(target)) return;
      if (!nav.current?.contains(target) || target.closest("a, button")) setOpen(false);
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("click", onClick, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("click", onClick, true);
    };
  }, [open, setOpen]);

  const link = (n: (typeof NAV)[number]) => (
    <li className="nhsuk-header__navigation-item" key={n.name}>
      <a
        className="nhsuk-header__navigation-link"
        href={n.href}
        id={"nav-" + n.name}
        aria-current={isCurrent(current, n.name) ? "page" : undefined}
      >
        {n.label}
      </a>
    </li>
  );
  const shown = items.slice(0, items.length - fold);
  const folded = items.slice(items.length - fold);

  return (
    <nav className="nhsuk-header__navigation" aria-label="Menu" ref={nav}>
      <div className="nhsuk-header__navigation-container nhsuk-width-container">
        <ul className="nhsuk-header__navigation-list" ref={list}>
          {shown.map(link)}
          <li className="nhsuk-header__menu" hidden={fold === 0}>
            <button
              type="button"
              className="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
              id="toggle-menu"
              aria-expanded={open}
              aria-controls="header-menu-list"
              ref={toggle}
              onClick={() => setOpen(!open)}
            >
              <span className="nhsuk-u-visually-hidden">Browse </span>More
            </button>
            <ul className="nhsuk-header__menu-list" id="header-menu-list" hidden={!open} ref={menuList}>
              {folded.map(link)}
            </ul>
          </li>
        </ul>
        <div className="reflect-header-measure" aria-hidden="true">
          <ul className="nhsuk-header__navigation-list" ref={measure}>
            {items.map((n) => (
              <li className="nhsuk-header__navigation-item" key={n.name}>
                <span className="nhsuk-header__navigation-link">{n.label}</span>
              </li>
            ))}
            <li className="nhsuk-header__menu">
              <span className="nhsuk-header__menu-toggle nhsuk-header__navigation-link">
                <span className="nhsuk-u-visually-hidden">Browse </span>More
              </span>
            </li>
          </ul>
        </div>
      </div>
    </nav>
  );
}

/** The header; the navigation only once Reflect is set up (`current` null: none). */
export function Header({ current, organisation }: { current: Route["name"] | null; organisation: boolean }) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <a className="nhsuk-header__service-logo" href="#/journal" aria-label="Reflect: your reflections">
            <span className="nhsuk-header__service-name">Reflect</span>
          </a>
        </div>
      </div>
      {current ? <Navigation current={current} organisation={organisation} /> : null}
    </header>
  );
}
