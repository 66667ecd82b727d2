import { useEffect, useState } from "react";
import type { AppState } from "../bindings/AppState";
import type { Framework } from "../bindings/Framework";
import type { IpcError } from "../bindings/IpcError";
import type { KeyInfo } from "../bindings/KeyInfo";
import type { Profile } from "../bindings/Profile";
import { ErrorSummary } from "../components/ErrorSummary";
import { Checkbox } from "../components/Fields";
import { api } from "../ipc";
import { toIpcError } from "../logic/errors";
import { Backups } from "./Backups";
import { PassphraseAndLock } from "./PassphraseAndLock";
import { ProfileForm } from "./ProfileForm";
import { TakeItWithYou } from "./TakeItWithYou";

/** Settings → Reminders: desktop notifications of what falls due, on or off. */
function Reminders({ on, reload }: { on: boolean; reload: () => void }) {
  const [error, setError] = useState<IpcError | null>(null);
  return (
    <>
      <h2>Reminders</h2>
      <p>
        When your appraisal, your pay step or your NMC revalidation falls due, Reflect can tell you with a desktop notification,
        at most once a day, while it is open. The notification says only what is due, never anything you wrote.
      </p>
      <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
        {error ? (
          <span className="nhsuk-error-message" id="notifications-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error.message}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes">
          <Checkbox
            id="notifications"
            label="Show desktop notifications for reminders that fall due"
            describedBy={error ? "notifications-error" : undefined}
            checked={on}
            onChange={(next) => {
              api
                .setNotifications(next)
                .then(() => {
                  setError(null);
                  reload();
                })
                .catch((e: unknown) => setError(toIpcError(e)));
            }}
          />
        </div>
      </div>
    </>
  );
}

function RenameValue({ framework, valueKey, current, onDone }: { framework: string; valueKey: string; current: string; onDone: () => void }) {
  const [name, setName] = useState(current);
  const [error, setError] = useState<IpcError | null>(null);
  const id = `rename-${framework}-${valueKey}`;
  return (
    <form
      className="rename-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        api
          .renameValue(framework, valueKey, name)
          .then(() => {
            setError(null);
            onDone();
          })
          .catch((err: unknown) => setError(toIpcError(err)));
      }}
    >
      <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
          Rename “{current}”
        </label>
        {error ? <span className="nhsuk-error-message">{error.message}</span> : null}
        <input className="nhsuk-input nhsuk-input--width-20" id={id} value={name} onChange={(e) => setName(e.target.value)} />{" "}
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
          Rename
        </button>
      </div>
    </form>
  );
}

