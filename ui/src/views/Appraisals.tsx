import { useEffect, useState } from "react";
import type { AppraisalSummary } from "../bindings/AppraisalSummary";
import type { IpcError } from "../bindings/IpcError";
import type { Profile } from "../bindings/Profile";
import type { Reminder } from "../bindings/Reminder";
import { ErrorSummary } from "../components/ErrorSummary";
import { DateInput } from "../components/DateInput";
import { TextInput } from "../components/Fields";
import { api } from "../ipc";
import { STATE_LABEL, STATE_TAG } from "../logic/appraisal";
import { formatDate, longDatesIn } from "../logic/dates";
import { errorFor, toIpcError } from "../logic/errors";
import { navigate } from "../route";
import { TableScroll } from "../components/TableScroll";

const SEVERITY_CLASS: Record<Reminder["severity"], string> = {
  overdue: "nhsuk-tag--red",
  soon: "nhsuk-tag--orange",
  info: "nhsuk-tag--blue",
};
const SEVERITY_LABEL: Record<Reminder["severity"], string> = { overdue: "Overdue", soon: "Due soon", info: "Coming up" };

export function Reminders({ reminders }: { reminders: Reminder[] }) {
  if (!reminders.length) return null;
  return (
    <section className="nhsuk-card" aria-labelledby="reminders-title">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id="reminders-title">
          Reminders
        </h2>
        <ul className="nhsuk-list reminder-list" id="reminders">
          {reminders.map((r, i) => (
            <li key={i} data-kind={r.kind}>
              <strong className={"nhsuk-tag " + SEVERITY_CLASS[r.severity]}>{SEVERITY_LABEL[r.severity]}</strong>{" "}
              {r.link ? <a href={r.link}>{longDatesIn(r.message)}</a> : longDatesIn(r.message)}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export function Appraisals({ profile }: { profile: Profile }) {
  const [rows, setRows] = useState<AppraisalSummary[] | null>(null);
  const [reminders, setReminders] = useState<Reminder[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [appraiser, setAppraiser] = useState(profile.line_manager);
  const [appraiserTitle, setAppraiserTitle] = useState("");

  useEffect(() => {
    Promise.all([api.listAppraisals(), api.reminders()])
      .then(([list, rem]) => {
        setRows(list);
        setReminders(rem);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);

  const create = () => {
    api
      .createAppraisal({ period_start: start, period_end: end, appraiser_name: appraiser, appraiser_job_title: appraiserTitle })
      .then((a) => navigate("#/appraisal/" + a.id))
      .catch((e: unknown) => setError(toIpcError(e)));
  };

  return (
    <>
      <h1 tabIndex={-1}>Appraisals</h1>
      <p className="nhsuk-lede-text">
        Prepare your yearly appraisal from the reflections you have shared, review it with your appraiser, and both sign
        it. Everything saves as you type.
      </p>
      <Reminders reminders={reminders} />
      <ErrorSummary error={error} />
      {rows === null ? (
        <p>Loading…</p>
      ) : rows.length ? (
        <TableScroll label="Your appraisals">
          <table className="nhsuk-table" id="appraisal-list">
            <caption className="nhsuk-table__caption">Your appraisals</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col">Appraiser</th>
                <th scope="col">Signed by</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((r) => (
                <tr key={r.id} className="nhsuk-table__row">
                  <td className="nhsuk-table__cell">
                    <a href={"#/appraisal/" + r.id}>
                      {formatDate(r.period_start)} to {formatDate(r.period_end)}
                    </a>
                  </td>
                  <td className="nhsuk-table__cell">
                    <strong className={"nhsuk-tag " + STATE_TAG[r.state]}>{STATE_LABEL[r.state]}</strong>
                  </td>
                  <td className="nhsuk-table__cell">{r.appraiser_name || "Not named yet"}</td>
                  <td className="nhsuk-table__cell">
                    {r.signed_by.length ? r.signed_by.map((s) => (s === "colleague" ? "you" : "appraiser")).join(" and ") : "Nobody yet"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>You have no appraisals yet.</p>
      )}
      <h2 id="new-appraisal">Start a new appraisal</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <p className="nhsuk-body">
          Last year's objectives and development plan are carried forward. Leave the dates blank for the twelve months
          after your last appraisal.
        </p>
        <DateInput field="period_start" label="Start of the period" example="1 4 2026" value={start} onChange={setStart} error={errorFor(error, "period_start")} />
        <DateInput field="period_end" label="End of the period" value={end} onChange={setEnd} error={errorFor(error, "period_end")} />
        <TextInput field="appraiser_name" label="Your appraiser's name" value={appraiser} onChange={setAppraiser} width="20" error={errorFor(error, "appraiser_name")} />
        <TextInput
          field="appraiser_job_title"
          label="Your appraiser's job title"
          value={appraiserTitle}
          onChange={setAppraiserTitle}
          width="20"
          error={errorFor(error, "appraiser_job_title")}
        />
        <button className="nhsuk-button" type="submit" id="start-appraisal">
          Start appraisal
        </button>
      </form>
    </>
  );
}
