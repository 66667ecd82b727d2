// Errors and destructive actions in the real window (issue 19). The set-up form's error summary
// appears only when Save is pressed, lists all six problems (each linking to its own field) and
// takes the focus then, never while typing; a half-typed date in the journal's filter moves
// nothing. "Delete draft" on an appraisal asks first in an in-page dialog: Enter on the button
// opens it and deletes nothing, Escape and "No, keep it" keep the appraisal and put the focus back
// on the button, and only "Yes, delete the draft" deletes it (checked with the command line).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, typeInto, waitForHeading } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-confirm-"));
const env = isolatedEnv(home);
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const focusedId = () => browser.execute(() => document.activeElement?.id ?? "");
const focusIsInSummary = () => browser.execute(() => !!document.activeElement?.closest(".nhsuk-error-summary"));
const summaryShown = async () => (await browser.$(".nhsuk-error-summary")).isExisting();

/** Put the focus on an element (as Tab would) and press Enter with a real key event. */
async function enterOn(selector) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 15000 });
  await browser.execute((e) => {
    e.scrollIntoView({ block: "center" });
    e.focus();
  }, el);
  assert.equal(await browser.execute((e) => document.activeElement === e, el), true, `${selector} has the focus`);
  await browser.keys("Enter");
  await pause(300);
}

/** Type with real key events, one at a time, checking the focus stays in `id` and no summary shows. */
async function typeKeys(id, text) {
  for (const ch of text) {
    await browser.keys(ch);
    await pause(250);
    assert.equal(await focusedId(), id, `the focus stays in ${id} while typing`);
  }
}

