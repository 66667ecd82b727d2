// Settings → Backups: the last backup, back up now, the folder, the passphrase, the list of
// backups, and restoring one over this journal (the current journal is backed up first).
import { useCallback, useEffect, useState } from "react";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupsView } from "../bindings/BackupsView";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { TextInput } from "../components/Fields";
import { api } from "../ipc";
import { kindLabel, lastBackupLine, passphraseProblem, sizeLabel } from "../logic/backups";
import { formatInstant } from "../logic/dates";
import { errorFor, toIpcError } from "../logic/errors";
import { afterStart } from "../logic/startup";
import { TableScroll } from "../components/TableScroll";

/** The one line the footer shows: when the last backup was made. */
export function LastBackupLine() {
  const [line, setLine] = useState<string | null>(null);
  // Asked once the journal is on screen: the first call after opening makes the day's backup.
  useEffect(() => {
    let live = true;
    afterStart(() => {
      if (!live) return;
      api
        .backupStatus()
        .then((v) => live && setLine(v.daily_warning ? `The automatic backup failed: ${v.daily_warning}` : lastBackupLine(v.status.last)))
        .catch(() => live && setLine(null));
    });
    return () => {
      live = false;
    };
  }, []);
  return line ? (
    <p className="nhsuk-footer__meta nhsuk-body-s" id="last-backup-footer">
      {line}
    </p>
  ) : null;
}

