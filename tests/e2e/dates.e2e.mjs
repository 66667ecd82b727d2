// Dates in the real window (issue 19): the NHS.UK date input. A date typed in the journal's From
// filter with real key events at human speed (pauses longer than any debounce) keeps every
// keystroke and the focus, then filters the list; a date that is not real is said at the field on
// Enter, with no error summary and the focus left where it was; a date typed into the editor's
// boxes is saved and shown in the long form ("1 December 2025").
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, typeInto, waitForHeading, waitForTextOf } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-dates-"));
const env = isolatedEnv(home);
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;

function reflect(...args) {
  execFileSync(cli, args, { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const focusedId = () => browser.execute(() => document.activeElement?.id ?? "");
const valueOf = async (id) => (await browser.$("#" + id)).getValue();

/** Type `text` into the focused box one key at a time, as a person does (150–400 ms between
 * keys, longer than the list's 120 ms pause), checking after each key that the box holds
 * everything typed so far and still has the focus. */
async function typeSlowly(id, text) {
  for (let i = 0; i < text.length; i += 1) {
    await browser.keys(text[i]);
    await pause(150 + Math.round(Math.random() * 250));
    assert.equal(await focusedId(), id, `the focus stays in ${id} after typing "${text.slice(0, i + 1)}"`);
    assert.equal(await valueOf(id), text.slice(0, i + 1), `${id} keeps every keystroke`);
    assert.equal(await browser.$(".nhsuk-error-summary").isExisting(), false, "no error summary while typing");
  }
}

/** Tab to the next box and check the focus went there. */
async function tabTo(id) {
  await browser.keys("Tab");
  await pause(200);
  assert.equal(await focusedId(), id);
}

/** Put the focus in a box and delete what it holds with Backspace (real key events). */
async function emptyBox(id) {
  await clickOn(browser, "#" + id);
  await browser.keys("End");
  const n = (await valueOf(id)).length;
  for (let i = 0; i < n; i += 1) await browser.keys("Backspace");
  assert.equal(await valueOf(id), "");
}

describe("dates, end to end in the real window", () => {
  before(async () => {
    reflect("init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset", "--professional", "nmc-code");
    reflect("add", "--title", "A winter handover", "--text", "Before the period.", "--date", "2026-01-10");
    reflect("add", "--title", "A spring audit", "--text", "In the period.", "--date", "2026-03-20");
    driver = await startDriver(env, 4574);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("a From date typed at human speed keeps every keystroke and the focus, then filters the list", async () => {
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "#result-count", /^2 reflections$/, "the journal did not list both reflections");
    const legend = await textOf(browser, '[data-field="from"] legend');
    assert.equal(legend, "From");
    assert.match(await textOf(browser, "#field-from-hint"), /^For example, \d+ \d+ \d{4}$/);
    assert.doesNotMatch(await (await browser.$("main")).getText(), /YYYY/);
    for (const part of ["day", "month", "year"]) {
      assert.equal(await (await browser.$(`#field-from-${part}`)).getAttribute("inputmode"), "numeric");
    }
    await clickOn(browser, "#field-from-day");
    await typeSlowly("field-from-day", "15");
    await tabTo("field-from-month");
    await typeSlowly("field-from-month", "3");
    await tabTo("field-from-year");
    // "2", "20", "202" are not yet a date: the list is not asked again and nothing takes the focus.
    await typeSlowly("field-from-year", "2026");
    await waitForTextOf(browser, "#result-count", /^1 reflection match$/, "the From date did not filter the list");
    assert.match(await textOf(browser, "#reflection-list"), /A spring audit/);
    assert.doesNotMatch(await textOf(browser, "#reflection-list"), /A winter handover/);
    assert.equal(await focusedId(), "field-from-year", "the list filtering did not take the focus");
    assert.deepEqual(
      [await valueOf("field-from-day"), await valueOf("field-from-month"), await valueOf("field-from-year")],
      ["15", "3", "2026"],
      "the boxes still hold what was typed after the list changed",
    );
    assert.match(await textOf(browser, "#reflection-list"), /20 March 2026/, "the list shows dates in the long form");
    await screenshot(browser, "dates-journal-from");
  });

  it("a date that is not real is said at the field on Enter, without an error summary or moving the focus", async () => {
    await clickOn(browser, "#field-to-day");
    await typeSlowly("field-to-day", "31");
    await tabTo("field-to-month");
    await typeSlowly("field-to-month", "2");
    await tabTo("field-to-year");
    await typeSlowly("field-to-year", "2026");
    await browser.keys("Enter");
    await waitForTextOf(browser, "#field-to-error", /The To date must be a real date/, "no message at the To date");
    assert.equal(await focusedId(), "field-to-year", "the message did not move the focus");
    assert.equal(await browser.$(".nhsuk-error-summary").isExisting(), false, "no error summary for a filter");
    assert.equal(await textOf(browser, "#result-count"), "1 reflection match", "the list keeps the last whole date's filter");
    await screenshot(browser, "dates-journal-not-real");
    // Part of a date, then leaving the boxes: the part that is missing is named.
    await emptyBox("field-to-month");
    await tabTo("field-to-year");
    await tabTo("field-visibility");
    await waitForTextOf(browser, "#field-to-error", /The To date must include a month/, "no message naming the month");
    assert.equal(await focusedId(), "field-visibility", "Tab went where the person pressed it, nowhere else");
    assert.equal(await browser.$(".nhsuk-error-summary").isExisting(), false, "no error summary for a filter");
    // Fixed: the message goes as soon as the boxes hold a real date, and the list follows.
    await clickOn(browser, "#field-to-month");
    await typeSlowly("field-to-month", "3");
    await browser.waitUntil(async () => !(await browser.$("#field-to-error").isExisting()), { timeout: 5000, timeoutMsg: "the message stayed" });
    await waitForTextOf(browser, "#result-count", /^1 reflection match$/, "the list changed");
  });

  it("an editor date typed through the boxes is saved and shown in the long form", async () => {
    await clickOn(browser, "#new-reflection");
    await waitForHeading(browser, "New reflection");
    assert.match(await textOf(browser, "#field-event_date-hint"), /It cannot be in the future. For example, 15 3 2026/);
    await typeInto(browser, "field-title", "A December shift");
    await typeInto(browser, "field-body-reflection", "The boxes take a date as people write it.");
    await emptyBox("field-event_date-day");
    await typeSlowly("field-event_date-day", "1");
    await emptyBox("field-event_date-month");
    await typeSlowly("field-event_date-month", "12");
    await emptyBox("field-event_date-year");
    await typeSlowly("field-event_date-year", "2025");
    await clickOn(browser, "#save-reflection");
    await waitForHeading(browser, "A December shift");
    assert.match(await (await browser.$("main")).getText(), /1 December 2025/);
    assert.doesNotMatch(await (await browser.$("main")).getText(), /2025-12-01/);
    await screenshot(browser, "dates-editor-saved");
  });
});
