// Hash routes: real links, keyboard- and back-button-friendly, no server needed.
export type Route =
  | { name: "journal"; deleted: string | null }
  | { name: "new"; draftKey: string | null }
  | { name: "edit"; id: string }
  | { name: "reflection"; id: string }
  | { name: "overview" }
  | { name: "appraisals" }
  | { name: "appraisal"; id: string }
  | { name: "revalidation" }
  | { name: "share"; id: string; purpose: "for_review" | "agreed" }
  | { name: "team" }
  | { name: "team-review"; id: string }
  | { name: "organisation" }
  | { name: "settings" };

export function parseRoute(hash: string): Route {
  const [path = "", queryString = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryString);
  switch (parts[0]) {
    case "new":
      return { name: "new", draftKey: parts[1] ?? null };
    case "edit":
      return parts[1] ? { name: "edit", id: parts[1] } : { name: "journal", deleted: null };
    case "reflection":
      return parts[1] ? { name: "reflection", id: parts[1] } : { name: "journal", deleted: null };
    case "overview":
      return { name: "overview" };
    case "appraisals":
      return { name: "appraisals" };
    case "appraisal":
      return parts[1] ? { name: "appraisal", id: parts[1] } : { name: "appraisals" };
    case "revalidation":
      return { name: "revalidation" };
    case "share":
      return parts[1] ? { name: "share", id: parts[1], purpose: parts[2] === "agreed" ? "agreed" : "for_review" } : { name: "appraisals" };
    case "team":
      return parts[1] ? { name: "team-review", id: parts[1] } : { name: "team" };
    case "organisation":
      return { name: "organisation" };
    case "settings":
      return { name: "settings" };
    default:
      return { name: "journal", deleted: params.get("deleted") };
  }
}

export function navigate(hash: string) {
  window.location.hash = hash;
}

/** Every screen the window can show: the routes, and the screens the app shows instead of them. */
export type Screen = Route["name"] | "opening" | "unopened" | "locked" | "setup" | "protect" | "appraiser";

/** The one table of page names: the window title of every screen (and what the tests expect). */
export const PAGE_NAMES: Record<Screen, string> = {
  journal: "Your reflections",
  new: "New reflection",
  edit: "Edit reflection",
  reflection: "Reflection",
  overview: "Values overview",
  appraisals: "Appraisals",
  appraisal: "Appraisal",
  revalidation: "NMC revalidation",
  share: "Share preview",
  team: "My team",
  "team-review": "Team review",
  organisation: "Organisation",
  settings: "Settings",
  opening: "Opening your journal",
  unopened: "Cannot open your journal",
  locked: "Locked",
  setup: "Set up",
  protect: "Protect your journal",
  appraiser: "Appraiser mode",
};

/** "Page name – Reflect", or "Error: Page name – Reflect" while the page shows an error summary. */
export function windowTitle(screen: Screen, error: boolean): string {
  return `${error ? "Error: " : ""}${PAGE_NAMES[screen]} – Reflect`;
}
