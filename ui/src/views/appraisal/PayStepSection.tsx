// 9. Pay-step readiness: the colleague's answers and core's verdict on the five standards.
import type { Answer } from "../../bindings/Answer";
import { DateInput } from "../../components/DateInput";
import { Radios } from "../../components/Fields";
import { ANSWERS } from "../../logic/appraisal";
import { formatDate } from "../../logic/dates";
import { count } from "../../logic/plural";
import { Section, type SectionProps } from "./Section";
import { TableScroll } from "../../components/TableScroll";

const NOT_APPLICABLE = { value: "not_applicable" as Answer, label: "Not applicable: I manage no staff" };

export function PayStepSection({ a, c, can, err, update }: SectionProps) {
  return (
    <Section id="section-pay-step" title="9. Pay-step readiness">
      {can("pay_step") ? (
        <DateInput field="pay_step.date" label="Pay-step date" hint="Leave blank if no pay step is due" value={c.pay_step.date} onChange={(v) => update({ pay_step: { ...c.pay_step, date: v } })} error={err("pay_step.date")} />
      ) : (
        <p>Pay-step date: {c.pay_step.date ? formatDate(c.pay_step.date) : "none due"}</p>
      )}
      {can("pay_step") ? (
        <Radios field="pay_step.no_capability" label="No formal capability process is under way" inline value={c.pay_step.no_capability} choices={ANSWERS} onChange={(v) => update({ pay_step: { ...c.pay_step, no_capability: v } })} error={err("pay_step.no_capability")} />
      ) : null}
      {can("pay_step") ? (
        <Radios field="pay_step.no_disciplinary" label="No live formal disciplinary sanction" inline value={c.pay_step.no_disciplinary} choices={ANSWERS} onChange={(v) => update({ pay_step: { ...c.pay_step, no_disciplinary: v } })} error={err("pay_step.no_disciplinary")} />
      ) : null}
      {can("pay_step") ? (
        <Radios field="pay_step.training" label="Statutory and mandatory training is complete" inline value={c.pay_step.training} choices={ANSWERS} onChange={(v) => update({ pay_step: { ...c.pay_step, training: v } })} error={err("pay_step.training")} />
      ) : null}
      {can("pay_step") ? (
        <Radios field="pay_step.staff_appraised" label="If a manager, all their staff have been appraised" inline value={c.pay_step.staff_appraised} choices={[...ANSWERS, NOT_APPLICABLE]} onChange={(v) => update({ pay_step: { ...c.pay_step, staff_appraised: v } })} error={err("pay_step.staff_appraised")} />
      ) : null}
      <TableScroll label="Pay-step standards">
        <table className="nhsuk-table" id="pay-step-standards">
          <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
            The five standards{a.pay_step.days_until !== null && a.pay_step.date ? `: pay step in ${count(Number(a.pay_step.days_until), "day", "days")}` : ""}
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Standard</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {a.pay_step.standards.map((s) => (
              <tr key={s.key} className="nhsuk-table__row">
                <td className="nhsuk-table__cell">{s.label}</td>
                <td className="nhsuk-table__cell">
                  <strong className={"nhsuk-tag " + (s.met ? "nhsuk-tag--green" : "nhsuk-tag--grey")}>{s.met ? "Met" : "Not yet"}</strong> {s.detail}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Section>
  );
}
