// My team: colleagues' appraisals this person reviews at a distance, as their appraiser.
import { useCallback, useEffect, useState } from "react";
import type { IpcError } from "../bindings/IpcError";
import type { TeamReviewSummary } from "../bindings/TeamReviewSummary";
import { ErrorSummary } from "../components/ErrorSummary";
import { api } from "../ipc";
import { formatDate, formatInstant } from "../logic/dates";
import { toIpcError } from "../logic/errors";

export function TeamPage() {
  const [rows, setRows] = useState<TeamReviewSummary[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    api.teamReviews().then(setRows).catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <>
      <h1 tabIndex={-1}>My team</h1>
      <p className="nhsuk-lede-text">
        When a colleague sends you their appraisal pack, import it here, write your part as their appraiser, sign, and send the
        reviewed pack back. Only what they chose to share is in it.
      </p>
      <ErrorSummary error={error} />
      <button
        type="button"
        className="nhsuk-button"
        id="import-team-pack"
        onClick={() => {
          api
            .importPack()
            .then((r) => {
              if (r) setMessage(r.message);
              setError(null);
              load();
            })
            .catch((e: unknown) => setError(toIpcError(e)));
        }}
      >
        Import a colleague's pack
      </button>
      <div aria-live="polite" id="import-result">
        {message ? <p>{message}.</p> : null}
      </div>
      {rows === null ? (
        <p>Loading…</p>
      ) : rows.length === 0 ? (
        <p>No colleague has sent you an appraisal to review yet.</p>
      ) : (
        <table className="nhsuk-table" id="team-list">
          <caption className="nhsuk-table__caption">Appraisals to review</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Colleague</th>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col">Imported</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((r) => (
              <tr key={r.appraisal_id} className="nhsuk-table__row">
                <td className="nhsuk-table__cell">
                  <a href={"#/team/" + r.appraisal_id}>{r.colleague_name}</a>
                </td>
                <td className="nhsuk-table__cell">
                  {formatDate(r.period_start)} to {formatDate(r.period_end)}
                </td>
                <td className="nhsuk-table__cell">
                  <strong className={"nhsuk-tag " + (r.signed ? "nhsuk-tag--green" : "nhsuk-tag--yellow")}>{r.signed ? "Signed by you" : "To review"}</strong>
                </td>
                <td className="nhsuk-table__cell">{formatInstant(r.imported_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
