// The only module that talks to the Rust side. Every call is typed with the ts-rs bindings, and
// every failure becomes an IpcError {kind, message, field?} that the views show inline.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { AppState } from "./bindings/AppState";
import type { ArchiveImported } from "./bindings/ArchiveImported";
import type { ArchivePreview } from "./bindings/ArchivePreview";
import type { SavedArchive } from "./bindings/SavedArchive";
import type { Draft } from "./bindings/Draft";
import type { FixTarget } from "./bindings/FixTarget";
import type { PackFinding } from "./bindings/PackFinding";
import type { PrivacyFix } from "./bindings/PrivacyFix";
import type { PrivacyReport } from "./bindings/PrivacyReport";
import type { Framework } from "./bindings/Framework";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { IpcError } from "./bindings/IpcError";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { Overview } from "./bindings/Overview";
import type { Profile } from "./bindings/Profile";
import type { Reflection } from "./bindings/Reflection";
import type { ReflectionInput } from "./bindings/ReflectionInput";
import type { ReflectionQuery } from "./bindings/ReflectionQuery";
import type { ReflectionPage } from "./bindings/ReflectionPage";
import type { RevisionEntry } from "./bindings/RevisionEntry";
import type { EditorSave } from "./bindings/EditorSave";
import type { ModelChange } from "./bindings/ModelChange";
import type { ReflectiveModel } from "./bindings/ReflectiveModel";
import type { Action } from "./bindings/Action";
import type { Appraisal } from "./bindings/Appraisal";
import type { AppraisalContent } from "./bindings/AppraisalContent";
import type { AppraisalSummary } from "./bindings/AppraisalSummary";
import type { Confirmation } from "./bindings/Confirmation";
import type { ConfirmationInput } from "./bindings/ConfirmationInput";
import type { Discussion } from "./bindings/Discussion";
import type { Document } from "./bindings/Document";
import type { DiscussionInput } from "./bindings/DiscussionInput";
import type { ExportOutcome } from "./bindings/ExportOutcome";
import type { Feedback } from "./bindings/Feedback";
import type { HrBatch } from "./bindings/HrBatch";
import type { HrFilter } from "./bindings/HrFilter";
import type { HrHeld } from "./bindings/HrHeld";
import type { HrKey } from "./bindings/HrKey";
import type { HrTrust } from "./bindings/HrTrust";
import type { HrSummary } from "./bindings/HrSummary";
import type { OpenedPack } from "./bindings/OpenedPack";
import type { PackImport } from "./bindings/PackImport";
import type { PackPreview } from "./bindings/PackPreview";
import type { Purpose } from "./bindings/Purpose";
import type { SavedFile } from "./bindings/SavedFile";
import type { TeamKey } from "./bindings/TeamKey";
import type { TeamReviewSummary } from "./bindings/TeamReviewSummary";
import type { FeedbackInput } from "./bindings/FeedbackInput";
import type { NewAppraisal } from "./bindings/NewAppraisal";
import type { Reminder } from "./bindings/Reminder";
import type { Revalidation } from "./bindings/Revalidation";
import type { Role } from "./bindings/Role";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { BackupsView } from "./bindings/BackupsView";
import type { EncryptionOutcome } from "./bindings/EncryptionOutcome";
import type { EncryptionStatus } from "./bindings/EncryptionStatus";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";
import { toIpcError } from "./logic/errors";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

export type { IpcError };

/** The native window's title (what the taskbar, window switcher and screen readers announce).
 * Outside the app's window (tests, a plain browser) there is no window to name: nothing happens. */
export function setWindowTitle(title: string): void {
  try {
    getCurrentWindow()
      .setTitle(title)
      .catch(() => undefined);
  } catch {
    /* not in a Tauri window */
  }
}

/** Any PDF of reflect-pdf's registry (`Document`); null means the user cancelled. */
const exportPdf = (document: Document) => call<ExportOutcome | null>("export_pdf", { document });

