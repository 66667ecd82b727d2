// HR trusting keys in the real window: HR imports an agreed pack (pack format 2, signed by the
// colleague's and the appraiser's own keys), sees it held with both keys' fingerprints, compares
// each fingerprint (the window explains how) and trusts it, and sees the record added to the
// counts; then sets the suppression threshold (refused out of range at the field). The pack is a committed fixture (tests/e2e/fixtures, made by tests/tests/hr.rs).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, waitForHeading, waitForTextOf } from "./driver.mjs";

const base = mkdtempSync(join(tmpdir(), "reflect-e2e-hr-"));
const home = join(base, "hr");
const inbox = join(base, "inbox");
mkdirSync(inbox, { recursive: true });
copyFileSync(join(import.meta.dirname, "fixtures/hr-agreed.reflectpack"), join(inbox, "sam.reflectpack"));
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...isolatedEnv(home), REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const click = (selector) => clickOn(browser, selector);

const text = (selector) => textOf(browser, selector);

const waitForText = (selector, re, what) => waitForTextOf(browser, selector, re, what);

describe("HR trusts keys after comparing fingerprints, end to end in the real window", () => {
  after(async () => {
    await stopDriver(driver, browser);
  });

  it("holds an agreed pack until HR trusts both keys, then adds it", async () => {
    reflect("init", "--name", "Pat HR", "--job-title", "HR Advisor", "--grade", "Band 6", "--team", "HR",
      "--line-manager", "Chris", "--framework", "nhs-somerset");
    reflect("hr", "area", "on");
    driver = await startDriver({ ...isolatedEnv(home), REFLECT_IMPORT_PATH: inbox }, 4494);
    browser = await launch();
    await waitForHeading(browser, "Your reflections");
    await click("#nav-organisation");
    await waitForHeading(browser, "Organisation");
    await click("#hr-import-folder");
    await waitForText("#hr-import-result", /0 added, 0 newer versions, 0 already imported, 1 held, 0 refused/, "the pack was not held");
    await waitForText("#hr-held", /Sam Jones/, "the held list does not show the pack");

    // The window shows the same fingerprints HR's own records hold.
    const [held] = reflect("hr", "held");
    const list = await text("#hr-held-table");
    assert.ok(list.includes(held.colleague_fingerprint), "the colleague's fingerprint is shown");
    assert.ok(list.includes(held.appraiser_fingerprint), "the appraiser's fingerprint is shown");
    assert.match(await text(".hr-held-reason"), /neither/);
    assert.match(await text("#hr-empty"), /No agreed appraisals/);
    await screenshot(browser, "hr-held");

    // Trust the colleague's key: the panel explains comparing the fingerprint aloud.
    await click('.hr-trust[data-role="colleague"]');
    await waitForText("#hr-trust-panel", /read their key's fingerprint to you aloud/, "no explanation of comparing");
    assert.equal(await text("#hr-trust-fingerprint"), held.colleague_fingerprint);
    await screenshot(browser, "hr-trust-key");
    await click("#hr-trust-confirm");
    await waitForText("#hr-import-result", /HR trusts Sam Jones's key/, "the colleague's key was not trusted");
    await waitForText(".hr-held-reason", /appraiser's key is not trusted/, "still held for the appraiser's key");

    // Then the appraiser's: the record is added in the same step.
    await click('.hr-trust[data-role="appraiser"]');
    assert.equal(await text("#hr-trust-fingerprint"), held.appraiser_fingerprint);
    await click("#hr-trust-confirm");
    await waitForText("#hr-import-result", /Added: Sam Jones/, "the held pack was not added");
    const team = await browser.$('#hr-summary tr[data-level="team"]');
    await team.waitForExist({ timeout: 10000 });
    assert.equal(await (await browser.$("#hr-held")).isExisting(), false, "nothing is held any more");
    assert.equal(reflect("hr", "keys").length, 2);
    await screenshot(browser, "hr-added");
  });

  it("sets HR's suppression threshold: a value out of range is refused at the field, nothing changed", async () => {
    const field = await browser.$("#field-threshold");
    await field.waitForExist({ timeout: 10000 });
    assert.equal(await field.getValue(), "5", "the default threshold");
    await field.clearValue();
    await field.setValue("1");
    await click("#hr-threshold-save");
    await waitForText("#hr-threshold-form .nhsuk-error-message", /from 2 to 10/, "no error at the field");
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.equal(reflect("hr", "threshold").threshold, 5, "nothing changed");
    await screenshot(browser, "hr-threshold-refused");
    await field.clearValue();
    await field.setValue("7");
    await click("#hr-threshold-save");
    await waitForText("#hr-threshold-result", /counts below 7 are not shown/, "the threshold was not saved");
    assert.equal(reflect("hr", "threshold").threshold, 7);
    assert.equal(await (await browser.$("#hr-threshold-form .nhsuk-error-message")).isExisting(), false, "the error is gone");
    // A team of one is below any threshold: its counts stay suppressed.
    assert.equal(await text('#hr-summary tr[data-level="team"] .hr-staff'), "—");
  });
});
