// Settings → Passphrase and lock: whether the journal is encrypted; adding a passphrase (the
// set-up step's form); and, once there is one, locking now, the idle time, the OS keystore, a new
// passphrase (given the current one or the recovery code), a new recovery code and removing the
// passphrase. Every field id here is this section's own (Backups has a "passphrase" too).
import { useEffect, useMemo, useState, type ReactNode } from "react";
import type { EncryptionOutcome } from "../bindings/EncryptionOutcome";
import type { EncryptionStatus } from "../bindings/EncryptionStatus";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { Checkbox, Select, TextInput } from "../components/Fields";
import { api } from "../ipc";
import { errorFor, toIpcError } from "../logic/errors";
import { confirmProblem, lockChoices, onFields } from "../logic/lock";
import { AddPassphrase, RecoveryCode } from "./Protect";

// Core's field names → this section's (each map a constant, so an error keeps its identity from
// one render to the next and the error summary takes the focus only when it appears).
const CHANGE_FIELDS = { passphrase: "change-current-passphrase", recovery_code: "change-recovery-code", new_passphrase: "change-new-passphrase" };
const CODE_FIELDS = { passphrase: "code-passphrase" };
const REMOVE_FIELDS = { passphrase: "remove-journal-passphrase" };
const SETTING_FIELDS = { lock_minutes: "lock-minutes", keystore: "keystore-toggle" };

/** One small form: runs `action`, shows its error (at this form's fields, by `fields`) or its
 * message. */
function useAction(fields: Record<string, string>) {
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T,>(action: () => Promise<T>, then: (v: T) => void) => {
    setBusy(true);
    try {
      const v = await action();
      setError(null);
      then(v);
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };
  const shown = useMemo(() => onFields(error, fields), [error, fields]);
  return { error: shown, setError, busy, run };
}

function Password(props: { field: string; label: string; hint?: string; value: string; onChange: (v: string) => void; error: IpcError | null; current?: boolean }) {
  return (
    <TextInput
      field={props.field}
      label={props.label}
      hint={props.hint}
      type="password"
      autoComplete={props.current ? "current-password" : "new-password"}
      value={props.value}
      onChange={props.onChange}
      error={errorFor(props.error, props.field)}
      width="30"
    />
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div id={id} className="nhsuk-u-margin-bottom-6">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

function ChangePassphrase({ onDone }: { onDone: (s: EncryptionStatus, message: string) => void }) {
  const [useCode, setUseCode] = useState(false);
  const [current, setCurrent] = useState("");
  const [code, setCode] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const a = useAction(CHANGE_FIELDS);
  const submit = () => {
    const mismatch = confirmProblem(next, confirm, "change-confirm-passphrase");
    if (mismatch) return a.setError(mismatch);
    void a.run(
      () => (useCode ? api.changePassphrase(null, code, next) : api.changePassphrase(current, null, next)),
      (s) => {
        setCurrent("");
        setCode("");
        setNext("");
        setConfirm("");
        onDone(s, "Passphrase changed. Use the new one from now on; the old one no longer opens your journal.");
      },
    );
  };
  return (
    <Section id="change-journal-passphrase" title="Change your passphrase">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <ErrorSummary error={a.error} />
        {useCode ? (
          <TextInput field="change-recovery-code" label="Your recovery code" autoComplete="off" value={code} onChange={setCode} error={errorFor(a.error, "change-recovery-code")} width="30" />
        ) : (
          <Password field="change-current-passphrase" label="Current passphrase" value={current} onChange={setCurrent} error={a.error} current />
        )}
        <p>
          <button
            type="button"
            className="link-button"
            id="change-with-recovery-code"
            onClick={() => {
              a.setError(null);
              setUseCode(!useCode);
            }}
          >
            {useCode ? "Use your current passphrase instead" : "Forgotten it? Use your recovery code instead"}
          </button>
        </p>
        <Password field="change-new-passphrase" label="New passphrase" hint="At least 10 characters" value={next} onChange={setNext} error={a.error} />
        <Password field="change-confirm-passphrase" label="The new passphrase again" value={confirm} onChange={setConfirm} error={a.error} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="change-passphrase" disabled={a.busy}>
          Change passphrase
        </button>
      </form>
    </Section>
  );
}

function NewRecoveryCode({ onCode }: { onCode: (o: EncryptionOutcome) => void }) {
  const [passphrase, setPassphrase] = useState("");
  const a = useAction(CODE_FIELDS);
  return (
    <Section id="new-recovery-code" title="Get a new recovery code">
      <p>If you have lost your recovery code, or think someone else has seen it, get a new one: the old code stops working.</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void a.run(
            () => api.newRecoveryCode(passphrase),
            (o) => {
              setPassphrase("");
              onCode(o);
            },
          );
        }}
      >
        <ErrorSummary error={a.error} />
        <Password field="code-passphrase" label="Your passphrase" value={passphrase} onChange={setPassphrase} error={a.error} current />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="get-recovery-code" disabled={a.busy}>
          Get a new recovery code
        </button>
      </form>
    </Section>
  );
}

function RemovePassphrase({ onDone }: { onDone: (s: EncryptionStatus, message: string) => void }) {
  const [passphrase, setPassphrase] = useState("");
  const a = useAction(REMOVE_FIELDS);
  return (
    <Section id="remove-journal-passphrase-section" title="Remove the passphrase">
      <div className="nhsuk-warning-callout">
        <h4 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>Your journal will be stored unencrypted
          </span>
        </h4>
        <p>Anyone who copies the journal file, or uses this computer, will be able to read your reflections. Reflect will no longer lock.</p>
      </div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void a.run(
            () => api.decryptJournal(passphrase),
            (s) => {
              setPassphrase("");
              onDone(s, "Passphrase removed: your journal is stored unencrypted on this device.");
            },
          );
        }}
      >
        <ErrorSummary error={a.error} />
        <Password field="remove-journal-passphrase" label="Your passphrase" value={passphrase} onChange={setPassphrase} error={a.error} current />
        <button className="nhsuk-button nhsuk-button--warning" type="submit" id="decrypt-journal" disabled={a.busy}>
          Remove the passphrase
        </button>
      </form>
    </Section>
  );
}

