// The installed package in the real window (run by scripts/package-test.sh after `apt install`,
// not by `npm test`): the app from /usr/bin starts to its set-up screen with the organisations'
// frameworks it carries inside it, sets up, and the installed CLI reads the journal it made.
// REFLECT_APP and REFLECT_CLI name the installed binaries.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { app, clickOn, isolatedEnv, launch, screenshot, startDriver, stopDriver, typeInto, waitForHeading } from "./driver.mjs";

const home = mkdtempSync(join(tmpdir(), "reflect-package-"));
const cli = process.env.REFLECT_CLI;
let driver;
let browser;

describe("the installed package", () => {
  before(async () => {
    assert.ok(app.startsWith("/usr/bin/"), `REFLECT_APP is the installed app, not ${app}`);
    assert.ok(cli?.startsWith("/usr/bin/"), `REFLECT_CLI is the installed CLI, not ${cli}`);
    driver = await startDriver(isolatedEnv(home), 4480);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("starts to the set-up screen, and sets up with a framework it carries", async () => {
    await waitForHeading(browser, "Set up Reflect", 30000);
    assert.equal(await browser.getTitle(), "Set up – Reflect");
    await screenshot(browser, "package-first-run");
    await typeInto(browser, "field-name", "Sam Jones");
    await typeInto(browser, "field-job_title", "Staff Nurse");
    await typeInto(browser, "field-grade", "Band 5");
    await typeInto(browser, "field-team", "Ward 7, Musgrove Park");
    await typeInto(browser, "field-line_manager", "Alex Smith");
    await clickOn(browser, 'label[for="field-organisation_framework-nhs-somerset"]');
    await clickOn(browser, "#save-profile");
    await waitForHeading(browser, "Protect your journal with a passphrase (recommended)");
    await clickOn(browser, "#skip-protect");
    await waitForHeading(browser, "Your reflections");
    await screenshot(browser, "package-journal");
  });

  it("the installed CLI opens the journal the installed app made", () => {
    const out = execFileSync(cli, ["--json", "overview"], {
      env: { ...process.env, ...isolatedEnv(home), REFLECT_DATA_DIR: "" },
    });
    const inUse = JSON.parse(out.toString()).frameworks.filter((f) => f.in_use).map((f) => f.framework_id);
    assert.deepEqual(inUse, ["nhs-somerset"]);
  });
});
