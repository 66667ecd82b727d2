// Protecting the journal with a passphrase: the form (set-up's optional step and Settings →
// Passphrase and lock share it), and the recovery code, shown once, with the tick that says it
// has been written down.
import { useEffect, useMemo, useRef, useState } from "react";
import type { EncryptionOutcome } from "../bindings/EncryptionOutcome";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { Checkbox, TextInput } from "../components/Fields";
import { api } from "../ipc";
import { errorFor, toIpcError } from "../logic/errors";
import { codeGroups, confirmProblem, onFields } from "../logic/lock";

/** What nobody can undo, said plainly wherever a passphrase is set. `level`: its heading's, one
 * below the heading it sits under. */
export function ForgottenWarning({ level = 3 }: { level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="nhsuk-warning-callout">
      <Heading className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>A forgotten passphrase cannot be recovered
        </span>
      </Heading>
      <p>
        Nobody can open your journal without your passphrase: not your trust, not IT, not Reflect. The only other way in is
        the recovery code you will be shown next. If you lose both, your reflections cannot be read again by anyone.
      </p>
    </div>
  );
}

/** The passphrase, its confirmation, and the OS keystore when there is one. `onSkip` adds the
 * set-up step's "Skip for now" (there the form is right under the page's h1). */
export function AddPassphrase({
  keystoreAvailable,
  onEncrypted,
  onSkip,
}: {
  keystoreAvailable: boolean;
  onEncrypted: (outcome: EncryptionOutcome) => void;
  onSkip?: () => void;
}) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [keystore, setKeystore] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  // Core names the passphrase "passphrase"; on this form it is "new-journal-passphrase", as
  // Settings → Backups has a "passphrase" field of its own.
  const shown = useMemo(() => onFields(error, { passphrase: "new-journal-passphrase" }), [error]);

  const submit = async () => {
    const mismatch = confirmProblem(passphrase, confirm, "confirm-journal-passphrase");
    if (mismatch) {
      setError(mismatch);
      return;
    }
    setBusy(true);
    try {
      const outcome = await api.encryptJournal(passphrase, keystoreAvailable && keystore);
      setError(null);
      setPassphrase("");
      setConfirm("");
      onEncrypted(outcome);
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      id="add-journal-passphrase"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorSummary error={shown} />
      <p>
        With a passphrase your journal is encrypted on this device: someone who copies the file, or uses this computer while
        Reflect is locked, cannot read it. Reflect locks itself after a few minutes without use.
      </p>
      <ForgottenWarning level={onSkip ? 2 : 3} />
      <TextInput
        field="new-journal-passphrase"
        label="Passphrase"
        hint="At least 10 characters. Three random words you will remember make a good passphrase, for example: harbour violet pencil"
        type="password"
        autoComplete="new-password"
        value={passphrase}
        onChange={setPassphrase}
        error={errorFor(shown, "new-journal-passphrase")}
        width="30"
      />
      <TextInput
        field="confirm-journal-passphrase"
        label="The same passphrase again"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={setConfirm}
        error={errorFor(shown, "confirm-journal-passphrase")}
        width="30"
      />
      {keystoreAvailable ? (
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes">
            <Checkbox
              id="use-keystore"
              label="Unlock automatically on this computer (uses the system keyring)"
              hint="Reflect opens without asking when it starts, while you are logged in to this computer. After it locks itself it still asks for your passphrase."
              checked={keystore}
              onChange={setKeystore}
            />
          </div>
        </div>
      ) : null}
      <div className="nhsuk-button-group">
        <button className="nhsuk-button" type="submit" id="protect-journal" disabled={busy}>
          {busy ? "Protecting your journal…" : "Protect my journal"}
        </button>
        {onSkip ? (
          <button className="nhsuk-button nhsuk-button--secondary" type="button" id="skip-protect" onClick={onSkip} disabled={busy}>
            Skip for now (you can add one later in Settings)
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The recovery code, shown once, large and in its groups; carrying on needs the tick. */
export function RecoveryCode({ code, warning, onDone, doneLabel }: { code: string; warning: string | null; onDone: () => void; doneLabel: string }) {
  const [kept, setKept] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The code takes the place of the form: bring it into view, and tell a screen reader.
  useEffect(() => heading.current?.focus(), []);
  return (
    <div id="recovery-code-panel">
      <ErrorSummary error={error} />
      <h2 className="nhsuk-heading-m" tabIndex={-1} ref={heading}>
        Write down your recovery code
      </h2>
      <p>
        If you forget your passphrase, this code is the only way into your journal. Write it on paper and keep it somewhere
        safe, away from this computer. It is shown only now: Reflect does not keep it, and nobody can show it to you again.
      </p>
      <p className="recovery-code" id="recovery-code">
        <span className="nhsuk-u-visually-hidden">Your recovery code: </span>
        {codeGroups(code).map((g, i) => (
          <span className="recovery-code__group" key={i}>
            {g}
          </span>
        ))}
      </p>
      {warning ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{warning}</p>
        </div>
      ) : null}
      <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
        {error ? (
          <span className="nhsuk-error-message" id="recovery-code-kept-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error.message}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes" id="field-recovery-code-kept">
          <Checkbox
            id="recovery-code-kept"
            label="I have written down my recovery code and will keep it safe"
            checked={kept}
            onChange={(on) => {
              setKept(on);
              if (on) setError(null);
            }}
          />
        </div>
      </div>
      <button
        className="nhsuk-button"
        type="button"
        id="recovery-code-done"
        onClick={() => {
          if (!kept) {
            setError({ kind: "invalid", message: "Tick the box to say you have written down your recovery code", field: "recovery-code-kept" });
            return;
          }
          onDone();
        }}
      >
        {doneLabel}
      </button>
    </div>
  );
}

/** Set-up's optional step after the profile: protect the journal, or skip. */
export function ProtectStep({ onDone }: { onDone: () => void }) {
  const [keystoreAvailable, setKeystoreAvailable] = useState(false);
  const [outcome, setOutcome] = useState<EncryptionOutcome | null>(null);
  useEffect(() => {
    api
      .encryptionStatus()
      .then((s) => setKeystoreAvailable(s.keystore_available))
      .catch(() => setKeystoreAvailable(false));
  }, []);
  return (
    <>
      <h1 tabIndex={-1}>Protect your journal with a passphrase (recommended)</h1>
      {outcome?.recovery_code ? (
        <RecoveryCode code={outcome.recovery_code} warning={outcome.warning} onDone={onDone} doneLabel="Start writing reflections" />
      ) : (
        <AddPassphrase keystoreAvailable={keystoreAvailable} onEncrypted={setOutcome} onSkip={onDone} />
      )}
    </>
  );
}
