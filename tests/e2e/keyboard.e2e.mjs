// Keyboard only, in the real window, with real key events (issue 19): write and tag a reflection
// through the journal's quick path in fewer than 15 keystrokes beyond its text; prepare and submit
// an appraisal, using its contents list and seeing each section's status; and, on the appraiser's
// own device, take the pack into My team, comment and sign. No clicks: every step is Tab,
// Shift+Tab, Enter, Space or typing, from where the page puts the focus.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { expectNoViolations } from "./a11y.mjs";
import { isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, waitForHeading, waitForTextOf } from "./driver.mjs";

const base = mkdtempSync(join(tmpdir(), "reflect-e2e-keyboard-"));
const home = (who) => join(base, who);
const outbox = join(base, "outbox");
const returned = join(base, "returned");
for (const d of [outbox, returned]) mkdirSync(d, { recursive: true });
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

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
/** The focused element: its id, else its tag name. */
const focused = () => browser.execute(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase() || "");
const isFocused = (selector) => browser.execute((s) => document.activeElement?.matches(s) ?? false, selector);

/** Keys pressed that are not the reflection's own text (Tab, Enter, a tag's letters, Ctrl+Enter). */
let counted = 0;
async function press(...keys) {
  counted += keys.length;
  await browser.keys(keys);
  await pause(150);
}

/** Type text into the focused box (the person's own words, not counted), one key event at a time
 * (WebKitWebDriver merges a repeated letter within one action sequence), and check the box keeps
 * every keystroke. */
async function type(text) {
  const before = await browser.execute(() => document.activeElement?.value ?? "");
  for (const ch of text) {
    await browser.keys(ch);
    await pause(15);
  }
  await pause(200);
  assert.equal(await browser.execute(() => document.activeElement?.value ?? ""), before + text, "every keystroke is kept");
}

/** Wait until the page has put the focus on its main heading (after a navigation). */
async function focusOnHeading() {
  await browser.waitUntil(async () => (await focused()) === "h1", { timeout: 15000, timeoutMsg: "the focus never moved to the main heading" });
}

/** Tab (or Shift+Tab) until `selector` has the focus; returns how many presses it took. */
async function tabTo(selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i <= max; i += 1) {
    if (await isFocused(selector)) return i;
    await browser.keys(back ? ["Shift", "Tab"] : ["Tab"]);
    await pause(60);
  }
  assert.fail(`${max} ${back ? "Shift+Tab" : "Tab"} presses never reached ${selector} (the focus is on ${await focused()})`);
}

/** From the page, back up to the header and follow its link to `name` (through "More" when folded). */
async function goTo(name) {
  for (let i = 0; i < 60; i += 1) {
    if (await isFocused("#nav-" + name)) {
      await browser.keys(["Enter"]);
      return;
    }
    if ((await isFocused("#toggle-menu")) && (await browser.$("#header-menu-list #nav-" + name).isExisting())) {
      await browser.keys(["Enter"]);
      await tabTo("#nav-" + name, { max: 10 });
      await browser.keys(["Enter"]);
      return;
    }
    await browser.keys(["Shift", "Tab"]);
    await pause(60);
  }
  assert.fail(`Shift+Tab never reached the header's link to ${name}`);
}

const statusOf = (section) => textOf(browser, `#contents-section-${section}-status`);

