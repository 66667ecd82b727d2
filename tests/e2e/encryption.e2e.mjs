// Encrypted at rest, with an app lock, in the real window: Settings → Passphrase and lock sets a
// passphrase and shows the recovery code once (carrying on needs the tick); "Lock Reflect now"
// leaves only the unlock screen, with no reflection anywhere in the page; a wrong passphrase is
// named beside the field; the right one brings the journal back; what was being typed when
// Ctrl+L locked is saved first, and the recovery code opens the journal too; a restart shows the
// unlock screen first; Settings → Backups deletes the backups made before the passphrase;
// removing the passphrase leaves a journal the CLI reads without one. The
// journal is seeded with the `reflect` CLI; REFLECT_KEYSTORE=off (isolatedEnv) keeps the key out
// of this computer's keyring.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, typeInto, waitForHeading, waitForTextOf } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-encryption-"));
const env = isolatedEnv(home);
const data = join(env.XDG_DATA_HOME, "app.reflect.journal");
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
const TITLE = "The night the bank stopped answering";
const TYPED = "Written a moment before the lock";
const PASSPHRASE = "harbour violet pencil";
let driver;
let browser;
let recoveryCode;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const click = (selector) => clickOn(browser, selector);
const fill = (id, text) => typeInto(browser, id, text);

/** Nothing of the journal anywhere in the page: not in what is shown, not in the page's source. */
async function assertOnlyUnlockScreen(...titles) {
  await waitForHeading(browser, "Reflect is locked");
  const source = await browser.getPageSource();
  const shown = await browser.execute(() => document.body.innerText);
  for (const title of titles) {
    assert.ok(!source.includes(title), `the locked page's source holds "${title}"`);
    assert.ok(!shown.includes(title), `the locked page shows "${title}"`);
  }
  assert.equal(await browser.$("nav").isExisting(), false, "no navigation while locked");
  assert.equal(await browser.$("#reflection-list").isExisting(), false);
  assert.equal(await (await browser.$("#field-passphrase")).getAttribute("autocomplete"), "current-password");
}

async function unlockWith(passphrase) {
  await fill("field-passphrase", passphrase);
  await click("#unlock-journal");
}

