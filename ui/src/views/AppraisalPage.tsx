// The appraisal workspace: every section in order, autosaved, for the colleague or (in appraiser
// mode) the appraiser. What each may change and which steps are offered come from core on the
// view (`editable`, `steps`); core enforces the same rules again on every save.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { Action } from "../bindings/Action";
import type { Answer } from "../bindings/Answer";
import type { Appraisal } from "../bindings/Appraisal";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { IpcError } from "../bindings/IpcError";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Note } from "../bindings/Note";
import type { Part } from "../bindings/Part";
import type { Review } from "../bindings/Review";
import type { Role } from "../bindings/Role";
import { NOTES } from "../bindings/sections";
import { ErrorSummary } from "../components/ErrorSummary";
import { ExportPdf } from "../components/ExportPdf";
import { Checkbox, IsoDateInput, Radios, Select, TextInput, Textarea } from "../components/Fields";
import { ReflectionDetails } from "../components/ReflectionDetails";
import { api } from "../ipc";
import {
  ANSWERS,
  authorNote,
  emptyObjective,
  emptyPlanItem,
  groupHash,
  KSF,
  OUTCOMES,
  PLAN_STATUSES,
  replaceAt,
  STATE_LABEL,
  STATE_TAG,
  toggleEvidence,
} from "../logic/appraisal";
import { createAutosaver, type Autosaver } from "../logic/autosave";
import { formatDate, formatInstant } from "../logic/dates";
import { errorFor, fieldId, toIpcError } from "../logic/errors";
import { navigate } from "../route";

const MAX_SECTION = 20000;

type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "draft"; reason: string };

interface Props {
  id: string;
  viewer: Role;
  models: ModelInfo[];
  /** Hand the device to the appraiser (colleague) or take it back (appraiser). */
  onAppraiserMode: (on: boolean) => void;
  /** "mine": an appraisal in this journal. "team": a colleague's, reviewed at a distance from
   * their pack (the appraiser writes only their comments and summary, then signs). */
  mode?: "mine" | "team";
}

