// Sharing in the real window, across three data directories: the colleague (A) checks the share
// preview, acknowledges the privacy findings and saves a signed pack; their appraiser (B) imports it
// into My team, writes their comment, signs with their own key and saves the reviewed pack in one
// step; the colleague takes the review in and agrees (CLI); HR (H) imports the agreed pack into the
// Organisation area, holds it until it has compared and trusted both keys, and then counts it
// (a team of one is suppressed). Files move through folders, as they would by email or a shared drive.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, waitForHeading, waitForTextOf } from "./driver.mjs";

const base = mkdtempSync(join(tmpdir(), "reflect-e2e-sharing-"));
const home = (n) => join(base, n);
const outbox = join(base, "outbox");
const returned = join(base, "returned");
const toHr = join(base, "to-hr");
for (const d of [outbox, returned, toHr]) mkdirSync(d, { recursive: true });
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;
let appraisalId;

function reflect(who, ...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...isolatedEnv(home(who)), REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

async function session(who, extra, port) {
  await stopDriver(driver, browser);
  driver = await startDriver({ ...isolatedEnv(home(who)), ...extra }, port);
  browser = await launch();
  await waitForHeading(browser, "Your reflections");
}

const click = (selector) => clickOn(browser, selector);

const text = (selector) => textOf(browser, selector);

const waitForText = (selector, re, what) => waitForTextOf(browser, selector, re, what);

describe("sharing, end to end in the real window", () => {
  after(async () => {
    await stopDriver(driver, browser);
  });

  it("the colleague sees exactly what is shared, acknowledges the privacy findings and saves a signed pack", async () => {
    reflect("A", "init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--department", "Medicine", "--line-manager", "Alex Smith", "--framework", "nhs-somerset");
    reflect("A", "add", "--title", "Escalated early for Mr Smith", "--text", "Bed 4 deteriorated; I called the outreach team.",
      "--value", "Self Awareness", "--visibility", "shared");
    reflect("A", "add", "--title", "A private note", "--text", "Not for anyone.", "--value", "Self Awareness");
    appraisalId = reflect("A", "appraisal", "new", "--appraiser-title", "Ward Manager").id;
    reflect("A", "appraisal", "include", appraisalId, "--value", "Self Awareness", "--proposed");
    reflect("A", "appraisal", "submit", appraisalId);

    await session("A", { REFLECT_EXPORT_DIR: outbox }, 4464);
    await click("#nav-appraisals");
    await click("#appraisal-list a");
    await click("#share-for-review");
    await waitForHeading(browser, "What your appraiser will see");
    const findings = await text("#pack-findings");
    assert.match(findings, /A person's name/);
    assert.match(findings, /A bed or bay number/);
    assert.doesNotMatch(await text("main"), /A private note/, "private reflections are not in the pack");
    assert.equal(await (await browser.$("#save-pack")).isEnabled(), false, "not until every finding is acknowledged");
    await screenshot(browser, "share-preview");
    // Acknowledge the bed number, then rewrite the name in one click: the reflection is saved
    // with the suggestion, the preview is rebuilt, and the other acknowledgement stays.
    const bedBox = await browser.$("//li[contains(., 'A bed or bay number')]//input[@type='checkbox']");
    await click(`label[for="${await bedBox.getAttribute("id")}"]`);
    const fix = await browser.$("//li[contains(., 'A person') and contains(., 'Mr Smith')]//button[contains(@class, 'privacy-fix')]");
    await fix.waitForExist({ timeout: 10000 });
    await browser.execute((el) => el.scrollIntoView({ block: "center" }), fix);
    await fix.click();
    await waitForText("#pack-fix-result", /Replaced “Mr Smith”/, "the share preview's rewrite did not report");
    assert.doesNotMatch(await text("#pack-findings"), /Mr Smith/, "the rewritten name is no longer found");
    assert.equal(await (await browser.$("//li[contains(., 'A bed or bay number')]//input[@type='checkbox']")).isSelected(), true,
      "the acknowledgement of a finding still there stays");
    assert.match(await text("#pack-parts"), /Included/);
    await screenshot(browser, "share-preview-rewritten");
    const boxes = await browser.$$("#pack-findings input[type=checkbox]:not(:checked)");
    for (const box of boxes) {
      const id = await box.getAttribute("id");
      await click(`label[for="${id}"]`);
    }
    await click("#save-pack");
    await waitForText("#save-pack-result", /Saved the signed pack/, "the pack was not saved");
    assert.equal(readdirSync(outbox).filter((f) => f.endsWith(".reflectpack")).length, 1);
  });

  it("the appraiser imports it into My team, writes their part, signs and saves the reviewed pack", async () => {
    reflect("B", "init", "--name", "Alex Smith", "--job-title", "Ward Manager", "--grade", "Band 7", "--team", "Ward 7",
      "--line-manager", "Jo Bloggs", "--framework", "nhs-somerset");
    const [pack] = readdirSync(outbox);
    await session("B", { REFLECT_IMPORT_PATH: join(outbox, pack), REFLECT_EXPORT_DIR: returned }, 4474);
    await click("#nav-team");
    await waitForHeading(browser, "My team");
    await click("#import-team-pack");
    await waitForText("#import-result", /Sam Jones's appraisal is in My team/, "the pack was not imported");
    await click("#team-list a");
    await (await browser.$("#team-banner")).waitForDisplayed({ timeout: 10000 });
    assert.match(await text("main"), /Escalated early for /);
    assert.doesNotMatch(await text("main"), /Mr Smith/, "the pack carries the rewritten reflection");
    assert.doesNotMatch(await text("main"), /A private note/);
    const comment = await browser.$("#field-values-4-comment");
    await browser.execute((e) => e.scrollIntoView({ block: "center" }), comment);
    await comment.setValue("Good judgement: escalated early.");
    assert.equal(await (await browser.$("textarea#field-review-achievements")).isExisting(), false, "the colleague's part is read-only");
    await waitForText("#autosave-status", /^Saved at/, "the comment was not saved");
    // One step: sign with the appraiser's own key and save the reviewed pack.
    await click('label[for="confirm-sign"]');
    await click("#sign-and-export");
    await waitForText("#shared-result", /reviewed pack/, "the reviewed pack was not saved");
    await waitForText("#signatures", /Alex Smith, Ward Manager \(appraiser\)/, "the appraiser did not sign");
    assert.equal((await browser.$$("#signatures .key-signed")).length, 1, "signed with the appraiser's own key");
    await screenshot(browser, "my-team-review");
  });

  it("the colleague takes in the review, both signatures hold, and HR imports the agreed record", async () => {
    const [reviewed] = readdirSync(returned);
    const merged = reflect("A", "pack", "import", join(returned, reviewed));
    assert.match(merged.message, /sign it to agree/);
    assert.equal(reflect("A", "appraisal", "sign", appraisalId).state, "agreed");
    reflect("A", "pack", "export", appraisalId, "--purpose", "agreed", "--out", join(toHr, "sam.reflectpack"), "--acknowledge-all");

    reflect("H", "init", "--name", "Pat HR", "--job-title", "HR Advisor", "--grade", "Band 6", "--team", "HR",
      "--line-manager", "Chris", "--framework", "nhs-somerset");
    reflect("H", "hr", "area", "on");
    await session("H", { REFLECT_IMPORT_PATH: toHr, REFLECT_EXPORT_DIR: join(base, "hr-out") }, 4484);
    mkdirSync(join(base, "hr-out"), { recursive: true });
    await click("#nav-organisation");
    await waitForHeading(browser, "Organisation");
    await click("#hr-import-folder");
    await waitForText("#hr-import-result", /1 held/, "the agreed pack was not held for trust");
    // HR compares each fingerprint with the person, then trusts their key: the record is added.
    await click('.hr-trust[data-role="colleague"]');
    await click("#hr-trust-confirm");
    await waitForText("#hr-import-result", /HR trusts Sam Jones's key/, "the colleague's key was not trusted");
    await click('.hr-trust[data-role="appraiser"]');
    await click("#hr-trust-confirm");
    await waitForText("#hr-import-result", /Added: Sam Jones/, "the held pack was not added");
    const team = await browser.$('#hr-summary tr[data-level="team"]');
    await team.waitForExist({ timeout: 10000 });
    assert.equal(await (await team.$(".hr-staff")).getText(), "—", "a team of one is suppressed");
    await screenshot(browser, "organisation");
    await click("#hr-import-folder");
    await waitForText("#hr-import-result", /0 added, 0 newer versions, 1 already imported, 0 held/, "a second import changed something");
    await click("#hr-export-csv");
    await waitForText("#hr-import-result", /Saved 1 rows/, "the CSV was not saved");
  });
});
