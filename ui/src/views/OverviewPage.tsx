import { useEffect, useState } from "react";
import { ExportPdf } from "../components/ExportPdf";
import { DateInput } from "../components/DateInput";
import type { IpcError } from "../bindings/IpcError";
import type { Overview } from "../bindings/Overview";
import { ErrorSummary } from "../components/ErrorSummary";
import { api } from "../ipc";
import { chartSummary, valueBars } from "../logic/chart";
import { formatDate } from "../logic/dates";
import { toIpcError } from "../logic/errors";
import { TableScroll } from "../components/TableScroll";

export function OverviewPage() {
  const [o, setO] = useState<Overview | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  useEffect(() => {
    api.overview().then(setO).catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  if (error) return <ErrorSummary error={error} focusKey={0} />;
  if (!o) return <p>Loading…</p>;
  return (
    <>
      <h1 tabIndex={-1}>Values overview</h1>
      <p>
        {o.total_reflections} {o.total_reflections === 1 ? "reflection" : "reflections"} in your journal. Values and
        behaviours with no reflection yet are marked as gaps.
      </p>
      {o.frameworks.map((f) => (
        <section key={f.framework_id} className="overview-framework" id={"overview-" + f.framework_id}>
          <h2>{f.in_use ? f.name : `${f.name} (no longer in your profile)`}</h2>
          {f.in_use ? null : <p>Earlier reflections are tagged with this framework. Only its values that have reflections are shown.</p>}
          <figure className="bar-chart" aria-hidden="false">
            <figcaption className="nhsuk-u-visually-hidden">{chartSummary(f)}</figcaption>
            <div role="img" aria-label={chartSummary(f)}>
              {valueBars(f).map((b) => (
                <div className="bar-row" key={b.key} aria-hidden="true">
                  <span className="bar-label">{b.label}</span>
                  <span className="bar-track">
                    <svg className="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                      <rect x="0" y="0" width={b.percent} height="10" className={b.gap ? "bar-gap" : "bar-fill"} />
                    </svg>
                  </span>
                  <span className="bar-count">{b.gap ? "Gap" : b.count}</span>
                </div>
              ))}
            </div>
          </figure>
          <TableScroll label={f.name + ": reflections per value and behaviour"}>
            <table className="nhsuk-table" id={"overview-table-" + f.framework_id}>
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">{f.name}: reflections per value and behaviour</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col" className="nhsuk-table__header">Value or behaviour</th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Reflections</th>
                  <th scope="col" className="nhsuk-table__header">Latest</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {f.values.flatMap((v) => [
                  <tr className="nhsuk-table__row value-row" key={v.key} data-value={v.key}>
                    <th scope="row" className="nhsuk-table__header">{v.name}</th>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric value-count">{v.count}</td>
                    <td className="nhsuk-table__cell">
                      {v.latest ? (
                        <a href={"#/reflection/" + v.latest.id}>
                          {v.latest.title} ({formatDate(v.latest.event_date)})
                        </a>
                      ) : (
                        <strong className="nhsuk-tag nhsuk-tag--orange">Gap: no reflections yet</strong>
                      )}
                    </td>
                  </tr>,
                  ...v.behaviours.map((b) => (
                    <tr className="nhsuk-table__row behaviour-row" key={v.key + "/" + b.key}>
                      <td className="nhsuk-table__cell behaviour-cell">{b.text}</td>
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{b.count}</td>
                      <td className="nhsuk-table__cell">
                        {b.latest ? (
                          <a href={"#/reflection/" + b.latest.id}>{b.latest.title}</a>
                        ) : (
                          <strong className="nhsuk-tag nhsuk-tag--grey">Gap</strong>
                        )}
                      </td>
                    </tr>
                  )),
                ])}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}
      <section id="portfolio-export" aria-labelledby="portfolio-title">
        <h2 id="portfolio-title">Values portfolio (PDF)</h2>
        <p>
          Your shared reflections grouped by value and behaviour statement, with a chart of reflections per value. Private
          reflections are never included. Leave the dates blank for all of them.
        </p>
        <ExportPdf id="export-portfolio" label="Save the portfolio as a PDF" run={() => api.exportPortfolioPdf(from || null, to || null)}
          check={() => api.pdfFindings({ kind: "portfolio", from: from || null, to: to || null })}
        >
          <DateInput field="from" label="From" name="The From date" example="1 4 2026" value={from} onChange={setFrom} />
          <DateInput field="to" label="To" name="The To date" example="31 3 2027" value={to} onChange={setTo} />
        </ExportPdf>
      </section>
    </>
  );
}
