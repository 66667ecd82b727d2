// A reflection's revisions on its page: each can be viewed (read-only) and an earlier one
// restored as a new revision, after an in-page confirmation (the NHS warning callout, as a
// backup's restore confirms). Nothing in the history is ever rewritten.
import { useState } from "react";
import type { IpcError } from "../bindings/IpcError";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Reflection } from "../bindings/Reflection";
import type { RevisionEntry } from "../bindings/RevisionEntry";
import { ErrorSummary } from "../components/ErrorSummary";
import { TagList } from "../components/Tags";
import { api } from "../ipc";
import { formatDate, formatInstant } from "../logic/dates";
import { toIpcError } from "../logic/errors";
import { canRestore, kindLabel, restoreMessage } from "../logic/revisions";
import { TableScroll } from "../components/TableScroll";

/** A revision's answers under its model's prompt labels. */
function RevisionBody({ r, models }: { r: Reflection; models: ModelInfo[] }) {
  const model = models.find((m) => m.model === r.model);
  return (
    <>
      {model?.prompts.map((p) =>
        r.body[p.key] ? (
          <section key={p.key}>
            <h4 className="nhsuk-heading-s">{p.label}</h4>
            <p className="reflection-text">{r.body[p.key]}</p>
          </section>
        ) : null,
      )}
    </>
  );
}

interface Props {
  r: Reflection;
  history: RevisionEntry[];
  models: ModelInfo[];
  /** After a restore (or a refused one): the reflection and its history read again. */
  onChanged: (message: string | null) => void;
}

export function Revisions({ r, history, models, onChanged }: Props) {
  const [viewing, setViewing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = history.find((h) => h.revision === viewing);

  const restore = (n: number) => {
    setBusy(true);
    api
      .restoreRevision(r.id, n, r.revision)
      .then((saved) => {
        setError(null);
        setConfirming(null);
        setViewing(null);
        onChanged(`Revision ${n} restored as revision ${saved.revision}.`);
      })
      .catch((e: unknown) => {
        setError(toIpcError(e));
        // Saved elsewhere meanwhile: show what is there now.
        onChanged(null);
      })
      .finally(() => setBusy(false));
  };

  return (
    // Not a named region: its table's scrolling region is the one named "Revisions".
    <section id="revisions">
      <h2 id="revisions-heading">Revisions</h2>
      <p className="nhsuk-body-s">
        Every save is kept. Autosaves while you edit are one revision until you press Save. Restoring an earlier revision
        makes a new one; nothing is deleted.
      </p>
      <ErrorSummary error={error} />
      <TableScroll label="Revisions">
        <table className="nhsuk-table" id="revisions-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Revisions of this reflection, newest first</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Saved</th>
              <th scope="col">What made it</th>
              <th scope="col">
                <span className="nhsuk-u-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {history.map((h) => (
              <tr key={h.revision} className="nhsuk-table__row">
                <td className="nhsuk-table__cell">
                  {h.revision}
                  {h.revision === r.revision ? " (current)" : ""}
                </td>
                <td className="nhsuk-table__cell">{formatInstant(h.saved_at)}</td>
                <td className="nhsuk-table__cell">{kindLabel(h)}</td>
                <td className="nhsuk-table__cell">
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    id={`view-revision-${h.revision}`}
                    aria-expanded={viewing === h.revision}
                    onClick={() => setViewing(viewing === h.revision ? null : h.revision)}
                  >
                    {viewing === h.revision ? "Hide" : "View"}
                    <span className="nhsuk-u-visually-hidden"> revision {h.revision}</span>
                  </button>{" "}
                  {canRestore(h, r.revision) && !r.deleted_at ? (
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      id={`restore-revision-${h.revision}`}
                      onClick={() => setConfirming(h.revision)}
                    >
                      Restore<span className="nhsuk-u-visually-hidden"> revision {h.revision}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {confirming !== null ? (
        <div className="nhsuk-warning-callout" id="restore-revision-confirm">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Restore revision {confirming}?
            </span>
          </h3>
          <p>{restoreMessage(confirming, r.revision)}</p>
          <button className="nhsuk-button nhsuk-button--warning" type="button" id="restore-revision-yes" disabled={busy} onClick={() => restore(confirming)}>
            Restore revision {confirming}
          </button>{" "}
          <button className="nhsuk-button nhsuk-button--secondary" type="button" id="restore-revision-cancel" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {shown ? (
        <div className="nhsuk-inset-text" id="revision-text">
          <h3 className="nhsuk-heading-m">
            Revision {shown.revision}: {shown.reflection.title}
          </h3>
          <p className="nhsuk-body-s">
            {kindLabel(shown)}, {formatInstant(shown.saved_at)}. Date of the event: {formatDate(shown.reflection.event_date)}.{" "}
            {models.find((m) => m.model === shown.reflection.model)?.name}.
          </p>
          <TagList tags={shown.reflection.tags} />
          <RevisionBody r={shown.reflection} models={models} />
        </div>
      ) : null}
    </section>
  );
}
