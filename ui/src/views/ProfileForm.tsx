import { useState } from "react";
import type { FrameworkSummary } from "../bindings/FrameworkSummary";
import type { IpcError } from "../bindings/IpcError";
import type { Profile } from "../bindings/Profile";
import type { RegistrationBody } from "../bindings/RegistrationBody";
import { ErrorSummary } from "../components/ErrorSummary";
import { DateInput } from "../components/DateInput";
import { Checkbox, Radios, TextInput } from "../components/Fields";
import { api } from "../ipc";
import { allErrors, messageFor, toIpcError, type FieldError } from "../logic/errors";
import { profileProblems } from "../logic/problems";

interface Props {
  initial: Profile | null;
  frameworks: FrameworkSummary[];
  submitLabel: string;
  onSaved: (p: Profile) => void;
}

/** The profile: first-run set-up and settings share it. */
export function ProfileForm({ initial, frameworks, submitLabel, onSaved }: Props) {
  const orgs = frameworks.filter((f) => f.kind === "organisation");
  const pros = frameworks.filter((f) => f.kind === "professional");
  const [p, setP] = useState<Profile>(
    initial ?? {
      name: "",
      job_title: "",
      grade: "",
      team: "",
      line_manager: "",
      employee_number: null,
      department: null,
      registration: null,
      organisation_framework: "",
      professional_frameworks: [],
    },
  );
  const [regBody, setRegBody] = useState<"" | RegistrationBody>(initial?.registration?.body ?? "");
  const [pin, setPin] = useState(initial?.registration?.pin ?? "");
  const [renewal, setRenewal] = useState(initial?.registration?.renewal_date ?? "");
  const [errors, setErrors] = useState<FieldError[]>([]);
  // Each submit that is refused moves focus to the summary (nothing else does).
  const [refused, setRefused] = useState(0);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Profile>) => setP((old) => ({ ...old, ...patch }));

  const submit = async () => {
    setBusy(true);
    const profile: Profile = {
      ...p,
      employee_number: p.employee_number?.trim() ? p.employee_number : null,
      department: p.department?.trim() ? p.department : null,
      registration: regBody ? { body: regBody, pin, renewal_date: renewal } : null,
    };
    try {
      const saved = await api.saveProfile(profile);
      setErrors([]);
      onSaved(saved);
    } catch (e) {
      const server: IpcError = toIpcError(e);
      setErrors(allErrors(server, profileProblems(profile, { body: regBody, pin, renewal })));
      setRefused((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorSummary errors={errors} focusKey={refused} />
      <TextInput field="name" label="Full name" value={p.name} autoComplete="name" onChange={(v) => set({ name: v })} error={messageFor(errors, "name")} />
      <TextInput field="job_title" label="Job title" hint="For example, Staff Nurse or Medical Secretary" value={p.job_title} onChange={(v) => set({ job_title: v })} error={messageFor(errors, "job_title")} />
      <TextInput field="grade" label="Band or grade" hint="Your Agenda for Change band, like Band 5, or another grade, like FY2" value={p.grade} width="10" onChange={(v) => set({ grade: v })} error={messageFor(errors, "grade")} />
      <TextInput field="team" label="Team or department" value={p.team} onChange={(v) => set({ team: v })} error={messageFor(errors, "team")} />
      <TextInput field="line_manager" label="Line manager's name" value={p.line_manager} onChange={(v) => set({ line_manager: v })} error={messageFor(errors, "line_manager")} />
      <TextInput field="department" label="Department or directorate (optional)" hint="Used only to group HR summaries, for example Medicine" value={p.department ?? ""} width="20" onChange={(v) => set({ department: v })} error={messageFor(errors, "department")} />
      <TextInput field="employee_number" label="Employee number (optional)" hint="Your ESR assignment number, if you want it on appraisal documents" value={p.employee_number ?? ""} width="10" onChange={(v) => set({ employee_number: v })} error={messageFor(errors, "employee_number")} />
      <Radios
        field="organisation_framework"
        label="Your organisation's values"
        hint="Your reflections are tagged against these values and their behaviours"
        value={p.organisation_framework}
        choices={orgs.map((f) => ({ value: f.id, label: f.name, hint: f.organisation }))}
        onChange={(v) => set({ organisation_framework: v })}
        error={messageFor(errors, "organisation_framework")}
      />
      {pros.length ? (
        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Professional frameworks (optional)</legend>
            <div className="nhsuk-hint">Tag reflections against these at the same time, for revalidation</div>
            <div className="nhsuk-checkboxes">
              {pros.map((f) => (
                <Checkbox
                  key={f.id}
                  id={`professional-${f.id}`}
                  label={f.name}
                  checked={p.professional_frameworks.includes(f.id)}
                  onChange={(on) =>
                    set({
                      professional_frameworks: on
                        ? [...p.professional_frameworks, f.id]
                        : p.professional_frameworks.filter((x) => x !== f.id),
                    })
                  }
                />
              ))}
            </div>
          </fieldset>
        </div>
      ) : null}
      <Radios<"" | RegistrationBody>
        field="registration"
        label="Professional registration (optional)"
        value={regBody}
        inline
        choices={[
          { value: "", label: "None" },
          { value: "NMC", label: "NMC" },
          { value: "HCPC", label: "HCPC" },
          { value: "GMC", label: "GMC" },
        ]}
        onChange={setRegBody}
      />
      {regBody ? (
        <div className="nhsuk-inset-text">
          <TextInput field="registration.pin" label="Registration number (PIN)" value={pin} width="10" onChange={setPin} error={messageFor(errors, "registration.pin")} />
          <DateInput field="registration.renewal_date" label="Renewal date" example="31 3 2027" value={renewal} onChange={setRenewal} error={messageFor(errors, "registration.renewal_date")} />
        </div>
      ) : null}
      <button className="nhsuk-button" type="submit" disabled={busy} id="save-profile">
        {submitLabel}
      </button>
    </form>
  );
}
