import { useCallback, useEffect, useState } from "react";
import type { ArchiveImported } from "../bindings/ArchiveImported";
import type { ArchivePreview } from "../bindings/ArchivePreview";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { api } from "../ipc";
import { archiveLines } from "../logic/archive";
import { toIpcError } from "../logic/errors";

/**
 * Settings → "Take your journal with you": what an archive of this journal holds (shown before
 * it is saved), saving it, and importing one — offered only while the journal is empty.
 */
export function TakeItWithYou({ reload }: { reload: () => void }) {
  const [preview, setPreview] = useState<ArchivePreview | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [imported, setImported] = useState<ArchiveImported | null>(null);

  const load = useCallback(() => {
    api
      .archivePreview()
      .then(setPreview)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);

  const save = async () => {
    try {
      const done = await api.saveArchive();
      setError(null);
      if (done) setSaved(`Saved the archive to ${done.path}.`);
    } catch (e) {
      setError(toIpcError(e));
    }
  };
  const importArchive = async () => {
    try {
      const done = await api.importArchive();
      setError(null);
      if (!done) return;
      setImported(done);
      load();
      reload();
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <section id="take-it-with-you">
      <h2>Take your journal with you</h2>
      <p>
        Moving to another NHS employer, or to another device? Save an archive: one .zip file of open formats (JSON for
        each reflection, appraisal and log entry, and PDFs to read without Reflect). Import it into a new journal
        wherever you go next, even with another values framework: your old reflections keep the framework wording they
        were tagged with.
      </p>
      <ErrorSummary error={error} />
      {preview ? (
        <>
          <h3 className="nhsuk-heading-s">What goes into the archive</h3>
          <ul id="archive-goes">
            {archiveLines(preview.goes.counts).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <div className="nhsuk-warning-callout">
            <h3 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Private reflections are included
              </span>
            </h3>
            <p>
              It is your own archive:{" "}
              {preview.goes.counts.private_reflections === 1 ? "1 private reflection" : `${preview.goes.counts.private_reflections} private reflections`} and your wellbeing
              notes go into it, readable by anyone who has the file. Keep it somewhere safe. Your signing key is not
              included: signed appraisals keep their signatures and still verify; a backup is what restores the key.
            </p>
          </div>
          <button type="button" className="nhsuk-button" id="save-archive" onClick={() => void save()}>
            Save an archive
          </button>
          {saved ? (
            <div className="nhsuk-inset-text" role="status" id="archive-saved">
              <p>{saved}</p>
            </div>
          ) : null}
          {preview.import_refused === null ? (
            <>
              <h3 className="nhsuk-heading-s">Start from an archive</h3>
              <p>This journal is empty, so you can bring in an archive from your last employer or device.</p>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" id="import-archive" onClick={() => void importArchive()}>
                Import an archive
              </button>
            </>
          ) : (
            <p className="nhsuk-body-s nhsuk-u-secondary-text-color" id="archive-import-refused">
              Importing an archive is only possible in a new, empty journal. {preview.import_refused}
            </p>
          )}
        </>
      ) : null}
      {imported ? (
        <div className="nhsuk-inset-text" role="status" id="archive-imported">
          <p>Imported the archive:</p>
          <ul>
            {archiveLines(imported.counts).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <p>{imported.profile_imported ? "Your profile came from the archive." : "Your profile here was kept."}</p>
          {imported.renumbered.map((r) => (
            <p key={`${r.framework_id}-${r.archived_revision}`}>
              Version {r.archived_revision} of {r.framework_id} is version {r.revision} here (this journal already had a different
              version {r.archived_revision}).
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
