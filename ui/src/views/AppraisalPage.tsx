// The appraisal workspace: every section in order, autosaved, for the colleague or (in appraiser
// mode) the appraiser. What each may change and which steps are offered come from core on the
// view (`editable`, `steps`); core enforces the same rules again on every save.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Action } from "../bindings/Action";
import type { Appraisal } from "../bindings/Appraisal";
import type { AppraisalContent } from "../bindings/AppraisalContent";
import type { IpcError } from "../bindings/IpcError";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Part } from "../bindings/Part";
import type { Role } from "../bindings/Role";
import { useConfirm } from "../components/ConfirmDialog";
import { ErrorSummary } from "../components/ErrorSummary";
import { api } from "../ipc";
import { mergeEdits, sameJson, sectionStatuses, STATE_LABEL, STATE_TAG, takeMine } from "../logic/appraisal";
import { createAutosaver, type Autosaver } from "../logic/autosave";
import { trackPending } from "../logic/lock";
import { formatDate, formatInstant } from "../logic/dates";
import { allErrors, messageFor, toIpcError, type FieldError } from "../logic/errors";
import { signProblems, submitProblems } from "../logic/problems";
import { focusHeading } from "../page";
import { navigate } from "../route";
import { CareerSection, ReviewSection, WellbeingSection } from "./appraisal/ConversationSections";
import { DetailsSection } from "./appraisal/DetailsSection";
import { ObjectivesSection } from "./appraisal/ObjectivesSection";
import { PayStepSection } from "./appraisal/PayStepSection";
import { PlanSection } from "./appraisal/PlanSection";
import { PreviousSection } from "./appraisal/PreviousSection";
import { SectionStatuses, sectionTitles, SectionsNav, type SectionProps } from "./appraisal/Section";
import { SignOffSection } from "./appraisal/SignOffSection";
import { ValuesSection } from "./appraisal/ValuesSection";

/** A save refused because the appraisal changed elsewhere, after merging part by part. */
interface Conflict {
  /** Sections changed elsewhere that are now shown. */
  theirs: string[];
  /** Parts both sides changed: the saved version is shown; `mine` is what I had typed. */
  clashes: (keyof AppraisalContent)[];
  mine: AppraisalContent;
}

type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "draft"; reason: string };

interface Props {
  id: string;
  viewer: Role;
  models: ModelInfo[];
  /** Hand the device to the appraiser (colleague) or take it back (appraiser). */
  onAppraiserMode: (on: boolean) => void;
  /** "mine": an appraisal in this journal. "team": a colleague's, reviewed at a distance from
   * their pack (the appraiser writes only their comments and summary, then signs). */
  mode?: "mine" | "team";
}

const STEP_LABEL: Record<Action, string> = {
  submit: "Submit for review",
  withdraw: "Withdraw to make changes",
  start_review: "Start the review",
  sign: "Sign",
  reopen: "Reopen",
};

