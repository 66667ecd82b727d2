// 5. New objectives: editable cards while they may be changed, a summary list otherwise.
import { DateInput } from "../../components/DateInput";
import { TextInput } from "../../components/Fields";
import { authorNote, emptyObjective, replaceAt } from "../../logic/appraisal";
import { formatDate } from "../../logic/dates";
import { fieldId } from "../../logic/errors";
import { Section, type SectionProps } from "./Section";

export function ObjectivesSection({ c, can, err, update }: SectionProps) {
  const appraiserName = c.appraiser_name;
  return (
    <Section id="section-objectives" title="5. New objectives">
      <div id={fieldId("objectives")}>
        {c.objectives.length === 0 ? <p>No objectives yet.</p> : null}
        {c.objectives.map((o, i) => {
          const set = (patch: Partial<typeof o>) => update({ objectives: replaceAt(c.objectives, i, { ...o, ...patch }) });
          const f = `objectives[${i}]`;
          return can("objectives") ? (
            <fieldset className="nhsuk-fieldset item-card" key={o.id || "new-" + i}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Objective {i + 1}
                {authorNote(o.by, appraiserName) ? <span className="nhsuk-body-s author-note"> — {authorNote(o.by, appraiserName)}</span> : null}
              </legend>
              <TextInput field={`${f}.objective`} label="Objective" hint="Specific and achievable" value={o.objective} onChange={(v) => set({ objective: v })} error={err(`${f}.objective`)} />
              <TextInput field={`${f}.measure`} label="How will success be measured?" value={o.measure} onChange={(v) => set({ measure: v })} error={err(`${f}.measure`)} />
              <DateInput field={`${f}.by_date`} label="By when" value={o.by_date} onChange={(v) => set({ by_date: v })} error={err(`${f}.by_date`)} />
              <TextInput field={`${f}.support`} label="Support needed" value={o.support} onChange={(v) => set({ support: v })} error={err(`${f}.support`)} />
              <button type="button" className="link-button" onClick={() => update({ objectives: c.objectives.filter((_, j) => j !== i) })}>
                Remove objective {i + 1}
              </button>
            </fieldset>
          ) : (
            <dl className="nhsuk-summary-list" key={o.id || i}>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Objective {i + 1}</dt>
                <dd className="nhsuk-summary-list__value">
                  <strong>{o.objective}</strong>
                  <br />
                  Measured by: {o.measure || "—"}. By {o.by_date ? formatDate(o.by_date) : "—"}. Support: {o.support || "none"}.
                  {authorNote(o.by, appraiserName) ? <span className="nhsuk-body-s author-note"> {authorNote(o.by, appraiserName)}</span> : null}
                </dd>
              </div>
            </dl>
          );
        })}
        {can("objectives") ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" id="add-objective" onClick={() => update({ objectives: [...c.objectives, emptyObjective()] })}>
            Add an objective
          </button>
        ) : null}
      </div>
    </Section>
  );
}
