import { useCallback, useEffect, useState } from "react";
import type { IpcError } from "../bindings/IpcError";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Reflection } from "../bindings/Reflection";
import type { RevisionEntry } from "../bindings/RevisionEntry";
import { ErrorSummary } from "../components/ErrorSummary";
import { TagList } from "../components/Tags";
import { api } from "../ipc";
import { formatDate, formatInstant } from "../logic/dates";
import { toIpcError } from "../logic/errors";
import { Revisions } from "./Revisions";
import { hours } from "../logic/plural";

function Body({ r, models }: { r: Reflection; models: ModelInfo[] }) {
  const model = models.find((m) => m.model === r.model);
  return (
    <>
      {model?.prompts.map((p) =>
        r.body[p.key] ? (
          <section key={p.key}>
            <h2 className="nhsuk-heading-s">{p.label}</h2>
            <p className="reflection-text">{r.body[p.key]}</p>
          </section>
        ) : null,
      )}
    </>
  );
}

export function ReflectionPage({ id, models }: { id: string; models: ModelInfo[] }) {
  const [r, setR] = useState<Reflection | null>(null);
  const [history, setHistory] = useState<RevisionEntry[]>([]);
  const [error, setError] = useState<IpcError | null>(null);

  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([api.getReflection(id), api.history(id)])
      .then(([ref, hist]) => {
        setR(ref);
        setHistory(hist);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [id]);
  useEffect(load, [load]);
  // After a restore (or one refused because it was saved elsewhere): read both again.
  const reload = (said: string | null) => {
    setMessage(said);
    load();
  };

  if (error) return <ErrorSummary error={error} focusKey={0} />;
  if (!r) return <p>Loading…</p>;
  const model = models.find((m) => m.model === r.model);
  return (
    <>
      <a className="nhsuk-back-link" href="#/journal">
        Back to your reflections
      </a>
      <h1 tabIndex={-1}>{r.title}</h1>
      {message ? (
        <div className="nhsuk-inset-text" role="status" id="reflection-message">
          <p>{message}</p>
        </div>
      ) : null}
      {r.deleted_at ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">In the bin</h2>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void api.restoreReflection(r.id).then(setR)}>
            Restore
          </button>
        </div>
      ) : null}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Date of the event</dt>
          <dd className="nhsuk-summary-list__value">{formatDate(r.event_date)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Model</dt>
          <dd className="nhsuk-summary-list__value">{model?.name}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Who can see it</dt>
          <dd className="nhsuk-summary-list__value" id="visibility">
            {r.visibility === "shared" ? "Shared for appraisal" : "Only you (private)"}
          </dd>
        </div>
        {r.cpd_hours !== null ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">CPD</dt>
            <dd className="nhsuk-summary-list__value">
              {hours(r.cpd_hours)}{r.cpd_participatory ? ", participatory" : ""}
            </dd>
          </div>
        ) : null}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Last saved</dt>
          <dd className="nhsuk-summary-list__value">{formatInstant(r.updated_at)}</dd>
        </div>
      </dl>
      <TagList tags={r.tags} />
      <Body r={r} models={models} />
      {!r.deleted_at ? (
        <a className="nhsuk-button" href={"#/edit/" + r.id} id="edit-reflection" role="button" draggable="false">
          Edit
        </a>
      ) : null}
      <Revisions r={r} history={history} models={models} onChanged={reload} />
    </>
  );
}