describe("errors and confirmations, end to end in the real window", () => {
  after(async () => {
    await stopDriver(driver, browser);
  });

  it("the set-up form: no summary while typing; on Save all six errors, focus on the summary, each link to its field", async () => {
    driver = await startDriver(env, 4644);
    browser = await launch();
    await waitForHeading(browser, "Set up Reflect");
    await clickOn(browser, "#field-name");
    await typeKeys("field-name", "Jo");
    await browser.keys(["Backspace"]);
    await browser.keys(["Backspace"]);
    await pause(1500);
    assert.equal(await summaryShown(), false, "no error summary before Save is pressed");
    assert.equal(await focusedId(), "field-name");

    await enterOn("#save-profile");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(focusIsInSummary, { timeout: 5000, timeoutMsg: "the focus did not move to the error summary on Save" });
    const items = await browser.$$(".nhsuk-error-summary__list li");
    const texts = [];
    for (const li of items) texts.push(await li.getText());
    assert.deepEqual(texts, [
      "Enter your name",
      "Enter your job title",
      "Enter your band or grade",
      "Enter your team or department",
      "Enter your line manager's name",
      "Choose your organisation's values",
    ]);
    const hrefs = [];
    for (const a of await browser.$$(".nhsuk-error-summary__list a")) hrefs.push(await a.getAttribute("href"));
    assert.equal(new Set(hrefs).size, 6, "each link goes to its own field");
    // Inline messages still appear beside each field.
    assert.match(await (await browser.$("#field-grade-error")).getText(), /Enter your band or grade/);
    await screenshot(browser, "confirm-setup-errors");

    // The third link puts the focus in Band or grade; typing there moves nothing.
    await clickOn(browser, ".nhsuk-error-summary__list li:nth-child(3) a");
    await browser.waitUntil(async () => (await focusedId()) === "field-grade", { timeout: 5000, timeoutMsg: "the link did not go to Band or grade" });
    await typeKeys("field-grade", "Band 5");
    await pause(1200);
    assert.equal(await focusedId(), "field-grade", "typing after the errors keeps the focus");

    for (const [id, text] of [["field-name", "Jo Bloggs"], ["field-job_title", "Matron"], ["field-team", "Medicine"], ["field-line_manager", "Chris Lee"]]) {
      await typeInto(browser, id, text);
    }
    await clickOn(browser, 'label[for="field-organisation_framework-nhs-somerset"]');
    await clickOn(browser, "#save-profile");
    await waitForHeading(browser, "Protect your journal with a passphrase (recommended)");
    await clickOn(browser, "#skip-protect");
    await waitForHeading(browser, "Your reflections");
  });

  it("a half-typed From date in the journal's filter moves nothing", async () => {
    await clickOn(browser, "#field-from-day");
    await typeKeys("field-from-day", "3");
    await browser.keys("Tab");
    await pause(200);
    assert.equal(await focusedId(), "field-from-month");
    await typeKeys("field-from-month", "1");
    await browser.keys("Tab");
    await pause(200);
    await typeKeys("field-from-year", "202");
    await pause(1500);
    assert.equal(await focusedId(), "field-from-year", "the focus stays in the year box");
    assert.equal(await (await browser.$("#field-from-year")).getValue(), "202", "every keystroke kept");
    assert.equal(await summaryShown(), false, "no error summary for a half-typed filter");
  });

  let id;
  it("an appraisal: autosave's refusal shows but takes no focus; Submit lists every problem, each linking to its own field", async () => {
    ({ id } = reflect("appraisal", "new", "--appraiser-title", "Ward Manager"));
    await browser.execute((h) => {
      window.location.hash = h;
    }, "#/appraisal/" + id);
    await (await browser.$("#delete-appraisal")).waitForExist({ timeout: 15000 });

    // A meeting date far from the period: the autosave is refused, and the focus stays in the box.
    await clickOn(browser, "#field-meeting_date-day");
    await typeKeys("field-meeting_date-day", "1");
    await browser.keys("Tab");
    await pause(200);
    await typeKeys("field-meeting_date-month", "1");
    await browser.keys("Tab");
    await pause(200);
    await typeKeys("field-meeting_date-year", "2000");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 10000, timeoutMsg: "the refused autosave was not said" });
    await pause(1500);
    assert.equal(await focusedId(), "field-meeting_date-year", "an autosave never takes the focus");
    const said = await (await browser.$(".nhsuk-error-summary")).getText();
    assert.match(said, /meeting date/i);
    assert.doesNotMatch(said, /found|YYYY|\d{4}-\d{2}-\d{2}/, "the message reads as on screen");
    for (let i = 0; i < 4; i += 1) await browser.keys("Backspace");
    const year = String(new Date().getFullYear());
    await typeKeys("field-meeting_date-year", year);
    await browser.waitUntil(async () => !(await summaryShown()), { timeout: 10000, timeoutMsg: "the message stayed after the date was put right" });
    assert.equal(await focusedId(), "field-meeting_date-year");

    await clickOn(browser, "#add-objective");
    await clickOn(browser, "#add-objective");
    await pause(1500);
    await enterOn("#step-submit");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(focusIsInSummary, { timeout: 5000, timeoutMsg: "the focus did not move to the summary on Submit" });
    const texts = [];
    for (const li of await browser.$$(".nhsuk-error-summary__list li")) texts.push(await li.getText());
    const second = texts.indexOf("Objective 2: enter the objective, or remove the row");
    assert.ok(texts.includes("Objective 1: enter the objective, or remove the row"), `objective 1 listed: ${texts.join(" | ")}`);
    assert.ok(second >= 0, `objective 2 listed: ${texts.join(" | ")}`);
    await clickOn(browser, `.nhsuk-error-summary__list li:nth-child(${second + 1}) a`);
    await browser.waitUntil(async () => (await focusedId()) === "field-objectives-1-objective", {
      timeout: 5000,
      timeoutMsg: "the second objective's link did not go to objective 2",
    });
    assert.equal(reflect("appraisal", "show", id).state, "draft", "nothing was submitted");
  });

  it("Delete draft asks first: Enter opens the dialog, Escape and No keep it, Yes deletes it", async () => {
    await (await browser.$("#delete-appraisal")).waitForExist({ timeout: 15000 });

    await enterOn("#delete-appraisal");
    const dialog = await browser.$("#confirm-dialog");
    await dialog.waitForDisplayed({ timeout: 5000, timeoutMsg: "Enter on Delete draft showed no confirmation" });
    assert.equal(await dialog.getAttribute("role"), "alertdialog");
    assert.equal(await dialog.getAttribute("aria-modal"), "true");
    const labelledBy = await dialog.getAttribute("aria-labelledby");
    assert.equal(await browser.execute((l) => document.getElementById(l)?.textContent, labelledBy), "Delete this draft appraisal?");
    assert.equal(await browser.execute((d) => d.contains(document.activeElement), dialog), true, "the focus is in the dialog");
    assert.ok(reflect("appraisal", "list").some((a) => a.id === id), "Enter alone deleted nothing");
    await screenshot(browser, "confirm-delete-draft");

    // Tab stays inside the dialog.
    for (let i = 0; i < 4; i += 1) {
      await browser.keys("Tab");
      await pause(150);
      assert.equal(await browser.execute((d) => d.contains(document.activeElement), dialog), true, "Tab stays in the dialog");
    }

    await browser.keys("Escape");
    await browser.waitUntil(async () => !(await (await browser.$("#confirm-dialog")).isExisting()), { timeout: 5000, timeoutMsg: "Escape did not close the dialog" });
    await browser.waitUntil(async () => (await focusedId()) === "delete-appraisal", { timeout: 5000, timeoutMsg: "the focus did not go back to Delete draft" });
    assert.ok(reflect("appraisal", "list").some((a) => a.id === id), "Escape kept the appraisal");

    await enterOn("#delete-appraisal");
    await clickOn(browser, "#confirm-no");
    await browser.waitUntil(async () => !(await (await browser.$("#confirm-dialog")).isExisting()), { timeout: 5000, timeoutMsg: "No did not close the dialog" });
    await browser.waitUntil(async () => (await focusedId()) === "delete-appraisal", { timeout: 5000, timeoutMsg: "the focus did not go back after No" });
    assert.ok(reflect("appraisal", "list").some((a) => a.id === id), "No kept the appraisal");

    await enterOn("#delete-appraisal");
    await clickOn(browser, "#confirm-yes");
    await waitForHeading(browser, "Appraisals");
    assert.equal(reflect("appraisal", "list").some((a) => a.id === id), false, "Yes deleted the appraisal");
  });
});
