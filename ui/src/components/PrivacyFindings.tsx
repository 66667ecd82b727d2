import type { Finding } from "../bindings/Finding";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { PrivacyReport } from "../bindings/PrivacyReport";
import { fieldId } from "../logic/errors";
import { contextOf, fieldName, fixDetail, fixLabel } from "../logic/privacy";

/** A finding's words in context, the match marked. */
export function FindingContext({ f }: { f: Finding }) {
  const c = contextOf(f);
  return (
    <span className="privacy-context">
      {c.lead}
      {c.before}
      <mark>{c.matched}</mark>
      {c.after}
      {c.trail}
    </span>
  );
}

/** The one-click rewrite of a finding. Its accessible name starts with what it shows and adds
 * what is replaced and where ("Replace with ‘the patient’: “Mr Smith” in the title"). */
export function FixButton(props: { id: string; f: Finding; where: string; busy: boolean; onFix: () => void }) {
  return (
    <button
      type="button"
      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small privacy-fix"
      id={props.id}
      aria-disabled={props.busy || undefined}
      onClick={() => {
        if (!props.busy) props.onFix();
      }}
    >
      {fixLabel(props.f)}
      <span className="nhsuk-u-visually-hidden">{fixDetail(props.f, props.where)}</span>
    </button>
  );
}

/** The privacy check's findings, each in context with a link to its field and a one-click
 * rewrite, then the softer advice about details that could identify someone together. Nothing
 * is blocked: the writer rewrites, edits, or goes on. `message` says what the last rewrite did. */
export function PrivacyFindings(props: {
  report: PrivacyReport;
  model: ModelInfo | undefined;
  busy: boolean;
  message: string | null;
  onFix: (f: Finding, index: number) => void;
}) {
  const { report, model } = props;
  return (
    <div id="privacy-findings">
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite" id="privacy-status">
        {props.message ?? ""}
      </p>
      {report.findings.length ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Details that could identify someone
            </span>
          </h2>
          <p>
            Reflections can be disclosed, for example in court. Replace these with the suggested words, or describe the
            person without identifying them.
          </p>
          <ul className="nhsuk-list privacy-list">
            {report.findings.map((f, i) => (
              <li key={`${f.field}|${f.start}|${f.matched}`}>
                <a
                  href={"#" + fieldId(f.field)}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(fieldId(f.field))?.focus();
                  }}
                >
                  {f.label} in {fieldName(f.field, model)}
                </a>
                : <FindingContext f={f} />
                <div>
                  <FixButton id={"privacy-fix-" + i} f={f} where={fieldName(f.field, model)} busy={props.busy} onFix={() => props.onFix(f, i)} />
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {report.advisories.length ? (
        <div className="nhsuk-inset-text" id="privacy-advisories">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <h2 className="nhsuk-heading-s">Details that could identify someone together</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {report.advisories.map((a, i) => (
              <li key={i}>
                {a.message} <span className="nhsuk-body-s">(in {fieldName(a.field, model)}: {a.parts.map((p) => `“${p}”`).join(", ")})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
