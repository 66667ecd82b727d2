// NMC revalidation: progress against what the NMC asks for in the three years before renewal,
// with the feedback log, the reflective discussion and confirmation kept here.
import { useCallback, useEffect, useState } from "react";
import type { ConfirmationInput } from "../bindings/ConfirmationInput";
import type { DiscussionInput } from "../bindings/DiscussionInput";
import type { FeedbackInput } from "../bindings/FeedbackInput";
import type { IpcError } from "../bindings/IpcError";
import type { Revalidation } from "../bindings/Revalidation";
import { ErrorSummary } from "../components/ErrorSummary";
import { ExportPdf } from "../components/ExportPdf";
import { DateInput } from "../components/DateInput";
import { Checkbox, TextInput, Textarea } from "../components/Fields";
import { api } from "../ipc";
import { formatDate } from "../logic/dates";
import { errorFor, toIpcError } from "../logic/errors";
import { count } from "../logic/plural";
import { TableScroll } from "../components/TableScroll";
import { useConfirm } from "../components/ConfirmDialog";

const NO_FEEDBACK: FeedbackInput = { id: null, received_on: "", source: "", summary: "", changes: "" };
const NO_DISCUSSION: DiscussionInput = { partner_name: "", partner_pin: "", held_on: "", notes: "" };
const NO_CONFIRMATION: ConfirmationInput = { confirmer_name: "", confirmer_role: "", confirmer_pin: null, confirmed_on: "" };

/** A form's error is shown only on that form: its fields are prefixed so ids stay unique. */
function scoped(error: { form: string; error: IpcError } | null, form: string, field: string): string | null {
  return error && error.form === form ? errorFor(error.error, field) : null;
}

