import { useEffect, useRef } from "react";
import type { IpcError } from "../bindings/IpcError";
import { fieldId } from "../logic/errors";

/** The NHS error summary: focused when it appears, linking to the field that needs attention. */
export function ErrorSummary({ error }: { error: IpcError | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const target = error.field ? fieldId(error.field.replace(/\[\d+\].*$/, "")) : null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          <li>
            {target ? (
              <a
                href={"#" + target}
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(target);
                  const focusable = el?.matches("input,textarea,select") ? el : el?.querySelector<HTMLElement>("input,textarea,select");
                  focusable?.focus();
                }}
              >
                {error.message}
              </a>
            ) : (
              error.message
            )}
          </li>
        </ul>
      </div>
    </div>
  );
}