/** Call `f` whenever a second launch hands this window a pack to open; returns the way to stop
 * listening. Outside the app's window (tests, a plain browser) nothing is ever heard. */
export function onPacksOpened(f: () => void): () => void {
  let unlisten: (() => void) | null = null;
  let stopped = false;
  try {
    listen("packs-opened", () => f())
      .then((u) => {
        if (stopped) u();
        else unlisten = u;
      })
      .catch(() => undefined);
  } catch {
    /* not in a Tauri window */
  }
  return () => {
    stopped = true;
    unlisten?.();
  };
}

export const api = {
  appState: () => call<AppState>("app_state"),
  saveProfile: (profile: Profile) => call<Profile>("save_profile", { profile }),
  keyInfo: () => call<KeyInfo>("key_info"),
  // The journal list has been painted for the first time (the app-start benchmark's mark).
  journalShown: (rows: number, pageMs: number) => call<null>("journal_shown", { rows, pageMs }),
  getFramework: (id: string, revision: number | null = null) => call<Framework>("get_framework", { id, revision }),
  importFramework: () => call<ImportOutcome | null>("import_framework"),
  renameValue: (frameworkId: string, valueKey: string, name: string) =>
    call<Framework>("rename_value", { frameworkId, valueKey, name }),
  // `session`: the editor's editing session; only its autosaves coalesce into one revision.
  saveReflection: (input: ReflectionInput, session: string | null, how: EditorSave) =>
    call<Reflection>("save_reflection", { input, session, how }),
  // Where each answer would go under another reflective model (nothing is stored).
  previewModelChange: (from: ReflectiveModel, to: ReflectiveModel, body: Record<string, string>) =>
    call<ModelChange>("preview_model_change", { from, to, body }),
  // A new revision with revision `revision`'s content; `expected` is the revision the page showed
  // (saved elsewhere since: kind "conflict").
  restoreRevision: (id: string, revision: number, expected: number) =>
    call<Reflection>("restore_revision", { id, revision, expected }),
  getReflection: (id: string) => call<Reflection>("get_reflection", { id }),
  // The first `first` rows of what the query matches, and how many it matches.
  listReflections: (query: ReflectionQuery, first: number) => call<ReflectionPage>("list_reflections", { query, first }),
  deleteReflection: (id: string) => call<Reflection>("delete_reflection", { id }),
  restoreReflection: (id: string) => call<Reflection>("restore_reflection", { id }),
  history: (id: string) => call<RevisionEntry[]>("reflection_history", { id }),
  overview: () => call<Overview>("overview"),
  saveDraft: (key: string, content: string) => call<Draft>("save_draft", { key, content }),
  listDrafts: () => call<Draft[]>("list_drafts"),
  discardDraft: (key: string) => call<null>("discard_draft", { key }),
  checkPrivacy: (input: ReflectionInput) => call<PrivacyReport>("check_privacy", { input }),
  // One finding rewritten in the editor's unsaved input (nothing is stored); a stale target fails
  // with kind "invalid" naming its field.
  applyPrivacyFix: (input: ReflectionInput, target: FixTarget) => call<ReflectionInput>("apply_privacy_fix", { input, target }),
  // One finding rewritten in a saved reflection, saved as a new revision.
  fixSavedPrivacy: (id: string, target: FixTarget) => call<PrivacyFix>("fix_saved_privacy", { id, target }),
  // The privacy findings over the text a PDF will print, shown before it is exported.
  pdfFindings: (document: Document) => call<PackFinding[]>("pdf_findings", { document }),
  listAppraisals: () => call<AppraisalSummary[]>("list_appraisals"),
  createAppraisal: (input: NewAppraisal) => call<Appraisal>("create_appraisal", { input }),
  getAppraisal: (id: string, viewer: Role) => call<Appraisal>("get_appraisal", { id, viewer }),
  // `edited`: the `edit_version` the change was made on; a stale one fails with kind "conflict".
  saveAppraisal: (id: string, edited: number, content: AppraisalContent, actor: Role) =>
    call<Appraisal>("save_appraisal", { id, edited, content, actor }),
  appraisalAction: (id: string, edited: number, action: Action, actor: Role, reason: string | null = null) =>
    call<Appraisal>("appraisal_action", { id, edited, action, actor, reason }),
  deleteAppraisal: (id: string) => call<null>("delete_appraisal", { id }),
  reminders: () => call<Reminder[]>("reminders"),
  revalidation: () => call<Revalidation>("revalidation"),
  saveFeedback: (input: FeedbackInput) => call<Feedback>("save_feedback", { input }),
  deleteFeedback: (id: string) => call<null>("delete_feedback", { id }),
  addDiscussion: (input: DiscussionInput) => call<Discussion>("add_discussion", { input }),
  deleteDiscussion: (id: string) => call<null>("delete_discussion", { id }),
  addConfirmation: (input: ConfirmationInput) => call<Confirmation>("add_confirmation", { input }),
  deleteConfirmation: (id: string) => call<null>("delete_confirmation", { id }),
  // Each export asks where to save (the Rust side shows the system dialog and writes the file);
  // null means the user cancelled. Every PDF is one `Document` of reflect-pdf's registry.
  exportPdf,
  exportAppraisalPdf: (id: string, includeWellbeing: boolean) =>
    exportPdf({ kind: "appraisal", id, include_wellbeing: includeWellbeing }),
  exportNmcPdf: (includePrivate: boolean) => exportPdf({ kind: "nmc", include_private: includePrivate }),
  exportPortfolioPdf: (from: string | null, to: string | null) => exportPdf({ kind: "portfolio", from, to }),
  // Sharing: packs, My team, the Organisation area. Files are chosen and read on the Rust side.
  packPreview: (id: string, purpose: Purpose) => call<PackPreview>("pack_preview", { id, purpose }),
  exportPack: (id: string, purpose: Purpose, acknowledged: string[]) =>
    call<SavedFile | null>("export_pack", { id, purpose, acknowledged }),
  importPack: () => call<PackImport | null>("import_pack"),
  // Packs opened from outside the app (the file manager, an email client, a second launch), each
  // imported with the same checks as importPack: where it went, or why it was refused. While the
  // journal is locked or still opening this fails and they keep waiting.
  openPendingPacks: () => call<OpenedPack[]>("open_pending_packs"),
  teamReviews: () => call<TeamReviewSummary[]>("team_reviews"),
  teamReview: (id: string) => call<Appraisal>("team_review", { id }),
  saveTeamReview: (id: string, edited: number, content: AppraisalContent) =>
    call<Appraisal>("save_team_review", { id, edited, content }),
  signTeamReview: (id: string, edited: number) => call<Appraisal>("sign_team_review", { id, edited }),
  // Sign with my key and save the reviewed pack, in one step; null: the save was cancelled (nothing signed).
  signAndExportTeamReview: (id: string, edited: number) =>
    call<SavedFile | null>("sign_and_export_team_review", { id, edited }),
  pinTeamKey: (publicKey: string, name: string) => call<TeamKey>("pin_team_key", { publicKey, name }),
  teamKeys: () => call<TeamKey[]>("team_keys"),
  unpinTeamKey: (publicKey: string) => call<null>("unpin_team_key", { publicKey }),
  exportReviewedPack: (id: string) => call<SavedFile | null>("export_reviewed_pack", { id }),
  setOrganisationArea: (on: boolean) => call<null>("set_organisation_area", { on }),
  hrImport: (folder: boolean) => call<HrBatch | null>("hr_import", { folder }),
  hrSummary: (filter: HrFilter) => call<HrSummary>("hr_summary", { filter }),
  setHrThreshold: (threshold: number, filter: HrFilter) => call<HrSummary>("set_hr_threshold", { threshold, filter }),
  hrHeld: () => call<HrHeld[]>("hr_held"),
  hrKeys: () => call<HrKey[]>("hr_keys"),
  hrTrustKey: (key: string, name: string, employeeNumber: string | null) =>
    call<HrTrust>("hr_trust_key", { key, name, employeeNumber }),
  hrUntrustKey: (key: string) => call<boolean>("hr_untrust_key", { key }),
  hrDiscardHeld: (id: number) => call<null>("hr_discard_held", { id }),
  exportHrCsv: (filter: HrFilter) => call<SavedFile | null>("export_hr_csv", { filter }),
  exportHrSummaryCsv: (filter: HrFilter) => call<SavedFile | null>("export_hr_summary_csv", { filter }),
  exportHrSummaryPdf: (filter: HrFilter) => exportPdf({ kind: "hr_summary", ...filter }),
  exportHrPdfs: (filter: HrFilter) => call<SavedFile | null>("export_hr_pdfs", { filter }),
  // The portable archive (Settings → Take your journal with you); null means the user cancelled.
  archivePreview: () => call<ArchivePreview>("archive_preview"),
  saveArchive: () => call<SavedArchive | null>("save_archive"),
  importArchive: () => call<ArchiveImported | null>("import_archive"),
  // Backups: the status (also makes the daily backup when one is due), back up now, the folder
  // (null: the default), the passphrase (null: none), and restoring over this journal.
  backupStatus: () => call<BackupsView>("backup_status"),
  backupNow: () => call<BackupInfo>("backup_now"),
  // After the journal is encrypted: delete the backups that are not (how many went).
  deleteUnencryptedBackups: () => call<number>("delete_unencrypted_backups"),
  // When the journal cannot be opened: the backups in the data folder's own backup folder.
  rescueBackups: () => call<BackupInfo[]>("rescue_backups"),
  setBackupFolder: (folder: string | null) => call<BackupSettings>("set_backup_folder", { folder }),
  setBackupPassphrase: (passphrase: string | null) => call<BackupSettings>("set_backup_passphrase", { passphrase }),
  restoreBackup: (file: string, passphrase: string | null) =>
    call<RestoreOutcome>("restore_backup", { file, passphrase }),
  // The passphrase and the app lock. While the journal is locked every other call fails with kind
  // "locked"; unlocking gives the start-up state. A wrong passphrase or recovery code fails as
  // "invalid" naming the field ("passphrase" or "recovery_code"), and the next try waits longer.
  unlockJournal: (passphrase: string | null, recoveryCode: string | null) =>
    call<AppState>("unlock_journal", { passphrase, recoveryCode }),
  // Closes the journal (its key is wiped); the UI then reloads so it holds nothing of it.
  lockJournal: () => call<null>("lock_journal"),
  encryptionStatus: () => call<EncryptionStatus>("encryption_status"),
  // The outcome's recovery code is shown once, to be written down.
  encryptJournal: (passphrase: string, keystore: boolean) => call<EncryptionOutcome>("encrypt_journal", { passphrase, keystore }),
  decryptJournal: (passphrase: string) => call<EncryptionStatus>("decrypt_journal", { passphrase }),
  // The current passphrase, or the recovery code instead (one of the two).
  changePassphrase: (currentPassphrase: string | null, recoveryCode: string | null, newPassphrase: string) =>
    call<EncryptionStatus>("change_passphrase", { currentPassphrase, recoveryCode, newPassphrase }),
  newRecoveryCode: (passphrase: string) => call<EncryptionOutcome>("new_recovery_code", { passphrase }),
  setKeystore: (on: boolean) => call<EncryptionStatus>("set_keystore", { on }),
  // 0: never lock.
  setLockMinutes: (minutes: number) => call<EncryptionStatus>("set_lock_minutes", { minutes }),
  // Desktop notifications of reminders that fall due, at most once a day (Settings → Reminders).
  setNotifications: (on: boolean) => call<null>("set_notifications", { on }),
  // The window's zoom, in per cent (100: as designed); the webview's own page zoom.
  setZoom: (percent: number) => call<null>("set_zoom", { percent }),
};

export type Api = typeof api;
