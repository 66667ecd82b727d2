import { useEffect, useRef } from "react";
import type { IpcError } from "../bindings/IpcError";
import { targetIds, type FieldError } from "../logic/errors";

interface Props {
  /** One error (as an IPC call gives it). */
  error?: IpcError | null;
  /** Every error, each linking to its own field (used instead of `error` when given). */
  errors?: FieldError[];
  /** A count of the person's submits and saves that ended in these errors: the summary takes
   * focus each time it goes up, and never otherwise (not on autosave, a filter or typing).
   * Without it, the summary takes focus when a new error appears (for views whose errors only
   * come from a button the person pressed). */
  focusKey?: number;
}

/** Focus the field an error names: its own control if shown, else the nearest part of the form. */
function focusField(field: string) {
  for (const id of targetIds(field)) {
    const el = document.getElementById(id);
    if (!el) continue;
    const control = el.matches("input,textarea,select") ? el : el.querySelector<HTMLElement>("input,textarea,select,button");
    (control ?? el).focus();
    el.scrollIntoView?.({ block: "center" });
    return;
  }
}

/** The NHS error summary: every problem, each linking to the field that needs attention. */
export function ErrorSummary({ error = null, errors, focusKey }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const list: FieldError[] = errors ?? (error ? [{ field: error.field, message: error.message }] : []);
  const shown = list.length > 0;
  useEffect(() => {
    if (focusKey === undefined && error) ref.current?.focus();
  }, [error, focusKey]);
  useEffect(() => {
    if (focusKey !== undefined && focusKey > 0) ref.current?.focus();
  }, [focusKey]);
  if (!shown) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {list.map((e, i) => (
            <li key={i}>
              {e.field ? (
                <a
                  href={"#" + (targetIds(e.field)[0] ?? "")}
                  onClick={(ev) => {
                    ev.preventDefault();
                    if (e.field) focusField(e.field);
                  }}
                >
                  {e.message}
                </a>
              ) : (
                e.message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