function Encrypted({ status, onStatus, onLock }: { status: EncryptionStatus; onStatus: (s: EncryptionStatus, message: string) => void; onLock: () => void }) {
  const a = useAction(SETTING_FIELDS);
  const choices = lockChoices(status.lock_minutes);
  const label = choices.find((c) => c.value === status.lock_minutes)?.label ?? `${status.lock_minutes} minutes`;
  return (
    <>
      <p id="encryption-state">
        <strong>Your journal is encrypted</strong> with your passphrase.{" "}
        {status.lock_minutes > 0 ? `Reflect locks after ${label.toLowerCase()} without use.` : "Reflect does not lock itself."}
        {status.keystore ? " This computer's keyring unlocks it when Reflect starts." : ""}
      </p>
      <button className="nhsuk-button" type="button" id="lock-now" onClick={onLock}>
        Lock Reflect now
      </button>
      <p className="nhsuk-hint">Or press Ctrl+L (⌘L on a Mac) anywhere in Reflect. What you are writing is saved first.</p>
      <ErrorSummary error={a.error} />
      <Select
        field="lock-minutes"
        label="Lock after"
        hint="How long Reflect waits without use before it locks. It saves what you are writing first."
        value={String(status.lock_minutes)}
        error={errorFor(a.error, "lock-minutes")}
        onChange={(v) => void a.run(() => api.setLockMinutes(Number(v)), (s) => onStatus(s, Number(v) === 0 ? "Reflect will not lock itself." : "Lock time saved."))}
      >
        {choices.map((c) => (
          <option key={c.value} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </Select>
      {status.keystore_available ? (
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes" id="field-keystore-toggle">
            <Checkbox
              id="keystore-toggle"
              label="Unlock automatically on this computer (uses the system keyring)"
              hint="Reflect opens without asking when it starts. After it locks itself it still asks for your passphrase."
              checked={status.keystore}
              onChange={(on) => void a.run(() => api.setKeystore(on), (s) => onStatus(s, on ? "The system keyring now unlocks Reflect when it starts." : "Reflect will ask for your passphrase when it starts."))}
            />
          </div>
        </div>
      ) : null}
    </>
  );
}

export function PassphraseAndLock({ onChanged, onLock }: { onChanged: () => void; onLock: () => void }) {
  const [status, setStatus] = useState<EncryptionStatus | null>(null);
  const [outcome, setOutcome] = useState<EncryptionOutcome | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    api
      .encryptionStatus()
      .then(setStatus)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  const changed = (s: EncryptionStatus, m: string) => {
    setStatus(s);
    setMessage(m);
    onChanged();
  };
  const codeShown = (o: EncryptionOutcome) => {
    setMessage(null);
    setStatus(o.status);
    setOutcome(o);
  };

  let body;
  if (outcome?.recovery_code) {
    body = (
      <RecoveryCode
        code={outcome.recovery_code}
        warning={outcome.warning}
        doneLabel="Done"
        onDone={() => {
          setOutcome(null);
          changed(outcome.status, "Your journal is protected by your passphrase.");
        }}
      />
    );
  } else if (!status) {
    body = error ? <ErrorSummary error={error} /> : <p>Reading the settings…</p>;
  } else if (!status.encrypted) {
    body = (
      <>
        <p id="encryption-state">
          <strong>Your journal is not encrypted.</strong> Anyone who copies the journal file or uses this computer can read it.
        </p>
        <AddPassphrase keystoreAvailable={status.keystore_available} onEncrypted={codeShown} />
      </>
    );
  } else {
    body = (
      <>
        <Encrypted status={status} onStatus={changed} onLock={onLock} />
        <ChangePassphrase onDone={changed} />
        <NewRecoveryCode onCode={codeShown} />
        <RemovePassphrase onDone={changed} />
      </>
    );
  }
  return (
    <section id="passphrase-and-lock" aria-labelledby="passphrase-and-lock-title">
      <h2 id="passphrase-and-lock-title">Passphrase and lock</h2>
      {message ? (
        <div className="nhsuk-inset-text" role="status" id="passphrase-message">
          <p>{message}</p>
        </div>
      ) : null}
      {body}
    </section>
  );
}
