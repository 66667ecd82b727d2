import { describe, expect, it } from "vitest";
import type { BackupInfo } from "../bindings/BackupInfo";
import { kindLabel, lastBackupLine, passphraseProblem, sizeLabel } from "./backups";

const backup = (created: string): BackupInfo => ({
  file_name: "reflect-20261202T090000.000Z-daily.reflectbackup",
  path: "/data/backups/reflect-20261202T090000.000Z-daily.reflectbackup",
  created,
  size: 2048,
  kind: "daily",
  encrypted: false,
  schema: 5,
});

describe("Backups", () => {
  it.each([
    [0, "0 bytes"],
    [1023, "1023 bytes"],
    [1024, "1.0 KB"],
    [5_300_000, "5.1 MB"],
    [3 * 1024 ** 3, "3.0 GB"],
  ])("shows %s bytes as %s", (n, want) => expect(sizeLabel(n)).toBe(want));

  it("names every kind in plain words", () => {
    expect(kindLabel("before-upgrade")).toBe("Before an upgrade");
    expect(kindLabel("weekly")).toBe("Weekly");
    expect(kindLabel("manual")).toBe("Made by you");
  });

  it("says when there is no backup, and nudges when the last one is old", () => {
    expect(lastBackupLine(null)).toBe("No backup yet.");
    const now = new Date("2026-12-02T12:00:00Z");
    expect(lastBackupLine(backup("2026-12-02T09:00:00.000Z"), now)).toMatch(/^Last backup: 2 December 2026 at \d\d:00\.$/);
    expect(lastBackupLine(backup("2026-11-28T09:00:00.000Z"), now)).toMatch(/That is 4 days ago: back up now in Settings\.$/);
  });

  it("checks a new passphrase against its confirmation", () => {
    expect(passphraseProblem("", "")).toBe("Enter a passphrase");
    expect(passphraseProblem("correct horse", "correct hose")).toBe("The two passphrases are not the same");
    expect(passphraseProblem("correct horse", "correct horse")).toBeNull();
  });
});
