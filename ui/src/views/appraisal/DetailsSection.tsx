// 1. Details: who the appraisal is for, the period, and the appraiser and meeting.
import { DateInput } from "../../components/DateInput";
import { TextInput } from "../../components/Fields";
import { formatDate } from "../../logic/dates";
import { Section, type SectionProps } from "./Section";

export function DetailsSection({ a, c, can, err, update }: SectionProps) {
  return (
    <Section id="section-details" title="1. Details">
      <dl className="nhsuk-summary-list">
        {[
          ["Name", a.details.name],
          ["Job title", a.details.job_title],
          ["Band or grade", a.details.grade],
          ["Team", a.details.team],
          ["Employee number", a.details.employee_number ?? "Not given"],
          ["Values framework", a.framework.name],
        ].map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="nhsuk-body-s">
        {a.frozen ? "As they were when the record was first signed." : "From your profile; fixed when the record is signed."}
      </p>
      {can("period") ? (
        <>
          <DateInput field="period_start" label="Start of the period" value={c.period_start} onChange={(v) => update({ period_start: v })} error={err("period_start")} />
          <DateInput field="period_end" label="End of the period" value={c.period_end} onChange={(v) => update({ period_end: v })} error={err("period_end")} />
        </>
      ) : null}
      {can("appraiser_details") ? (
        <>
          <TextInput field="appraiser_name" label="Appraiser's name" value={c.appraiser_name} onChange={(v) => update({ appraiser_name: v })} width="20" error={err("appraiser_name")} />
          <TextInput field="appraiser_job_title" label="Appraiser's job title" value={c.appraiser_job_title} onChange={(v) => update({ appraiser_job_title: v })} width="20" error={err("appraiser_job_title")} />
          <DateInput field="meeting_date" label="Date of the appraisal meeting" hint="Leave blank until it is arranged" value={c.meeting_date} onChange={(v) => update({ meeting_date: v })} error={err("meeting_date")} />
        </>
      ) : (
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Appraiser</dt>
            <dd className="nhsuk-summary-list__value">
              {c.appraiser_name || "Not named"}
              {c.appraiser_job_title ? `, ${c.appraiser_job_title}` : ""}
            </dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Meeting</dt>
            <dd className="nhsuk-summary-list__value">{c.meeting_date ? formatDate(c.meeting_date) : "Not arranged"}</dd>
          </div>
        </dl>
      )}
    </Section>
  );
}