function FrameworkDetails({ fw, onChanged }: { fw: Framework; onChanged: () => void }) {
  const d = fw.doc;
  return (
    <details className="nhsuk-details" id={"framework-" + d.id}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          {d.name} ({d.kind === "professional" ? "professional framework" : d.organisation}), version {fw.revision}
        </span>
      </summary>
      <div className="nhsuk-details__text">
        {d.vision ? (
          <p>
            <strong>Vision:</strong> {d.vision}
          </p>
        ) : null}
        {d.values.map((v) => (
          <div key={v.key} className="framework-value">
            <h3 className="nhsuk-heading-s">{v.name}</h3>
            {v.description ? <p>{v.description}</p> : null}
            {v.label_note ? <p className="nhsuk-body-s nhsuk-u-secondary-text-color">Note: {v.label_note}</p> : null}
            {v.behaviours.length ? (
              <>
                <p className="nhsuk-body-s">{v.behaviours_intro ?? "Behaviours"}</p>
                <ul>
                  {v.behaviours.map((b) => (
                    <li key={b.key}>{b.text}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <RenameValue framework={d.id} valueKey={v.key} current={v.name} onDone={onChanged} />
          </div>
        ))}
        {d.strategic_objectives.length ? <h3 className="nhsuk-heading-s">Strategic objectives</h3> : null}
        {d.strategic_objectives.map((o) => (
          <div key={o.name}>
            <p className="nhsuk-u-margin-bottom-1">
              <strong>{o.name}</strong>
            </p>
            <ul>
              {o.bullets.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        ))}
        <p className="nhsuk-body-s">Source: {d.source}</p>
        {d.notes ? <p className="nhsuk-body-s">{d.notes}</p> : null}
      </div>
    </details>
  );
}

/** This device's signing key and its fingerprint (the same as `reflect key`), read-only. */
function SigningKey({ hasKey }: { hasKey: boolean }) {
  const [key, setKey] = useState<KeyInfo | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    if (!hasKey) return;
    api
      .keyInfo()
      .then(setKey)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [hasKey]);
  if (!hasKey) return null;
  return (
    <>
      <h2>Your signing key</h2>
      <p>Read this aloud or compare it with your appraiser or HR so they know signed records come from you.</p>
      <ErrorSummary error={error} />
      {key ? (
        <dl className="nhsuk-summary-list" id="signing-key">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Fingerprint</dt>
            <dd className="nhsuk-summary-list__value">
              <code id="key-fingerprint">{key.fingerprint}</code>
            </dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Public key</dt>
            <dd className="nhsuk-summary-list__value">
              <code id="public-key">{key.public_key}</code>
            </dd>
          </div>
        </dl>
      ) : null}
    </>
  );
}

export function Settings({
  state,
  onProfile,
  reload,
  onLock,
}: {
  state: AppState;
  onProfile: (p: Profile) => void;
  reload: () => void;
  /** Lock Reflect now (saves what is pending first). */
  onLock: () => void;
}) {
  const [frameworks, setFrameworks] = useState<Framework[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    Promise.all(state.frameworks.map((f) => api.getFramework(f.id)))
      .then(setFrameworks)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [state.frameworks, version]);

  const importFile = async () => {
    try {
      const outcome = await api.importFramework();
      setError(null);
      if (!outcome) return;
      setMessage(
        outcome.changed
          ? `Imported ${outcome.framework.name} (version ${outcome.framework.current_revision}).`
          : `${outcome.framework.name} is already up to date; nothing changed.`,
      );
      reload();
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Settings</h1>
      <h2>Your profile</h2>
      {message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{message}</p>
        </div>
      ) : null}
      <ProfileForm
        initial={state.profile}
        frameworks={state.frameworks}
        submitLabel="Save profile"
        onSaved={(p) => {
          setMessage("Profile saved.");
          onProfile(p);
        }}
      />
      <h2>Values frameworks</h2>
      <p>
        Built-in frameworks quote each organisation's published values exactly. Renaming a value or importing a changed
        file creates a new version; reflections you tagged earlier keep the wording they were tagged with.
      </p>
      <ErrorSummary error={error} />
      {frameworks.map((fw) => (
        <FrameworkDetails
          key={fw.doc.id}
          fw={fw}
          onChanged={() => {
            setVersion((v) => v + 1);
            setMessage(`${fw.doc.name} updated.`);
          }}
        />
      ))}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void importFile()} id="import-framework">
        Import a framework file
      </button>
      <h2>Your data</h2>
      <p>
        Your journal is stored only on this device, in <code>{state.database_path}</code>. Nothing is sent anywhere: an
        appraisal pack or a PDF leaves only as a file you save and send yourself.
      </p>
      <PassphraseAndLock onChanged={reload} onLock={onLock} />
      <SigningKey hasKey={state.public_key !== null} />
      <TakeItWithYou reload={reload} />
      <Backups onRestored={reload} />
      <Reminders on={state.notifications} reload={reload} />
      <h2>Organisation area (HR)</h2>
      <p>For HR teams: import agreed appraisal packs, see counts by department and team, and export CSVs and PDFs.</p>
      <div className="nhsuk-checkboxes">
        <Checkbox
          id="organisation-area"
          label="Show the Organisation area"
          checked={state.organisation_area}
          onChange={(on) => {
            api.setOrganisationArea(on).then(reload).catch(() => undefined);
          }}
        />
      </div>
    </>
  );
}
