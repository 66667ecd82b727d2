// NHS.UK design-system form fields: each has a label, optional hint, and an inline error that the
// error summary links to (by the id from fieldId). Dates have their own component (DateInput.tsx).
import type { ReactNode } from "react";
import { fieldId } from "../logic/errors";

interface FieldProps {
  field: string;
  label: string;
  hint?: string;
  error?: string | null;
}

function Wrapper({ field, error, children }: { field: string; error?: string | null; children: ReactNode }) {
  return (
    <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")} data-field={field}>
      {children}
    </div>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <div className="nhsuk-hint" id={id + "-hint"}>
      {hint}
    </div>
  ) : null;
}

function ErrorMessage({ id, error }: { id: string; error?: string | null }) {
  return error ? (
    <span className="nhsuk-error-message" id={id + "-error"}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  ) : null;
}

function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  const ids = [hint ? id + "-hint" : "", error ? id + "-error" : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

/** Label, hint and error message above a single control (the NHS.UK field pattern). */
function Labelled(props: FieldProps & { small?: boolean; children: ReactNode }) {
  const id = fieldId(props.field);
  return (
    <Wrapper field={props.field} error={props.error}>
      <label className={"nhsuk-label" + (props.small ? " nhsuk-label--s" : "")} htmlFor={id}>
        {props.label}
      </label>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={props.error} />
      {props.children}
    </Wrapper>
  );
}

/** The attributes that tie a control to its label, hint and error. */
function controlAttrs(props: FieldProps) {
  const id = fieldId(props.field);
  return {
    id,
    name: props.field,
    "aria-describedby": describedBy(id, props.hint, props.error),
    "aria-invalid": props.error ? true : undefined,
  };
}

export function TextInput(
  props: FieldProps & { value: string; onChange: (v: string) => void; width?: string; type?: string; autoComplete?: string },
) {
  return (
    <Labelled {...props}>
      <input
        {...controlAttrs(props)}
        className={"nhsuk-input" + (props.width ? ` nhsuk-input--width-${props.width}` : "") + (props.error ? " nhsuk-input--error" : "")}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autoComplete ?? "off"}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Labelled>
  );
}

export function Textarea(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number; maxChars?: number }) {
  const count = [...props.value].length;
  const over = props.maxChars !== undefined && count > props.maxChars;
  return (
    <Labelled {...props} small>
      <textarea
        {...controlAttrs(props)}
        className={"nhsuk-textarea" + (props.error ? " nhsuk-textarea--error" : "")}
        rows={props.rows ?? 5}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.maxChars !== undefined && count > props.maxChars * 0.8 ? (
        <div className={"nhsuk-hint" + (over ? " nhsuk-error-message" : "")} aria-live="polite">
          {over
            ? `You have ${count - props.maxChars} characters too many`
            : `You have ${props.maxChars - count} characters remaining`}
        </div>
      ) : null}
    </Labelled>
  );
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export function Radios<T extends string>(
  props: FieldProps & { value: T | null; choices: Choice<T>[]; onChange: (v: T) => void; inline?: boolean },
) {
  const id = fieldId(props.field);
  return (
    <Wrapper field={props.field} error={props.error}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, props.hint, props.error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{props.label}</legend>
        <Hint id={id} hint={props.hint} />
        <ErrorMessage id={id} error={props.error} />
        <div className={"nhsuk-radios" + (props.inline ? " nhsuk-radios--inline" : "")} id={id}>
          {props.choices.map((c) => (
            <div className="nhsuk-radios__item" key={c.value}>
              <input
                className="nhsuk-radios__input"
                id={`${id}-${c.value}`}
                name={props.field}
                type="radio"
                value={c.value}
                checked={props.value === c.value}
                onChange={() => props.onChange(c.value)}
                aria-describedby={c.hint ? `${id}-${c.value}-hint` : undefined}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${id}-${c.value}`}>
                {c.label}
              </label>
              {c.hint ? (
                <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-${c.value}-hint`}>
                  {c.hint}
                </div>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
    </Wrapper>
  );
}

/** One checkbox. `describedBy`: the id of what it is about, when that is shown beside it rather
 * than in its label (a share-preview acknowledgement and its finding). */
export function Checkbox(props: {
  id: string;
  label: ReactNode;
  hint?: string;
  describedBy?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  const describedBy = [props.describedBy, props.hint ? props.id + "-hint" : ""].filter(Boolean).join(" ");
  return (
    <div className="nhsuk-checkboxes__item">
      <input
        className="nhsuk-checkboxes__input"
        id={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        aria-describedby={describedBy || undefined}
      />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <div className="nhsuk-hint nhsuk-checkboxes__hint" id={props.id + "-hint"}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}

export function Select(props: FieldProps & { value: string; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <Labelled {...props}>
      <select {...controlAttrs(props)} className="nhsuk-select" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
    </Labelled>
  );
}
