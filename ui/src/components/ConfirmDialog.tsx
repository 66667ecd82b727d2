// A question asked before anything is deleted or trusted: an in-page modal dialog in the NHS.UK
// warning style (window.confirm shows nothing in the app's webview). Focus moves into it, Tab stays
// inside, Escape or "Cancel" closes it and puts focus back on the button that opened it.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { trapTab } from "../logic/confirm";

export interface ConfirmOptions {
  /** The question, as the dialog's heading: "Delete this draft appraisal?" */
  title: string;
  /** What happens, in a sentence or two. */
  body: ReactNode;
  /** The button that goes ahead: "Yes, delete it". */
  confirmLabel: string;
  cancelLabel?: string;
  /** A red (warning) button for deleting; a plain one for other questions. */
  warning?: boolean;
}

interface Request extends ConfirmOptions {
  resolve: (ok: boolean) => void;
  trigger: HTMLElement | null;
}

/** `ask` opens the dialog and resolves true only when the person chooses to go ahead; render
 * `dialog` once in the view. */
export function useConfirm(): { ask: (o: ConfirmOptions, trigger?: HTMLElement | null) => Promise<boolean>; dialog: ReactNode } {
  const [req, setReq] = useState<Request | null>(null);
  const ask = useCallback(
    (o: ConfirmOptions, trigger?: HTMLElement | null) =>
      new Promise<boolean>((resolve) => {
        const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setReq({ ...o, resolve, trigger: trigger ?? active });
      }),
    [],
  );
  const close = useCallback(
    (ok: boolean) => {
      if (!req) return;
      setReq(null);
      req.resolve(ok);
      // Cancelled: back where the person was. Confirmed: the caller decides (the item may be gone).
      if (!ok) setTimeout(() => req.trigger?.focus(), 0);
    },
    [req],
  );
  return { ask, dialog: req ? <ConfirmDialog {...req} onClose={close} /> : null };
}

function ConfirmDialog(props: ConfirmOptions & { onClose: (ok: boolean) => void }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const { onClose } = props;
  return (
    <div className="reflect-modal-backdrop">
      <div
        ref={ref}
        className="reflect-modal nhsuk-warning-callout"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={id + "-title"}
        aria-describedby={id + "-body"}
        id="confirm-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose(false);
          } else if (e.key === "Tab" && ref.current) {
            const items = [...ref.current.querySelectorAll<HTMLElement>("button")];
            const next = trapTab(items.indexOf(document.activeElement as HTMLElement), items.length, e.shiftKey);
            if (next !== null) {
              e.preventDefault();
              items[next]?.focus();
            }
          }
        }}
      >
        <h2 className="nhsuk-warning-callout__label" id={id + "-title"} tabIndex={-1} ref={heading}>
          {props.title}
        </h2>
        <div id={id + "-body"}>{typeof props.body === "string" ? <p>{props.body}</p> : props.body}</div>
        <div className="reflect-modal__actions">
          <button type="button" className={"nhsuk-button" + (props.warning ? " nhsuk-button--warning" : "")} id="confirm-yes" onClick={() => onClose(true)}>
            {props.confirmLabel}
          </button>{" "}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" id="confirm-no" onClick={() => onClose(false)}>
            {props.cancelLabel ?? "Cancel"}
          </button>
        </div>
      </div>
    </div>
  );
}
