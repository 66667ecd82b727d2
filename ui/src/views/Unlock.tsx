// The unlock screen: all the app shows while the journal is locked (at start, or after the app
// locked itself). The passphrase, or the recovery code instead; a wrong one is named beside its
// field and in the error summary, and after wrong tries core says how long to wait.
import { useEffect, useMemo, useRef, useState } from "react";
import type { AppState } from "../bindings/AppState";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { TextInput } from "../components/Fields";
import { api } from "../ipc";
import { errorFor, toIpcError } from "../logic/errors";
import { onFields } from "../logic/lock";

export function Unlock({ onUnlocked, onFailed }: { onUnlocked: (state: AppState) => void; onFailed: (error: IpcError) => void }) {
  const [mode, setMode] = useState<"passphrase" | "recovery">("passphrase");
  const [passphrase, setPassphrase] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // The wait after wrong tries names the passphrase whichever was tried: show it at the field in use.
  const shown = useMemo(() => (mode === "recovery" ? onFields(error, { passphrase: "recovery_code" }) : error), [mode, error]);

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, [mode]);

  const submit = async () => {
    setBusy(true);
    try {
      const state = mode === "recovery" ? await api.unlockJournal(null, code) : await api.unlockJournal(passphrase, null);
      setPassphrase("");
      setCode("");
      onUnlocked(state);
    } catch (e) {
      const err = toIpcError(e);
      // Not a wrong passphrase: the journal cannot be opened at all (say why, on the page for that).
      if (err.kind !== "invalid") onFailed(err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (next: "passphrase" | "recovery") => {
    setError(null);
    setMode(next);
  };

  return (
    <div id="unlock">
      <h1 tabIndex={-1}>Reflect is locked</h1>
      <form
        ref={form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ErrorSummary error={shown} />
        {mode === "passphrase" ? (
          <>
            <p>Your journal is protected by a passphrase. Enter it to open your journal.</p>
            <TextInput
              field="passphrase"
              label="Passphrase"
              type="password"
              autoComplete="current-password"
              value={passphrase}
              onChange={setPassphrase}
              error={errorFor(shown, "passphrase")}
              width="30"
            />
          </>
        ) : (
          <>
            <p>Enter the recovery code you wrote down when you set your passphrase. Then choose a new passphrase in Settings.</p>
            <TextInput
              field="recovery_code"
              label="Recovery code"
              hint="8 groups of 4 letters and numbers, for example ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6723. Dashes, spaces and small letters are fine."
              autoComplete="off"
              value={code}
              onChange={setCode}
              error={errorFor(shown, "recovery_code")}
              width="30"
            />
          </>
        )}
        <button className="nhsuk-button" type="submit" id="unlock-journal" disabled={busy}>
          {busy ? "Unlocking…" : "Unlock"}
        </button>
      </form>
      <p>
        {mode === "passphrase" ? (
          <button type="button" className="link-button" id="use-recovery-code" onClick={() => switchTo("recovery")}>
            Use your recovery code instead
          </button>
        ) : (
          <button type="button" className="link-button" id="use-passphrase" onClick={() => switchTo("passphrase")}>
            Use your passphrase instead
          </button>
        )}
      </p>
      <p className="nhsuk-body-s">Forgotten both? Nobody can open the journal without one of them: not your trust, and not Reflect.</p>
    </div>
  );
}
