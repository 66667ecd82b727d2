/** Settings → Backups: how a backup and the time of the last one are described. */
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupKind } from "../bindings/BackupKind";
import { formatInstant } from "./dates";

const KINDS: Record<BackupKind, string> = {
  daily: "Daily",
  weekly: "Weekly",
  manual: "Made by you",
  "before-upgrade": "Before an upgrade",
  "before-restore": "Before a restore",
};

export function kindLabel(kind: BackupKind): string {
  return KINDS[kind];
}

/** 812 → "812 bytes", 3_400 → "3.3 KB", 5_300_000 → "5.1 MB" (binary units, as the CLI). */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KB", "MB", "GB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i] ?? "GB"}`;
}

/** The line the footer and Settings show: when the last backup was made, and a nudge when it is old. */
export function lastBackupLine(last: BackupInfo | null, now: Date = new Date()): string {
  if (!last) return "No backup yet.";
  const made = new Date(last.created);
  const line = `Last backup: ${formatInstant(last.created)}.`;
  const days = (now.getTime() - made.getTime()) / 86_400_000;
  return days >= 2 ? `${line} That is ${Math.floor(days)} days ago: back up now in Settings.` : line;
}

/** A new passphrase and its confirmation: the message to show, or null when they can be sent. */
export function passphraseProblem(passphrase: string, confirm: string): string | null {
  if (passphrase.length === 0) return "Enter a passphrase";
  if (passphrase !== confirm) return "The two passphrases are not the same";
  return null;
}