export function AppraisalPage({ id, viewer, models, onAppraiserMode, mode = "mine" }: Props) {
  const team = mode === "team";
  const [appraisal, setAppraisal] = useState<Appraisal | null>(null);
  const [content, setContentState] = useState<AppraisalContent | null>(null);
  const contentRef = useRef<AppraisalContent | null>(null);
  const [error, setErrorState] = useState<IpcError | null>(null);
  // What the page found missing itself at the last step (listed beside the server's refusal),
  // and how many steps the person took that were refused: only those move focus to the summary.
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [refused, setRefused] = useState(0);
  const setError = useCallback((e: IpcError | null) => {
    setErrorState(e);
    setProblems([]);
  }, []);
  // A refusal of something the person pressed: every problem listed, and focus on the summary.
  const refuse = (e: IpcError, found: FieldError[] = []) => {
    setErrorState(e);
    setProblems(found);
    setRefused((n) => n + 1);
  };
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [restored, setRestored] = useState<string | null>(null);
  const [confirmSign, setConfirmSign] = useState(false);
  const [reason, setReason] = useState("");
  const [includeWellbeing, setIncludeWellbeing] = useState(false);
  const confirm = useConfirm();
  const draftKey = (team ? "team:" : "appraisal:") + id + ":" + viewer;
  const [shared, setShared] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // The version my edits are made on, and its content (the base for merging after a conflict).
  const versionRef = useRef<Appraisal | null>(null);
  const baseRef = useRef<AppraisalContent | null>(null);
  const show = useCallback((a: Appraisal) => {
    versionRef.current = a;
    baseRef.current = a.content;
    setAppraisal(a);
  }, []);

  const setContent = useCallback((c: AppraisalContent) => {
    contentRef.current = c;
    setContentState(c);
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all([team ? api.teamReview(id) : api.getAppraisal(id, viewer), api.listDrafts()])
      .then(([a, drafts]) => {
        if (!live) return;
        show(a);
        const draft = drafts.find((d) => d.key === draftKey);
        if (draft && !a.frozen && draft.updated_at > a.updated_at) {
          setContent(JSON.parse(draft.content) as AppraisalContent);
          setRestored(draft.updated_at);
        } else {
          setContent(a.content);
        }
      })
      .catch((e: unknown) => live && setLoadError(toIpcError(e)));
    return () => {
      live = false;
    };
  }, [id, viewer, draftKey, setContent, team, show]);

  const autosaverRef = useRef<Autosaver | null>(null);
  useEffect(() => {
    // Saved elsewhere since I read it: bring in what changed there, keep what I typed, and say so.
    const merge = async () => {
      const fresh = team ? await api.teamReview(id) : await api.getAppraisal(id, viewer);
      const mine = contentRef.current ?? fresh.content;
      const m = mergeEdits(baseRef.current ?? fresh.content, mine, fresh.content);
      show(fresh);
      setContent(m.content);
      setConflict({ theirs: sectionTitles(m.theirs), clashes: m.clashes, mine });
      if (m.clashes.length === 0 && !sameJson(m.content, fresh.content)) autosaverRef.current?.schedule();
    };
    const autosaver = createAutosaver(async () => {
      const c = contentRef.current;
      const on = versionRef.current;
      if (!c || !on) return;
      const sent = JSON.stringify(c);
      setStatus({ kind: "saving" });
      try {
        const saved = team
          ? await api.saveTeamReview(id, on.edit_version, c)
          : await api.saveAppraisal(id, on.edit_version, c, viewer);
        show(saved);
        // New rows get ids and authors from the save; take them unless typing went on meanwhile.
        if (JSON.stringify(contentRef.current) === sent) setContent(saved.content);
        setError(null);
        setStatus({ kind: "saved", at: saved.updated_at });
        await api.discardDraft(draftKey);
      } catch (e) {
        const err = toIpcError(e);
        setError(err);
        // Nothing typed is lost: keep it as a draft until it can be saved.
        await api.saveDraft(draftKey, sent).catch(() => undefined);
        setStatus({ kind: "draft", reason: err.message });
        if (err.kind === "conflict") {
          setError(null);
          await merge().catch((e2: unknown) => setError(toIpcError(e2)));
        }
      }
    }, 1000);
    autosaverRef.current = autosaver;
    // The app lock saves what is pending before it closes the journal.
    const untrack = trackPending(() => autosaver.flush());
    const onLeave = () => void autosaver.flush();
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("beforeunload", onLeave);
    return () => {
      window.removeEventListener("pagehide", onLeave);
      window.removeEventListener("beforeunload", onLeave);
      untrack();
      void autosaver.flush();
    };
  }, [id, viewer, draftKey, setContent, team, show, setError]);

  const update = (patch: Partial<AppraisalContent>) => {
    const c = contentRef.current;
    if (!c) return;
    setContent({ ...c, ...patch });
    autosaverRef.current?.schedule();
  };

  const step = async (action: Action) => {
    await autosaverRef.current?.flush();
    try {
      const on = versionRef.current?.edit_version ?? 0;
      const a = team
        ? await api.signTeamReview(id, on)
        : await api.appraisalAction(id, on, action, viewer, action === "reopen" ? reason : null);
      show(a);
      setContent(a.content);
      setError(null);
      setConflict(null);
      setConfirmSign(false);
      setReason("");
      // Submitted, signed, withdrawn…: the page now says where the appraisal is; start from its heading.
      focusHeading();
    } catch (e) {
      const err = toIpcError(e);
      const c = contentRef.current;
      refuse(err, c && err.kind === "invalid" ? (action === "sign" ? signProblems(c) : action === "submit" ? submitProblems(c) : []) : []);
      // Changed elsewhere since I read it: nothing was signed or moved on. Show what it is now.
      if (err.kind === "conflict") await reload();
    }
  };

  if (loadError) {
    return (
      <>
        <h1 tabIndex={-1}>This appraisal cannot be opened</h1>
        <ErrorSummary error={loadError} focusKey={0} />
        <a href="#/appraisals">Back to appraisals</a>
      </>
    );
  }
  if (!appraisal || !content) return <p>Loading…</p>;

  const a = appraisal;
  const c = content;
  const can = (part: Part) => a.editable.includes(part);
  const errors = allErrors(error, problems);
  const err = (field: string) => messageFor(errors, field);
  const appraiserName = c.appraiser_name;
  const colleague = a.details.name;
  const steps = a.steps;
  const reload = () =>
    (team ? api.teamReview(id) : api.getAppraisal(id, viewer))
      .then((fresh) => {
        show(fresh);
        setContent(fresh.content);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  const noteProps = (field: string, part: Part) => ({ field, editable: can(part), appraiserName, error: err(field) });
  const flush = () => autosaverRef.current?.flush();
  // My team: sign with my own key and save the reviewed pack, in one step.
  const signAndExport = async () => {
    await flush();
    try {
      const r = await api.signAndExportTeamReview(id, versionRef.current?.edit_version ?? 0);
      if (r) {
        setShared(r.message);
        setConfirmSign(false);
        await reload();
        focusHeading();
      }
      setError(null);
    } catch (e) {
      const err = toIpcError(e);
      const c = contentRef.current;
      refuse(err, c && err.kind === "invalid" ? signProblems(c) : []);
      if (err.kind === "conflict") await reload();
    }
  };
  const sectionProps: SectionProps = { a, c, can, err, update, noteProps };
  // Done, needs you, waiting for the other person: in the contents list and under each heading.
  const statuses = sectionStatuses(a, c);
  return (
    <>
      {viewer === "colleague" ? (
        <a className="nhsuk-back-link" href="#/appraisals">
          Back to appraisals
        </a>
      ) : null}
      {team ? (
        <a className="nhsuk-back-link" href="#/team">
          Back to My team
        </a>
      ) : null}
      <h1 tabIndex={-1}>
        Appraisal: {formatDate(c.period_start)} to {formatDate(c.period_end)}
      </h1>
      <p>
        <strong className={"nhsuk-tag " + STATE_TAG[a.state]} id="appraisal-state">
          {STATE_LABEL[a.state]}
        </strong>{" "}
        <span className="autosave-status" id="autosave-status" aria-live="polite">
          {status.kind === "saving" ? "Saving…" : null}
          {status.kind === "saved" ? `Saved at ${formatInstant(status.at)}` : null}
          {status.kind === "draft" ? `Not saved yet: ${status.reason}. Your changes are kept on this device.` : null}
        </span>
      </p>
      {restored ? (
        <div className="nhsuk-inset-text">
          <p>We restored changes you made on {formatInstant(restored)} that had not been saved yet.</p>
        </div>
      ) : null}
      {viewer === "appraiser" ? (
        <div className="nhsuk-inset-text" id="appraiser-banner">
          <p>
            <strong>Appraiser mode.</strong> You are writing as {appraiserName || "the appraiser"}. You see only what{" "}
            {colleague} chose to share: private reflections and private wellbeing notes are not shown. Everything you
            write is recorded as yours.
          </p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} focusKey={refused} />
      {conflict ? (
        <div className="nhsuk-warning-callout" id="conflict" role="status">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              This appraisal was changed somewhere else
            </span>
          </h2>
          <p>
            It was saved in another window or at the command line while you were writing, so nothing was written over.
            {conflict.theirs.length > 0 ? ` Their changes are now shown in: ${conflict.theirs.join("; ")}.` : null}
          </p>
          {conflict.clashes.length === 0 ? (
            <p>Your own changes are kept and saved with theirs.</p>
          ) : (
            <>
              <p>
                You both changed {sectionTitles(conflict.clashes).join("; ")}. The saved version is shown there, and what you
                typed is kept on this device until you choose.
              </p>
              <button
                type="button"
                className="nhsuk-button"
                id="conflict-use-mine"
                onClick={() => {
                  const c = contentRef.current;
                  if (c) setContent(takeMine(c, conflict.mine, conflict.clashes));
                  setConflict(null);
                  autosaverRef.current?.schedule();
                }}
              >
                Use what I typed there
              </button>{" "}
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                id="conflict-keep-saved"
                onClick={() => setConflict(null)}
              >
                Keep the saved version
              </button>
            </>
          )}
        </div>
      ) : null}

      <SectionsNav statuses={statuses} />

      <div className="appraisal-actions">
        {!team && viewer === "colleague" && (a.state === "ready_for_review" || a.state === "in_review") ? (
          <button type="button" className="nhsuk-button" id="enter-appraiser-mode" onClick={() => void autosaverRef.current?.flush().then(() => onAppraiserMode(true))}>
            Hand over to {appraiserName || "your appraiser"} (appraiser mode)
          </button>
        ) : null}{" "}
        {!team && viewer === "appraiser" ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" id="exit-appraiser-mode" onClick={() => void autosaverRef.current?.flush().then(() => onAppraiserMode(false))}>
            End appraiser mode
          </button>
        ) : null}{" "}
        {steps.filter((s) => s === "submit" || s === "withdraw" || s === "start_review").map((s) => (
          <button key={s} type="button" className="nhsuk-button" id={"step-" + s} onClick={() => void step(s)}>
            {STEP_LABEL[s]}
          </button>
        ))}{" "}
        {viewer === "colleague" && a.state === "draft" ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--warning"
            id="delete-appraisal"
            onClick={(e) => {
              void confirm
                .ask(
                  {
                    title: "Delete this draft appraisal?",
                    body: "Everything written in it is deleted, and this cannot be undone. Your reflections are not deleted.",
                    confirmLabel: "Yes, delete the draft",
                    cancelLabel: "No, keep it",
                    warning: true,
                  },
                  e.currentTarget,
                )
                .then((ok) => {
                  if (!ok) return;
                  autosaverRef.current?.cancel();
                  api.deleteAppraisal(id).then(() => navigate("#/appraisals")).catch((e2: unknown) => refuse(toIpcError(e2)));
                });
            }}
          >
            Delete draft
          </button>
        ) : null}
      </div>
      {confirm.dialog}
      {team ? (
        <div className="nhsuk-inset-text" id="team-banner">
          <p>
            You are reviewing {colleague}'s appraisal at a distance, as their appraiser. Write your comment on each value and your
            summary, then sign and save the reviewed pack in one step: you sign with your own key, on your own device, and send the
            pack back to {colleague}. Objectives and the plan are agreed together, so they are shown as {colleague} sent them.
          </p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            id="export-reviewed"
            onClick={() => {
              void autosaverRef.current?.flush().then(() =>
                api
                  .exportReviewedPack(id)
                  .then((r) => setShared(r ? r.message : null))
                  .catch((e: unknown) => setError(toIpcError(e))),
              );
            }}
          >
            {a.signatures.some((s) => s.role === "appraiser") ? "Save the reviewed pack again" : "Save the reviewed pack without signing"}
          </button>
          {shared ? <p id="shared-result">{shared}.</p> : null}
        </div>
      ) : null}
      {!team && viewer === "colleague" ? (
        <div className="share-actions" id="share-actions">
          {(a.state === "ready_for_review" || a.state === "in_review") && !a.frozen ? (
            <>
              <a className="nhsuk-button nhsuk-button--secondary" href={"#/share/" + id + "/for_review"} id="share-for-review">
                Send to {appraiserName || "my appraiser"} to review at a distance
              </a>{" "}
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                id="import-review"
                onClick={() => {
                  void autosaverRef.current?.flush().then(() =>
                    api
                      .importPack()
                      .then((r) => {
                        if (r) setShared(r.message);
                        return reload();
                      })
                      .catch((e: unknown) => setError(toIpcError(e))),
                  );
                }}
              >
                Take in my appraiser's review
              </button>
            </>
          ) : null}
          {a.state === "agreed" ? (
            <a className="nhsuk-button nhsuk-button--secondary" href={"#/share/" + id + "/agreed"} id="share-agreed">
              Send the agreed record to HR
            </a>
          ) : null}
          {shared ? <p id="shared-result">{shared}.</p> : null}
        </div>
      ) : null}

      <SectionStatuses.Provider value={statuses}>
      <DetailsSection {...sectionProps} />

      <ReviewSection {...sectionProps} />

      <ValuesSection {...sectionProps} models={models} />

      <PreviousSection {...sectionProps} />

      <ObjectivesSection {...sectionProps} />

      <PlanSection {...sectionProps} />

      <WellbeingSection {...sectionProps} viewer={viewer} />

      <CareerSection {...sectionProps} />

      <PayStepSection {...sectionProps} />

      <SignOffSection
        {...sectionProps}
        id={id}
        viewer={viewer}
        team={team}
        confirmSign={confirmSign}
        setConfirmSign={setConfirmSign}
        reason={reason}
        setReason={setReason}
        includeWellbeing={includeWellbeing}
        setIncludeWellbeing={setIncludeWellbeing}
        step={step}
        flush={flush}
        signAndExport={signAndExport}
      />
      </SectionStatuses.Provider>
    </>
  );
}