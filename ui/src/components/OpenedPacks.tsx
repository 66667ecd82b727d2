// Packs opened from outside the app: a .reflectpack opened from the file manager or an email
// (Reflect starts with it), or handed to this window by a second launch. Once the journal is open
// and set up, each is imported with the same checks as "Import" (the Rust side routes it by what
// it is: My team, the merge into your own appraisal, or the Organisation area), and this shows
// where each went, with a link there, or why it was refused with nothing changed.
import { useEffect, useState } from "react";
import type { OpenedPack } from "../bindings/OpenedPack";
import type { PackImport } from "../bindings/PackImport";
import { api, onPacksOpened } from "../ipc";
import { destination } from "../logic/opened";

/** `onImported` (stable: it is an effect's dependency) is given where the first imported pack
 * went (its page's hash). */
export function OpenedPacks({ ready, onImported }: { ready: boolean; onImported: (href: string) => void }) {
  const [results, setResults] = useState<OpenedPack[]>([]);

  useEffect(() => {
    if (!ready) return;
    // What comes back is always shown, even from an effect already cleaned up (React's strict
    // mode runs each effect twice in development): the packs it took wait nowhere else.
    const take = () => {
      api
        .openPendingPacks()
        .then((r) => {
          if (r.length === 0) return;
          setResults((shown) => [...shown, ...r]);
          const first = r.find((p) => p.imported)?.imported;
          if (first) onImported(destination(first).href);
        })
        // Locked or still opening: they wait, and are taken once the journal is ready.
        .catch(() => undefined);
    };
    take();
    const stop = onPacksOpened(take);
    return stop;
  }, [ready, onImported]);

  if (results.length === 0) return null;
  const refused = results.filter((r) => r.error);
  const done = results.filter((r) => r.imported);
  return (
    <div id="opened-packs">
      {refused.length > 0 ? (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="opened-packs-refused">
          <h2 className="nhsuk-error-summary__title" id="opened-packs-refused">
            {refused.length === 1 ? "A pack you opened was not imported" : `${refused.length} packs you opened were not imported`}
          </h2>
          <ul className="nhsuk-list">
            {refused.map((r, i) => (
              <li key={"refused" + i}>
                <strong>{r.file_name}</strong>: {r.error?.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {done.length > 0 ? (
        <div className="nhsuk-inset-text" role="status">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <ul className="nhsuk-list">
            {done.map((r, i) => {
              const to = destination(r.imported as PackImport);
              return (
                <li key={"done" + i}>
                  <strong>{r.file_name}</strong>: {r.imported?.message}. <a href={to.href}>Go to {to.label}</a>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" id="opened-packs-dismiss" onClick={() => setResults([])}>
        Dismiss
      </button>
    </div>
  );
}
