// The appraisal's journey in the real window: the colleague prepares an appraisal from a shared
// reflection (a private one is never offered), submits it, hands the device to the appraiser
// (appraiser mode shows neither the private reflection nor the wellbeing notes, and offers no
// signing: the appraiser signs on their own device), the colleague signs with their key, the
// appraiser's device (the `reflect` CLI on a second data directory) signs the same record with
// theirs, and the record is agreed with both key signatures and shows its SHA-256; reopening needs
// a reason. Then the revalidation dashboard. The journal is seeded with the `reflect` CLI on the
// same data directory.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { clickOn, exportThroughWarning, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, typeInto, waitForHeading, waitForTextOf } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-appraisal-"));
// Exports go to this folder instead of the system save dialog, which WebDriver cannot drive.
const exports = join(home, "exports");
mkdirSync(exports, { recursive: true });
const env = { ...isolatedEnv(home), REFLECT_EXPORT_DIR: exports };
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;
let shared;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

// The appraiser's own device: another data directory.
const appraiserHome = join(home, "appraiser");
function appraiser(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...isolatedEnv(appraiserHome), REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const fill = (id, text) => typeInto(browser, id, text);

const click = (selector) => clickOn(browser, selector);

async function scrollTo(selector) {
  const el = await browser.$(selector);
  await browser.execute((e) => e.scrollIntoView({ block: "start" }), el);
}

async function mainText() {
  return (await browser.$("main")).getText();
}

async function waitForState(label) {
  await browser.waitUntil(async () => (await (await browser.$("#appraisal-state")).getText()) === label, {
    timeout: 10000,
    timeoutMsg: `the appraisal never became "${label}"`,
  });
}

async function waitForSave() {
  await browser.waitUntil(async () => /^Saved at/.test(await (await browser.$("#autosave-status")).getText()), {
    timeout: 10000,
    timeoutMsg: "autosave did not report a save",
  });
}

/** Wait until the journal (read by the CLI) holds this colleague summary. */
async function storedSummary(id, text, what) {
  await browser.waitUntil(async () => reflect("appraisal", "show", id).content.colleague_summary.text === text, {
    timeout: 10000,
    timeoutMsg: what,
  });
}

describe("appraisal, end to end in the real window", () => {
  before(async () => {
    reflect("init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset", "--professional", "nmc-code",
      "--registration", "nmc", "--pin", "12A3456E", "--renewal-date", "2027-10-31");
    shared = reflect("add", "--title", "Learning from a near miss", "--text", "I asked for feedback after the drug round.",
      "--value", "Self Awareness", "--visibility", "shared", "--model", "free");
    reflect("add", "--title", "A private bad night", "--text", "Only for me.", "--value", "Self Awareness");
    driver = await startDriver(env, 4454);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("starts an appraisal from the appraisals page, with reminders", async () => {
    await waitForHeading(browser, "Your reflections");
    await click("#nav-appraisals");
    await waitForHeading(browser, "Appraisals");
    assert.match(await (await browser.$("#reminders")).getText(), /no appraisal on record yet/);
    await fill("field-appraiser_job_title", "Ward Manager");
    await screenshot(browser, "appraisals");
    await click("#start-appraisal");
    await browser.waitUntil(async () => /^Appraisal: /.test(await (await browser.$("h1")).getText()), { timeout: 10000 });
    await waitForState("Draft");
  });

  it("offers only shared reflections as evidence and autosaves every section", async () => {
    const box = `evidence-self-awareness-${shared.id}`;
    const text = await mainText();
    assert.match(text, /Learning from a near miss/);
    assert.doesNotMatch(text, /A private bad night/, "private reflections are never offered");
    assert.match(text, /1 private reflection is not offered/);
    assert.match(text, /Gap: no evidence/);
    await click(`label[for="${box}"]`);
    await fill("field-review-achievements", "Led the falls audit on Ward 7.");
    await fill("field-values-4-summary", "I ask for feedback after every difficult shift.");
    await fill("field-wellbeing", "Tired after a run of nights.");
    await click("#add-objective");
    await fill("field-objectives-0-objective", "Teach two sessions on safe handover");
    await fill("field-objectives-0-measure", "Attendance and feedback forms");
    await fill("field-objectives-0-by_date-day", "30");
    await fill("field-objectives-0-by_date-month", "6");
    await fill("field-objectives-0-by_date-year", "2027");
    await waitForSave();
    await scrollTo("#value-self-awareness");
    await screenshot(browser, "appraisal-colleague");
    await click("#step-submit");
    await waitForState("Ready for review");
  });

  it("a save made at the command line meanwhile is merged, never written over; a clash lets me choose", async () => {
    await click("#step-withdraw");
    await waitForState("Draft");
    const [{ id }] = reflect("appraisal", "list");
    // The CLI changes one part while the window is open on the version before it.
    reflect("appraisal", "set", id, "career", "Ward sister within two years (typed at the command line)");
    await fill("field-colleague_summary", "A year of learning on Ward 7.");
    await waitForTextOf(browser, "#conflict", /changed somewhere else/, "the conflict was never shown");
    assert.match(await textOf(browser, "#conflict"), /8\. Career aspirations/, "names the section that changed elsewhere");
    assert.match(await textOf(browser, "#conflict"), /Your own changes are kept/);
    await storedSummary(id, "A year of learning on Ward 7.", "my edit was never saved beside theirs");
    let stored = reflect("appraisal", "show", id);
    assert.equal(stored.content.career.text, "Ward sister within two years (typed at the command line)");
    assert.equal(await (await browser.$("#field-career")).getValue(), "Ward sister within two years (typed at the command line)");

    // Both change the same part: the saved version is shown until I choose, and mine is kept.
    reflect("appraisal", "set", id, "summary", "Summary from the command line");
    await fill("field-colleague_summary", "Summary typed in the window");
    await waitForTextOf(browser, "#conflict", /You both changed 10\. Summary and sign-off/, "the clash was never shown");
    await screenshot(browser, "appraisal-conflict");
    assert.equal(reflect("appraisal", "show", id).content.colleague_summary.text, "Summary from the command line", "nothing written over");
    assert.match(await textOf(browser, "#autosave-status"), /Not saved yet/, "the clash is not reported as saved");
    await click("#conflict-use-mine");
    await storedSummary(id, "Summary typed in the window", "what I chose was never saved");
    await waitForSave();
    stored = reflect("appraisal", "show", id);
    assert.equal(stored.content.career.text, "Ward sister within two years (typed at the command line)");
    await click("#step-submit");
    await waitForState("Ready for review");
  });

  it("appraiser mode shows only what was shared, and records the appraiser's words as theirs", async () => {
    await click("#enter-appraiser-mode");
    await (await browser.$("#appraiser-banner")).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await browser.$("#nav-journal")).isExisting(), false, "the journal is out of reach");
    await click("#step-start_review");
    await waitForState("In review");
    const text = await mainText();
    assert.match(text, /Learning from a near miss/);
    assert.doesNotMatch(text, /A private bad night/);
    assert.doesNotMatch(text, /Tired after a run of nights/);
    assert.match(text, /wellbeing notes are private to them/);
    await fill("field-values-4-comment", "Strong evidence of seeking feedback.");
    await fill("field-appraiser_summary", "A good year.");
    await waitForSave();
    await scrollTo("h1");
    await screenshot(browser, "appraiser-mode");
    assert.equal(await (await browser.$("#step-sign")).isExisting(), false, "no signing on the colleague's device");
    assert.match(await (await browser.$("#appraiser-signs-remotely")).getText(), /own device/);
    await click("#exit-appraiser-mode");
  });

  it("the colleague signs with their key; the appraiser signs on their own device; the record is agreed", async () => {
    await waitForState("In review");
    assert.match(await mainText(), /Tired after a run of nights/, "the colleague still sees their own notes");
    assert.match(await mainText(), /Written by the appraiser \(Alex Smith\)/);
    await click('label[for="confirm-sign"]');
    await click("#step-sign");
    await browser.waitUntil(async () => /Sam Jones, Staff Nurse \(colleague\)/.test(await (await browser.$("#signatures")).getText()), {
      timeout: 10000,
      timeoutMsg: "the colleague's signature did not appear",
    });
    // The appraiser's device: import the pack, sign it with their key, send the reviewed pack back.
    const [a] = reflect("appraisal", "list");
    const outbox = join(home, "to-appraiser.reflectpack");
    const back = join(home, "reviewed.reflectpack");
    reflect("pack", "export", a.id, "--out", outbox, "--acknowledge-all");
    appraiser("init", "--name", "Alex Smith", "--job-title", "Ward Manager", "--grade", "Band 7", "--team", "Ward 7",
      "--line-manager", "Jo Bloggs", "--framework", "nhs-somerset");
    appraiser("pack", "import", outbox);
    const [row] = appraiser("team", "list");
    appraiser("team", "sign", row.id, "--out", back);
    assert.match(reflect("pack", "import", back).message, /agreed/);
    await click("#nav-appraisals");
    await click("#appraisal-list a");
    await waitForState("Agreed");
    const signatures = await (await browser.$("#signatures")).getText();
    assert.match(signatures, /Alex Smith, Ward Manager \(appraiser\)/);
    assert.equal((await browser.$$("#signatures .key-signed")).length, 2, "both signatures are key-signed");
    const hash = await (await browser.$("#record-hash")).getText();
    assert.match(hash, /([0-9a-f]{8} ){7}[0-9a-f]{8}/);
    assert.match(hash, /matches its signatures/);
    assert.equal(await (await browser.$("textarea#field-review-achievements")).isExisting(), false, "a signed record cannot be edited");
    await screenshot(browser, "appraisal-agreed");
    // Save the record as a PDF: written by the Rust side, then read back with pdftotext.
    await exportThroughWarning(browser, "export-appraisal");
    await browser.waitUntil(async () => /^Saved \d+ pages to /.test(await (await browser.$("#export-appraisal-result")).getText()), {
      timeout: 15000,
      timeoutMsg: "the PDF was not saved",
    });
    const [file] = readdirSync(exports).filter((f) => f.startsWith("appraisal-sam-jones"));
    assert.ok(file && existsSync(join(exports, file)), "the PDF is in the export folder");
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(exports, file), "-"]).toString();
    assert.match(text, /Appraisal record/);
    assert.match(text, /Learning from a near miss/);
    assert.doesNotMatch(text, /A private bad night/);
    assert.doesNotMatch(text, /Tired after a run of nights/, "wellbeing notes stay out unless chosen");
    assert.match(text.replace(/\s+/g, ""), /[0-9a-f]{64}/, "the SHA-256 is printed");
  });

  it("reopening needs a reason, is logged and clears the signatures", async () => {
    await click("#step-reopen");
    await (await browser.$(".nhsuk-error-summary")).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await browser.$(".nhsuk-error-summary")).getText(), /Give a reason/);
    await fill("field-reason", "The objective's date was wrong");
    await click("#step-reopen");
    await waitForState("In review");
    assert.match(await mainText(), /Not signed yet/);
    assert.match(await (await browser.$("#appraisal-history")).getText(), /reopen by Sam Jones — reason: The objective's date was wrong/);
  });

  it("the revalidation dashboard counts evidence and keeps the feedback log", async () => {
    await click("#nav-revalidation");
    await waitForHeading(browser, "NMC revalidation");
    const row = async (key) => (await browser.$(`#requirements tr[data-key="${key}"]`)).getText();
    assert.match(await row("feedback"), /0 of 5 pieces of feedback/);
    await fill("field-received_on-day", "1");
    await fill("field-received_on-month", "10");
    await fill("field-received_on-year", "2026");
    await fill("field-source", "A patient's relative");
    await fill("field-summary", "Thanked us for explaining the discharge plan.");
    await fill("field-changes", "I now check understanding before discharge.");
    await click("#save-feedback");
    await browser.waitUntil(async () => /1 of 5 pieces of feedback/.test(await row("feedback")), {
      timeout: 10000,
      timeoutMsg: "the feedback did not count",
    });
    await screenshot(browser, "revalidation");
    await exportThroughWarning(browser, "export-nmc");
    await browser.waitUntil(async () => /^Saved \d+ pages? to /.test(await (await browser.$("#export-nmc-result")).getText()), {
      timeout: 15000,
      timeoutMsg: "the NMC PDF was not saved",
    });
    const nmc = readdirSync(exports).find((f) => f.startsWith("nmc-revalidation"));
    assert.ok(nmc, "the NMC PDF is in the export folder");
    assert.match(execFileSync("pdftotext", [join(exports, nmc), "-"]).toString(), /Practice-related feedback log/);
  });
});
