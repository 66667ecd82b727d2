// My team: colleagues' appraisals this person reviews at a distance, as their appraiser.
import { useCallback, useEffect, useState } from "react";
import type { IpcError } from "../bindings/IpcError";
import type { TeamReviewSummary } from "../bindings/TeamReviewSummary";
import { ErrorSummary } from "../components/ErrorSummary";
import { api } from "../ipc";
import { formatDate, formatInstant } from "../logic/dates";
import { toIpcError } from "../logic/errors";
import { TableScroll } from "../components/TableScroll";
import { useConfirm } from "../components/ConfirmDialog";

export function TeamPage() {
  const [rows, setRows] = useState<TeamReviewSummary[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const confirm = useConfirm();
  const load = useCallback(() => {
    api.teamReviews().then(setRows).catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <>
      <h1 tabIndex={-1}>My team</h1>
      <p className="nhsuk-lede-text">
        When a colleague sends you their appraisal pack, import it here, write your part as their appraiser, then sign it with your
        own key and save the reviewed pack to send back, in one step. Only what they chose to share is in it.
      </p>
      <p>
        Each pack is sealed by your colleague's own key. Before you rely on one, compare its fingerprint with them — read it aloud
        to each other, in person or on a call you trust (they find theirs in Settings) — then trust the key. A pack sealed by any
        other key shows as a separate row and can never change theirs.
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
        <TableScroll label="Appraisals to review">
          <table className="nhsuk-table" id="team-list">
            <caption className="nhsuk-table__caption">Appraisals to review</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Colleague</th>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col">Their key</th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((r) => (
                <tr key={r.id} className="nhsuk-table__row" data-appraisal={r.appraisal_id}>
                  <td className="nhsuk-table__cell">
                    <a href={"#/team/" + r.id}>{r.colleague_name}</a>
                  </td>
                  <td className="nhsuk-table__cell">
                    {formatDate(r.period_start)} to {formatDate(r.period_end)}
                  </td>
                  <td className="nhsuk-table__cell">
                    <strong className={"nhsuk-tag " + (r.signed ? "nhsuk-tag--green" : "nhsuk-tag--yellow")}>
                      {r.signed ? "Signed by you" : r.colleague_signed ? "They signed: sign it" : "To review"}
                    </strong>
                  </td>
                  <td className="nhsuk-table__cell">
                    <code className="fingerprint">{r.fingerprint}</code>
                    <br />
                    {r.pinned_name !== null ? (
                      <span className="key-trusted">Trusted as {r.pinned_name}</span>
                    ) : (
                      <button
                        type="button"
                        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small trust-key"
                        onClick={async (e) => {
                          const ok = await confirm.ask(
                            {
                              title: `Have you compared this fingerprint with ${r.colleague_name}?`,
                              body: (
                                <>
                                  <p>Read it aloud to each other. Trust it only if every digit matches.</p>
                                  <p>
                                    <code className="fingerprint">{r.fingerprint}</code>
                                  </p>
                                </>
                              ),
                              confirmLabel: "Yes, every digit matches",
                              cancelLabel: "No, not yet",
                            },
                            e.currentTarget,
                          );
                          if (!ok) return;
                          api
                            .pinTeamKey(r.colleague_key, r.colleague_name)
                            .then((k) => {
                              setMessage(`You trust ${k.name}'s key (fingerprint ${k.fingerprint})`);
                              setError(null);
                              load();
                            })
                            .catch((e: unknown) => setError(toIpcError(e)));
                        }}
                      >
                        Trust this key
                      </button>
                    )}
                  </td>
                  <td className="nhsuk-table__cell">{formatInstant(r.imported_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {confirm.dialog}
    </>
  );
}
