// The privacy check's rewrites and the check before a PDF, in the real window: a reflection naming
// "Mr Smith" is rewritten in one click (the text changes, the finding goes, focus stays in the
// list, the journal keeps the rewritten text), and exporting the values portfolio with a
// shared reflection naming a patient first shows what was found; "Go back" returns to the
// button, "Save the PDF as it is" saves it. The texts are ones every version of the detectors
// finds (a titled name, a bed number).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { clickOn, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, typeInto, waitForHeading } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-e2e-privacy-"));
const exports = join(home, "exports");
mkdirSync(exports, { recursive: true });
const env = { ...isolatedEnv(home), REFLECT_EXPORT_DIR: exports };
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const click = (selector) => clickOn(browser, selector);
const activeId = () => browser.execute(() => document.activeElement?.id ?? "");
const textContent = async (selector) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", selector);

describe("privacy rewrites and the check before a PDF, end to end in the real window", () => {
  before(async () => {
    reflect("init", "--name", "Sam Jones", "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
      "--line-manager", "Alex Smith", "--framework", "nhs-somerset");
    reflect("add", "--title", "Escalated early", "--text", "Mrs Jones in bed 6 deteriorated; I called outreach.",
      "--value", "Self Awareness", "--visibility", "shared", "--model", "free");
    driver = await startDriver(env, 4504);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("rewrites a name in the editor in one click", async () => {
    await waitForHeading(browser, "Your reflections");
    await click("#nav-new");
    await waitForHeading(browser, "New reflection");
    await typeInto(browser, "field-title", "Night shift handover");
    await typeInto(browser, "field-body-reflection", "I handed over Mr Smith to the day team and asked for feedback.");
    const button = "#privacy-fix-0";
    await browser.waitUntil(async () => /Mr Smith/.test(await textContent(button)), {
      timeout: 15000,
      timeoutMsg: "no rewrite was offered for Mr Smith",
    });
    const name = await textContent(button);
    assert.match(name, /^Replace with ‘.+’: “Mr Smith” in “/, "the button names what it replaces");
    const suggestion = /‘(.+?)’/.exec(name)[1];
    await browser.execute((s) => document.querySelector(s).scrollIntoView({ block: "center" }), "#privacy-findings");
    await screenshot(browser, "privacy-rewrite-offered");
    // Keyboard: focus the button and press Enter.
    await browser.execute((s) => document.querySelector(s).focus(), button);
    await browser.keys("Enter");
    const body = await browser.$("#field-body-reflection");
    await browser.waitUntil(async () => !(await body.getValue()).includes("Mr Smith"), {
      timeout: 10000,
      timeoutMsg: "the text was not rewritten",
    });
    assert.equal(await body.getValue(), `I handed over ${suggestion} to the day team and asked for feedback.`);
    await browser.waitUntil(async () => !/Mr Smith/.test(await textContent("#privacy-findings .privacy-list")), {
      timeout: 10000,
      timeoutMsg: "the finding did not go",
    });
    assert.match(await textContent("#privacy-status"), /Replaced “Mr Smith”/);
    const focused = await activeId();
    assert.ok(focused === "field-body-reflection" || focused.startsWith("privacy-fix-"), `focus stays sensible (${focused})`);
    await browser.execute((s) => document.querySelector(s).scrollIntoView({ block: "center" }), "#field-body-reflection");
    await screenshot(browser, "privacy-rewritten");
    // The rewrite is saved like typing.
    await browser.waitUntil(
      async () => /Saved automatically/.test(await (await browser.$("#autosave-status")).getText()),
      { timeout: 10000, timeoutMsg: "autosave did not save the rewrite" },
    );
    const [row] = reflect("list").filter((r) => r.title === "Night shift handover");
    assert.ok(row, "the reflection was saved");
    await browser.waitUntil(async () => !reflect("show", row.id).body.reflection.includes("Mr Smith"), {
      timeout: 10000,
      timeoutMsg: "the journal still holds the name",
    });
  });

  it("shows the findings before a PDF export, and going on exports", async () => {
    await click("#nav-overview");
    await waitForHeading(browser, "Values overview");
    await click("#export-portfolio");
    const warning = await browser.$("#export-portfolio-warning");
    await warning.waitForExist({ timeout: 15000, timeoutMsg: "no warning before the export" });
    const said = await warning.getText();
    assert.match(said, /could identify someone/);
    assert.match(said, /Mrs Jones/);
    assert.match(said, /Reflection “Escalated early”/);
    assert.equal(await activeId(), "export-portfolio-warning", "focus moves to the warning");
    assert.equal(readdirSync(exports).length, 0, "nothing is saved before the choice");
    await screenshot(browser, "pdf-privacy-warning");
    // Going back leaves nothing saved and returns to the button.
    await click("#export-portfolio-go-back");
    await browser.waitUntil(async () => !(await warning.isExisting()), { timeout: 5000, timeoutMsg: "the warning stayed" });
    assert.equal(await activeId(), "export-portfolio");
    assert.equal(readdirSync(exports).length, 0);
    // Going on saves the PDF.
    await click("#export-portfolio");
    await browser.$("#export-portfolio-go-on").waitForExist({ timeout: 15000 });
    await click("#export-portfolio-go-on");
    await browser.waitUntil(async () => /^Saved \d+ pages? to /.test(await (await browser.$("#export-portfolio-result")).getText()), {
      timeout: 15000,
      timeoutMsg: "the PDF was not saved",
    });
    const file = readdirSync(exports).find((f) => f.startsWith("values-portfolio"));
    assert.ok(file && existsSync(join(exports, file)), "the PDF is in the export folder");
  });
});
