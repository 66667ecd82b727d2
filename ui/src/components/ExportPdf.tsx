// One "Save as PDF" control: runs an export (the Rust side asks where to save and writes the file)
// and says where it went, or why it could not. With `check`, the privacy check over the text the
// PDF will print runs first: anything found is shown in context and the writer chooses to save the
// PDF as it is or go back. It never blocks the export.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { IpcError } from "../bindings/IpcError";
import type { PackFinding } from "../bindings/PackFinding";
import { toIpcError } from "../logic/errors";
import { exportStep, pdfWarningTitle } from "../logic/privacy";
import { FindingContext } from "./PrivacyFindings";

export function ExportPdf(props: {
  id: string;
  label: string;
  run: () => Promise<ExportOutcome | null>;
  /** The privacy findings over what this PDF prints (for PDFs with reflection text). */
  check?: () => Promise<PackFinding[]>;
  children?: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportOutcome | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [warning, setWarning] = useState<PackFinding[] | null>(null);
  const warningRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (warning) warningRef.current?.focus();
  }, [warning]);

  const run = () => {
    setBusy(true);
    setWarning(null);
    props
      .run()
      .then((r) => setDone(r))
      .catch((e: unknown) => setError(toIpcError(e)))
      .finally(() => setBusy(false));
  };

  const start = async () => {
    setError(null);
    setDone(null);
    if (!props.check) return run();
    setBusy(true);
    // A check that cannot run (the document itself cannot be made) leaves the export to say why.
    const findings = await props.check().catch(() => []);
    if (exportStep(findings) === "warn") {
      setBusy(false);
      setWarning(findings);
    } else {
      run();
    }
  };

  const back = () => {
    setWarning(null);
    buttonRef.current?.focus();
  };

  return (
    <div className="export-pdf">
      {props.children}
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        id={props.id}
        ref={buttonRef}
        disabled={busy}
        onClick={() => void start()}
      >
        {props.label}
      </button>
      {warning ? (
        <div className="nhsuk-warning-callout" id={props.id + "-warning"} ref={warningRef} tabIndex={-1} aria-labelledby={props.id + "-warning-title"}>
          <h3 className="nhsuk-warning-callout__label" id={props.id + "-warning-title"}>
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              {pdfWarningTitle(warning.length)}
            </span>
          </h3>
          <p>
            The PDF will print these as written, and a PDF can be passed on or disclosed. Go back to change them, or save the PDF
            as it is.
          </p>
          <ul className="nhsuk-list privacy-list">
            {warning.map((f) => (
              <li key={f.key}>
                <strong>{f.finding.label}</strong> in {f.location}: <FindingContext f={f.finding} />
                {f.reflection_id ? (
                  <>
                    {" "}
                    <a href={"#/edit/" + f.reflection_id}>
                      Edit the reflection<span className="nhsuk-u-visually-hidden"> with “{f.finding.matched}”</span>
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="nhsuk-button-group">
            <button type="button" className="nhsuk-button" id={props.id + "-go-on"} onClick={run}>
              Save the PDF as it is
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" id={props.id + "-go-back"} onClick={back}>
              Go back
            </button>
          </div>
        </div>
      ) : null}
      <div aria-live="polite" id={props.id + "-result"}>
        {done ? (
          <p className="nhsuk-body-s">
            Saved {done.pages} page{done.pages === 1 ? "" : "s"} to {done.path}.
            {done.replaced > 0 ? ` ${done.replaced} character${done.replaced === 1 ? "" : "s"} the font cannot show ${done.replaced === 1 ? "is" : "are"} printed as �.` : ""}
          </p>
        ) : null}
        {error ? <p className="nhsuk-error-message">{error.message}</p> : null}
      </div>
    </div>
  );
}
