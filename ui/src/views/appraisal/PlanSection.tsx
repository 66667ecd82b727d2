// 6. Personal development plan: editable items while they may be changed, a summary list otherwise.
import { DateInput } from "../../components/DateInput";
import { Select, TextInput } from "../../components/Fields";
import { authorNote, emptyPlanItem, KSF, PLAN_STATUSES, replaceAt } from "../../logic/appraisal";
import { formatDate } from "../../logic/dates";
import { fieldId } from "../../logic/errors";
import { Section, type SectionProps } from "./Section";

export function PlanSection({ c, can, err, update }: SectionProps) {
  const appraiserName = c.appraiser_name;
  return (
    <Section id="section-plan" title="6. Personal development plan">
      <div id={fieldId("development_plan")}>
        {c.development_plan.length === 0 ? <p>No development plan items yet.</p> : null}
        {c.development_plan.map((d, i) => {
          const set = (patch: Partial<typeof d>) => update({ development_plan: replaceAt(c.development_plan, i, { ...d, ...patch }) });
          const f = `development_plan[${i}]`;
          return can("plan") ? (
            <fieldset className="nhsuk-fieldset item-card" key={d.id || "new-" + i}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Development item {i + 1}
                {authorNote(d.by, appraiserName) ? <span className="nhsuk-body-s author-note"> — {authorNote(d.by, appraiserName)}</span> : null}
              </legend>
              <TextInput field={`${f}.need`} label="Development need" value={d.need} onChange={(v) => set({ need: v })} error={err(`${f}.need`)} />
              <TextInput field={`${f}.activity`} label="Activity" hint="Course, shadowing, project, reading…" value={d.activity} onChange={(v) => set({ activity: v })} error={err(`${f}.activity`)} />
              <TextInput field={`${f}.support`} label="Support" value={d.support} onChange={(v) => set({ support: v })} error={err(`${f}.support`)} />
              <DateInput field={`${f}.target_date`} label="Target date" value={d.target_date} onChange={(v) => set({ target_date: v })} error={err(`${f}.target_date`)} />
              <Select field={`${f}.status`} label="Status" value={d.status} onChange={(v) => set({ status: v as typeof d.status })}>
                {PLAN_STATUSES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </Select>
              <Select field={`${f}.ksf`} label="NHS KSF core dimension (optional)" value={d.ksf ?? ""} onChange={(v) => set({ ksf: v ? (v as NonNullable<typeof d.ksf>) : null })}>
                <option value="">None</option>
                {KSF.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </Select>
              <button type="button" className="link-button" onClick={() => update({ development_plan: c.development_plan.filter((_, j) => j !== i) })}>
                Remove development item {i + 1}
              </button>
            </fieldset>
          ) : (
            <dl className="nhsuk-summary-list" key={d.id || i}>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">{d.need || "Development item"}</dt>
                <dd className="nhsuk-summary-list__value">
                  {d.activity}. Support: {d.support || "none"}. Target {d.target_date ? formatDate(d.target_date) : "—"}.{" "}
                  {PLAN_STATUSES.find((s) => s.value === d.status)?.label}
                  {d.ksf ? `. KSF: ${KSF.find((k) => k.value === d.ksf)?.label ?? d.ksf}` : ""}
                </dd>
              </div>
            </dl>
          );
        })}
        {can("plan") ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" id="add-plan-item" onClick={() => update({ development_plan: [...c.development_plan, emptyPlanItem()] })}>
            Add a development item
          </button>
        ) : null}
      </div>
    </Section>
  );
}
