// A quick reflection from the journal: a title, the text and its tags, saved with Ctrl+Enter.
// The button is the first thing after the page's heading, so from the heading it is Tab, Enter,
// the title, Tab, the text, Tab, a few letters of a tag, Enter, Ctrl+Enter.
import { useEffect, useRef, useState } from "react";
import type { Framework } from "../bindings/Framework";
import type { IpcError } from "../bindings/IpcError";
import type { Reflection } from "../bindings/Reflection";
import { api } from "../ipc";
import { todayIso } from "../logic/dates";
import { errorFor, toIpcError } from "../logic/errors";
import { parseTagKey } from "../logic/form";
import { bumpRecent, RECENT_QUERY, recentTags, tagOptions } from "../logic/tags";
import { ErrorSummary } from "./ErrorSummary";
import { TextInput, Textarea } from "./Fields";
import { TagPicker } from "./TagPicker";

interface Props {
  frameworks: Framework[];
  organisation: string;
  /** A reflection was saved (the journal lists it). */
  onSaved: (r: Reflection) => void;
}

export function QuickReflection({ frameworks, organisation, onSaved }: Props) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [tags, setTags] = useState<string[]>([]);
  const [recent, setRecent] = useState<string[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState<Reflection | null>(null);
  const [busy, setBusy] = useState(false);
  const done = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    document.getElementById("field-quick-title")?.focus();
    let live = true;
    api
      .listReflections(RECENT_QUERY, 20)
      .then((p) => live && setRecent(recentTags(p.rows)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [open]);
  useEffect(() => {
    if (saved) done.current?.focus();
  }, [saved]);

  const close = () => {
    setOpen(false);
    setError(null);
    toggle.current?.focus();
  };

  const save = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await api.saveReflection(
        {
          id: null,
          title,
          event_date: todayIso(),
          model: "free",
          body: text.trim() ? { reflection: text } : {},
          tags: tags.map(parseTagKey),
          visibility: "private",
          cpd_hours: null,
          cpd_participatory: false,
        },
        null,
        "save",
      );
      setTitle("");
      setText("");
      setTags([]);
      setError(null);
      setOpen(false);
      setSaved(r);
      onSaved(r);
    } catch (e) {
      // What was typed stays on screen; the message says which box.
      const err = toIpcError(e);
      setError({ ...err, field: err.field ? "quick." + err.field : null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="quick-reflection-area">
      <button
        type="button"
        ref={toggle}
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-4"
        id="quick-reflection"
        aria-expanded={open}
        aria-controls="quick-reflection-form"
        onClick={() => {
          setSaved(null);
          if (open) close();
          else setOpen(true);
        }}
      >
        Quick reflection
      </button>
      {saved && !open ? (
        <div className="nhsuk-inset-text" id="quick-saved" tabIndex={-1} ref={done} role="status">
          <p>
            Saved <a href={"#/reflection/" + saved.id}>{saved.title}</a>, private to you. <a href={"#/edit/" + saved.id}>Add more to it</a>.
          </p>
        </div>
      ) : null}
      {open ? (
        <form
          className="quick-reflection"
          id="quick-reflection-form"
          aria-label="Quick reflection"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void save();
            } else if (e.key === "Escape" && !e.defaultPrevented) {
              e.preventDefault();
              close();
            }
          }}
        >
          <ErrorSummary error={error} />
          <TextInput field="quick.title" label="Title" hint="A few words you will recognise later" value={title} onChange={setTitle} error={errorFor(error, "quick.title")} />
          <Textarea field="quick.body.reflection" label="What happened, and what you learned" rows={4} maxChars={20000} value={text} onChange={setText} error={errorFor(error, "quick.body")} />
          <TagPicker
            field="quick.tags"
            label="Values, behaviours and themes"
            hint="Type a few letters, then Enter to add the first match; arrow keys to choose another"
            options={tagOptions(frameworks, organisation)}
            recent={recent}
            value={tags}
            onChange={(t, picked) => {
              setTags(t);
              if (picked) setRecent((r) => bumpRecent(r, picked));
            }}
            error={errorFor(error, "quick.tags")}
          />
          <p className="nhsuk-body-s quick-keys" id="quick-keys">
            Saved as a private reflection dated today. Ctrl+Enter saves. Escape closes this; what you typed stays here until you save it.
          </p>
          <div className="nhsuk-button-group">
            <button type="submit" className="nhsuk-button" id="quick-save" disabled={busy}>
              Save reflection
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" id="quick-cancel" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
