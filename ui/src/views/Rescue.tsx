// When the journal cannot be opened at all (its file is missing or emptied, or too damaged to
// read): the backups in the data folder's own backup folder, and any other backup file by its
// path, restored in place. The file that could not be opened is kept aside, never deleted.
import { useEffect, useState } from "react";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { api } from "../ipc";
import { toIpcError } from "../logic/errors";
import { BackupList, OtherFile, Restore } from "./Backups";

export function Rescue({ onRestored }: { onRestored: () => void }) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [restoring, setRestoring] = useState<{ file: string; encrypted: boolean } | null>(null);
  useEffect(() => {
    api
      .rescueBackups()
      .then(setBackups)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  return (
    <section id="rescue" aria-labelledby="rescue-title">
      <h2 id="rescue-title">Restore a backup</h2>
      <p>
        Reflect backs your journal up every day. Restoring one brings back your reflections, appraisals and signing key as
        they were when it was made. The file that could not be opened is kept aside, not deleted.
      </p>
      <ErrorSummary error={error} />
      {restoring ? (
        <Restore
          file={restoring.file}
          encrypted={restoring.encrypted}
          replacing="the journal file that cannot be opened"
          onCancel={() => setRestoring(null)}
          onRestored={() => {
            setRestoring(null);
            onRestored();
          }}
        />
      ) : (
        <>
          {backups ? <BackupList backups={backups} onRestore={(b) => setRestoring({ file: b.path, encrypted: b.encrypted })} /> : null}
          <OtherFile
            field="rescue-file"
            hint="The full path of a .reflectbackup file, for example in the OneDrive or network folder you chose for backups. If it is not encrypted, leave the passphrase empty."
            error={null}
            onRestore={(file) => setRestoring({ file, encrypted: true })}
          />
        </>
      )}
    </section>
  );
}
