// The tag picker: one combobox with type-ahead over the organisation's values, their behaviour
// statements and the professional themes (the ARIA 1.2 combobox pattern: arrow keys move through
// the options, Enter picks, Escape closes; a pointer works too), the picked tags as removable
// chips, and every tag as checkboxes behind "Show all".
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { Framework } from "../bindings/Framework";
import { fieldId } from "../logic/errors";
import { addTag, chipsOf, matchTags, removeTag, tagClass, type TagOption } from "../logic/tags";
import { Checkbox } from "./Fields";
import "./TagPicker.css";

interface Props {
  /** The field its errors name ("tags"); the group's id is fieldId(field). */
  field: string;
  label: string;
  /** Show the label as a heading (h2) of the page. */
  heading?: boolean;
  hint?: string;
  options: TagOption[];
  /** Recently used tag keys, most recent first: they come first in the list. */
  recent: string[];
  value: string[];
  /** The new tags; `picked` is the tag just picked (null when one was removed). */
  onChange: (tags: string[], picked: string | null) => void;
  error?: string | null;
  /** Shown behind a "Show all" disclosure. */
  all?: ReactNode;
}

export function TagPicker({ field, label, heading, hint, options, recent, value, onChange, error, all }: Props) {
  const id = fieldId(field);
  const inputId = id + "-input";
  const listId = id + "-listbox";
  const uid = useId().replace(/[^a-zA-Z0-9]/g, "");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [said, setSaid] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const matches = open ? matchTags(options, query, recent, value) : [];
  const current = matches[Math.min(active, matches.length - 1)];
  const optionId = (i: number) => `${uid}-option-${i}`;
  const chips = chipsOf(value, options);

  useEffect(() => {
    if (open && current) document.getElementById(optionId(matches.indexOf(current)))?.scrollIntoView({ block: "nearest" });
  });

  const pick = (o: TagOption) => {
    const next = addTag(value, o.key);
    onChange(next, o.key);
    setQuery("");
    setOpen(false);
    setActive(0);
    setSaid(`Added ${o.label}. ${next.length} ${next.length === 1 ? "tag" : "tags"} chosen.`);
    input.current?.focus();
  };
  const remove = (o: TagOption) => {
    const next = removeTag(value, o.key);
    onChange(next, null);
    setSaid(`Removed ${o.label}. ${next.length} ${next.length === 1 ? "tag" : "tags"} chosen.`);
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = open ? matches.length : matchTags(options, query, recent, value).length;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
        } else if (n) setActive((active + 1) % n);
        break;
      case "ArrowUp":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(Math.max(n - 1, 0));
        } else if (n) setActive((active - 1 + n) % n);
        break;
      case "Enter":
        // Ctrl+Enter is the form's (the quick reflection saves with it).
        if (e.ctrlKey || e.metaKey) break;
        // Enter picks; it never submits the form around the picker.
        e.preventDefault();
        if (open && current) pick(current);
        break;
      case "Escape":
        if (open) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
        } else if (query) {
          e.preventDefault();
          e.stopPropagation();
          setQuery("");
        }
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  };

  const labelEl = (
    <label className={"nhsuk-label" + (heading ? " nhsuk-label--m" : " nhsuk-label--s")} htmlFor={inputId}>
      {label}
    </label>
  );
  const described = [hint ? id + "-hint" : "", error ? id + "-error" : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={"nhsuk-form-group tag-picker" + (error ? " nhsuk-form-group--error" : "")} id={id} data-field={field}>
      {heading ? <h2 className="nhsuk-label-wrapper">{labelEl}</h2> : labelEl}
      {hint ? (
        <div className="nhsuk-hint" id={id + "-hint"}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={id + "-error"}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <div className="tag-combobox">
        <input
          ref={input}
          id={inputId}
          className={"nhsuk-input" + (error ? " nhsuk-input--error" : "")}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && current ? optionId(matches.indexOf(current)) : undefined}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onClick={() => setOpen((o) => !o)}
          onBlur={() => setOpen(false)}
        />
        <ul id={listId} role="listbox" aria-label={label} className="tag-listbox" hidden={!open}>
          {matches.map((o, i) => (
            <li
              key={o.key}
              id={optionId(i)}
              role="option"
              aria-selected={o === current}
              className={"tag-option" + (o === current ? " tag-option--active" : "")}
              // Keep the focus in the box, so the click picks and typing can go on.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(o)}
            >
              <span className="tag-option__label">{o.label}</span> <span className={tagClass(o.kind) + " tag-option__kind"}>{o.context}</span>
            </li>
          ))}
          {open && matches.length === 0 ? (
            <li role="option" aria-selected={false} aria-disabled="true" className="tag-option tag-option--none">
              No value, behaviour or theme matches “{query}”
            </li>
          ) : null}
        </ul>
      </div>
      {chips.length ? (
        <ul className="nhsuk-list tag-chips" aria-label="Tags chosen" id={id + "-chosen"}>
          {chips.map((o) => (
            <li key={o.key} className="tag-chip">
              <strong className={tagClass(o.kind)}>{o.label}</strong>
              <button type="button" className="tag-chip__remove" aria-label={`Remove ${o.label}`} title={`Remove ${o.label}`} onClick={() => remove(o)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      {all ? (
        <details className="nhsuk-details all-tags" id={id + "-all"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Show all values, behaviours and themes</span>
          </summary>
          <div className="nhsuk-details__text">{all}</div>
        </details>
      ) : null}
    </div>
  );
}

/** Every tag as a checkbox: the organisation's values each with its behaviours, then each
 * professional framework's themes. */
export function AllTags({ frameworks, organisation, value, onToggle }: { frameworks: Framework[]; organisation: string; value: string[]; onToggle: (key: string) => void }) {
  const org = frameworks.find((f) => f.doc.id === organisation);
  const pros = frameworks.filter((f) => f.doc.kind === "professional" && f.doc.id !== organisation);
  return (
    <>
      {org ? (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{org.doc.name}</legend>
          <div className="nhsuk-checkboxes tag-all">
            {org.doc.values.map((v) => {
              const key = `${org.doc.id}/${v.key}`;
              return (
                <div key={v.key} className="tag-value">
                  <Checkbox id={`tag-${v.key}`} label={v.name} hint={v.description ?? undefined} checked={value.includes(key)} onChange={() => onToggle(key)} />
                  {v.behaviours.length ? (
                    <div className="nhsuk-checkboxes nhsuk-checkboxes--small tag-behaviours" role="group" aria-label={`${v.name}: ${v.behaviours_intro ?? "behaviours"}`}>
                      <p className="nhsuk-body-s tag-intro">{v.behaviours_intro ?? "Behaviours"}</p>
                      {v.behaviours.map((b) => {
                        const bkey = `${key}/${b.key}`;
                        return <Checkbox key={b.key} id={`tag-${v.key}-${b.key}`} label={b.text} checked={value.includes(bkey)} onChange={() => onToggle(bkey)} />;
                      })}
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>
      ) : null}
      {pros.map((fw) => (
        <fieldset className="nhsuk-fieldset" key={fw.doc.id}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{fw.doc.name}: themes</legend>
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {fw.doc.values.map((v) => {
              const key = `${fw.doc.id}/${v.key}`;
              return <Checkbox key={v.key} id={`theme-${v.key}`} label={v.name} checked={value.includes(key)} onChange={() => onToggle(key)} />;
            })}
          </div>
        </fieldset>
      ))}
    </>
  );
}