/** An encrypted journal's backups: encrypted with its own key; readable ones made before can go. */
function JournalKeyBackups({
  unencrypted,
  onDone,
  onError,
}: {
  unencrypted: number;
  onDone: (message: string) => void;
  onError: (e: IpcError) => void;
}) {
  return (
    <div id="backup-encryption">
      <h3>Encryption</h3>
      <p>
        Your journal is encrypted, so every backup is encrypted with its key. A backup opens with the passphrase (or the
        recovery code) your journal had when the backup was made.
      </p>
      {unencrypted > 0 ? (
        <div className="nhsuk-warning-callout" id="unencrypted-backups">
          <h4 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              {unencrypted === 1 ? "1 backup is not encrypted" : `${unencrypted} backups are not encrypted`}
            </span>
          </h4>
          <p>
            {unencrypted === 1 ? "It was" : "They were"} made before you set a passphrase: anyone with the file can read your
            journal in {unencrypted === 1 ? "it" : "them"}. Your newest backup is encrypted.
          </p>
          <button
            className="nhsuk-button nhsuk-button--warning"
            type="button"
            id="delete-unencrypted"
            onClick={() => {
              api
                .deleteUnencryptedBackups()
                .then((n) => onDone(n === 1 ? "Deleted 1 unencrypted backup." : `Deleted ${n} unencrypted backups.`))
                .catch((e: unknown) => onError(toIpcError(e)));
            }}
          >
            Delete {unencrypted === 1 ? "the unencrypted backup" : `the ${unencrypted} unencrypted backups`}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Passphrase({ encrypted, onDone }: { encrypted: boolean; onDone: (message: string) => void }) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const save = (value: string | null) => {
    if (value !== null) {
      const problem = passphraseProblem(value, confirm);
      if (problem) {
        setError({ kind: "invalid", message: problem, field: "passphrase" });
        return;
      }
    }
    api
      .setBackupPassphrase(value)
      .then((s) => {
        setError(null);
        setPassphrase("");
        setConfirm("");
        onDone(s.encrypted ? "Passphrase set: new backups are encrypted with it." : "Passphrase removed: new backups are not encrypted.");
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <form
      noValidate
      id="backup-passphrase"
      onSubmit={(e) => {
        e.preventDefault();
        save(passphrase);
      }}
    >
      <h3>{encrypted ? "Change the backup passphrase" : "Encrypt backups with a passphrase"}</h3>
      <p>
        {encrypted
          ? "Backups are encrypted. A backup opens with the passphrase that was set when it was made: after a change, older backups still need the old passphrase, so keep it too."
          : "Backups are not encrypted: each one holds your signing key and your reflections in plain form, readable by anyone who gets the file. Set a passphrase to encrypt them."}{" "}
        Nobody can recover a forgotten passphrase.
      </p>
      <TextInput
        field="passphrase"
        label={encrypted ? "New passphrase" : "Passphrase"}
        hint="At least 8 characters. You will need it to restore a backup, on this device or another."
        type="password"
        autoComplete="new-password"
        value={passphrase}
        onChange={setPassphrase}
        error={errorFor(error, "passphrase")}
        width="20"
      />
      <TextInput field="confirm" label="The same passphrase again" type="password" autoComplete="new-password" value={confirm} onChange={setConfirm} width="20" />
      {error && !error.field ? <ErrorSummary error={error} /> : null}
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="set-passphrase">
        {encrypted ? "Change passphrase" : "Set passphrase"}
      </button>{" "}
      {encrypted ? (
        <button className="nhsuk-button nhsuk-button--warning" type="button" id="remove-passphrase" onClick={() => save(null)}>
          Stop encrypting backups
        </button>
      ) : null}
    </form>
  );
}

export function Restore({
  file,
  encrypted,
  onCancel,
  onRestored,
  replacing = "the journal open now",
}: {
  file: string;
  encrypted: boolean;
  onCancel: () => void;
  onRestored: (message: string) => void;
  /** What the restore replaces, as the confirmation names it. */
  replacing?: string;
}) {
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="nhsuk-warning-callout" id="restore-confirm">
      <h3 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>Restore this backup?
        </span>
      </h3>
      <p>
        Restoring replaces {replacing} with <code>{file}</code>. Reflect checks the backup first, backs up the
        current journal (and tells you where), then opens the restored one. Close the Reflect CLI if it is running.
      </p>
      {encrypted ? (
        <TextInput
          field="restore-passphrase"
          label="The backup's passphrase"
          hint="The passphrase that was set when this backup was made."
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={setPassphrase}
          error={errorFor(error, "passphrase")}
          width="20"
        />
      ) : null}
      {error && error.field !== "passphrase" ? <ErrorSummary error={error} /> : null}
      <button
        className="nhsuk-button nhsuk-button--warning"
        type="button"
        id="restore-yes"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          api
            .restoreBackup(file, encrypted ? passphrase : null)
            .then((o) => {
              setError(null);
              onRestored(
                `Restored the backup made ${formatInstant(o.created)}.` +
                  (o.replaced_backup ? ` The journal that was open is backed up in ${o.replaced_backup}.` : ""),
              );
            })
            .catch((e: unknown) => setError(toIpcError(e)))
            .finally(() => setBusy(false));
        }}
      >
        Back up the current journal and restore
      </button>{" "}
      <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** "Or restore a backup file from elsewhere": a path, then the same confirmation as a listed one. */
export function OtherFile({ field, hint, error, onRestore }: { field: string; hint: string; error: string | null; onRestore: (file: string) => void }) {
  const [file, setFile] = useState("");
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onRestore(file.trim());
      }}
    >
      <TextInput field={field} label="Or restore a backup file from elsewhere" hint={hint} value={file} onChange={setFile} error={error} />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={file.trim() === ""}>
        Restore this file…
      </button>
    </form>
  );
}

export function BackupList({ backups, onRestore }: { backups: BackupInfo[]; onRestore: (b: BackupInfo) => void }) {
  if (backups.length === 0) return <p>No backups in this folder yet.</p>;
  return (
    <TableScroll label="Backups in the folder">
      <table className="nhsuk-table" id="backup-list">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">Backups in the folder, newest first</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">Made</th>
            <th scope="col" className="nhsuk-table__header">Kind</th>
            <th scope="col" className="nhsuk-table__header">Size</th>
            <th scope="col" className="nhsuk-table__header">Encrypted</th>
            <th scope="col" className="nhsuk-table__header"><span className="nhsuk-u-visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {backups.map((b) => (
            <tr className="nhsuk-table__row" key={b.path}>
              <td className="nhsuk-table__cell">{formatInstant(b.created)}</td>
              <td className="nhsuk-table__cell">{kindLabel(b.kind)}</td>
              <td className="nhsuk-table__cell">{sizeLabel(b.size)}</td>
              <td className="nhsuk-table__cell">{b.encrypted ? "Yes" : "No"}</td>
              <td className="nhsuk-table__cell">
                <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="button" onClick={() => onRestore(b)}>
                  Restore<span className="nhsuk-u-visually-hidden"> the backup made {formatInstant(b.created)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function Backups({ onRestored }: { onRestored: () => void }) {
  const [view, setView] = useState<BackupsView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [folder, setFolder] = useState("");
  const [restoring, setRestoring] = useState<{ file: string; encrypted: boolean } | null>(null);

  const load = useCallback(() => {
    api
      .backupStatus()
      .then((v) => {
        setView(v);
        setFolder(v.status.settings.default_folder ? "" : v.status.settings.folder);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);
  const done = (m: string) => {
    setMessage(m);
    setError(null);
    load();
  };
  const status = view?.status;

  return (
    <section id="backups" aria-labelledby="backups-heading">
      <h2 id="backups-heading">Backups</h2>
      <p id="last-backup">
        <strong>{lastBackupLine(status?.last ?? null)}</strong>
      </p>
      <p>
        Reflect backs your journal up by itself once a day when it opens, keeps the last 7 daily and 4 weekly backups, and
        makes one before every upgrade. A backup holds everything, including your signing key, so a restored journal
        signs as you.
      </p>
      {view?.daily_warning ? (
        <div className="nhsuk-warning-callout" role="status">
          <h3 className="nhsuk-warning-callout__label">The automatic backup failed</h3>
          <p>{view.daily_warning}</p>
        </div>
      ) : null}
      {status?.problem ? <p className="nhsuk-error-message">{status.problem}</p> : null}
      {message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{message}</p>
        </div>
      ) : null}
      <ErrorSummary error={error && !error.field ? error : null} />
      <button
        className="nhsuk-button"
        type="button"
        id="backup-now"
        onClick={() => {
          api
            .backupNow()
            .then((b) => done(`Backed up to ${b.path} (${sizeLabel(b.size)}${b.encrypted ? ", encrypted" : ", not encrypted"}).`))
            .catch((e: unknown) => setError(toIpcError(e)));
        }}
      >
        Back up now
      </button>
      <form
        noValidate
        id="backup-folder"
        onSubmit={(e) => {
          e.preventDefault();
          api
            .setBackupFolder(folder.trim() === "" ? null : folder)
            .then((s) => done(`Backups now go to ${s.folder}.`))
            .catch((e: unknown) => setError(toIpcError(e)));
        }}
      >
        <h3>Where backups go</h3>
        <p>
          Now: <code id="backup-folder-now">{status?.settings.folder ?? ""}</code>
          {status?.settings.default_folder ? " (the default)" : ""}
        </p>
        <TextInput
          field="folder"
          label="Backup folder"
          hint="A full path, such as a OneDrive or network folder, so a backup survives losing this device. Leave it empty for the default folder."
          value={folder}
          onChange={setFolder}
          error={errorFor(error, "folder")}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Use this folder
        </button>
      </form>
      {status?.settings.journal_encrypted ? (
        <JournalKeyBackups unencrypted={status.backups.filter((b) => !b.encrypted).length} onDone={done} onError={setError} />
      ) : status ? (
        <Passphrase encrypted={status.settings.encrypted} onDone={done} />
      ) : null}
      <h3>Restore</h3>
      {restoring ? (
        <Restore
          file={restoring.file}
          encrypted={restoring.encrypted}
          onCancel={() => setRestoring(null)}
          onRestored={(m) => {
            setRestoring(null);
            done(m);
            onRestored();
          }}
        />
      ) : (
        <>
          <BackupList backups={status?.backups ?? []} onRestore={(b) => setRestoring({ file: b.path, encrypted: b.encrypted })} />
          <OtherFile
            field="file"
            hint="The full path of a .reflectbackup file (from another device, say). If it is not encrypted, leave the passphrase empty."
            error={errorFor(error, "file")}
            onRestore={(file) => setRestoring({ file, encrypted: true })}
          />
        </>
      )}
      <p className="nhsuk-body-s">
        On a new device, the command line does the same:{" "}
        <code>reflect backup restore FILE --passphrase-stdin</code> into a new data folder.
      </p>
    </section>
  );
}
