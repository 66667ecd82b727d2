import type { ReflectionQuery } from "../bindings/ReflectionQuery";
import type { ReflectiveModel } from "../bindings/ReflectiveModel";
import type { Visibility } from "../bindings/Visibility";
import { parseTagKey } from "./form";

/** The journal's search box and filters, as on screen. */
export interface Filters {
  text: string;
  /** A value or behaviour tag key of the organisation framework, or "". */
  value: string;
  /** A theme tag key of a professional framework, or "". */
  theme: string;
  from: string;
  to: string;
  visibility: "" | Visibility;
  model: "" | ReflectiveModel;
  deleted: boolean;
}

export const noFilters: Filters = {
  text: "",
  value: "",
  theme: "",
  from: "",
  to: "",
  visibility: "",
  model: "",
  deleted: false,
};

/** A search shows at most this many matches, best first (the journal without search shows all). */
export const SEARCH_LIMIT = 200;

export function toQuery(f: Filters): ReflectionQuery {
  const tags = [f.value, f.theme].filter((k) => k !== "").map(parseTagKey);
  const blank = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    // Untrimmed: a space after the last word says it is complete (no longer a prefix).
    text: f.text.trim() === "" ? null : f.text.trimStart(),
    as_you_type: true,
    tags,
    from: blank(f.from),
    to: blank(f.to),
    visibility: f.visibility === "" ? null : f.visibility,
    model: f.model === "" ? null : f.model,
    deleted: f.deleted,
    limit: f.text.trim() === "" ? null : SEARCH_LIMIT,
  };
}

export function isFiltered(f: Filters): boolean {
  return JSON.stringify({ ...f, text: "" }) !== JSON.stringify({ ...noFilters, text: "" }) || f.text.trim() !== "";
}
