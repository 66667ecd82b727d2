// The Organisation area's held packs: agreed appraisals whose keys HR has not trusted yet, with the
// reason and both fingerprints, and the "Trust this key" flow: HR compares the fingerprint with its
// owner (read aloud on the phone, or side by side) before trusting it. Trusting adds every held
// pack that was waiting on that key.
import { useState } from "react";
import type { HrHeld } from "../bindings/HrHeld";
import type { HrTrust } from "../bindings/HrTrust";
import type { IpcError } from "../bindings/IpcError";
import { ErrorSummary } from "../components/ErrorSummary";
import { TextInput } from "../components/Fields";
import { api } from "../ipc";
import { toIpcError } from "../logic/errors";
import { keysToTrust, outcomeLabel } from "../logic/hr";
import { TableScroll } from "../components/TableScroll";
import { useConfirm } from "../components/ConfirmDialog";

type Candidate = ReturnType<typeof keysToTrust>[number];

function TrustKey({ c, onDone, onCancel }: { c: Candidate; onDone: (t: HrTrust) => void; onCancel: () => void }) {
  const [name, setName] = useState(c.name);
  const [employee, setEmployee] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const trust = () =>
    api
      .hrTrustKey(c.key, name, employee.trim() || null)
      .then(onDone)
      .catch((e: unknown) => setError(toIpcError(e)));
  return (
    <div className="nhsuk-inset-text" id="hr-trust-panel">
      <h3>Compare the fingerprint before you trust this key</h3>
      <p>
        Ask {c.name} ({c.role === "colleague" ? "the colleague" : "the appraiser"}) to open Settings in Reflect, or run{" "}
        <code>reflect key</code>, and read their key's fingerprint to you aloud — on the phone or in person, not by email
        from the pack itself. Trust the key only if every group of digits matches:
      </p>
      <p className="hr-fingerprint" id="hr-trust-fingerprint">
        {c.fingerprint}
      </p>
      <p className="nhsuk-body-s">
        If any digit differs, do not trust it: the pack may have been signed by someone else. Once trusted, every agreed pack
        signed with this key (and a trusted other signer) is added to HR's summaries.
      </p>
      <ErrorSummary error={error} />
      <TextInput field="trust-name" label="Whose key this is" value={name} onChange={setName} error={error?.field === "name" ? error.message : undefined} />
      <TextInput field="trust-employee-number" label="Employee number (optional)" value={employee} onChange={setEmployee} width="10" />
      <div className="appraisal-actions">
        <button type="button" className="nhsuk-button" id="hr-trust-confirm" onClick={trust}>
          The numbers match — trust this key
        </button>{" "}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function HeldPacks({ held, onChanged }: { held: HrHeld[]; onChanged: (message: string) => void }) {
  const [trusting, setTrusting] = useState<Candidate | null>(null);
  const confirm = useConfirm();
  if (held.length === 0) return null;
  const done = (t: HrTrust) => {
    setTrusting(null);
    const who = t.keys.map((k) => k.name).join(", ");
    const added = t.released.map((r) => `${outcomeLabel(r.outcome)}: ${r.name}`).join("; ");
    onChanged(`HR trusts ${who}'s key.${added ? ` ${added}.` : ""}`);
  };
  return (
    <section aria-labelledby="hr-held-heading" id="hr-held">
      <h2 id="hr-held-heading">Held until HR trusts the keys</h2>
      <p>
        These agreed appraisals are not in the counts yet. Each is signed with its signers' own keys; HR adds it once it
        trusts both keys. Packs made before key signatures stay held: their appraiser signature was only a claim.
      </p>
      <TableScroll label="Held packs">
        <table className="nhsuk-table" id="hr-held-table">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Colleague</th>
              <th scope="col">Why it is held</th>
              <th scope="col">Keys</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {held.map((h) => (
              <tr key={h.id} className="nhsuk-table__row hr-held-row" data-appraisal={h.appraisal_id}>
                <td className="nhsuk-table__cell">
                  {h.name}
                  <br />
                  <span className="nhsuk-body-s">Appraiser: {h.appraiser || "not named"}</span>
                </td>
                <td className="nhsuk-table__cell hr-held-reason">{h.reason}</td>
                <td className="nhsuk-table__cell">
                  <p className="nhsuk-body-s">
                    {h.name}: <span className="hr-fingerprint-small">{h.colleague_fingerprint ?? "—"}</span>{" "}
                    {h.colleague_trusted ? "(trusted)" : "(not trusted)"}
                  </p>
                  <p className="nhsuk-body-s">
                    {h.appraiser || "Appraiser"}:{" "}
                    {h.appraiser_fingerprint ? (
                      <>
                        <span className="hr-fingerprint-small">{h.appraiser_fingerprint}</span> {h.appraiser_trusted ? "(trusted)" : "(not trusted)"}
                      </>
                    ) : (
                      "no key signature"
                    )}
                  </p>
                  {keysToTrust(h).map((c) => (
                    <button
                      key={c.role}
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small hr-trust"
                      data-role={c.role}
                      onClick={() => setTrusting(c)}
                    >
                      Trust {c.name}'s key
                    </button>
                  ))}
                  {h.format === 1 ? (
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small hr-discard"
                      onClick={(e) => {
                        void confirm
                          .ask(
                            {
                              title: `Take ${h.name}'s pack off the held list without adding it?`,
                              body: "Ask them to sign again and send a new pack.",
                              confirmLabel: "Yes, take it off the list",
                              cancelLabel: "No, keep it held",
                              warning: true,
                            },
                            e.currentTarget,
                          )
                          .then((ok) => {
                            if (!ok) return;
                            api
                              .hrDiscardHeld(h.id)
                              .then(() => onChanged(`${h.name}'s pack made before key signatures is off the held list; it was not added.`))
                              .catch((e2: unknown) => onChanged(toIpcError(e2).message));
                          });
                      }}
                    >
                      Do not add it (ask for a new pack)
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {confirm.dialog}
      {trusting ? <TrustKey key={trusting.key} c={trusting} onDone={done} onCancel={() => setTrusting(null)} /> : null}
    </section>
  );
}
