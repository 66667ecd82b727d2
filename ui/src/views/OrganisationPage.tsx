// The Organisation (HR) area: import agreed packs (each file's outcome), the packs held until HR
// trusts their keys, counts by organisation, department and team (charts with the same data as
// tables; small counts suppressed), and exports.
import { useCallback, useEffect, useState } from "react";
import type { HrFileOutcome } from "../bindings/HrFileOutcome";
import type { HrHeld } from "../bindings/HrHeld";
import type { HrCount } from "../bindings/HrCount";
import type { HrFilter } from "../bindings/HrFilter";
import type { HrSummary } from "../bindings/HrSummary";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { ExportPdf } from "../components/ExportPdf";
import { Select, TextInput } from "../components/Fields";
import { api } from "../ipc";
import { errorFor, toIpcError } from "../logic/errors";
import { batchSummary, drawable, outcomeLabel, rowName, shown, summaryCells } from "../logic/hr";
import { HeldPacks } from "./HeldPacks";
import { TableScroll } from "../components/TableScroll";

/** A bar chart of counts; suppressed counts are listed, not drawn. */
function Bars({ title, rows }: { title: string; rows: HrCount[] }) {
  const drawn = drawable(rows);
  const max = Math.max(1, ...drawn.map((r) => r.count));
  const summary = drawn.map((r) => `${r.label}: ${r.count}`).join("; ");
  return (
    <figure className="bar-chart">
      <figcaption className="nhsuk-body-s">{title}</figcaption>
      <div role="img" aria-label={`${title}. ${summary || "No counts can be shown."}`}>
        {drawn.map((r) => (
          <div className="bar-row" key={r.label} aria-hidden="true">
            <span className="bar-label">{r.label}</span>
            <span className="bar-track">
              <svg className="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                <rect x="0" y="0" width={(100 * r.count) / max} height="10" className="bar-fill" />
              </svg>
            </span>
            <span className="bar-count">{r.count}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}

/** One count column as a chart and, for screen readers and copying, the same counts as a table. */
function CountChart({ title, rows }: { title: string; rows: HrCount[] }) {
  return (
    <>
      <Bars title={title} rows={rows} />
      <TableScroll label={title}>
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{title}</caption>
          <tbody className="nhsuk-table__body">
            {rows.map((c) => (
              <tr key={c.label} className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header">{c.label}</th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{shown(c.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

/** HR's suppression threshold (2 to 10): the library checks it, and its refusal is shown at the
 * field. Text that is not a whole number is sent as 0, which the library refuses the same way. */
function Threshold({ current, onSaved }: { current: number; onSaved: (s: HrSummary) => void }) {
  const [value, setValue] = useState(String(current));
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = () => {
    const n = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : 0;
    setSaved(null);
    api
      .setHrThreshold(n, { department: null, team: null })
      .then((s) => {
        setError(null);
        setSaved(`Suppression threshold saved: counts below ${s.suppress_below} are not shown.`);
        onSaved(s);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <form
      id="hr-threshold-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2>Suppression threshold</h2>
      <ErrorSummary error={error} />
      <TextInput
        field="threshold"
        label="Suppress counts below"
        hint="A whole number from 2 to 10 (the default is 5). Every summary, chart and export uses it and records it."
        width="2"
        value={value}
        error={errorFor(error, "threshold")}
        onChange={setValue}
      />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" id="hr-threshold-save">
        Save threshold
      </button>
      <div aria-live="polite" id="hr-threshold-result">
        {saved ? <p>{saved}</p> : null}
      </div>
    </form>
  );
}

export function OrganisationPage() {
  const [summary, setSummary] = useState<HrSummary | null>(null);
  const [all, setAll] = useState<HrSummary | null>(null);
  const [filter, setFilter] = useState<HrFilter>({ department: null, team: null });
  const [error, setError] = useState<IpcError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [files, setFiles] = useState<HrFileOutcome[]>([]);
  const [held, setHeld] = useState<HrHeld[]>([]);

  const load = useCallback(() => {
    api.hrSummary(filter).then(setSummary).catch((e: unknown) => setError(toIpcError(e)));
    api.hrSummary({ department: null, team: null }).then(setAll).catch(() => undefined);
    api.hrHeld().then(setHeld).catch(() => undefined);
  }, [filter]);
  useEffect(load, [load]);

  const importPacks = (folder: boolean) => {
    setMessage("Importing…");
    api
      .hrImport(folder)
      .then((r) => {
        setMessage(null);
        if (r) {
          setMessage(batchSummary(r));
          setFiles(r.files);
        }
        setError(null);
        load();
      })
      .catch((e: unknown) => {
        setMessage(null);
        setError(toIpcError(e));
      });
  };

  const teams = (all?.rows ?? []).filter((r) => r.level === "team").map((r) => r.team);
  const departments = [...new Set((all?.rows ?? []).filter((r) => r.level === "department").map((r) => r.department))];
  const top = summary?.rows.find((r) => r.level === "organisation") ?? null;
  return (
    <>
      <h1 tabIndex={-1}>Organisation</h1>
      <p className="nhsuk-lede-text">
        Agreed appraisals that colleagues sent to HR, counted by organisation, department and team. Counts only: no reflection
        text. Counts below the suppression threshold ({summary?.suppress_below ?? 5}), counts of a group smaller than that, and any count that would
        let one of them be worked out by subtraction from a total on this page or in its exports are shown as “—”.
      </p>
      <ErrorSummary error={error} />
      <div className="appraisal-actions">
        <button type="button" className="nhsuk-button" id="hr-import-files" onClick={() => importPacks(false)}>
          Import agreed packs
        </button>{" "}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" id="hr-import-folder" onClick={() => importPacks(true)}>
          Import a folder of packs
        </button>
      </div>
      <div aria-live="polite" id="hr-import-result">
        {message ? <p>{message}</p> : null}
        {files.length ? (
          <ul className="nhsuk-list" id="hr-import-files-result">
            {files.map((f) => (
              <li key={f.file} className="hr-file" data-outcome={f.outcome}>
                <strong>{outcomeLabel(f.outcome)}</strong> {f.file}: {f.message}
                {f.flags.length ? <span className="nhsuk-tag nhsuk-tag--orange"> {f.flags.join("; ")}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <HeldPacks
        held={held}
        onChanged={(m) => {
          setFiles([]);
          setMessage(m);
          load();
        }}
      />

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <Select field="filter-department" label="Department" value={filter.department ?? ""} onChange={(v) => setFilter({ department: v || null, team: null })}>
            <option value="">All departments</option>
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </div>
        <div className="nhsuk-grid-column-one-half">
          <Select field="filter-team" label="Team" value={filter.team ?? ""} onChange={(v) => setFilter({ ...filter, team: v || null })}>
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </div>
      </div>

      {summary ? <Threshold current={summary.suppress_below} onSaved={() => load()} /> : null}

      {!summary || summary.rows.length === 0 ? (
        <p id="hr-empty">No agreed appraisals have been imported{filter.team || filter.department ? " for this selection" : ""} yet.</p>
      ) : (
        <>
          <Bars
            title="Staff with an agreed appraisal in the last twelve months, by team"
            rows={summary.rows.filter((r) => r.level === "team").map((r) => ({ label: r.team, count: r.agreed_last_12_months }))}
          />
          <TableScroll label="Appraisal compliance">
            <table className="nhsuk-table" id="hr-summary">
              <caption className="nhsuk-table__caption">Appraisal compliance</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Group</th>
                  {summary.columns.map((c) => (
                    <th key={c.key} scope="col" className="nhsuk-table__header--numeric">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {summary.rows.map((r) => (
                  <tr key={`${r.level}/${r.organisation}/${r.department}/${r.team}`} className="nhsuk-table__row" data-level={r.level} data-team={r.team}>
                    <th scope="row" className={"nhsuk-table__header hr-" + r.level}>
                      {rowName(r)}
                    </th>
                    {summaryCells(summary.columns, r).map((cell) => (
                      <td key={cell.key} className={"nhsuk-table__cell nhsuk-table__cell--numeric hr-" + cell.key}>
                        {cell.text}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {top ? (
            <div className="nhsuk-grid-row">
              <div className="nhsuk-grid-column-one-half">
                <CountChart title="Development-plan items by KSF dimension" rows={top.plan_by_ksf} />
              </div>
              <div className="nhsuk-grid-column-one-half">
                <CountChart title="Staff with evidence for each value" rows={top.values_with_evidence} />
              </div>
            </div>
          ) : null}
          <h2>Exports</h2>
          <ExportPdf id="hr-export-summary" label="Save the summary as a PDF" run={() => api.exportHrSummaryPdf(filter)} />
          <div className="appraisal-actions">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              id="hr-export-csv"
              onClick={() => api.exportHrCsv(filter).then((r) => setMessage(r ? r.message : null)).catch((e: unknown) => setError(toIpcError(e)))}
            >
              Save the HR-system CSV
            </button>{" "}
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              id="hr-export-counts"
              onClick={() => api.exportHrSummaryCsv(filter).then((r) => setMessage(r ? r.message : null)).catch((e: unknown) => setError(toIpcError(e)))}
            >
              Save the counts as a CSV
            </button>{" "}
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              id="hr-export-pdfs"
              onClick={() => api.exportHrPdfs(filter).then((r) => setMessage(r ? r.message : null)).catch((e: unknown) => setError(toIpcError(e)))}
            >
              Save every appraisal as a PDF
            </button>
          </div>
        </>
      )}
    </>
  );
}
