// Where a pack opened from outside the app went, once imported: the page to show and its name.
import type { PackImport } from "../bindings/PackImport";

export function destination(imported: PackImport): { href: string; label: string } {
  switch (imported.purpose) {
    case "for_review":
      return { href: "#/team", label: "My team" };
    case "reviewed":
      return { href: "#/appraisal/" + encodeURIComponent(imported.appraisal_id), label: "your appraisal" };
    case "agreed":
      return { href: "#/organisation", label: "the Organisation area" };
  }
}
