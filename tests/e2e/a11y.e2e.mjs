// Accessibility on every screen, in the real window: axe-core (WCAG 2.2 A/AA and best practice)
// finds no violation of any impact; after each navigation the focus is on the page's main heading,
// also on the pages that load their data first and after Submit, Sign and appraiser mode; the
// window's title names the page ("Error: " first when the page shows an error summary); each
// share-preview acknowledgement is named by its own finding. The journal is seeded with the
// `reflect` CLI: an NMC registrant with reflections and a submitted appraisal, who is also the
// appraiser of a colleague whose pack is in My team, with the Organisation area on (an agreed
// appraisal counted). Then a first run (set-up, its errors, the step to protect the journal) and
// that journal locked (the unlock screen, a wrong passphrase).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { expectFocusOnHeading, expectNoViolations, expectTitle, nativeTitles } from "./a11y.mjs";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, typeInto, waitForHeading, waitForTextOf } from "./driver.mjs";

const base = mkdtempSync(join(tmpdir(), "reflect-e2e-a11y-"));
const home = join(base, "me");
const colleagueHome = join(base, "colleague");
const exports = join(base, "exports");
mkdirSync(exports, { recursive: true });
const env = { ...isolatedEnv(home), REFLECT_EXPORT_DIR: exports };
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;

function run(where, ...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...isolatedEnv(where), REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}
const reflect = (...args) => run(home, ...args);
const colleague = (...args) => run(colleagueHome, ...args);

const click = (selector) => clickOn(browser, selector);

/** Follow a link of the header menu (or, when it is folded into "More", go to its address). */
async function nav(name, hash) {
  const link = await browser.$("#nav-" + name);
  if ((await link.isExisting()) && (await link.isDisplayed())) {
    await click("#nav-" + name);
  } else {
    await browser.execute((h) => {
      window.location.hash = h;
    }, hash);
  }
}

/** The checks every screen gets: focus on its heading, its title, no axe violation (once `ready`,
 * what the page shows after its heading, is there). */
async function checkScreen(pageName, heading, ready) {
  const h1 = await expectFocusOnHeading(browser, heading);
  await expectTitle(browser, pageName);
  if (ready) await (await browser.$(ready)).waitForExist({ timeout: 15000, timeoutMsg: `${pageName}: no ${ready}` });
  await expectNoViolations(browser, `${pageName} ("${h1}")`);
  return h1;
}

async function waitForHeadingLike(re) {
  await browser.waitUntil(async () => re.test(await (await browser.$("h1")).getText()), { timeout: 15000, timeoutMsg: `no heading like ${re}` });
}

async function waitForState(label) {
  await waitForTextOf(browser, "#appraisal-state", new RegExp(`^${label}$`), `the appraisal never became "${label}"`);
}

