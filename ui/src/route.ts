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
