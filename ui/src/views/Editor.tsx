import { useCallback, useEffect, useRef, useState } from "react";
import type { Finding } from "../bindings/Finding";
import type { PrivacyReport } from "../bindings/PrivacyReport";
import type { Framework } from "../bindings/Framework";
import type { IpcError } from "../bindings/IpcError";
import type { ModelChange } from "../bindings/ModelChange";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Profile } from "../bindings/Profile";
import type { ReflectiveModel } from "../bindings/ReflectiveModel";
import { ErrorSummary } from "../components/ErrorSummary";
import { DateInput } from "../components/DateInput";
import { Checkbox, Radios, TextInput, Textarea } from "../components/Fields";
import { AllTags, TagPicker } from "../components/TagPicker";
import { PrivacyFindings } from "../components/PrivacyFindings";
import { api } from "../ipc";
import { createAutosaver, type Autosaver } from "../logic/autosave";
import { trackPending } from "../logic/lock";
import { formatInstant, joinDate, splitDate } from "../logic/dates";
import { errorFor, fieldId, toIpcError } from "../logic/errors";
import { emptyForm, formFromReflection, formToInput, looksSaveable, toggleTag, type ReflectionForm } from "../logic/form";
import { fieldText, fixedMessage, focusAfterFix, targetOf, withFixedField } from "../logic/privacy";
import { answersOf, moveLines } from "../logic/revisions";
import { bumpRecent, RECENT_QUERY, recentTags, tagOptions } from "../logic/tags";
import { navigate } from "../route";

const MAX_SECTION = 20000;

type Status =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "draft"; reason: string };

interface Props {
  /** A reflection id to edit, a draft key to continue, or null for a new reflection. */
  id: string | null;
  draftKey: string | null;
  profile: Profile;
  models: ModelInfo[];
}