export function RevalidationPage() {
  const [r, setR] = useState<Revalidation | null>(null);
  const [error, setError] = useState<{ form: string; error: IpcError } | null>(null);
  const [feedback, setFeedback] = useState<FeedbackInput>(NO_FEEDBACK);
  const [discussion, setDiscussion] = useState<DiscussionInput>(NO_DISCUSSION);
  const [confirmation, setConfirmation] = useState<ConfirmationInput>(NO_CONFIRMATION);
  const confirm = useConfirm();
  const [includePrivate, setIncludePrivate] = useState(false);

  const load = useCallback(() => {
    api.revalidation().then(setR).catch((e: unknown) => setError({ form: "load", error: toIpcError(e) }));
  }, []);
  useEffect(load, [load]);

  const run = (form: string, action: Promise<unknown>, reset: () => void) => {
    action
      .then(() => {
        setError(null);
        reset();
        load();
      })
      .catch((e: unknown) => setError({ form, error: toIpcError(e) }));
  };

  if (!r) return error ? <ErrorSummary error={error.error} focusKey={0} /> : <p>Loading…</p>;
  return (
    <>
      <h1 tabIndex={-1}>NMC revalidation</h1>
      {error ? <ErrorSummary error={error.error} /> : null}
      {!r.applicable ? (
        <div className="nhsuk-inset-text">
          <p>{r.message}</p>
          <p>
            <a href="#/settings">Go to settings</a>
          </p>
        </div>
      ) : (
        <>
          <p className="nhsuk-lede-text" id="revalidation-summary">
            {r.message}
          </p>
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">NMC PIN</dt>
              <dd className="nhsuk-summary-list__value">{r.pin}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Renewal date</dt>
              <dd className="nhsuk-summary-list__value">{r.renewal_date ? formatDate(r.renewal_date) : ""}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Submit your application by</dt>
              <dd className="nhsuk-summary-list__value">
                {r.submit_by ? formatDate(r.submit_by) : ""} {r.days_left !== null ? `(${count(Number(r.days_left), "day", "days")})` : ""}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Evidence counts from</dt>
              <dd className="nhsuk-summary-list__value">{r.window_start ? formatDate(r.window_start) : ""}</dd>
            </div>
          </dl>
          <TableScroll label="What the NMC asks for">
            <table className="nhsuk-table" id="requirements">
              <caption className="nhsuk-table__caption">What the NMC asks for</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Requirement</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {r.requirements.map((q) => (
                  <tr key={q.key} className="nhsuk-table__row" data-key={q.key}>
                    <td className="nhsuk-table__cell">{q.label}</td>
                    <td className="nhsuk-table__cell">
                      {q.progress}
                      <progress className="requirement-progress" max={q.need} value={Math.min(q.have, q.need)} aria-hidden="true" />
                    </td>
                    <td className="nhsuk-table__cell">
                      <strong className={"nhsuk-tag " + (q.met ? "nhsuk-tag--green" : "nhsuk-tag--grey")}>{q.met ? "Done" : "To do"}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <ExportPdf id="export-nmc" label="Save for your confirmer (PDF)" run={() => api.exportNmcPdf(includePrivate)}
            check={() => api.pdfFindings({ kind: "nmc", include_private: includePrivate })}
          >
            <p>
              One page per reflective account in the NMC form's structure, with your CPD and feedback logs, the
              reflective discussion record and, once you have recorded it below, your confirmer's name, role, NMC PIN and
              the date they confirmed.
            </p>
            <div className="nhsuk-checkboxes">
              <Checkbox
                id="include-private"
                label="Include my private reflections"
                hint="Left out unless you tick this."
                checked={includePrivate}
                onChange={setIncludePrivate}
              />
            </div>
          </ExportPdf>
          <h2>Reflective accounts</h2>
          <p>Reflections in the window written with the NMC model or tagged with the Code's themes.</p>
          {r.accounts.length ? (
            <ul className="nhsuk-list nhsuk-list--bullet">
              {r.accounts.map((a) => (
                <li key={a.id}>
                  <a href={"#/reflection/" + a.id}>{a.title}</a> ({formatDate(a.event_date)})
                </li>
              ))}
            </ul>
          ) : (
            <p>
              None yet. <a href="#/new">Write a reflective account</a>.
            </p>
          )}
        </>
      )}

      <h2 id="feedback-log">Practice-related feedback</h2>
      {r.feedback.length ? (
        <TableScroll label="Feedback log">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Feedback log</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Date</th>
                <th scope="col">From</th>
                <th scope="col">What it said</th>
                <th scope="col">What changed</th>
                <th scope="col">
                  <span className="nhsuk-u-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {r.feedback.map((f) => (
                <tr key={f.id} className="nhsuk-table__row">
                  <td className="nhsuk-table__cell">{formatDate(f.received_on)}</td>
                  <td className="nhsuk-table__cell">{f.source}</td>
                  <td className="nhsuk-table__cell">{f.summary}</td>
                  <td className="nhsuk-table__cell">{f.changes}</td>
                  <td className="nhsuk-table__cell">
                    <button type="button" className="link-button" onClick={() => setFeedback({ id: f.id, received_on: f.received_on, source: f.source, summary: f.summary, changes: f.changes })}>
                      Edit<span className="nhsuk-u-visually-hidden"> feedback from {formatDate(f.received_on)}</span>
                    </button>{" "}
                    <button type="button" className="link-button" onClick={(e) => {
                        void confirm
                          .ask(
                            {
                              title: `Remove the feedback from ${formatDate(f.received_on)}?`,
                              body: `The feedback from ${f.source || "this source"} is deleted from your revalidation record, and this cannot be undone.`,
                              confirmLabel: "Yes, remove it",
                              cancelLabel: "No, keep it",
                              warning: true,
                            },
                            e.currentTarget,
                          )
                          .then((ok) => ok && run("feedback", api.deleteFeedback(f.id), () => undefined));
                      }}>
                      Remove<span className="nhsuk-u-visually-hidden"> feedback from {formatDate(f.received_on)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>No feedback recorded yet.</p>
      )}
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        run("feedback", api.saveFeedback(feedback), () => setFeedback(NO_FEEDBACK));
      }}>
        <h3>{feedback.id ? "Edit feedback" : "Add feedback"}</h3>
        <DateInput field="received_on" label="Date received" value={feedback.received_on} onChange={(v) => setFeedback({ ...feedback, received_on: v })} error={scoped(error, "feedback", "received_on")} />
        <TextInput field="source" label="Who it came from" hint="For example, a patient, a colleague, an audit" value={feedback.source} onChange={(v) => setFeedback({ ...feedback, source: v })} error={scoped(error, "feedback", "source")} />
        <Textarea field="summary" label="What it said" value={feedback.summary} onChange={(v) => setFeedback({ ...feedback, summary: v })} rows={2} error={scoped(error, "feedback", "summary")} />
        <Textarea field="changes" label="What changed as a result" value={feedback.changes} onChange={(v) => setFeedback({ ...feedback, changes: v })} rows={2} error={scoped(error, "feedback", "changes")} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="save-feedback">
          {feedback.id ? "Save feedback" : "Add feedback"}
        </button>
      </form>

      <h2>Reflective discussion</h2>
      <ul className="nhsuk-list">
        {r.discussions.map((d) => (
          <li key={d.id}>
            With {d.partner_name} (NMC PIN {d.partner_pin}) on {formatDate(d.held_on)}{" "}
            <button type="button" className="link-button" onClick={() => run("discussion", api.deleteDiscussion(d.id), () => undefined)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        run("discussion", api.addDiscussion(discussion), () => setDiscussion(NO_DISCUSSION));
      }}>
        <TextInput field="partner_name" label="Name of the registrant you discussed your accounts with" value={discussion.partner_name} onChange={(v) => setDiscussion({ ...discussion, partner_name: v })} error={scoped(error, "discussion", "partner_name")} />
        <TextInput field="partner_pin" label="Their NMC PIN" hint="For example, 12A3456E" width="10" value={discussion.partner_pin} onChange={(v) => setDiscussion({ ...discussion, partner_pin: v })} error={scoped(error, "discussion", "partner_pin")} />
        <DateInput field="held_on" label="Date of the discussion" value={discussion.held_on} onChange={(v) => setDiscussion({ ...discussion, held_on: v })} error={scoped(error, "discussion", "held_on")} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="add-discussion">
          Record the discussion
        </button>
      </form>

      <h2>Confirmation</h2>
      <ul className="nhsuk-list">
        {r.confirmations.map((c) => (
          <li key={c.id}>
            Confirmed by {c.confirmer_name}, {c.confirmer_role}
            {c.confirmer_pin ? ` (NMC PIN ${c.confirmer_pin})` : ""}, on {formatDate(c.confirmed_on)}{" "}
            <button type="button" className="link-button" onClick={() => run("confirmation", api.deleteConfirmation(c.id), () => undefined)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        run("confirmation", api.addConfirmation(confirmation), () => setConfirmation(NO_CONFIRMATION));
      }}>
        <TextInput field="confirmer_name" label="Confirmer's name" value={confirmation.confirmer_name} onChange={(v) => setConfirmation({ ...confirmation, confirmer_name: v })} error={scoped(error, "confirmation", "confirmer_name")} />
        <TextInput field="confirmer_role" label="Their role" value={confirmation.confirmer_role} onChange={(v) => setConfirmation({ ...confirmation, confirmer_role: v })} error={scoped(error, "confirmation", "confirmer_role")} />
        <TextInput field="confirmer_pin" label="Their NMC PIN (if they are on the register)" width="10" value={confirmation.confirmer_pin ?? ""} onChange={(v) => setConfirmation({ ...confirmation, confirmer_pin: v || null })} error={scoped(error, "confirmation", "confirmer_pin")} />
        <DateInput field="confirmed_on" label="Date of confirmation" value={confirmation.confirmed_on} onChange={(v) => setConfirmation({ ...confirmation, confirmed_on: v })} error={scoped(error, "confirmation", "confirmed_on")} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="add-confirmation">
          Record the confirmation
        </button>
      </form>
      {confirm.dialog}
    </>
  );
}
