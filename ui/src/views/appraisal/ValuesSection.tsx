// 3. Values and behaviours: for each value, the reflections offered and included as evidence,
// the colleague's summary and the appraiser's comment.
import type { ModelInfo } from "../../bindings/ModelInfo";
import { Checkbox } from "../../components/Fields";
import { ReflectionDetails } from "../../components/ReflectionDetails";
import { replaceAt, toggleEvidence } from "../../logic/appraisal";
import { formatDate } from "../../logic/dates";
import { fieldId } from "../../logic/errors";
import { NoteField } from "./NoteField";
import { Section, type SectionProps } from "./Section";

export function ValuesSection({ a, c, can, err, update, noteProps, models }: SectionProps & { models: ModelInfo[] }) {
  const colleague = a.details.name;
  return (
    <Section id="section-values" title="3. Values and behaviours">
      <div id={fieldId("values")}>
        {a.evidence.map((e, i) => {
          const section = c.values.find((v) => v.value_key === e.key);
          if (!section) return null;
          const vi = c.values.indexOf(section);
          const setSection = (patch: Partial<typeof section>) => update({ values: replaceAt(c.values, vi, { ...section, ...patch }) });
          const gap = e.included.length === 0;
          return (
            <div className="value-section" key={e.key} id={"value-" + e.key}>
              <h3>
                {e.name}{" "}
                {gap ? <strong className="nhsuk-tag nhsuk-tag--red">Gap: no evidence</strong> : <strong className="nhsuk-tag nhsuk-tag--green">{e.included.length} included</strong>}
              </h3>
              {can("evidence") ? (
                <div className={"nhsuk-form-group" + (err(`values[${vi}].reflection_ids`) ? " nhsuk-form-group--error" : "")}>
                  <fieldset className="nhsuk-fieldset" aria-describedby={`evidence-${e.key}-hint`}>
                    <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Reflections to include</legend>
                    <div className="nhsuk-hint" id={`evidence-${e.key}-hint`}>
                      Shared reflections from the period tagged with {e.name}. Your appraiser sees the ones you tick.
                      {e.private_count > 0 ? ` ${e.private_count} private reflection${e.private_count === 1 ? " is" : "s are"} not offered: share ${e.private_count === 1 ? "it" : "them"} first to include ${e.private_count === 1 ? "it" : "them"}.` : ""}
                    </div>
                    {err(`values[${vi}].reflection_ids`) ? <span className="nhsuk-error-message">{err(`values[${vi}].reflection_ids`)}</span> : null}
                    <div className="nhsuk-checkboxes">
                      {[...e.included.map((r) => ({ id: r.id, title: r.title, date: r.event_date })), ...e.proposed.map((r) => ({ id: r.id, title: r.title, date: r.event_date }))].map((r) => (
                        <Checkbox
                          key={r.id}
                          id={`evidence-${e.key}-${r.id}`}
                          label={`${r.title} (${formatDate(r.date)})`}
                          checked={section.reflection_ids.includes(r.id)}
                          onChange={(on) => update(toggleEvidence(c, e.key, r.id, on))}
                        />
                      ))}
                    </div>
                    {e.included.length + e.proposed.length === 0 ? <p className="nhsuk-body-s">No shared reflections in this period yet.</p> : null}
                    {e.unavailable.length ? (
                      <p className="nhsuk-body-s">
                        {e.unavailable.length} included reflection{e.unavailable.length === 1 ? " is" : "s are"} no longer shared or in the bin, so{" "}
                        {e.unavailable.length === 1 ? "it is" : "they are"} left out.
                      </p>
                    ) : null}
                  </fieldset>
                </div>
              ) : null}
              {e.included.length ? (
                <div className="evidence-list">
                  <h4 className="nhsuk-heading-xs">Included evidence</h4>
                  {e.included.map((r) => (
                    <ReflectionDetails key={r.id} r={r} models={models} />
                  ))}
                </div>
              ) : null}
              <NoteField {...noteProps(`values[${vi}].summary`, "value_summary")} label={`${colleague}'s summary for ${e.name}`} level={4} note={section.summary} onChange={(n) => setSection({ summary: n })} />
              <NoteField {...noteProps(`values[${vi}].comment`, "value_comment")} label={`Appraiser's comment on ${e.name}`} level={4} note={section.comment} onChange={(n) => setSection({ comment: n })} />
              {i < a.evidence.length - 1 ? <hr className="nhsuk-section-break nhsuk-section-break--m nhsuk-section-break--visible" /> : null}
            </div>
          );
        })}
      </div>
    </Section>
  );
}
