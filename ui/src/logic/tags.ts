// The tag picker's options: the organisation's values and their "This means we…" behaviour
// statements, and each professional framework's themes; what a typed text matches, best first,
// with the tags used most recently ahead of the rest.
import type { Framework } from "../bindings/Framework";
import type { ReflectionQuery } from "../bindings/ReflectionQuery";
import type { ReflectionSummary } from "../bindings/ReflectionSummary";
import { tagKey, toggleTag } from "./form";

/** A value of the organisation, one of its behaviour statements, or a professional theme. */
export type TagKind = "value" | "behaviour" | "theme";

export interface TagOption {
  /** The tag key (see form.ts's tagKey). */
  key: string;
  kind: TagKind;
  /** What a chip says: the value's name, the behaviour statement, the theme's name. */
  label: string;
  /** Where it comes from, said after the label: "Self Awareness: This means we…", "NMC Code theme". */
  context: string;
  /** The framework's order (values each followed by their behaviours, then themes). */
  order: number;
}

/** The CSS classes of a tag of this kind: values and behaviours in one colour, themes in another. */
export function tagClass(kind: TagKind): string {
  return kind === "theme" ? "nhsuk-tag nhsuk-tag--purple tag-kind-theme" : "nhsuk-tag nhsuk-tag--aqua-green tag-kind-value";
}

/** Every tag a reflection can have: `organisation`'s values and behaviours, then the themes of
 * the professional frameworks among `frameworks`. */
export function tagOptions(frameworks: Framework[], organisation: string): TagOption[] {
  const out: TagOption[] = [];
  const org = frameworks.find((f) => f.doc.id === organisation);
  if (org) {
    for (const v of org.doc.values) {
      const key = `${org.doc.id}/${v.key}`;
      out.push({ key, kind: "value", label: v.name, context: org.doc.name, order: out.length });
      const intro = (v.behaviours_intro ?? "This means we:").replace(/:\s*$/, "");
      for (const b of v.behaviours) {
        out.push({ key: `${key}/${b.key}`, kind: "behaviour", label: b.text, context: `${v.name}: ${intro}…`, order: out.length });
      }
    }
  }
  for (const fw of frameworks) {
    if (fw.doc.kind !== "professional" || fw.doc.id === organisation) continue;
    for (const v of fw.doc.values) {
      out.push({ key: `${fw.doc.id}/${v.key}`, kind: "theme", label: v.name, context: `${fw.doc.name} theme`, order: out.length });
    }
  }
  return out;
}

/** The tags of the reflections changed most recently, newest first, each once, at most `limit`. */
export function recentTags(rows: ReflectionSummary[], limit = 8): string[] {
  const sorted = [...rows].sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
  const out: string[] = [];
  for (const r of sorted) {
    for (const t of r.tags) {
      const k = tagKey({ framework_id: t.framework_id, value_key: t.value_key, behaviour_key: t.behaviour_key });
      if (!out.includes(k)) out.push(k);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** `key` first in the recent list (a tag just picked), keeping at most `limit`. */
export function bumpRecent(recent: string[], key: string, limit = 8): string[] {
  return [key, ...recent.filter((k) => k !== key)].slice(0, limit);
}

const fold = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
const words = (s: string) => fold(s).split(/[^a-z0-9]+/).filter(Boolean);

/**
 * The options that match `query`, best first, leaving out those already `picked`. Every word
 * typed must begin a word of the option's label or of where it comes from (so "self" finds the
 * value Self Awareness and its behaviours). Options whose own label has a word beginning with
 * what was typed come before those matched only by where they come from; within each, the
 * recently used ones (in `recent`'s order) come first, then values and themes before behaviour
 * statements, then the framework's order. With nothing typed: the recent ones, then every other
 * option in order.
 */
export function matchTags(options: TagOption[], query: string, recent: string[], picked: string[] = []): TagOption[] {
  const q = words(query);
  const rank = (o: TagOption) => {
    const i = recent.indexOf(o.key);
    return i < 0 ? recent.length : i;
  };
  const scored: { o: TagOption; tier: number }[] = [];
  for (const o of options) {
    if (picked.includes(o.key)) continue;
    const own = words(o.label);
    const all = [...own, ...words(o.context)];
    if (!q.every((w) => all.some((x) => x.startsWith(w)))) continue;
    const tier = q.length === 0 || q.every((w) => own.some((x) => x.startsWith(w))) ? 0 : 1;
    scored.push({ o, tier });
  }
  // With something typed, a value's or theme's name comes before a long behaviour statement.
  const short = (o: TagOption) => (q.length > 0 && o.kind === "behaviour" ? 1 : 0);
  scored.sort((a, b) => a.tier - b.tier || rank(a.o) - rank(b.o) || short(a.o) - short(b.o) || a.o.order - b.o.order);
  return scored.map((s) => s.o);
}

/** Add a tag (a behaviour brings its value with it); a tag already there stays. */
export function addTag(tags: string[], key: string): string[] {
  return tags.includes(key) ? tags : toggleTag(tags, key);
}

/** Remove a tag (a value takes its behaviours with it). */
export function removeTag(tags: string[], key: string): string[] {
  return tags.includes(key) ? toggleTag(tags, key) : tags;
}

/** The chips for `tags`, in the framework's order; a tag no longer in the frameworks shows its key. */
export function chipsOf(tags: string[], options: TagOption[]): TagOption[] {
  const known = new Map(options.map((o) => [o.key, o]));
  return tags
    .map((k, i) => known.get(k) ?? { key: k, kind: "value" as TagKind, label: k, context: "", order: options.length + i })
    .sort((a, b) => a.order - b.order);
}

/** The journal's newest reflections, whose tags are offered first. */
export const RECENT_QUERY: ReflectionQuery = {
  text: null,
  as_you_type: false,
  tags: [],
  from: null,
  to: null,
  visibility: null,
  model: null,
  deleted: false,
  limit: null,
};