export function Editor({ id, draftKey, profile, models }: Props) {
  const [form, setFormState] = useState<ReflectionForm | null>(null);
  const formRef = useRef<ReflectionForm | null>(null);
  const [frameworks, setFrameworks] = useState<Framework[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  // Saves and deletes the person asked for that were refused: only these move focus to the
  // error summary (an autosave never does).
  const [refused, setRefused] = useState(0);
  const refuse = (e: IpcError) => {
    setError(e);
    setRefused((n) => n + 1);
  };
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [restored, setRestored] = useState<string | null>(null);
  const [report, setReport] = useState<PrivacyReport>({ findings: [], advisories: [] });
  const [fixing, setFixing] = useState(false);
  const [privacyMessage, setPrivacyMessage] = useState<string | null>(null);
  // After a rewrite: which finding it was, so focus can go to the next one once the check re-ran.
  const pendingFocus = useRef<{ index: number; field: string } | null>(null);
  // This editing session: only its autosaves coalesce into one revision.
  const session = useRef<string>(crypto.randomUUID());
  // A model change waiting for the person to confirm where the answers go.
  const [modelChange, setModelChange] = useState<ModelChange | null>(null);
  // Tags of the reflections written last, offered first in the tag picker.
  const [recent, setRecent] = useState<string[]>([]);

  const setForm = useCallback((f: ReflectionForm) => {
    formRef.current = f;
    setFormState(f);
  }, []);

  // Load the reflection (or draft), preferring unsaved changes kept from an earlier session.
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const ids = [profile.organisation_framework, ...profile.professional_frameworks];
        const fws = await Promise.all(ids.map((f) => api.getFramework(f)));
        const drafts = await api.listDrafts();
        api
          .listReflections(RECENT_QUERY, 20)
          .then((p) => live && setRecent(recentTags(p.rows)))
          .catch(() => undefined);
        let f: ReflectionForm;
        const key = id ?? draftKey;
        const draft = key ? drafts.find((d) => d.key === key) : undefined;
        if (id) {
          f = formFromReflection(await api.getReflection(id));
        } else {
          f = emptyForm();
        }
        if (draft) {
          f = { ...(JSON.parse(draft.content) as ReflectionForm), id: id ?? null, draftKey: draft.key };
          if (live) setRestored(draft.updated_at);
        }
        if (!live) return;
        setFrameworks(fws);
        setForm(f);
      } catch (e) {
        if (live) setLoadError(toIpcError(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [id, draftKey, profile, setForm]);

  // Autosave: a real save when the reflection can be saved, otherwise a draft, so nothing is lost.
  const autosaverRef = useRef<Autosaver | null>(null);
  useEffect(() => {
    const autosaver = createAutosaver(async () => {
        const f = formRef.current;
        if (!f) return;
        setStatus({ kind: "saving" });
        const forCheck = formToInput(f);
        if (forCheck.ok) {
          api.checkPrivacy(forCheck.input).then(setReport).catch(() => undefined);
        }
        let reason = "add a title to save it as a reflection";
        if (looksSaveable(f)) {
          const checked = formToInput(f);
          if (checked.ok) {
            try {
              const saved = await api.saveReflection(checked.input, session.current, "autosave");
              if (f.id === null) {
                await api.discardDraft(f.draftKey);
                const current = formRef.current ?? f;
                setForm({ ...current, id: saved.id, draftKey: saved.id });
                window.history.replaceState(null, "", "#/edit/" + saved.id);
              }
              setStatus({ kind: "saved", at: saved.updated_at });
              return;
            } catch (e) {
              reason = toIpcError(e).message;
            }
          } else {
            reason = checked.error.message;
          }
        }
        await api.saveDraft(f.draftKey, JSON.stringify(f));
        setStatus({ kind: "draft", reason });
      }, 1000);
    autosaverRef.current = autosaver;
    // The app lock saves what is pending before it closes the journal.
    const untrack = trackPending(() => autosaver.flush());
    // Leaving the editor, or closing the window, saves what is pending.
    const onLeave = () => void autosaver.flush();
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("beforeunload", onLeave);
    return () => {
      window.removeEventListener("pagehide", onLeave);
      window.removeEventListener("beforeunload", onLeave);
      untrack();
      void autosaver.flush();
    };
  }, [setForm]);

  const update = (patch: Partial<ReflectionForm>) => {
    const f = formRef.current;
    if (!f) return;
    setForm({ ...f, ...patch });
    autosaverRef.current?.schedule();
  };

  // Focus after a rewrite: the next finding's rewrite button, else the field that was rewritten.
  useEffect(() => {
    const p = pendingFocus.current;
    if (!p) return;
    pendingFocus.current = null;
    const next = focusAfterFix(p.index, report.findings.length);
    const el = next === null ? document.getElementById(fieldId(p.field)) : document.getElementById("privacy-fix-" + next);
    el?.focus();
  }, [report]);

  // One finding rewritten with its suggestion by the Rust side (checked against the text as it is
  // now), put back into the form, autosaved like typing, and the check run again.
  const fix = async (f: Finding, index: number) => {
    const before = formRef.current;
    if (!before) return;
    const checked = formToInput(before);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setFixing(true);
    try {
      const fixed = await api.applyPrivacyFix(checked.input, targetOf(f));
      const latest = formRef.current ?? before;
      // Typed into the same field while the rewrite was made: keep the typing, check again.
      const changed = fieldText(latest, f.field) !== fieldText(before, f.field);
      const next = changed ? latest : withFixedField(latest, fixed, f.field);
      if (!changed) {
        setForm(next);
        autosaverRef.current?.schedule();
      }
      const again = formToInput(next);
      if (again.ok) {
        const r = await api.checkPrivacy(again.input);
        pendingFocus.current = { index, field: f.field };
        setReport(r);
      }
      setPrivacyMessage(changed ? "The text changed while rewriting: check the details again." : fixedMessage(f));
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setFixing(false);
    }
  };

  const save = async () => {
    // Let a pending or running autosave finish first: a new reflection then has its id, and the
    // explicit save updates it rather than creating a second one.
    await autosaverRef.current?.flush();
    const f = formRef.current;
    if (!f) return;
    const checked = formToInput(f);
    if (!checked.ok) {
      refuse(checked.error);
      return;
    }
    try {
      const saved = await api.saveReflection(checked.input, session.current, "save");
      if (f.id === null) await api.discardDraft(f.draftKey);
      setError(null);
      navigate("#/reflection/" + saved.id);
    } catch (e) {
      // What was typed stays on screen, and is kept as a draft.
      refuse(toIpcError(e));
      await api.saveDraft(f.draftKey, JSON.stringify(f)).catch(() => undefined);
    }
  };

  // Another model chosen: with answers written, show where each goes before changing.
  const chooseModel = async (to: ReflectiveModel) => {
    const f = formRef.current;
    if (!f || to === f.model) {
      setModelChange(null);
      return;
    }
    const answers = answersOf(f.body, models.find((m) => m.model === f.model));
    if (Object.keys(answers).length === 0) {
      setModelChange(null);
      update({ model: to });
      return;
    }
    try {
      setModelChange(await api.previewModelChange(f.model, to, answers));
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  // The change confirmed: the answers move, and a saved reflection gets a revision of its own
  // (the one before keeps the old model's text, to restore).
  const applyModelChange = async (change: ModelChange) => {
    await autosaverRef.current?.flush();
    const f = formRef.current;
    if (!f) return;
    const next = { ...f, model: change.to, body: { ...change.body } };
    setForm(next);
    setModelChange(null);
    const checked = formToInput(next);
    if (next.id !== null && checked.ok) {
      try {
        const saved = await api.saveReflection(checked.input, session.current, "model_change");
        setStatus({ kind: "saved", at: saved.updated_at });
        setError(null);
      } catch (e) {
        setError(toIpcError(e));
        await api.saveDraft(next.draftKey, JSON.stringify(next)).catch(() => undefined);
      }
    } else {
      autosaverRef.current?.schedule();
    }
    document.getElementById(`${fieldId("model")}-${change.to}`)?.focus();
  };

  const remove = async () => {
    const f = formRef.current;
    if (!f?.id) return;
    autosaverRef.current?.cancel();
    try {
      await api.deleteReflection(f.id);
      await api.discardDraft(f.draftKey);
      navigate("#/journal?deleted=" + encodeURIComponent(f.id));
    } catch (e) {
      refuse(toIpcError(e));
    }
  };

  if (loadError) return <ErrorSummary error={loadError} focusKey={0} />;
  if (!form) return <p>Loading…</p>;

  const model = models.find((m) => m.model === form.model) ?? models[0];

  return (
    <>
      <h1 tabIndex={-1}>{form.id ? "Edit reflection" : "New reflection"}</h1>
      {restored ? (
        <div className="nhsuk-inset-text">
          <p>Your unsaved changes from {formatInstant(restored)} have been restored.</p>
        </div>
      ) : null}
      <ErrorSummary error={error} focusKey={refused} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextInput field="title" label="Title" hint="A few words you will recognise later" value={form.title} onChange={(v) => update({ title: v })} error={errorFor(error, "title")} />
        <DateInput field="event_date" label="Date of the event" hint="It cannot be in the future" value={joinDate(form.date)} onChange={(v) => update({ date: splitDate(v) })} error={errorFor(error, "event_date")} />
        <Radios<ReflectiveModel>
          field="model"
          label="Reflective model"
          value={modelChange?.to ?? form.model}
          choices={models.map((m) => ({ value: m.model, label: m.name }))}
          onChange={(v) => void chooseModel(v)}
        />
        {modelChange ? (
          <div className="nhsuk-warning-callout" id="model-change-confirm">
            <h3 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>Change to {models.find((m) => m.model === modelChange.to)?.name}?
              </span>
            </h3>
            <p>Your answers move to the new model's questions. Nothing you wrote is removed:</p>
            <ul id="model-change-moves">
              {moveLines(modelChange).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {form.id ? <p>The text as it is now stays in this reflection's revisions, so you can restore it.</p> : null}
            <button className="nhsuk-button nhsuk-button--warning" type="button" id="model-change-yes" onClick={() => void applyModelChange(modelChange)}>
              Change the model and move my answers
            </button>{" "}
            <button className="nhsuk-button nhsuk-button--secondary" type="button" id="model-change-cancel" onClick={() => setModelChange(null)}>
              Keep {models.find((m) => m.model === form.model)?.name}
            </button>
          </div>
        ) : null}
        {model
          ? model.prompts.map((p) => (
              <Textarea
                key={p.key}
                field={"body." + p.key}
                label={p.label}
                hint={p.hint}
                rows={form.model === "free" ? 10 : 4}
                maxChars={MAX_SECTION}
                value={form.body[p.key] ?? ""}
                onChange={(v) => update({ body: { ...form.body, [p.key]: v } })}
                error={errorFor(error, "body." + p.key)}
              />
            ))
          : null}
        {Object.keys(form.body).some((k) => model && !model.prompts.some((p) => p.key === k) && (form.body[k] ?? "").trim()) ? (
          <div className="nhsuk-warning-callout">
            <h3 className="nhsuk-warning-callout__label">Text from another model</h3>
            <p>You wrote answers for another reflective model. Switch back to see them; they are not saved with this model.</p>
          </div>
        ) : null}

        <TagPicker
          field="tags"
          label="Values and behaviours"
          heading
          hint="Type a few letters of a value, a behaviour or a professional theme, then choose with the arrow keys and Enter, or click"
          options={tagOptions(frameworks, profile.organisation_framework)}
          recent={recent}
          value={form.tags}
          onChange={(tags, picked) => {
            update({ tags });
            if (picked) setRecent((r) => bumpRecent(r, picked));
          }}
          error={errorFor(error, "tags")}
          all={<AllTags frameworks={frameworks} organisation={profile.organisation_framework} value={form.tags} onToggle={(k) => update({ tags: toggleTag(form.tags, k) })} />}
        />

        <Radios
          field="visibility"
          label="Who can see this reflection?"
          value={form.visibility}
          choices={[
            { value: "private", label: "Only me (private)", hint: "It never leaves this device." },
            { value: "shared", label: "Share for appraisal", hint: "Your line manager can see it when you choose to include it in an appraisal." },
          ]}
          onChange={(v) => update({ visibility: v })}
          error={errorFor(error, "visibility")}
        />
        <TextInput field="cpd_hours" label="CPD hours (optional)" hint="If this was continuing professional development, for example 1.5" width="4" value={form.cpdHours} onChange={(v) => update({ cpdHours: v })} error={errorFor(error, "cpd_hours")} />
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <Checkbox id="field-cpd_participatory" label="Participatory learning (with others)" checked={form.participatory} onChange={(v) => update({ participatory: v })} />
          </div>
        </div>

        <PrivacyFindings report={report} model={model} busy={fixing} message={privacyMessage} onFix={(f, i) => void fix(f, i)} />
        <p className="nhsuk-body-s autosave-status" role="status" aria-live="polite" id="autosave-status">
          {status.kind === "saving" ? "Saving…" : null}
          {status.kind === "saved" ? `Saved automatically on ${formatInstant(status.at)}` : null}
          {status.kind === "draft" ? `Kept on this device as a draft: ${status.reason}` : null}
        </p>
        <div className="nhsuk-button-group">
          <button className="nhsuk-button" type="submit" id="save-reflection">
            Save reflection
          </button>
          {form.id ? (
            <button className="nhsuk-button nhsuk-button--warning" type="button" id="delete-reflection" onClick={() => void remove()}>
              Delete
            </button>
          ) : null}
        </div>
      </form>
    </>
  );
}
