// The share preview: exactly what a pack will carry, and the privacy check over all of it. Each
// finding is shown in context; the colleague edits the reflection or acknowledges the finding, and
// the pack can be saved only once every finding is acknowledged. A finding in a reflection can be
// rewritten in one click: the reflection is saved with the suggestion and the preview rebuilt.
import { useEffect, useRef, useState } from "react";
import type { PackFinding } from "../bindings/PackFinding";
import type { IpcError } from "../bindings/IpcError";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { PackPreview } from "../bindings/PackPreview";
import type { Purpose } from "../bindings/Purpose";
import { ErrorSummary } from "../components/ErrorSummary";
import { Checkbox } from "../components/Fields";
import { FindingContext, FixButton } from "../components/PrivacyFindings";
import { ReflectionDetails } from "../components/ReflectionDetails";
import { api } from "../ipc";
import { formatDate } from "../logic/dates";
import { toIpcError } from "../logic/errors";
import { fixedMessage, focusAfterFix, keepAcknowledged, targetOf } from "../logic/privacy";
import { TableScroll } from "../components/TableScroll";

const TO: Record<Purpose, string> = {
  for_review: "your appraiser",
  reviewed: "the colleague",
  agreed: "HR",
};

export function SharePage({ id, purpose, models }: { id: string; purpose: "for_review" | "agreed"; models: ModelInfo[] }) {
  const [preview, setPreview] = useState<PackPreview | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);

  const [fixing, setFixing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    api.packPreview(id, purpose).then(setPreview).catch((e: unknown) => setError(toIpcError(e)));
  }, [id, purpose]);

  // After a rewrite: the next finding's rewrite button, else the privacy check's heading.
  useEffect(() => {
    const i = pendingFocus.current;
    if (i === null || !preview) return;
    pendingFocus.current = null;
    const withFix = preview.findings.filter((f) => f.reflection_id).length;
    const next = focusAfterFix(i, withFix);
    (document.getElementById(next === null ? "privacy-title" : "pack-fix-" + next) ?? document.getElementById("privacy-title"))?.focus();
  }, [preview]);

  // Rewrite one finding in its reflection (saved as a new revision), then rebuild the preview;
  // acknowledgements of findings that are no longer there drop.
  const fix = async (f: PackFinding, index: number) => {
    if (!f.reflection_id) return;
    setFixing(true);
    setError(null);
    let failed = false;
    try {
      await api.fixSavedPrivacy(f.reflection_id, targetOf(f.finding));
    } catch (e) {
      failed = true;
      setError(toIpcError(e));
    }
    try {
      const p = await api.packPreview(id, purpose);
      setAcknowledged((ks) => keepAcknowledged(ks, p.findings));
      pendingFocus.current = index;
      setPreview(p);
      if (!failed) {
        setMessage(
          p.findings.some((x) => x.key === f.key)
            ? "The reflection was rewritten, but this record was signed with the earlier text: the pack carries what was signed."
            : fixedMessage(f.finding) + " The reflection was saved; its earlier version stays in its history.",
        );
      }
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setFixing(false);
    }
  };

  if (!preview) return error ? <ErrorSummary error={error} focusKey={0} /> : <p>Checking what will be shared…</p>;
  const a = preview.appraisal;
  const open = preview.findings.filter((f) => !acknowledged.includes(f.key));
  const who = TO[preview.purpose];
  return (
    <>
      <a className="nhsuk-back-link" href={"#/appraisal/" + id}>
        Back to the appraisal
      </a>
      <h1 tabIndex={-1}>What {who} will see</h1>
      <p className="nhsuk-lede-text">
        {preview.purpose === "agreed"
          ? "This is everything in the pack. HR receives the outcome — your details, the period, how many reflections you included for each value, the objectives, the plan, the pay-step answers and who signed — never your reflections, your review of the year or your wellbeing notes. Both signatures still verify."
          : <>
              This is everything in the pack. Nothing else leaves this device: not your private reflections, and{" "}
              {preview.wellbeing_included ? "your wellbeing notes are included because you chose to share them for this appraisal" : "not your wellbeing notes"}.
            </>}
      </p>
      <h2 id="parts-title">What goes to {who}</h2>
      <TableScroll label={"What goes to " + who}>
        <table className="nhsuk-table" id="pack-parts" aria-labelledby="parts-title">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Part of the record</th>
              <th scope="col" className="nhsuk-table__header">In this pack</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {preview.parts.map((p) => (
              <tr className="nhsuk-table__row" key={p.label}>
                <td className="nhsuk-table__cell">{p.label}</td>
                <td className="nhsuk-table__cell">{p.included ? "Included" : "Left out (still covered by the signatures)"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ErrorSummary error={error} />

      <h2 id="privacy-title" tabIndex={-1}>Privacy check</h2>
      <p className="nhsuk-body-s" role="status" aria-live="polite" id="pack-fix-result">
        {message ?? ""}
      </p>
      {preview.findings.length === 0 ? (
        <p id="privacy-clear">Nothing that could identify a patient or another person was found.</p>
      ) : (
        <div className="nhsuk-warning-callout" id="pack-findings">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              {preview.findings.length} detail{preview.findings.length === 1 ? "" : "s"} could identify someone
            </span>
          </h3>
          <p>Replace it with the suggested words, edit the reflection, or acknowledge that it is safe to share.</p>
          <ul className="nhsuk-list privacy-list">
            {preview.findings.map((f, i) => (
              <li key={f.key}>
                <span id={"finding-" + i}>
                  <strong>{f.finding.label}</strong> in {f.location}: <FindingContext f={f.finding} />
                </span>
                {f.reflection_id ? (
                  <>
                    {" "}
                    <a href={"#/edit/" + f.reflection_id}>Edit the reflection</a>
                    <div>
                      <FixButton
                        id={"pack-fix-" + preview.findings.slice(0, i).filter((x) => x.reflection_id).length}
                        f={f.finding}
                        where={f.location}
                        busy={fixing}
                        onFix={() => void fix(f, preview.findings.slice(0, i).filter((x) => x.reflection_id).length)}
                      />
                    </div>
                  </>
                ) : null}
                <div className="nhsuk-checkboxes">
                  <Checkbox
                    id={"ack-" + i}
                    label={
                      <>
                        I have checked this: it is safe to share
                        <span className="nhsuk-u-visually-hidden">
                          {" "}
                          ({f.finding.label} in {f.location})
                        </span>
                      </>
                    }
                    describedBy={"finding-" + i}
                    checked={acknowledged.includes(f.key)}
                    onChange={(on) => setAcknowledged((ks) => (on ? [...ks, f.key] : ks.filter((k) => k !== f.key)))}
                  />
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}

      <button
        type="button"
        className="nhsuk-button"
        id="save-pack"
        disabled={open.length > 0}
        onClick={() => {
          api
            .exportPack(id, purpose, acknowledged)
            .then((r) => setSaved(r ? r.message : null))
            .catch((e: unknown) => setError(toIpcError(e)));
        }}
      >
        Save the signed pack for {who}
      </button>
      {open.length > 0 ? <p className="nhsuk-hint">Acknowledge or fix each detail above first ({open.length} left).</p> : null}
      <div aria-live="polite" id="save-pack-result">
        {saved ? <p>{saved}. Send the file to {who} the way your organisation shares documents.</p> : null}
      </div>

      <h2>The appraisal in the pack</h2>
      <dl className="nhsuk-summary-list" id="pack-summary">
        {[
          ["Colleague", `${a.details.name}, ${a.details.job_title}`],
          ["Period", `${formatDate(a.content.period_start)} to ${formatDate(a.content.period_end)}`],
          ["Appraiser", a.content.appraiser_name || "Not named"],
          ["Parts", `${preview.parts.filter((p) => p.included).length} of ${preview.parts.length} (see the table above)`],
          ["Signatures", a.signatures.length ? a.signatures.map((s) => s.name).join(" and ") : "None yet"],
          ["Wellbeing notes", preview.wellbeing_included ? "Included (you opted in)" : "Not included"],
        ].map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <h2>Shared reflections in the pack ({preview.reflections.length})</h2>
      {a.evidence.map((e) =>
        e.included.length ? (
          <section key={e.key}>
            <h3>{e.name}</h3>
            {e.included.map((r) => (
              <ReflectionDetails key={r.id} r={r} models={models} />
            ))}
          </section>
        ) : null,
      )}
    </>
  );
}
