// The NHS.UK date-input pattern (https://service-manual.nhs.uk/design-system/components/date-input):
// a fieldset and legend, a hint with an example, and Day, Month and Year boxes. The value handed
// out is a calendar date YYYY-MM-DD (or "" when all three boxes are empty).
//
// What is typed is kept here, box by box, and never replaced while the person types: the value
// goes out only once the boxes form a whole real date (or are emptied), so a half-typed date does
// not reach the parent, its list or its autosave. A problem with the boxes ("… must include a
// month") is shown here, at the field, when focus leaves the three boxes or on Enter; it never
// moves the focus.
import { useState, type FocusEvent, type KeyboardEvent } from "react";
import { formatDate, joinDate, longDatesIn, readDate, splitDate, type DatePart, type DateParts } from "../logic/dates";
import { fieldId } from "../logic/errors";

interface Props {
  field: string;
  /** The legend, as the person sees it ("Date of the event"). */
  label: string;
  /** What the date is called in a message; the label unless given ("The From date"). */
  name?: string;
  /** Said before the example ("It cannot be in the future"). */
  hint?: string;
  /** The example in the hint; "15 3 2026" unless given. */
  example?: string;
  /** YYYY-MM-DD, "" for none (or what an earlier problem left; see `onChange`). */
  value: string;
  /** A whole real date (YYYY-MM-DD) or "" as soon as the boxes hold one. With `valid` false:
   * focus left boxes that do not hold a date, and `value` is what they hold, joined (the caller
   * may keep its last date instead, or hand it on so a save is refused). */
  onChange: (value: string, valid: boolean) => void;
  /** From a save: shown unless the boxes have a problem of their own. */
  error?: string | null;
  /** Shown as text, not boxes. */
  disabled?: boolean;
}

const PARTS: { key: DatePart; label: string; width: string }[] = [
  { key: "day", label: "Day", width: "2" },
  { key: "month", label: "Month", width: "2" },
  { key: "year", label: "Year", width: "4" },
];

export function DateInput(props: Props) {
  const [parts, setParts] = useState<DateParts>(() => splitDate(props.value));
  // The value last seen from outside: another one that is not what the boxes hold (loaded,
  // cleared, restored) replaces them. A caller that keeps its value when the boxes hold no date
  // (the journal's filters) leaves them as typed.
  const [seen, setSeen] = useState(props.value);
  // Whether to show a problem with the boxes (after focus leaves them, or Enter).
  const [checked, setChecked] = useState(false);
  if (props.value !== seen) {
    setSeen(props.value);
    const entry = readDate(parts, "");
    const mine = entry.kind === "date" ? entry.iso : entry.kind === "empty" ? "" : joinDate(parts);
    if (props.value !== mine) {
      setParts(splitDate(props.value));
      setChecked(false);
    }
  }
  const id = fieldId(props.field);
  const name = props.name ?? props.label;

  if (props.disabled) {
    return (
      <div className="nhsuk-form-group" data-field={props.field}>
        <p className="nhsuk-body">
          <strong>{props.label}:</strong> {props.value ? formatDate(props.value) : "not set"}
        </p>
      </div>
    );
  }

  const entry = readDate(parts, name);
  const own = checked && entry.kind === "problem" ? entry : null;
  const error = own ? own.message : entry.kind === "date" || entry.kind === "empty" || !checked ? (props.error ? longDatesIn(props.error) : null) : null;
  const wrong = (k: DatePart) => (own ? own.parts.includes(k) : Boolean(error));

  const change = (k: DatePart, text: string) => {
    const next = { ...parts, [k]: text };
    setParts(next);
    const e = readDate(next, name);
    if (e.kind === "problem") return;
    // Whole again: any problem shown goes as soon as it is fixed.
    const out = e.kind === "date" ? e.iso : "";
    if (out !== props.value) props.onChange(out, true);
  };
  const check = () => {
    setChecked(true);
    if (entry.kind !== "problem") return;
    const raw = joinDate(parts);
    if (raw !== props.value) props.onChange(raw, false);
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    // Moving between Day, Month and Year is still typing the date.
    if (e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget)) return;
    check();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter") check();
  };

  const hint = `${props.hint ? props.hint + ". " : ""}For example, ${props.example ?? "15 3 2026"}`;
  return (
    <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")} data-field={props.field} onBlur={onBlur} onKeyDown={onKeyDown}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={`${id}-hint` + (error ? ` ${id}-error` : "")}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{props.label}</legend>
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error ? (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-date-input" id={id}>
          {PARTS.map((p) => (
            <div className="nhsuk-date-input__item" key={p.key}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${p.key}`}>
                  {p.label}
                </label>
                <input
                  className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${p.width}` + (wrong(p.key) ? " nhsuk-input--error" : "")}
                  id={`${id}-${p.key}`}
                  name={`${props.field}-${p.key}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  aria-invalid={wrong(p.key) ? true : undefined}
                  value={parts[p.key]}
                  onChange={(e) => change(p.key, e.target.value)}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
