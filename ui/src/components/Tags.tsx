import { useEffect, useState } from "react";
import type { SnippetPart } from "../bindings/SnippetPart";
import type { Tag } from "../bindings/Tag";
import { api } from "../ipc";
import { tagClass } from "../logic/tags";

// Which frameworks are professional (their themes get their own colour); read once.
let professional: Promise<Set<string>> | null = null;
function useProfessional(): Set<string> {
  const [ids, setIds] = useState<Set<string>>(new Set());
  useEffect(() => {
    let live = true;
    professional ??= api
      .appState()
      .then((s) => new Set(s.frameworks.filter((f) => f.kind === "professional").map((f) => f.id)))
      .catch(() => {
        professional = null;
        return new Set<string>();
      });
    void professional.then((s) => live && setIds(s));
    return () => {
      live = false;
    };
  }, []);
  return ids;
}

/** Tags grouped by value: "Self Awareness — understand our own limitations…". Values are in one
 * colour, professional themes in another. */
export function TagList({ tags }: { tags: Tag[] }) {
  const pro = useProfessional();
  if (!tags.length) return null;
  const values = new Map<string, { name: string; behaviours: string[]; theme: boolean }>();
  for (const t of tags) {
    const k = `${t.framework_id}/${t.value_key}`;
    const v = values.get(k) ?? { name: t.value_name, behaviours: [], theme: pro.has(t.framework_id) };
    if (t.behaviour_text) v.behaviours.push(t.behaviour_text);
    values.set(k, v);
  }
  return (
    <ul className="nhsuk-list tag-list" aria-label="Tags">
      {[...values.entries()].map(([k, v]) => (
        <li key={k}>
          <strong className={tagClass(v.theme ? "theme" : "value")}>{v.name}</strong>
          {v.behaviours.length ? <span className="nhsuk-body-s tag-behaviour-text"> {v.behaviours.join("; ")}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** A search snippet; matched words are marked (as text, never as HTML). */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <p className="nhsuk-body-s snippet">
      {parts.map((p, i) => (p.highlight ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </p>
  );
}
