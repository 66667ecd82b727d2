// The foundation's journey in the real window: first run → profile with NHS Somerset → write a
// reflection tagged "Self Awareness" and one of its behaviours → restart → find it by search →
// see it counted in the values overview; and autosave keeps a reflection never saved by hand; a
// journal longer than a page is listed 50 at a time, and its last reflection is reached by
// keyboard. A screenshot of each screen goes to target/e2e-screenshots.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, waitForHeading, waitForTextOf } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-"));
const TITLE = "Asked the team for feedback after handover";
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");

/** `reflect …` on this run's journal (the one the app has open). */
function reflect(...args) {
  execFileSync(cli, args, { env: { ...process.env, ...isolatedEnv(home), REFLECT_DATA_DIR: "" } });
}
let driver;
let browser;

async function fill(id, text) {
  const el = await browser.$("#" + id);
  await el.waitForExist({ timeout: 10000 });
  await el.setValue(text);
}

async function clickLabel(forId) {
  const label = await browser.$(`label[for="${forId}"]`);
  await label.waitForExist({ timeout: 10000 });
  await label.click();
}

describe("journal, end to end in the real window", () => {
  before(async () => {
    driver = await startDriver(isolatedEnv(home), 4444);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("first run asks for a profile, and sets up with the NHS Somerset framework", async () => {
    await waitForHeading(browser, "Set up Reflect");
    await screenshot(browser, "first-run");
    await fill("field-name", "Sam Jones");
    await fill("field-job_title", "Staff Nurse");
    await fill("field-grade", "Band 5");
    await fill("field-team", "Ward 7, Musgrove Park");
    await fill("field-line_manager", "Alex Smith");
    await clickLabel("field-organisation_framework-nhs-somerset");
    await clickLabel("professional-nmc-code");
    await (await browser.$("#save-profile")).click();
    // The optional step after the profile: a passphrase is recommended, and can be skipped.
    await waitForHeading(browser, "Protect your journal with a passphrase (recommended)");
    assert.match(await (await browser.$("main")).getText(), /not your trust, not IT, not Reflect/);
    assert.equal(await browser.$("#use-keystore").isExisting(), false, "no keyring offered when there is none");
    await screenshot(browser, "first-run-protect");
    await (await browser.$("#skip-protect")).click();
    await waitForHeading(browser, "Your reflections");
    await screenshot(browser, "journal-empty");
  });

  it("refuses a reflection without a title, naming the field, and keeps what was typed", async () => {
    await (await browser.$("#new-reflection")).click();
    await waitForHeading(browser, "New reflection");
    await fill("field-body-reflection", "A colleague said my handover was hard to follow, so I asked the team how to improve it.");
    await (await browser.$("#save-reflection")).click();
    const summary = await browser.$(".nhsuk-error-summary");
    await summary.waitForDisplayed({ timeout: 10000 });
    assert.match(await summary.getText(), /Enter a title/);
    assert.match(await (await browser.$("#field-body-reflection")).getValue(), /asked the team/);
    await screenshot(browser, "editor-error");
  });

  it("saves a reflection tagged Self Awareness and one of its behaviours", async () => {
    await fill("field-title", TITLE);
    // Every tag as a checkbox is behind "Show all" (the type-ahead picker comes first).
    await (await browser.$("#field-tags-all summary")).click();
    await clickLabel("tag-self-awareness-sa-feedback");
    assert.equal(await (await browser.$("#tag-self-awareness")).isSelected(), true, "ticking a behaviour ticks its value");
    assert.equal(await (await browser.$("#field-visibility-private")).isSelected(), true, "private by default");
    await screenshot(browser, "editor");
    await (await browser.$("#save-reflection")).click();
    await waitForHeading(browser, TITLE);
    const text = await (await browser.$("main")).getText();
    assert.match(text, /Self Awareness/);
    assert.match(text, /seek, reflect on and learn from feedback from colleagues, internal and external, and service users/);
    assert.match(text, /Only you \(private\)/);
    await screenshot(browser, "reflection");
  });

  it("finds it by search after the app restarts", async () => {
    await browser.deleteSession();
    browser = await launch();
    await waitForHeading(browser, "Your reflections");
    await fill("field-search", "handover feedback");
    await browser
      .waitUntil(
        async () =>
          (await (await browser.$("#result-count")).getText()) === "1 reflection match" &&
          (await browser.$$("#reflection-list mark")).length > 0,
        { timeout: 10000 },
      )
      .catch(async () => {
        await screenshot(browser, "search-failed");
        assert.fail("search did not find the reflection; the page says: " + (await (await browser.$("main")).getText()));
      });
    const item = await browser.$("#reflection-list > li");
    assert.match(await item.getText(), new RegExp(TITLE));
    assert.equal((await browser.$$("#reflection-list > li")).length, 1);
    const marked = [];
    for await (const m of browser.$$("#reflection-list mark")) marked.push(await m.getText());
    assert.ok(marked.some((m) => /handover|feedback/i.test(m)), `the snippet highlights the match (${marked})`);
    await screenshot(browser, "search");
  });

  it("autosaves while typing: a reflection never saved by hand survives a restart", async () => {
    await (await browser.$("#nav-new")).click();
    await waitForHeading(browser, "New reflection");
    await fill("field-title", "Autosaved between shifts");
    await fill("field-body-reflection", "Written in a hurry about Mr Smith in bed 4, and never saved by hand.");
    // Keyboard only: focus a behaviour's checkbox (behind "Show all") and press Space.
    await (await browser.$("#field-tags-all summary")).click();
    const box = await browser.$("#tag-integrated-working-iw-share-learning");
    await browser.execute((el) => el.focus(), box);
    await browser.keys(" ");
    assert.equal(await box.isSelected(), true, "Space ticks a focused behaviour");
    await browser.waitUntil(
      async () => /Saved automatically/.test(await (await browser.$("#autosave-status")).getText()),
      { timeout: 10000, timeoutMsg: "autosave did not report a save" },
    );
    // The privacy check runs while writing and shows what it found, in context.
    const findings = await browser.$("#privacy-findings");
    await browser.waitUntil(async () => /A person's name/.test(await findings.getText()), {
      timeout: 10000,
      timeoutMsg: "the privacy check did not flag a titled name",
    });
    assert.match(await findings.getText(), /A bed or bay number in “Your reflection”/);
    await findings.scrollIntoView();
    await screenshot(browser, "privacy-check");
    await browser.deleteSession();
    browser = await launch();
    await waitForHeading(browser, "Your reflections");
    await browser.waitUntil(async () => /Autosaved between shifts/.test(await (await browser.$("#reflection-list")).getText()), {
      timeout: 10000,
      timeoutMsg: "the autosaved reflection was not in the journal after a restart",
    });
    assert.match(await (await browser.$("#result-count")).getText(), /^2 reflections$/);
  });

  it("deletes with undo, and shows a reflection's history", async () => {
    const link = await browser.$("=Autosaved between shifts");
    await link.click();
    await waitForHeading(browser, "Autosaved between shifts");
    const rows = await browser.$$("#revisions-table tbody tr");
    assert.equal(rows.length, 1, "one editing session's autosaves are one revision");
    assert.match(await rows[0].getText(), /Autosaved while editing/);
    await (await browser.$("#edit-reflection")).click();
    await waitForHeading(browser, "Edit reflection");
    await (await browser.$("#delete-reflection")).click();
    await waitForHeading(browser, "Your reflections");
    await browser.waitUntil(async () => /^1 reflection$/.test(await (await browser.$("#result-count")).getText()), {
      timeout: 10000,
      timeoutMsg: "the deleted reflection is still listed",
    });
    await screenshot(browser, "deleted-undo");
    await (await browser.$("#undo-delete")).click();
    await browser.waitUntil(async () => /^2 reflections$/.test(await (await browser.$("#result-count")).getText()), {
      timeout: 10000,
      timeoutMsg: "undo did not restore the reflection",
    });
  });

  it("counts it in the values overview", async () => {
    await (await browser.$("#nav-overview")).click();
    await waitForHeading(browser, "Values overview");
    const row = await browser.$('#overview-table-nhs-somerset tr[data-value="self-awareness"]');
    await row.waitForExist({ timeout: 10000 });
    assert.equal(await (await row.$(".value-count")).getText(), "1");
    const iw = await browser.$('#overview-table-nhs-somerset tr[data-value="integrated-working"]');
    assert.equal(await (await iw.$(".value-count")).getText(), "1", "the autosaved reflection's tag counts too");
    const gap = await browser.$('#overview-table-nhs-somerset tr[data-value="quality-improvement"]');
    assert.match(await gap.getText(), /Gap/);
    await screenshot(browser, "overview");
  });

  it("keeps two quick saves as two revisions, views and restores an old one, and changes the model", async () => {
    await (await browser.$("#nav-journal")).click();
    await waitForHeading(browser, "Your reflections");
    await (await browser.$("=" + TITLE)).click();
    await waitForHeading(browser, TITLE);
    for (const text of ["Second version: I asked the team at handover.", "Third version: the team's feedback changed my handover."]) {
      await (await browser.$("#edit-reflection")).click();
      await waitForHeading(browser, "Edit reflection");
      await fill("field-body-reflection", text);
      await (await browser.$("#save-reflection")).click();
      await waitForHeading(browser, TITLE);
      await waitForTextOf(browser, "main", new RegExp(text.slice(0, 20)), "the saved text is not shown");
    }
    await browser.waitUntil(async () => (await browser.$$("#revisions-table tbody tr")).length === 3, {
      timeout: 10000,
      timeoutMsg: "two explicit saves did not make two revisions",
    });
    await (await browser.$("#view-revision-1")).click();
    await waitForTextOf(browser, "#revision-text", /A colleague said my handover was hard to follow/, "revision 1's text is not shown");
    await (await browser.$("#restore-revision-1")).click();
    const confirm = await browser.$("#restore-revision-confirm");
    await confirm.waitForDisplayed({ timeout: 10000 });
    assert.match(await confirm.getText(), /a new revision 4/);
    await screenshot(browser, "restore-revision");
    await (await browser.$("#restore-revision-yes")).click();
    await waitForTextOf(browser, "#reflection-message", /Revision 1 restored as revision 4/, "the restore was not confirmed");
    assert.match(await (await browser.$("main")).getText(), /A colleague said my handover was hard to follow/);
    assert.equal((await browser.$$("#revisions-table tbody tr")).length, 4, "nothing in the history was rewritten");

    // The model changes after writing: the preview says where the answer goes, nothing is dropped.
    await (await browser.$("#edit-reflection")).click();
    await waitForHeading(browser, "Edit reflection");
    await clickLabel("field-model-gibbs");
    await waitForTextOf(browser, "#model-change-moves", /“Your reflection” goes to “Description”/, "no preview of the model change");
    await screenshot(browser, "model-change");
    await (await browser.$("#model-change-yes")).click();
    const description = await browser.$("#field-body-description");
    await description.waitForExist({ timeout: 10000 });
    assert.match(await description.getValue(), /A colleague said my handover was hard to follow/);
    await (await browser.$("#save-reflection")).click();
    await waitForHeading(browser, TITLE);
    await waitForTextOf(browser, "#revisions-table", /Reflective model changed/, "the model change is not a revision");
    assert.match(await (await browser.$("main")).getText(), /Gibbs' reflective cycle/);
    assert.equal((await browser.$$("#revisions-table tbody tr")).length, 5, "the save after the change made no copy");
  });

  it("lists a long journal 50 at a time, and its last reflection is reached by keyboard", async () => {
    // 55 older reflections, one a day from 1 January 2023: "Older reflection 1" is the oldest, so last.
    for (let i = 1; i <= 55; i++) {
      const date = new Date(Date.UTC(2023, 0, i)).toISOString().slice(0, 10);
      reflect("add", "--title", `Older reflection ${i}`, "--text", "A shift worth thinking about again.", "--date", date);
    }
    await (await browser.$("#nav-journal")).click();
    await waitForHeading(browser, "Your reflections");
    await waitForTextOf(browser, "#result-count", /^57 reflections$/, "the journal did not count all 57 reflections");
    assert.equal((await browser.$$("#reflection-list > li")).length, 50, "the first page shows 50");
    assert.equal(await textOf(browser, "#shown-count"), "Showing 50 of 57 reflections");
    const more = await browser.$("#show-more");
    await browser.execute((e) => e.scrollIntoView({ block: "center" }), more);
    await screenshot(browser, "journal-paged");
    // Keyboard only: from the last row's link, Tab reaches "Show 7 more"; Enter shows them and
    // puts the focus on the first new row; Tab walks on to the last reflection, Enter opens it.
    const links = await browser.$$("#reflection-list > li h2 a");
    await browser.execute((e) => e.focus(), links[49]);
    await browser.keys("Tab");
    assert.equal(await browser.execute(() => document.activeElement?.id), "show-more");
    assert.match(await more.getText(), /^Show 7 more/);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await browser.$$("#reflection-list > li")).length === 57, {
      timeout: 10000,
      timeoutMsg: "Show more did not list the other 7",
    });
    const onRow = () =>
      browser.execute(() => [...document.querySelectorAll("#reflection-list > li")].indexOf(document.activeElement?.closest("li")));
    assert.equal(await onRow(), 50, "the focus moved to the first row shown");
    assert.equal(await browser.$("#show-more").isExisting(), false, "nothing more to show");
    for (let i = 0; i < 6; i++) await browser.keys("Tab");
    assert.equal(await onRow(), 56);
    assert.equal(await browser.execute(() => document.activeElement?.textContent), "Older reflection 1");
    await browser.keys("Enter");
    await waitForHeading(browser, "Older reflection 1");
  });
});