function NoteField(props: {
  field: string;
  label: string;
  hint?: string;
  note: Note;
  editable: boolean;
  appraiserName: string;
  error: string | null;
  onChange: (n: Note) => void;
}) {
  const author = authorNote(props.note.by, props.appraiserName);
  if (!props.editable) {
    return (
      <div className="nhsuk-form-group read-only-note" id={fieldId(props.field)}>
        <h4 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{props.label}</h4>
        <p className="reflection-text">{props.note.text || <span className="nhsuk-hint">Not written yet</span>}</p>
        {author && props.note.text ? <p className="nhsuk-body-s author-note">{author}</p> : null}
      </div>
    );
  }
  return (
    <Textarea
      field={props.field}
      label={props.label}
      hint={[props.hint, props.note.text ? author : null].filter(Boolean).join(". ") || undefined}
      value={props.note.text}
      onChange={(text) => props.onChange({ ...props.note, text })}
      rows={4}
      maxChars={MAX_SECTION}
      error={props.error}
    />
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="appraisal-section" id={id} aria-labelledby={id + "-title"}>
      <h2 id={id + "-title"} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

const SECTIONS: [string, string][] = [
  ["section-details", "1. Details"],
  ["section-review", "2. Review of the last year"],
  ["section-values", "3. Values and behaviours"],
  ["section-previous", "4. Last year's objectives and development plan"],
  ["section-objectives", "5. New objectives"],
  ["section-plan", "6. Personal development plan"],
  ["section-wellbeing", "7. Health and wellbeing"],
  ["section-career", "8. Career aspirations"],
  ["section-pay-step", "9. Pay-step readiness"],
  ["section-signoff", "10. Summary and sign-off"],
];

const NOT_APPLICABLE = { value: "not_applicable" as Answer, label: "Not applicable: I manage no staff" };

const STEP_LABEL: Record<Action, string> = {
  submit: "Submit for review",
  withdraw: "Withdraw to make changes",
  start_review: "Start the review",
  sign: "Sign",
  reopen: "Reopen",
};

export function AppraisalPage({ id, viewer, models, onAppraiserMode, mode = "mine" }: Props) {
  const team = mode === "team";
  const [appraisal, setAppraisal] = useState<Appraisal | null>(null);
  const [content, setContentState] = useState<AppraisalContent | null>(null);
  const contentRef = useRef<AppraisalContent | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [restored, setRestored] = useState<string | null>(null);
  const [confirmSign, setConfirmSign] = useState(false);
  const [reason, setReason] = useState("");
  const [includeWellbeing, setIncludeWellbeing] = useState(false);
  const draftKey = (team ? "team:" : "appraisal:") + id + ":" + viewer;
  const [shared, setShared] = useState<string | null>(null);

  const setContent = useCallback((c: AppraisalContent) => {
    contentRef.current = c;
    setContentState(c);
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all([team ? api.teamReview(id) : api.getAppraisal(id, viewer), api.listDrafts()])
      .then(([a, drafts]) => {
        if (!live) return;
        setAppraisal(a);
        const draft = drafts.find((d) => d.key === draftKey);
        if (draft && !a.frozen && draft.updated_at > a.updated_at) {
          setContent(JSON.parse(draft.content) as AppraisalContent);
          setRestored(draft.updated_at);
        } else {
          setContent(a.content);
        }
      })
      .catch((e: unknown) => live && setLoadError(toIpcError(e)));
    return () => {
      live = false;
    };
  }, [id, viewer, draftKey, setContent, team]);

  const autosaverRef = useRef<Autosaver | null>(null);
  useEffect(() => {
    const autosaver = createAutosaver(async () => {
      const c = contentRef.current;
      if (!c) return;
      const sent = JSON.stringify(c);
      setStatus({ kind: "saving" });
      try {
        const saved = team ? await api.saveTeamReview(id, c) : await api.saveAppraisal(id, c, viewer);
        setAppraisal(saved);
        // New rows get ids and authors from the save; take them unless typing went on meanwhile.
        if (JSON.stringify(contentRef.current) === sent) setContent(saved.content);
        setError(null);
        setStatus({ kind: "saved", at: saved.updated_at });
        await api.discardDraft(draftKey);
      } catch (e) {
        const err = toIpcError(e);
        setError(err);
        // Nothing typed is lost: keep it as a draft until it can be saved.
        await api.saveDraft(draftKey, sent).catch(() => undefined);
        setStatus({ kind: "draft", reason: err.message });
      }
    }, 1000);
    autosaverRef.current = autosaver;
    const onLeave = () => void autosaver.flush();
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("beforeunload", onLeave);
    return () => {
      window.removeEventListener("pagehide", onLeave);
      window.removeEventListener("beforeunload", onLeave);
      void autosaver.flush();
    };
  }, [id, viewer, draftKey, setContent, team]);

  const update = (patch: Partial<AppraisalContent>) => {
    const c = contentRef.current;
    if (!c) return;
    setContent({ ...c, ...patch });
    autosaverRef.current?.schedule();
  };

  const step = async (action: Action) => {
    await autosaverRef.current?.flush();
    try {
      const a = team ? await api.signTeamReview(id) : await api.appraisalAction(id, action, viewer, action === "reopen" ? reason : null);
      setAppraisal(a);
      setContent(a.content);
      setError(null);
      setConfirmSign(false);
      setReason("");
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  if (loadError) {
    return (
      <>
        <h1 tabIndex={-1}>This appraisal cannot be opened</h1>
        <ErrorSummary error={loadError} />
        <a href="#/appraisals">Back to appraisals</a>
      </>
    );
  }
  if (!appraisal || !content) return <p>Loading…</p>;

  const a = appraisal;
  const c = content;
  const can = (part: Part) => a.editable.includes(part);
  const err = (field: string) => errorFor(error, field);
  const appraiserName = c.appraiser_name;
  const colleague = a.details.name;
  const steps = a.steps;
  const reload = () =>
    api
      .getAppraisal(id, viewer)
      .then((fresh) => {
        setAppraisal(fresh);
        setContent(fresh.content);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  const noteProps = (field: string, part: Part) => ({ field, editable: can(part), appraiserName, error: err(field) });
  return (
    <>
      {viewer === "colleague" ? (
        <a className="nhsuk-back-link" href="#/appraisals">
          Back to appraisals
        </a>
      ) : null}
      {team ? (
        <a className="nhsuk-back-link" href="#/team">
          Back to My team
        </a>
      ) : null}
      <h1 tabIndex={-1}>
        Appraisal: {formatDate(c.period_start)} to {formatDate(c.period_end)}
      </h1>
      <p>
        <strong className={"nhsuk-tag " + STATE_TAG[a.state]} id="appraisal-state">
          {STATE_LABEL[a.state]}
        </strong>{" "}
        <span className="autosave-status" id="autosave-status" aria-live="polite">
          {status.kind === "saving" ? "Saving…" : null}
          {status.kind === "saved" ? `Saved at ${formatInstant(status.at)}` : null}
          {status.kind === "draft" ? `Not saved yet: ${status.reason}. Your changes are kept on this device.` : null}
        </span>
      </p>
      {restored ? (
        <div className="nhsuk-inset-text">
          <p>We restored changes you made on {formatInstant(restored)} that had not been saved yet.</p>
        </div>
      ) : null}
      {viewer === "appraiser" ? (
        <div className="nhsuk-inset-text" id="appraiser-banner">
          <p>
            <strong>Appraiser mode.</strong> You are writing as {appraiserName || "the appraiser"}. You see only what{" "}
            {colleague} chose to share: private reflections and private wellbeing notes are not shown. Everything you
            write is recorded as yours.
          </p>
        </div>
      ) : null}
      <ErrorSummary error={error} />

      <nav className="nhsuk-contents-list" aria-label="Sections of the appraisal">
        <ol className="nhsuk-contents-list__list">
          {SECTIONS.map(([sid, title]) => (
            <li className="nhsuk-contents-list__item" key={sid}>
              <a className="nhsuk-contents-list__link" href={"#" + sid} onClick={(e) => {
                e.preventDefault();
                document.getElementById(sid)?.scrollIntoView();
                document.getElementById(sid + "-title")?.focus();
              }}>
                {title}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      <div className="appraisal-actions">
        {!team && viewer === "colleague" && (a.state === "ready_for_review" || a.state === "in_review") ? (
          <button type="button" className="nhsuk-button" id="enter-appraiser-mode" onClick={() => void autosaverRef.current?.flush().then(() => onAppraiserMode(true))}>
            Hand over to {appraiserName || "your appraiser"} (appraiser mode)
          </button>
        ) : null}{" "}
        {!team && viewer === "appraiser" ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" id="exit-appraiser-mode" onClick={() => void autosaverRef.current?.flush().then(() => onAppraiserMode(false))}>
            End appraiser mode
          </button>
        ) : null}{" "}
        {steps.filter((s) => s === "submit" || s === "withdraw" || s === "start_review").map((s) => (
          <button key={s} type="button" className="nhsuk-button" id={"step-" + s} onClick={() => void step(s)}>
            {STEP_LABEL[s]}
          </button>
        ))}{" "}
        {viewer === "colleague" && a.state === "draft" ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--warning"
            id="delete-appraisal"
            onClick={() => {
              if (window.confirm("Delete this draft appraisal? This cannot be undone.")) {
                autosaverRef.current?.cancel();
                api.deleteAppraisal(id).then(() => navigate("#/appraisals")).catch((e: unknown) => setError(toIpcError(e)));
              }
            }}
          >
            Delete draft
          </button>
        ) : null}
      </div>
      {team ? (
        <div className="nhsuk-inset-text" id="team-banner">
          <p>
            You are reviewing {colleague}'s appraisal at a distance, as their appraiser. Write your comment on each value and your
            summary, sign, then send the reviewed pack back. Objectives and the plan are agreed together, so they are shown as{" "}
            {colleague} sent them.
          </p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="export-reviewed"
            onClick={() => {
              void autosaverRef.current?.flush().then(() =>
                api
                  .exportReviewedPack(id)
                  .then((r) => setShared(r ? r.message : null))
                  .catch((e: unknown) => setError(toIpcError(e))),
              );
            }}
          >
            Save the reviewed pack to send back
          </button>
          {shared ? <p id="shared-result">{shared}.</p> : null}
        </div>
      ) : null}
      {!team && viewer === "colleague" ? (
        <div className="share-actions" id="share-actions">
          {(a.state === "ready_for_review" || a.state === "in_review") && !a.frozen ? (
            <>
              <a className="nhsuk-button nhsuk-button--secondary" href={"#/share/" + id + "/for_review"} id="share-for-review">
                Send to {appraiserName || "my appraiser"} to review at a distance
              </a>{" "}
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                id="import-review"
                onClick={() => {
                  void autosaverRef.current?.flush().then(() =>
                    api
                      .importPack()
                      .then((r) => {
                        if (r) setShared(r.message);
                        return reload();
                      })
                      .catch((e: unknown) => setError(toIpcError(e))),
                  );
                }}
              >
                Take in my appraiser's review
              </button>
            </>
          ) : null}
          {a.state === "agreed" ? (
            <a className="nhsuk-button nhsuk-button--secondary" href={"#/share/" + id + "/agreed"} id="share-agreed">
              Send the agreed record to HR
            </a>
          ) : null}
          {shared ? <p id="shared-result">{shared}.</p> : null}
        </div>
      ) : null}

      <Section id="section-details" title="1. Details">
        <dl className="nhsuk-summary-list">
          {[
            ["Name", a.details.name],
            ["Job title", a.details.job_title],
            ["Band or grade", a.details.grade],
            ["Team", a.details.team],
            ["Employee number", a.details.employee_number ?? "Not given"],
            ["Values framework", a.framework.name],
          ].map(([k, v]) => (
            <div className="nhsuk-summary-list__row" key={k}>
              <dt className="nhsuk-summary-list__key">{k}</dt>
              <dd className="nhsuk-summary-list__value">{v}</dd>
            </div>
          ))}
        </dl>
        <p className="nhsuk-body-s">
          {a.frozen ? "As they were when the record was first signed." : "From your profile; fixed when the record is signed."}
        </p>
        {can("period") ? (
          <>
            <IsoDateInput field="period_start" label="Start of the period" value={c.period_start} onChange={(v) => update({ period_start: v })} error={err("period_start")} />
            <IsoDateInput field="period_end" label="End of the period" value={c.period_end} onChange={(v) => update({ period_end: v })} error={err("period_end")} />
          </>
        ) : null}
        {can("appraiser_details") ? (
          <>
            <TextInput field="appraiser_name" label="Appraiser's name" value={c.appraiser_name} onChange={(v) => update({ appraiser_name: v })} width="20" error={err("appraiser_name")} />
            <TextInput field="appraiser_job_title" label="Appraiser's job title" value={c.appraiser_job_title} onChange={(v) => update({ appraiser_job_title: v })} width="20" error={err("appraiser_job_title")} />
            <IsoDateInput field="meeting_date" label="Date of the appraisal meeting" hint="Leave blank until it is arranged" value={c.meeting_date} onChange={(v) => update({ meeting_date: v })} error={err("meeting_date")} />
          </>
        ) : (
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Appraiser</dt>
              <dd className="nhsuk-summary-list__value">
                {c.appraiser_name || "Not named"}
                {c.appraiser_job_title ? `, ${c.appraiser_job_title}` : ""}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Meeting</dt>
              <dd className="nhsuk-summary-list__value">{c.meeting_date ? formatDate(c.meeting_date) : "Not arranged"}</dd>
            </div>
          </dl>
        )}
      </Section>

      <Section id="section-review" title="2. Review of the last year">
        {NOTES.filter((spec) => spec.part === "review").map((spec) => {
          const name = spec.key.slice("review.".length) as keyof Review;
          return <NoteField key={spec.key} {...noteProps(spec.key, spec.part)} label={spec.label} note={c.review[name]} onChange={(n) => update({ review: { ...c.review, [name]: n } })} />;
        })}
      </Section>

      <Section id="section-values" title="3. Values and behaviours">
        <div id={fieldId("values")}>
          {a.evidence.map((e, i) => {
            const section = c.values.find((v) => v.value_key === e.key);
            if (!section) return null;
            const vi = c.values.indexOf(section);
            const setSection = (patch: Partial<typeof section>) => update({ values: replaceAt(c.values, vi, { ...section, ...patch }) });
            const gap = e.included.length === 0;
            return (
              <div className="value-section" key={e.key} id={"value-" + e.key}>
                <h3>
                  {e.name}{" "}
                  {gap ? <strong className="nhsuk-tag nhsuk-tag--red">Gap: no evidence</strong> : <strong className="nhsuk-tag nhsuk-tag--green">{e.included.length} included</strong>}
                </h3>
                {can("evidence") ? (
                  <div className={"nhsuk-form-group" + (err(`values[${vi}].reflection_ids`) ? " nhsuk-form-group--error" : "")}>
                    <fieldset className="nhsuk-fieldset" aria-describedby={`evidence-${e.key}-hint`}>
                      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Reflections to include</legend>
                      <div className="nhsuk-hint" id={`evidence-${e.key}-hint`}>
                        Shared reflections from the period tagged with {e.name}. Your appraiser sees the ones you tick.
                        {e.private_count > 0 ? ` ${e.private_count} private reflection${e.private_count === 1 ? " is" : "s are"} not offered: share ${e.private_count === 1 ? "it" : "them"} first to include ${e.private_count === 1 ? "it" : "them"}.` : ""}
                      </div>
                      {err(`values[${vi}].reflection_ids`) ? <span className="nhsuk-error-message">{err(`values[${vi}].reflection_ids`)}</span> : null}
                      <div className="nhsuk-checkboxes">
                        {[...e.included.map((r) => ({ id: r.id, title: r.title, date: r.event_date })), ...e.proposed.map((r) => ({ id: r.id, title: r.title, date: r.event_date }))].map((r) => (
                          <Checkbox
                            key={r.id}
                            id={`evidence-${e.key}-${r.id}`}
                            label={`${r.title} (${formatDate(r.date)})`}
                            checked={section.reflection_ids.includes(r.id)}
                            onChange={(on) => update(toggleEvidence(c, e.key, r.id, on))}
                          />
                        ))}
                      </div>
                      {e.included.length + e.proposed.length === 0 ? <p className="nhsuk-body-s">No shared reflections in this period yet.</p> : null}
                      {e.unavailable.length ? (
                        <p className="nhsuk-body-s">
                          {e.unavailable.length} included reflection{e.unavailable.length === 1 ? " is" : "s are"} no longer shared or in the bin, so{" "}
                          {e.unavailable.length === 1 ? "it is" : "they are"} left out.
                        </p>
                      ) : null}
                    </fieldset>
                  </div>
                ) : null}
                {e.included.length ? (
                  <div className="evidence-list">
                    <h4 className="nhsuk-heading-xs">Included evidence</h4>
                    {e.included.map((r) => (
                      <ReflectionDetails key={r.id} r={r} models={models} />
                    ))}
                  </div>
                ) : null}
                <NoteField {...noteProps(`values[${vi}].summary`, "value_summary")} label={`${colleague}'s summary for ${e.name}`} note={section.summary} onChange={(n) => setSection({ summary: n })} />
                <NoteField {...noteProps(`values[${vi}].comment`, "value_comment")} label={`Appraiser's comment on ${e.name}`} note={section.comment} onChange={(n) => setSection({ comment: n })} />
                {i < a.evidence.length - 1 ? <hr className="nhsuk-section-break nhsuk-section-break--m nhsuk-section-break--visible" /> : null}
              </div>
            );
          })}
        </div>
      </Section>

      <Section id="section-previous" title="4. Last year's objectives and development plan">
        <div id={fieldId("previous")}>
          {c.previous.length === 0 ? <p>Nothing was carried forward from a previous appraisal.</p> : null}
          {c.previous.map((p, i) => (
            <div className="previous-item" key={p.source_id}>
              <h3 className="nhsuk-heading-s">
                {p.kind === "objective" ? "Objective" : "Development"}: {p.text}
              </h3>
              {p.detail ? <p className="nhsuk-body-s">{p.detail}</p> : null}
              {can("previous") ? (
                <>
                  <Radios
                    field={`previous[${i}].outcome`}
                    label="How did it go?"
                    inline
                    value={p.outcome}
                    choices={OUTCOMES}
                    onChange={(o) => update({ previous: replaceAt(c.previous, i, { ...p, outcome: o }) })}
                    error={err(`previous[${i}].outcome`)}
                  />
                  <TextInput field={`previous[${i}].note`} label="Note" value={p.note.text} onChange={(t) => update({ previous: replaceAt(c.previous, i, { ...p, note: { ...p.note, text: t } }) })} error={err(`previous[${i}].note`)} />
                </>
              ) : (
                <p>
                  <strong>{OUTCOMES.find((o) => o.value === p.outcome)?.label ?? "Outcome not marked"}</strong>
                  {p.note.text ? ` — ${p.note.text}` : ""}
                </p>
              )}
            </div>
          ))}
        </div>
      </Section>

      <Section id="section-objectives" title="5. New objectives">
        <div id={fieldId("objectives")}>
          {c.objectives.length === 0 ? <p>No objectives yet.</p> : null}
          {c.objectives.map((o, i) => {
            const set = (patch: Partial<typeof o>) => update({ objectives: replaceAt(c.objectives, i, { ...o, ...patch }) });
            const f = `objectives[${i}]`;
            return can("objectives") ? (
              <fieldset className="nhsuk-fieldset item-card" key={o.id || "new-" + i}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  Objective {i + 1}
                  {authorNote(o.by, appraiserName) ? <span className="nhsuk-body-s author-note"> — {authorNote(o.by, appraiserName)}</span> : null}
                </legend>
                <TextInput field={`${f}.objective`} label="Objective" hint="Specific and achievable" value={o.objective} onChange={(v) => set({ objective: v })} error={err(`${f}.objective`)} />
                <TextInput field={`${f}.measure`} label="How will success be measured?" value={o.measure} onChange={(v) => set({ measure: v })} error={err(`${f}.measure`)} />
                <IsoDateInput field={`${f}.by_date`} label="By when" value={o.by_date} onChange={(v) => set({ by_date: v })} error={err(`${f}.by_date`)} />
                <TextInput field={`${f}.support`} label="Support needed" value={o.support} onChange={(v) => set({ support: v })} error={err(`${f}.support`)} />
                <button type="button" className="link-button" onClick={() => update({ objectives: c.objectives.filter((_, j) => j !== i) })}>
                  Remove objective {i + 1}
                </button>
              </fieldset>
            ) : (
              <dl className="nhsuk-summary-list" key={o.id || i}>
                <div className="nhsuk-summary-list__row">
                  <dt className="nhsuk-summary-list__key">Objective {i + 1}</dt>
                  <dd className="nhsuk-summary-list__value">
                    <strong>{o.objective}</strong>
                    <br />
                    Measured by: {o.measure || "—"}. By {o.by_date ? formatDate(o.by_date) : "—"}. Support: {o.support || "none"}.
                    {authorNote(o.by, appraiserName) ? <span className="nhsuk-body-s author-note"> {authorNote(o.by, appraiserName)}</span> : null}
                  </dd>
                </div>
              </dl>
            );
          })}
          {can("objectives") ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" id="add-objective" onClick={() => update({ objectives: [...c.objectives, emptyObjective()] })}>
              Add an objective
            </button>
          ) : null}
        </div>
      </Section>

      <Section id="section-plan" title="6. Personal development plan">
        <div id={fieldId("development_plan")}>
          {c.development_plan.length === 0 ? <p>No development plan items yet.</p> : null}
          {c.development_plan.map((d, i) => {
            const set = (patch: Partial<typeof d>) => update({ development_plan: replaceAt(c.development_plan, i, { ...d, ...patch }) });
            const f = `development_plan[${i}]`;
            return can("plan") ? (
              <fieldset className="nhsuk-fieldset item-card" key={d.id || "new-" + i}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  Development item {i + 1}
                  {authorNote(d.by, appraiserName) ? <span className="nhsuk-body-s author-note"> — {authorNote(d.by, appraiserName)}</span> : null}
                </legend>
                <TextInput field={`${f}.need`} label="Development need" value={d.need} onChange={(v) => set({ need: v })} error={err(`${f}.need`)} />
                <TextInput field={`${f}.activity`} label="Activity" hint="Course, shadowing, project, reading…" value={d.activity} onChange={(v) => set({ activity: v })} error={err(`${f}.activity`)} />
                <TextInput field={`${f}.support`} label="Support" value={d.support} onChange={(v) => set({ support: v })} error={err(`${f}.support`)} />
                <IsoDateInput field={`${f}.target_date`} label="Target date" value={d.target_date} onChange={(v) => set({ target_date: v })} error={err(`${f}.target_date`)} />
                <Select field={`${f}.status`} label="Status" value={d.status} onChange={(v) => set({ status: v as typeof d.status })}>
                  {PLAN_STATUSES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </Select>
                <Select field={`${f}.ksf`} label="NHS KSF core dimension (optional)" value={d.ksf ?? ""} onChange={(v) => set({ ksf: v ? (v as NonNullable<typeof d.ksf>) : null })}>
                  <option value="">None</option>
                  {KSF.map((k) => (
                    <option key={k.value} value={k.value}>
                      {k.label}
                    </option>
                  ))}
                </Select>
                <button type="button" className="link-button" onClick={() => update({ development_plan: c.development_plan.filter((_, j) => j !== i) })}>
                  Remove development item {i + 1}
                </button>
              </fieldset>
            ) : (
              <dl className="nhsuk-summary-list" key={d.id || i}>
                <div className="nhsuk-summary-list__row">
                  <dt className="nhsuk-summary-list__key">{d.need || "Development item"}</dt>
                  <dd className="nhsuk-summary-list__value">
                    {d.activity}. Support: {d.support || "none"}. Target {d.target_date ? formatDate(d.target_date) : "—"}.{" "}
                    {PLAN_STATUSES.find((s) => s.value === d.status)?.label}
                    {d.ksf ? `. KSF: ${KSF.find((k) => k.value === d.ksf)?.label ?? d.ksf}` : ""}
                  </dd>
                </div>
              </dl>
            );
          })}
          {can("plan") ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" id="add-plan-item" onClick={() => update({ development_plan: [...c.development_plan, emptyPlanItem()] })}>
              Add a development item
            </button>
          ) : null}
        </div>
      </Section>

      <Section id="section-wellbeing" title="7. Health and wellbeing">
        {a.wellbeing_hidden || (viewer === "appraiser" && !c.wellbeing_shared) ? (
          <p id="wellbeing-private">{colleague}'s wellbeing notes are private to them.</p>
        ) : (
          <>
            <NoteField {...noteProps("wellbeing", "wellbeing")} label="Wellbeing conversation notes" note={c.wellbeing} onChange={(n) => update({ wellbeing: n })} hint="These notes are yours. They are not shown to your appraiser, or included in anything shared, unless you choose to below." />
            {can("wellbeing") ? (
              <div className="nhsuk-checkboxes">
                <Checkbox
                  id={fieldId("wellbeing_shared")}
                  label="Share these notes with my appraiser for this appraisal"
                  checked={c.wellbeing_shared}
                  onChange={(on) => update({ wellbeing_shared: on })}
                />
              </div>
            ) : (
              <p className="nhsuk-body-s">{c.wellbeing_shared ? "Shared with the appraiser for this appraisal." : "Private to you."}</p>
            )}
          </>
        )}
      </Section>

      <Section id="section-career" title="8. Career aspirations">
        <NoteField {...noteProps("career", "career")} label="Career aspirations" note={c.career} onChange={(n) => update({ career: n })} />
      </Section>

      <Section id="section-pay-step" title="9. Pay-step readiness">
        {can("pay_step") ? (
          <IsoDateInput field="pay_step.date" label="Pay-step date" hint="Leave blank if no pay step is due" value={c.pay_step.date} onChange={(v) => update({ pay_step: { ...c.pay_step, date: v } })} error={err("pay_step.date")} />
        ) : (
          <p>Pay-step date: {c.pay_step.date ? formatDate(c.pay_step.date) : "none due"}</p>
        )}
        {can("pay_step") ? (
          <Radios field="pay_step.no_capability" label="No formal capability process is under way" inline value={c.pay_step.no_capability} choices={ANSWERS} onChange={(v) => update({ pay_step: { ...c.pay_step, no_capability: v } })} error={err("pay_step.no_capability")} />
        ) : null}
        {can("pay_step") ? (
          <Radios field="pay_step.no_disciplinary" label="No live formal disciplinary sanction" inline value={c.pay_step.no_disciplinary} choices={ANSWERS} onChange={(v) => update({ pay_step: { ...c.pay_step, no_disciplinary: v } })} error={err("pay_step.no_disciplinary")} />
        ) : null}
        {can("pay_step") ? (
          <Radios field="pay_step.training" label="Statutory and mandatory training is complete" inline value={c.pay_step.training} choices={ANSWERS} onChange={(v) => update({ pay_step: { ...c.pay_step, training: v } })} error={err("pay_step.training")} />
        ) : null}
        {can("pay_step") ? (
          <Radios field="pay_step.staff_appraised" label="If a manager, all their staff have been appraised" inline value={c.pay_step.staff_appraised} choices={[...ANSWERS, NOT_APPLICABLE]} onChange={(v) => update({ pay_step: { ...c.pay_step, staff_appraised: v } })} error={err("pay_step.staff_appraised")} />
        ) : null}
        <table className="nhsuk-table" id="pay-step-standards">
          <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
            The five standards{a.pay_step.days_until !== null && a.pay_step.date ? `: pay step in ${a.pay_step.days_until} days` : ""}
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Standard</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {a.pay_step.standards.map((s) => (
              <tr key={s.key} className="nhsuk-table__row">
                <td className="nhsuk-table__cell">{s.label}</td>
                <td className="nhsuk-table__cell">
                  <strong className={"nhsuk-tag " + (s.met ? "nhsuk-tag--green" : "nhsuk-tag--grey")}>{s.met ? "Met" : "Not yet"}</strong> {s.detail}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="section-signoff" title="10. Summary and sign-off">
        <NoteField {...noteProps("colleague_summary", "colleague_summary")} label={`${colleague}'s summary comments`} note={c.colleague_summary} onChange={(n) => update({ colleague_summary: n })} />
        <NoteField {...noteProps("appraiser_summary", "appraiser_summary")} label="Appraiser's summary comments" note={c.appraiser_summary} onChange={(n) => update({ appraiser_summary: n })} />
        <h3>Signatures</h3>
        {a.signatures.length === 0 ? <p>Not signed yet.</p> : null}
        <ul className="nhsuk-list" id="signatures">
          {a.signatures.map((s) => (
            <li key={s.role}>
              Signed by <strong>{s.name}</strong>, {s.job_title} ({s.role === "colleague" ? "colleague" : "appraiser"}), on {formatInstant(s.signed_at)}
            </li>
          ))}
        </ul>
        {a.record_sha256 ? (
          <div className={a.intact ? "nhsuk-inset-text" : "nhsuk-warning-callout"} id="record-hash">
            <p>
              Record fingerprint (SHA-256): <code className="hash">{groupHash(a.record_sha256)}</code>
            </p>
            <p>{a.intact ? "The stored record matches its signatures." : "Warning: the stored record no longer matches its signatures. It has been changed outside Reflect."}</p>
          </div>
        ) : null}
        {steps.includes("sign") ? (
          <div className="sign-box">
            <div className="nhsuk-checkboxes">
              <Checkbox
                id="confirm-sign"
                label={viewer === "colleague" ? `I, ${colleague}, agree this record is accurate` : `I, ${appraiserName || "the appraiser"}, agree this record is accurate`}
                hint="Signing freezes the record. Changing it afterwards needs a reason and clears both signatures."
                checked={confirmSign}
                onChange={setConfirmSign}
              />
            </div>
            <button type="button" className="nhsuk-button" id="step-sign" disabled={!confirmSign} onClick={() => void step("sign")}>
              {viewer === "colleague" ? "Sign as the colleague" : "Sign as the appraiser"}
            </button>
          </div>
        ) : null}
        {steps.includes("reopen") ? (
          <div className="reopen-box">
            <Textarea field="reason" label="Reason for reopening" hint="Reopening is logged and clears the signatures; both sign again afterwards." value={reason} onChange={setReason} rows={2} error={err("reason")} />
            <button type="button" className="nhsuk-button nhsuk-button--secondary" id="step-reopen" onClick={() => void step("reopen")}>
              Reopen the record
            </button>
          </div>
        ) : null}
        {viewer === "colleague" && !team ? (
          <ExportPdf
            id="export-appraisal"
            label="Save the record as a PDF"
            run={async () => {
              await autosaverRef.current?.flush();
              return api.exportAppraisalPdf(id, includeWellbeing);
            }}
          >
            <h3>Print or attach</h3>
            <p>
              The whole record with the included reflections, signatures and fingerprint.{" "}
              {a.state === "agreed" ? "" : "Until both have signed it is marked as a draft."}
            </p>
            <div className="nhsuk-checkboxes">
              <Checkbox id="include-wellbeing" label="Include my wellbeing notes" hint="Left out unless you tick this." checked={includeWellbeing} onChange={setIncludeWellbeing} />
            </div>
          </ExportPdf>
        ) : null}
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">History of this appraisal</span>
          </summary>
          <div className="nhsuk-details__text">
            <ul className="nhsuk-list" id="appraisal-history">
              {a.events.map((e, i) => (
                <li key={i}>
                  {formatInstant(e.at)}: {e.action.replace("_", " ")} by {e.actor_name || e.actor}
                  {e.reason ? ` — reason: ${e.reason}` : ""}
                </li>
              ))}
            </ul>
          </div>
        </details>
      </Section>
    </>
  );
}
