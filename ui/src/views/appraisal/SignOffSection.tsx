// 10. Summary and sign-off: both summaries, the signatures and record fingerprint, signing,
// reopening, the PDF export and the history of the appraisal.
import type { Action } from "../../bindings/Action";
import type { Role } from "../../bindings/Role";
import type { Signature } from "../../bindings/Signature";
import { ExportPdf } from "../../components/ExportPdf";
import { Checkbox, Textarea } from "../../components/Fields";
import { api } from "../../ipc";
import { groupHash } from "../../logic/appraisal";
import { formatInstant } from "../../logic/dates";
import { NoteField } from "./NoteField";
import { Section, type SectionProps } from "./Section";

interface SignOffProps extends SectionProps {
  id: string;
  viewer: Role;
  team: boolean;
  confirmSign: boolean;
  setConfirmSign: (on: boolean) => void;
  reason: string;
  setReason: (reason: string) => void;
  includeWellbeing: boolean;
  setIncludeWellbeing: (on: boolean) => void;
  /** Run a workflow step (sign, reopen) after saving what is typed. */
  step: (action: Action) => Promise<void>;
  /** Save what is typed now. */
  flush: () => Promise<void> | undefined;
  /** My team: sign with my own key and save the reviewed pack, in one step. */
  signAndExport: () => Promise<void>;
}


export function SignOffSection({
  a,
  c,
  err,
  update,
  noteProps,
  id,
  viewer,
  team,
  confirmSign,
  setConfirmSign,
  reason,
  setReason,
  includeWellbeing,
  setIncludeWellbeing,
  step,
  flush,
  signAndExport,
}: SignOffProps) {
  const appraiserName = c.appraiser_name;
  const colleague = a.details.name;
  const steps = a.steps;
  return (
    <Section id="section-signoff" title="10. Summary and sign-off">
      <NoteField {...noteProps("colleague_summary", "colleague_summary")} label={`${colleague}'s summary comments`} note={c.colleague_summary} onChange={(n) => update({ colleague_summary: n })} />
      <NoteField {...noteProps("appraiser_summary", "appraiser_summary")} label="Appraiser's summary comments" note={c.appraiser_summary} onChange={(n) => update({ appraiser_summary: n })} />
      <h3>Signatures</h3>
      {a.signatures.length === 0 ? <p>Not signed yet.</p> : null}
      <ul className="nhsuk-list" id="signatures">
        {a.signatures.map((s: Signature) => (
          <li key={s.role} className={"signature-" + s.role}>
            Signed by <strong>{s.name}</strong>, {s.job_title} ({s.role === "colleague" ? "colleague" : "appraiser"}), on {formatInstant(s.signed_at)}
            {s.key_signed === true ? (
              <>
                {" "}
                — <span className="key-signed">signed with their own key</span>, fingerprint <code className="fingerprint">{s.fingerprint}</code>
              </>
            ) : s.key_signed === false ? (
              <> — not key-signed (made before key signatures)</>
            ) : null}
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
      {!team && viewer === "appraiser" && (a.state === "ready_for_review" || a.state === "in_review") ? (
        <div className="nhsuk-inset-text" id="appraiser-signs-remotely">
          <p>
            {appraiserName || "The appraiser"} signs on their own device, with their own key, not on {colleague}'s. Write your part here
            together; then {colleague} sends the appraisal for review and {appraiserName || "the appraiser"} signs it in My team, in one step.
          </p>
          <a className="nhsuk-button nhsuk-button--secondary" href={"#/share/" + id + "/for_review"} id="go-share-for-review" onClick={() => void flush()}>
            Share: for your appraiser
          </a>
        </div>
      ) : null}
      {steps.includes("sign") && (viewer === "colleague" || team) ? (
        <div className="sign-box">
          <div className="nhsuk-checkboxes">
            <Checkbox
              id="confirm-sign"
              label={viewer === "colleague" ? `I, ${colleague}, agree this record is accurate` : `I, as ${colleague}'s appraiser, agree this record is accurate`}
              hint={
                team
                  ? "You sign with your own key. Signing freezes your part; the reviewed pack you save carries your signature back to " + colleague + "."
                  : "Signing freezes the record. Changing it afterwards needs a reason and clears both signatures."
              }
              checked={confirmSign}
              onChange={setConfirmSign}
            />
          </div>
          {team ? (
            <button type="button" className="nhsuk-button" id="sign-and-export" disabled={!confirmSign} onClick={() => void signAndExport()}>
              Sign and save the reviewed pack
            </button>
          ) : (
            <button type="button" className="nhsuk-button" id="step-sign" disabled={!confirmSign} onClick={() => void step("sign")}>
              Sign as the colleague
            </button>
          )}
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
            await flush();
            return api.exportAppraisalPdf(id, includeWellbeing);
          }}
          check={async () => {
            await flush();
            return api.pdfFindings({ kind: "appraisal", id, include_wellbeing: includeWellbeing });
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
  );
}
