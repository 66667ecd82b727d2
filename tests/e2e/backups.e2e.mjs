// Nothing lost, in the real window: Settings → Backups makes a backup and the footer shows when;
// Settings → Take your journal with you saves an archive holding every reflection (read back by
// the CLI); and when the journal file is then emptied (a crash, a sync tool, a slip), the app
// says it cannot open the journal, offers the backups beside it, and restoring one brings the
// reflections back. The journal is seeded with the `reflect` CLI on the same data directory.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, waitForHeading, waitForTextOf } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-backups-"));
const exports = join(home, "exports");
mkdirSync(exports, { recursive: true });
const env = { ...isolatedEnv(home), REFLECT_EXPORT_DIR: exports };
const data = join(env.XDG_DATA_HOME, "app.reflect.journal");
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const click = (selector) => clickOn(browser, selector);

describe("backups, the archive and a restore, end to end in the real window", () => {
  before(async () => {
    reflect("init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset");
    reflect("add", "--title", "Handover on a busy night", "--text", "What I learnt about a calm handover.", "--value", "Self Awareness",
      "--visibility", "shared");
    reflect("add", "--title", "A private worry", "--text", "Only for me.", "--value", "Self Awareness");
    driver = await startDriver(env, 4464);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("Settings → Backups backs up now, and the footer says when", async () => {
    await waitForHeading(browser, "Your reflections");
    await click("#nav-settings");
    await waitForHeading(browser, "Settings");
    await click("#backup-now");
    await waitForTextOf(browser, "#backups", /Backed up to .*\.reflectbackup .*not encrypted/, "no backup was made");
    await waitForTextOf(browser, "#last-backup", /Last backup: /, "Settings never showed the last backup");
    await screenshot(browser, "settings-backups");
    const listed = reflect("backup", "list");
    assert.ok(listed.length >= 1, "the CLI lists the backup");
    assert.ok(listed.some((b) => b.kind === "manual"), JSON.stringify(listed));
  });

  it("Settings → Reminders switches desktop notifications off, and the journal keeps it so", async () => {
    const box = await browser.$("#notifications");
    await box.waitForExist({ timeout: 10000 });
    assert.equal(await box.isSelected(), true, "on unless switched off");
    await click('label[for="notifications"]');
    await browser.waitUntil(async () => !(await (await browser.$("#notifications")).isSelected()), {
      timeout: 5000,
      timeoutMsg: "the switch did not turn off",
    });
    // Away and back: Settings shows what the journal holds, not what was last clicked.
    await click("#nav-journal");
    await waitForHeading(browser, "Your reflections");
    await click("#nav-settings");
    await waitForHeading(browser, "Settings");
    assert.equal(await (await browser.$("#notifications")).isSelected(), false, "off after reading the journal again");
    await click('label[for="notifications"]');
    await browser.waitUntil(async () => (await browser.$("#notifications")).isSelected(), { timeout: 5000, timeoutMsg: "not back on" });
  });

  it("Settings → Take your journal with you says what goes and saves an archive of everything", async () => {
    await waitForTextOf(browser, "#take-it-with-you", /1 private reflection and your wellbeing notes/, "never said private reflections go");
    await click("#save-archive");
    await waitForTextOf(browser, "#archive-saved", /\.zip/, "the archive was never saved");
    const zip = readdirSync(exports).find((f) => f.endsWith(".zip"));
    assert.ok(zip, "an archive in the export folder");
    const summary = reflect("archive", "inspect", join(exports, zip));
    assert.equal(summary.counts.reflections, 2);
    assert.equal(summary.counts.private_reflections, 1);
    assert.equal(summary.signing_key_included, false);
  });

  it("an emptied journal is reported, not replaced, and restoring the backup beside it brings it back", async () => {
    const key = reflect("key").public_key;
    await stopDriver(driver, browser);
    truncateSync(join(data, "reflect.db"), 0);
    rmSync(join(data, "reflect.db-wal"), { force: true });
    rmSync(join(data, "reflect.db-shm"), { force: true });
    driver = await startDriver(env, 4466);
    browser = await launch();
    await waitForHeading(browser, "Reflect cannot open your journal");
    assert.match(await textOf(browser, "main"), /empty \(0 bytes\)/);
    await waitForTextOf(browser, "#rescue", /Backups in the folder/, "the backups beside the journal were never offered");
    await screenshot(browser, "rescue");
    await click("#backup-list button");
    await click("#restore-yes");
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "main", /Handover on a busy night[\s\S]*A private worry|A private worry[\s\S]*Handover on a busy night/, "the restored reflections were never listed");
    assert.equal(reflect("key").public_key, key, "the signing key came back with the journal");
    assert.equal(reflect("list").length, 2);
  });
});
