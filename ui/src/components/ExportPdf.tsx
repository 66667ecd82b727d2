// One "Save as PDF" control: runs an export (the Rust side asks where to save and writes the file)
// and says where it went, or why it could not.
import { useState, type ReactNode } from "react";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { IpcError } from "../bindings/IpcError";
import { toIpcError } from "../logic/errors";

export function ExportPdf(props: { id: string; label: string; run: () => Promise<ExportOutcome | null>; children?: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportOutcome | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  return (
    <div className="export-pdf">
      {props.children}
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        id={props.id}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          props
            .run()
            .then((r) => setDone(r))
            .catch((e: unknown) => setError(toIpcError(e)))
            .finally(() => setBusy(false));
        }}
      >
        {props.label}
      </button>
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
