import type { SnippetPart } from "../bindings/SnippetPart";
import type { Tag } from "../bindings/Tag";

/** Tags grouped by value: "Self Awareness — understand our own limitations…". */
export function TagList({ tags }: { tags: Tag[] }) {
  if (!tags.length) return null;
  const values = new Map<string, { name: string; behaviours: string[] }>();
  for (const t of tags) {
    const k = `${t.framework_id}/${t.value_key}`;
    const v = values.get(k) ?? { name: t.value_name, behaviours: [] };
    if (t.behaviour_text) v.behaviours.push(t.behaviour_text);
    values.set(k, v);
  }
  return (
    <ul className="nhsuk-list tag-list" aria-label="Tags">
      {[...values.entries()].map(([k, v]) => (
        <li key={k}>
          <strong className="nhsuk-tag nhsuk-tag--aqua-green">{v.name}</strong>
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
