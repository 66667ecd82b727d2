// 4. Last year's objectives and development plan: how each carried-forward item went.
import { Radios, TextInput } from "../../components/Fields";
import { OUTCOMES, replaceAt } from "../../logic/appraisal";
import { fieldId } from "../../logic/errors";
import { Section, type SectionProps } from "./Section";

export function PreviousSection({ c, can, err, update }: SectionProps) {
  return (
    <Section id="section-previous" title="4. Last year's objectives and development plan">
      <div id={fieldId("previous")}>
        {c.previous.length === 0 ? <p>Nothing was carried forward from a previous appraisal.</p> : null}
        {c.previous.map((p, i) => (
          <div className="previous-item" key={p.source_id}>
            <h3 className="nhsuk-heading-s">
              {p.kind === "objective" ? "Objective" : "Development"}: {p.text}
            </h3>
            {p.detail ? <p className="nhsuk-body-s">{p.detail}</p> : null}
            {can("previous") ? (
              <>
                <Radios
                  field={`previous[${i}].outcome`}
                  label="How did it go?"
                  inline
                  value={p.outcome}
                  choices={OUTCOMES}
                  onChange={(o) => update({ previous: replaceAt(c.previous, i, { ...p, outcome: o }) })}
                  error={err(`previous[${i}].outcome`)}
                />
                <TextInput field={`previous[${i}].note`} label="Note" value={p.note.text} onChange={(t) => update({ previous: replaceAt(c.previous, i, { ...p, note: { ...p.note, text: t } }) })} error={err(`previous[${i}].note`)} />
              </>
            ) : (
              <p>
                <strong>{OUTCOMES.find((o) => o.value === p.outcome)?.label ?? "Outcome not marked"}</strong>
                {p.note.text ? ` — ${p.note.text}` : ""}
              </p>
            )}
          </div>
        ))}
      </div>
    </Section>
  );
}