describe("keyboard only, end to end in the real window", () => {
  after(async () => {
    await stopDriver(driver, browser);
  });

  it("writes and tags a quick reflection in fewer than 15 keystrokes beyond its text", async () => {
    reflect("A", "init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset", "--professional", "nmc-code");
    reflect("A", "add", "--title", "Asked the team what would help", "--text", "After a busy shift I asked what would help next time.",
      "--value", "Integrated Working", "--visibility", "shared");
    await session("A", {}, 4594);
    await focusOnHeading();

    const TITLE = "Wrote the plan down before handover";
    counted = 0;
    await press("Tab");
    assert.equal(await focused(), "quick-reflection", "Quick reflection is the first stop after the heading");
    await press("Enter");
    await browser.waitUntil(async () => (await focused()) === "field-quick-title", { timeout: 5000, timeoutMsg: "the quick form did not open at its title" });
    await type(TITLE);
    await press("Tab");
    assert.equal(await focused(), "field-quick-body-reflection");
    await type("The next nurse used it and nothing was missed.");
    await press("Tab");
    assert.equal(await focused(), "field-quick-tags-input", "the tag picker follows the text");
    const combo = await browser.$("#field-quick-tags-input");
    assert.equal(await combo.getAttribute("role"), "combobox");
    assert.equal(await combo.getAttribute("aria-expanded"), "false");
    await press("s", "e", "l");
    assert.equal(await combo.getAttribute("aria-expanded"), "true", "typing opens the list");
    const active = await combo.getAttribute("aria-activedescendant");
    assert.ok(active, "the first match is the active option");
    assert.match(await textOf(browser, "#" + active), /^Self Awareness/, "three letters find the value first");
    assert.equal(await (await browser.$("#" + active)).getAttribute("aria-selected"), "true");
    assert.match(await textOf(browser, "#field-quick-tags-listbox"), /seek, reflect on and learn from feedback/, "its behaviour statements are offered too");
    await screenshot(browser, "keyboard-quick-typeahead");
    await expectNoViolations(browser, "the quick reflection with the tag list open");
    await press("Enter");
    const chip = await browser.$('#field-quick-tags-chosen button[aria-label="Remove Self Awareness"]');
    await chip.waitForExist({ timeout: 5000 });
    assert.equal(await focused(), "field-quick-tags-input", "the focus stays in the picker");
    assert.equal(await combo.getValue(), "");
    assert.match(await (await browser.$("#field-quick-tags-chosen .nhsuk-tag")).getAttribute("class"), /nhsuk-tag--aqua-green/);
    await expectNoViolations(browser, "the quick reflection with a tag chosen");
    await press("Control", "Enter");
    await waitForTextOf(browser, "#quick-saved", new RegExp(`Saved ${TITLE}`), "the quick reflection was not saved");
    assert.ok(counted < 15, `${counted} keystrokes beyond the text`);
    assert.equal(counted, 10, "Tab, Enter, Tab, Tab, s, e, l, Enter, Ctrl+Enter");
    await waitForTextOf(browser, "#reflection-list", new RegExp(TITLE), "the journal does not list it");

    const saved = reflect("A", "list").find((r) => r.title === TITLE);
    assert.ok(saved, "the CLI finds it");
    assert.deepEqual(saved.tags.map((t) => [t.value_key, t.behaviour_key]), [["self-awareness", null]]);
    assert.equal(saved.visibility, "private");
    await screenshot(browser, "keyboard-quick-saved");
  });

  it("the recently used tag comes first when nothing is typed, and Escape closes the list", async () => {
    await tabTo("#quick-reflection", { back: true, max: 20 });
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => (await focused()) === "field-quick-title", { timeout: 5000 });
    await browser.keys(["Tab"]);
    await browser.keys(["Tab"]);
    assert.equal(await focused(), "field-quick-tags-input");
    await browser.keys(["ArrowDown"]);
    await pause(150);
    const combo = await browser.$("#field-quick-tags-input");
    const first = await combo.getAttribute("aria-activedescendant");
    // Both reflections are tagged now; the newest first.
    assert.match(await textOf(browser, "#" + first), /^Self Awareness/);
    const options = await browser.$$("#field-quick-tags-listbox [role=option]");
    assert.match(await options[1].getText(), /^Integrated Working/, "then the other recently used tag");
    await browser.keys(["ArrowDown"]);
    await pause(150);
    assert.match(await textOf(browser, "#" + (await combo.getAttribute("aria-activedescendant"))), /^Integrated Working/);
    await browser.keys(["Escape"]);
    await pause(150);
    assert.equal(await combo.getAttribute("aria-expanded"), "false");
    assert.equal(await (await browser.$("#quick-reflection-form")).isExisting(), true, "Escape in the list closes only the list");
    await browser.keys(["Escape"]);
    await pause(150);
    assert.equal(await (await browser.$("#quick-reflection-form")).isExisting(), false, "a second Escape closes the form");
    assert.equal(await focused(), "quick-reflection");
  });

  it("in the editor, the picker takes a pointer too, colours themes apart from values, and each chip removes by keyboard", async () => {
    await goTo("new");
    await waitForHeading(browser, "New reflection");
    await focusOnHeading();
    await tabTo("#field-tags-input");
    await type("safe");
    const option = await browser.$("#field-tags-listbox [role=option]");
    assert.match(await option.getText(), /^Preserve safety/);
    await option.click();
    const theme = await browser.$('#field-tags-chosen button[aria-label="Remove Preserve safety"]');
    await theme.waitForExist({ timeout: 5000 });
    assert.equal(await focused(), "field-tags-input", "a click keeps the focus in the box");
    await type("int");
    await browser.keys(["Enter"]);
    await (await browser.$('#field-tags-chosen button[aria-label="Remove Integrated Working"]')).waitForExist({ timeout: 5000 });
    const classes = [];
    for await (const t of browser.$$("#field-tags-chosen .nhsuk-tag")) classes.push([await t.getText(), await t.getAttribute("class")]);
    assert.equal(classes.length, 2);
    assert.match(classes[0][1], /nhsuk-tag--aqua-green/, `a value: ${classes[0][0]}`);
    assert.match(classes[1][1], /nhsuk-tag--purple/, `a professional theme: ${classes[1][0]}`);
    await browser.keys(["Tab"]);
    await pause(100);
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute("aria-label")), "Remove Integrated Working");
    await browser.keys(["Enter"]);
    await pause(200);
    assert.equal(await focused(), "field-tags-input", "after removing, the focus is back in the box");
    assert.equal((await browser.$$("#field-tags-chosen .nhsuk-tag")).length, 1);
    assert.equal(await (await browser.$("#field-tags-all")).getAttribute("open"), null, "every tag as a checkbox stays behind Show all");
    await screenshot(browser, "keyboard-editor-tags");
    await expectNoViolations(browser, "the editor's tag picker with chips");
  });

  it("prepares and submits an appraisal with the keyboard, the contents list saying each section's status", async () => {
    await goTo("appraisals");
    await waitForHeading(browser, "Appraisals");
    await focusOnHeading();
    await tabTo("#field-appraiser_job_title");
    await type("Ward Manager");
    await tabTo("#start-appraisal");
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => /^Appraisal: /.test(await (await browser.$("h1")).getText()), { timeout: 10000 });
    await waitForTextOf(browser, "#appraisal-state", /^Draft$/, "the appraisal was not started");
    await focusOnHeading();
    [{ id: appraisalId }] = reflect("A", "appraisal", "list");

    assert.match(await statusOf("review"), /Needs you/, "nothing written yet");
    assert.match(await statusOf("signoff"), /Needs you/);
    assert.match(await statusOf("wellbeing"), /Optional/);
    assert.match(await textOf(browser, "#section-review-status"), /Needs you/, "the status is under the section's heading too");
    const toContents = await tabTo("#contents-section-review");
    await browser.keys(["Enter"]);
    await pause(200);
    assert.equal(await focused(), "section-review-title", "the contents link moves the focus to its section");
    for (const [field, text] of [
      ["achievements", "Led the falls audit on Ward 7."],
      ["challenges", "Staffing over the winter."],
      ["went_well", "Handovers are shorter and safer."],
      ["support", "Protected time for the audit."],
    ]) {
      await tabTo(`#field-review-${field}`, { max: 5 });
      await type(text);
    }
    await waitForTextOf(browser, "#contents-section-review-status", /Done/, "the review did not become Done");
    await waitForTextOf(browser, "#autosave-status", /^Saved at/, "the review was not saved");
    await screenshot(browser, "keyboard-appraisal");
    await expectNoViolations(browser, "the appraisal with each section's status");
    const toSubmit = await tabTo("#step-submit", { back: true });
    await browser.keys(["Enter"]);
    await waitForTextOf(browser, "#appraisal-state", /^Ready for review$/, "the appraisal was not submitted");
    const stored = reflect("A", "appraisal", "show", appraisalId);
    assert.equal(stored.state, "ready_for_review");
    assert.equal(stored.content.review.support.text, "Protected time for the audit.");
    console.log(`# keyboard: ${toContents} Tab presses from the heading to the review's contents link, ${toSubmit} Shift+Tab back to Submit`);
  });

  it("signs a colleague's appraisal in My team with the keyboard", async () => {
    reflect("A", "pack", "export", appraisalId, "--purpose", "for-review", "--out", join(outbox, "sam.reflectpack"), "--acknowledge-all");
    reflect("B", "init", "--name", "Alex Smith", "--job-title", "Ward Manager", "--grade", "Band 7", "--team", "Ward 7",
      "--line-manager", "Jo Bloggs", "--framework", "nhs-somerset");
    await session("B", { REFLECT_IMPORT_PATH: join(outbox, "sam.reflectpack"), REFLECT_EXPORT_DIR: returned }, 4604);
    await focusOnHeading();
    await goTo("team");
    await waitForHeading(browser, "My team");
    await focusOnHeading();
    await tabTo("#import-team-pack");
    await browser.keys(["Enter"]);
    await waitForTextOf(browser, "#import-result", /Sam Jones's appraisal is in My team/, "the pack was not imported");
    await tabTo("#team-list a");
    await browser.keys(["Enter"]);
    await (await browser.$("#team-banner")).waitForExist({ timeout: 10000 });
    await focusOnHeading();
    assert.match(await statusOf("signoff"), /Needs you/, "the appraiser can sign");
    assert.match(await statusOf("values"), /Needs you/, "the appraiser's comments are not written");
    assert.match(await statusOf("review"), /Done/);
    await tabTo("#contents-section-values");
    await browser.keys(["Enter"]);
    await tabTo("#field-values-4-comment", { max: 40 });
    await type("Good judgement: asks for feedback and acts on it.");
    await waitForTextOf(browser, "#autosave-status", /^Saved at/, "the comment was not saved");
    await tabTo("#field-appraiser_summary", { max: 60 });
    await type("A strong year.");
    await waitForTextOf(browser, "#autosave-status", /^Saved at/, "the summary was not saved");
    await tabTo("#confirm-sign", { max: 20 });
    await browser.keys([" "]);
    await pause(200);
    assert.equal(await (await browser.$("#confirm-sign")).isSelected(), true, "Space ticks the confirmation");
    await tabTo("#sign-and-export", { max: 5 });
    await browser.keys(["Enter"]);
    await waitForTextOf(browser, "#shared-result", /reviewed pack/, "the reviewed pack was not saved");
    await waitForTextOf(browser, "#signatures", /Alex Smith, Ward Manager \(appraiser\)/, "the appraiser did not sign");
    assert.equal(readdirSync(returned).filter((f) => f.endsWith(".reflectpack")).length, 1);
    await waitForTextOf(browser, "#contents-section-signoff-status", /Waiting for colleague/, "the sign-off does not wait for the colleague");
    await screenshot(browser, "keyboard-team-signed");
  });
});