describe("encryption and the app lock, end to end in the real window", () => {
  before(async () => {
    reflect("init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset");
    reflect("add", "--title", TITLE, "--text", "Blood results came back late, and I learnt to escalate sooner.");
    driver = await startDriver(env, 4514);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("Settings → Passphrase and lock sets a passphrase and shows the recovery code once", async () => {
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "#reflection-list", new RegExp(TITLE), "the seeded reflection was not listed");
    await click("#nav-settings");
    await waitForHeading(browser, "Settings");
    await waitForTextOf(browser, "#encryption-state", /not encrypted/, "Settings never said the journal is not encrypted");
    // Too short: core's rule, named beside the field.
    await fill("field-new-journal-passphrase", "short");
    await fill("field-confirm-journal-passphrase", "short");
    await click("#protect-journal");
    await waitForTextOf(browser, "#field-new-journal-passphrase-error", /at least 10 characters/, "a short passphrase was not refused");
    await fill("field-new-journal-passphrase", PASSPHRASE);
    await fill("field-confirm-journal-passphrase", PASSPHRASE);
    await click("#protect-journal");
    const code = await browser.$("#recovery-code");
    await code.waitForExist({ timeout: 30000 }).catch(async () => {
      await screenshot(browser, "no-recovery-code");
      assert.fail("no recovery code; Settings says: " + (await textOf(browser, "#passphrase-and-lock")));
    });
    const groups = [];
    for await (const g of browser.$$("#recovery-code .recovery-code__group")) groups.push(await g.getText());
    assert.equal(groups.length, 8, `eight groups: ${groups}`);
    assert.ok(groups.every((g) => /^[A-Z2-7]{4}$/.test(g)), `groups of four: ${groups}`);
    recoveryCode = groups.join("-");
    assert.doesNotMatch(await textOf(browser, "#recovery-code-panel"), /could not/, "encrypting warned of something");
    await browser.execute((e) => e.scrollIntoView({ block: "center" }), code);
    await screenshot(browser, "recovery-code");
    // Carrying on needs the tick.
    await click("#recovery-code-done");
    await waitForTextOf(browser, ".nhsuk-error-summary", /Tick the box/, "carried on without the tick");
    await click('label[for="recovery-code-kept"]');
    await click("#recovery-code-done");
    await waitForTextOf(browser, "#encryption-state", /Your journal is encrypted/, "Settings never said the journal is encrypted");
    assert.equal(await browser.$("#recovery-code").isExisting(), false, "the code is shown once");
    assert.ok(!readFileSync(join(data, "reflect.db")).subarray(0, 16).toString().startsWith("SQLite format 3"), "the file is no longer plain SQLite");
    // Lock after: 5 minutes unless chosen.
    assert.equal(await (await browser.$("#field-lock-minutes")).getValue(), "5");
    await browser.execute(() => document.getElementById("passphrase-and-lock")?.scrollIntoView({ block: "start" }));
    await screenshot(browser, "settings-passphrase-and-lock");
  });

  it("Lock Reflect now leaves only the unlock screen, with nothing of the journal in the page", async () => {
    await click("#lock-now");
    await assertOnlyUnlockScreen(TITLE);
    await screenshot(browser, "locked");
  });

  it("a wrong passphrase is named beside the field; the right one brings the journal back", async () => {
    await unlockWith("not my passphrase at all");
    await waitForTextOf(browser, "#field-passphrase-error", /does not unlock this journal/, "a wrong passphrase was not named at the field");
    assert.match(await textOf(browser, ".nhsuk-error-summary"), /does not unlock this journal/);
    await assertOnlyUnlockScreen(TITLE);
    await screenshot(browser, "unlock-wrong");
    // Straight after a wrong try Reflect makes you wait a moment.
    await new Promise((r) => setTimeout(r, 1500));
    await unlockWith(PASSPHRASE);
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "#reflection-list", new RegExp(TITLE), "the reflection was not back after unlocking");
  });

  it("Ctrl+L saves what is being typed before it locks, and the recovery code opens the journal too", async () => {
    await click("#nav-new");
    await waitForHeading(browser, "New reflection");
    await fill("field-title", TYPED);
    await fill("field-body-reflection", "Typed and never saved by hand.");
    await browser.keys([Key.Ctrl, "l"]);
    await assertOnlyUnlockScreen(TITLE, TYPED);
    await click("#use-recovery-code");
    await fill("field-recovery_code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
    await click("#unlock-journal");
    await waitForTextOf(browser, "#field-recovery_code-error", /does not unlock this journal/, "a wrong recovery code was not named at the field");
    await new Promise((r) => setTimeout(r, 1500));
    await fill("field-recovery_code", recoveryCode.toLowerCase());
    await click("#unlock-journal");
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "#reflection-list", new RegExp(TYPED), "what was typed before the lock was not saved");
  });

  it("after a restart the unlock screen comes first", async () => {
    await browser.deleteSession();
    browser = await launch();
    await assertOnlyUnlockScreen(TITLE, TYPED);
    await unlockWith(PASSPHRASE);
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "#reflection-list", new RegExp(TITLE), "the reflection was not back after a restart");
  });

  it("Settings → Backups offers to delete the backups made before the passphrase", async () => {
    await click("#nav-settings");
    await waitForHeading(browser, "Settings");
    await waitForTextOf(browser, "#backup-encryption", /encrypted with its key/, "Backups never said they use the journal's key");
    await waitForTextOf(browser, "#unencrypted-backups", /not encrypted/, "the backups made before the passphrase were not pointed out");
    await click("#delete-unencrypted");
    await waitForTextOf(browser, "#backups", /Deleted \d+ unencrypted backups?\./, "the unencrypted backups were not deleted");
    assert.equal(await browser.$("#unencrypted-backups").isExisting(), false);
    const folder = join(data, "backups");
    const files = readdirSync(folder).filter((f) => f.endsWith(".reflectbackup"));
    assert.ok(files.length > 0, "an encrypted backup is kept");
    for (const f of files) {
      const head = readFileSync(join(folder, f)).subarray(0, 40).toString();
      assert.match(head, /^Reflect backup\nformat: 2\n/, `${f} is an encrypted journal's backup`);
    }
  });

  it("removing the passphrase stores the journal unencrypted again", async () => {
    await click("#nav-settings");
    await waitForHeading(browser, "Settings");
    await waitForTextOf(browser, "#encryption-state", /Your journal is encrypted/, "Settings never said the journal is encrypted");
    await fill("field-remove-journal-passphrase", PASSPHRASE);
    await click("#decrypt-journal");
    await waitForTextOf(browser, "#passphrase-message", /stored unencrypted/, "the passphrase was not removed");
    await waitForTextOf(browser, "#encryption-state", /not encrypted/, "Settings still says the journal is encrypted");
    assert.equal(await browser.$("#footer-lock").isExisting(), false, "nothing to lock without a passphrase");
    const titles = reflect("list").map((r) => r.title);
    assert.ok(titles.includes(TITLE) && titles.includes(TYPED), `the CLI reads the journal without a passphrase: ${titles}`);
  });
});