describe("accessibility on every screen, in the real window", () => {
  before(async () => {
    // The colleague whose appraiser I am: their pack for review comes to My team.
    colleague("init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset");
    colleague("add", "--title", "Handover on a busy night", "--text", "I used SBAR and checked back.", "--value", "Self Awareness",
      "--visibility", "shared");
    const theirs = colleague("appraisal", "new", "--appraiser-title", "Ward Manager").id;
    colleague("appraisal", "include", theirs, "--value", "Self Awareness", "--proposed");
    colleague("appraisal", "submit", theirs);
    const pack = join(base, "for-review.reflectpack");
    colleague("pack", "export", theirs, "--out", pack, "--acknowledge-all");

    reflect("init", "--name", "Alex Smith", "--job-title", "Ward Manager", "--grade", "Band 7", "--team", "Ward 7",
      "--department", "Medicine", "--line-manager", "Jo Bloggs", "--framework", "nhs-somerset", "--professional", "nmc-code",
      "--registration", "nmc", "--pin", "12A3456E", "--renewal-date", "2027-10-31");
    reflect("add", "--title", "Escalated early for Mr Smith", "--text", "Bed 4 deteriorated; I called the outreach team.",
      "--value", "Self Awareness", "--visibility", "shared");
    reflect("add", "--title", "A private note", "--text", "Not for anyone.", "--value", "Self Awareness");
    const mine = reflect("appraisal", "new", "--appraiser-title", "Head of Nursing").id;
    reflect("appraisal", "include", mine, "--value", "Self Awareness", "--proposed");
    reflect("appraisal", "submit", mine);
    reflect("pack", "import", pack);
    reflect("hr", "area", "on");
    // An agreed appraisal in the Organisation area, its keys trusted: the summary has its tables.
    reflect("hr", "import", join(import.meta.dirname, "fixtures/hr-agreed.reflectpack"));
    for (const held of reflect("hr", "held")) {
      reflect("hr", "trust", "--key", held.colleague_key, "--name", held.name);
      if (held.appraiser_key) reflect("hr", "trust", "--key", held.appraiser_key, "--name", held.appraiser || "The appraiser");
    }

    driver = await startDriver(env, 4624);
    browser = await launch();
    await waitForHeading(browser, "Your reflections");
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("the journal; the native window is named too", async () => {
    await checkScreen("Your reflections", "Your reflections", "#reflection-list");
    if (process.env.DISPLAY) assert.ok(nativeTitles()?.includes("Your reflections – Reflect"), "the native window's title");
  });

  it("the editor, and its error summary in the title", async () => {
    await nav("new", "#/new");
    await checkScreen("New reflection", "New reflection");
    await click("#save-reflection");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 10000 });
    await expectTitle(browser, "New reflection", { error: true });
    await expectNoViolations(browser, "the editor with errors");
  });

  it("the editor's privacy findings; typing keeps the focus", async () => {
    await typeInto(browser, "field-title", "Night shift handover");
    await typeInto(browser, "field-body-reflection", "I handed over Mr Smith in bed 4 to the day team.");
    await waitForTextOf(browser, "#privacy-findings", /Mr Smith/, "the privacy check found nothing");
    assert.equal(await browser.execute(() => document.activeElement?.id), "field-body-reflection", "the focus stays where I type");
    await expectNoViolations(browser, "the editor with privacy findings");
  });

  it("a reflection, and the editor that loads it", async () => {
    await nav("journal", "#/journal");
    await checkScreen("Your reflections", "Your reflections", "#reflection-list");
    await click("=Escalated early for Mr Smith");
    await checkScreen("Reflection", "Escalated early for Mr Smith");
    await click("#edit-reflection");
    await checkScreen("Edit reflection", "Edit reflection");
  });

  it("the values overview", async () => {
    await nav("overview", "#/overview");
    await checkScreen("Values overview", "Values overview");
  });

  it("the appraisals list and an appraisal; focus after Withdraw and Submit, never while typing", async () => {
    await nav("appraisals", "#/appraisals");
    await checkScreen("Appraisals", "Appraisals", "#appraisal-list a");
    await click("#appraisal-list a");
    await waitForHeadingLike(/^Appraisal: /);
    await checkScreen("Appraisal");
    await click("#step-withdraw");
    await waitForState("Draft");
    await expectFocusOnHeading(browser);
    await expectNoViolations(browser, "a draft appraisal");
    // Autosave never moves the focus away from where I am typing.
    const field = await browser.$("#field-review-achievements");
    await browser.execute((e) => e.scrollIntoView({ block: "center" }), field);
    await field.setValue("Led the falls audit.");
    await waitForTextOf(browser, "#autosave-status", /^Saved at/, "autosave did not report a save");
    assert.equal(await browser.execute(() => document.activeElement?.id), "field-review-achievements", "autosave kept the focus where I type");
    await click("#step-submit");
    await waitForState("Ready for review");
    await expectFocusOnHeading(browser);
    await expectTitle(browser, "Appraisal");
  });

  it("the share preview: each acknowledgement is named by its own finding", async () => {
    await click("#share-for-review");
    await checkScreen("Share preview", "What your appraiser will see");
    const boxes = await browser.execute(() =>
      [...document.querySelectorAll("#pack-findings input[type=checkbox]")].map((box) => ({
        label: document.querySelector(`label[for="${box.id}"]`)?.textContent ?? "",
        described: (box.getAttribute("aria-describedby") ?? "")
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      })),
    );
    assert.ok(boxes.length >= 2, `the findings to acknowledge (${boxes.length})`);
    assert.equal(new Set(boxes.map((b) => b.label)).size, boxes.length, "every acknowledgement has its own name");
    for (const b of boxes) {
      assert.match(b.label, /^I have checked this: it is safe to share \(.+ in .+\)$/);
      assert.match(b.described, /.+ in .+: .+/, "described by its finding in context");
    }
    assert.ok(boxes.some((b) => /A bed or bay number/.test(b.label)));
    await screenshot(browser, "a11y-share-preview");
  });

  it("appraiser mode: focus on entering, after Start the review, and on leaving", async () => {
    await click(".nhsuk-back-link");
    await waitForHeadingLike(/^Appraisal: /);
    await checkScreen("Appraisal");
    await click("#enter-appraiser-mode");
    await (await browser.$("#appraiser-banner")).waitForDisplayed({ timeout: 10000 });
    await checkScreen("Appraiser mode");
    await click("#step-start_review");
    await waitForState("In review");
    await expectFocusOnHeading(browser);
    await expectNoViolations(browser, "appraiser mode, in review");
    await click("#exit-appraiser-mode");
    await browser.waitUntil(async () => !(await (await browser.$("#appraiser-banner")).isExisting()), { timeout: 10000 });
    await checkScreen("Appraisal");
  });

  it("My team and a team review; focus after signing", async () => {
    await nav("team", "#/team");
    await checkScreen("My team", "My team", "#team-list a");
    await click("#team-list a");
    await (await browser.$("#team-banner")).waitForDisplayed({ timeout: 10000 });
    await checkScreen("Team review");
    await click('label[for="confirm-sign"]');
    await click("#sign-and-export");
    await waitForTextOf(browser, "#shared-result", /reviewed pack/, "the reviewed pack was not saved");
    await expectFocusOnHeading(browser);
    await expectNoViolations(browser, "a signed team review");
  });

  it("revalidation", async () => {
    await nav("revalidation", "#/revalidation");
    await checkScreen("NMC revalidation", "NMC revalidation", "#requirements");
  });

  it("the Organisation (HR) area", async () => {
    await nav("organisation", "#/organisation");
    await checkScreen("Organisation", "Organisation");
    await (await browser.$('#hr-summary tr[data-level="team"]')).waitForExist({ timeout: 10000 });
    await expectNoViolations(browser, "the Organisation area's summary");
  });

  it("settings and backups", async () => {
    await nav("settings", "#/settings");
    await checkScreen("Settings", "Settings", "#backups");
    await click("#backup-now");
    await (await browser.$("#backup-list")).waitForExist({ timeout: 15000 });
    assert.match(await textOf(browser, "#backup-list"), /\S/);
    await expectNoViolations(browser, "Settings with a backup listed");
  });

  it("first run: set-up, its errors, and the step to protect the journal", async () => {
    await stopDriver(driver, browser);
    driver = await startDriver(isolatedEnv(join(base, "new")), 4626);
    browser = await launch();
    await waitForHeading(browser, "Set up Reflect");
    await checkScreen("Set up", "Set up Reflect");
    await click("#save-profile");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 10000 });
    await expectTitle(browser, "Set up", { error: true });
    await expectNoViolations(browser, "set-up with errors");
    for (const [id, text] of [["field-name", "Jo Bloggs"], ["field-job_title", "Matron"], ["field-grade", "Band 8a"],
      ["field-team", "Medicine"], ["field-line_manager", "Chris Lee"]]) {
      await typeInto(browser, id, text);
    }
    await click('label[for="field-organisation_framework-nhs-somerset"]');
    await click("#save-profile");
    await waitForHeading(browser, "Protect your journal with a passphrase (recommended)");
    await checkScreen("Protect your journal", "Protect your journal with a passphrase (recommended)");
    await click("#skip-protect");
    await waitForHeading(browser, "Your reflections");
    await checkScreen("Your reflections", "Your reflections");
  });

  it("a locked journal: the unlock screen, a wrong passphrase, then the journal", async () => {
    await stopDriver(driver, browser);
    const secret = join(base, "passphrase.txt");
    writeFileSync(secret, "correct horse battery staple\n");
    run(join(base, "new"), "encryption", "on", "--new-passphrase-file", secret);
    driver = await startDriver(isolatedEnv(join(base, "new")), 4628);
    browser = await launch();
    await waitForHeading(browser, "Reflect is locked");
    await expectTitle(browser, "Locked");
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === "field-passphrase", {
      timeout: 10000,
      timeoutMsg: "the unlock screen does not put the focus in the passphrase field",
    });
    await expectNoViolations(browser, "the unlock screen");
    await typeInto(browser, "field-passphrase", "not the passphrase");
    await click("#unlock-journal");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 15000 });
    await expectTitle(browser, "Locked", { error: true });
    await expectNoViolations(browser, "the unlock screen with a wrong passphrase");
    // Straight after a wrong try Reflect makes you wait a moment.
    await new Promise((r) => setTimeout(r, 2000));
    await typeInto(browser, "field-passphrase", "correct horse battery staple");
    await click("#unlock-journal");
    await waitForHeading(browser, "Your reflections");
    await checkScreen("Your reflections", "Your reflections");
  });
});
