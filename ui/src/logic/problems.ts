// What a form can see is missing before the server is asked, so that the error summary lists every
// problem at once rather than one at a time. These mirror Rust's checks (core/src/storage/profile.rs
// validate_profile, core/src/appraisal/checks.rs check_ready_to_submit and check_ready_to_sign),
// which stay the authority: they are shown only beside a refusal from the server (allErrors).
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { Profile } from "../bindings/Profile";
import type { FieldError } from "./errors";

const blank = (s: string | null | undefined) => !s || s.trim() === "";

/** The set-up and settings form, in the order it shows its fields. */
export function profileProblems(p: Profile, registration: { body: string; pin: string; renewal: string }): FieldError[] {
  const out: FieldError[] = [];
  const need = (field: string, value: string, message: string) => {
    if (blank(value)) out.push({ field, message });
  };
  need("name", p.name, "Enter your name");
  need("job_title", p.job_title, "Enter your job title");
  need("grade", p.grade, "Enter your band or grade");
  need("team", p.team, "Enter your team or department");
  need("line_manager", p.line_manager, "Enter your line manager's name");
  need("organisation_framework", p.organisation_framework, "Choose your organisation's values");
  if (registration.body) {
    need("registration.pin", registration.pin, "Enter your registration number (PIN)");
    need("registration.renewal_date", registration.renewal, "Enter your renewal date");
  }
  return out;
}

/** What must be filled in before the colleague submits. */
export function submitProblems(c: AppraisalContent): FieldError[] {
  const out: FieldError[] = [];
  if (blank(c.appraiser_name)) out.push({ field: "appraiser_name", message: "Enter your appraiser's name" });
  if (blank(c.appraiser_job_title)) out.push({ field: "appraiser_job_title", message: "Enter your appraiser's job title" });
  c.objectives.forEach((o, i) => {
    if (blank(o.objective)) out.push({ field: `objectives[${i}].objective`, message: `Objective ${i + 1}: enter the objective, or remove the row` });
  });
  c.development_plan.forEach((d, i) => {
    if (blank(d.need)) out.push({ field: `development_plan[${i}].need`, message: `Development plan item ${i + 1}: enter the development need, or remove the row` });
  });
  return out;
}

/** What must be complete before anyone signs, in the order the page shows it. */
export function signProblems(c: AppraisalContent): FieldError[] {
  const out: FieldError[] = [];
  if (blank(c.appraiser_name)) out.push({ field: "appraiser_name", message: "Enter your appraiser's name" });
  if (blank(c.appraiser_job_title)) out.push({ field: "appraiser_job_title", message: "Enter your appraiser's job title" });
  c.previous.forEach((p, i) => {
    if (p.outcome === null) {
      const text = [...p.text].length > 60 ? [...p.text].slice(0, 60).join("") + "…" : p.text;
      out.push({ field: `previous[${i}].outcome`, message: `Say how last year's item "${text}" went` });
    }
  });
  c.objectives.forEach((o, i) => {
    const f = `objectives[${i}]`;
    if (blank(o.objective)) out.push({ field: `${f}.objective`, message: `Objective ${i + 1}: enter the objective, or remove the row` });
    if (blank(o.measure)) out.push({ field: `${f}.measure`, message: `Objective ${i + 1}: say how success will be measured` });
    if (blank(o.by_date)) out.push({ field: `${f}.by_date`, message: `Objective ${i + 1}: enter the date it should be achieved by` });
  });
  c.development_plan.forEach((d, i) => {
    const f = `development_plan[${i}]`;
    if (blank(d.need)) out.push({ field: `${f}.need`, message: `Development plan item ${i + 1}: enter the development need, or remove the row` });
    if (blank(d.activity)) out.push({ field: `${f}.activity`, message: `Development plan item ${i + 1}: enter the activity that will meet the need` });
    if (blank(d.target_date)) out.push({ field: `${f}.target_date`, message: `Development plan item ${i + 1}: enter a target date` });
  });
  return out;
}
