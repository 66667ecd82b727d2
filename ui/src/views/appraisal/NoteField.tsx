// One free-text note in the appraisal: a textarea when this viewer may write it, otherwise the
// text as written, with whose words they are.
import type { Note } from "../../bindings/Note";
import { Textarea } from "../../components/Fields";
import { authorNote } from "../../logic/appraisal";
import { fieldId } from "../../logic/errors";

const MAX_SECTION = 20000;

/** The props of a note field that follow from its field and part (see `SectionProps.noteProps`). */
export interface NoteBinding {
  field: string;
  editable: boolean;
  appraiserName: string;
  error: string | null;
}

export function NoteField(props: {
  field: string;
  label: string;
  hint?: string;
  note: Note;
  editable: boolean;
  appraiserName: string;
  error: string | null;
  onChange: (n: Note) => void;
  /** The level of its heading when read-only: one below the heading it sits under. */
  level?: 3 | 4;
}) {
  const author = authorNote(props.note.by, props.appraiserName);
  if (!props.editable) {
    const Heading = props.level === 4 ? "h4" : "h3";
    return (
      <div className="nhsuk-form-group read-only-note" id={fieldId(props.field)}>
        <Heading className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{props.label}</Heading>
        <p className="reflection-text">{props.note.text || <span className="nhsuk-hint">Not written yet</span>}</p>
        {author && props.note.text ? <p className="nhsuk-body-s author-note">{author}</p> : null}
      </div>
    );
  }
  return (
    <Textarea
      field={props.field}
      label={props.label}
      hint={[props.hint, props.note.text ? author : null].filter(Boolean).join(". ") || undefined}
      value={props.note.text}
      onChange={(text) => props.onChange({ ...props.note, text })}
      rows={4}
      maxChars={MAX_SECTION}
      error={props.error}
    />
  );
}
