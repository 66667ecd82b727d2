// A .reflectpack opened from outside the app, in the real window: the appraiser (B) opens
// Reflect with two packs on its command line, as the file manager or an email client does — their
// colleague's pack goes to My team and a tampered copy is refused with nothing changed, each shown
// with where it went; then, with Reflect already running, a second launch with another
// colleague's pack hands it to the open window and ends, and that pack is imported too. The
// single-instance hand-over goes through the session bus, so this file starts its own D-Bus
// session daemon.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { expectNoViolations } from "./a11y.mjs";
import { app, isolatedEnv, launch, root, screenshot, startDriver, stopDriver, textOf, waitForHeading, waitForTextOf } from "./driver.mjs";

const base = mkdtempSync(join(tmpdir(), "reflect-e2e-opened-"));
const home = (n) => join(base, n);
const inbox = join(base, "Downloads");
mkdirSync(inbox, { recursive: true });
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;
let bus;
let busEnv;

function reflect(who, ...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...isolatedEnv(home(who)), REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

/** A colleague's appraisal, submitted and saved as a pack for review in `file`. */
function colleaguePack(who, name, file) {
  reflect(who, "init", "--name", name, "--job-title", "Staff Nurse", "--grade", "Band 5", "--team", "Ward 7",
    "--line-manager", "Alex Smith", "--framework", "nhs-somerset");
  reflect(who, "add", "--title", "Handover went better", "--text", "I used the new handover sheet.", "--value", "Self Awareness",
    "--visibility", "shared");
  const id = reflect(who, "appraisal", "new", "--appraiser-title", "Ward Manager").id;
  reflect(who, "appraisal", "include", id, "--value", "Self Awareness", "--proposed");
  reflect(who, "appraisal", "submit", id);
  reflect(who, "pack", "export", id, "--purpose", "for-review", "--out", file, "--acknowledge-all");
}

/** A D-Bus session daemon of this test's own: its address, and the process to stop. */
function startBus() {
  // Its own log (services it starts, portals that find no desktop) is not this test's output.
  const daemon = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    let out = "";
    daemon.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ daemon, address: line.trim() });
    });
    daemon.once("error", reject);
    setTimeout(() => reject(new Error("dbus-daemon gave no address within 10 s")), 10000);
  });
}

describe("packs opened from outside the app, end to end in the real window", () => {
  before(async () => {
    colleaguePack("A", "Sam Jones", join(inbox, "sam.reflectpack"));
    colleaguePack("C", "Kim Lee", join(inbox, "kim.reflectpack"));
    // A copy changed after it was sealed: refused by the same checks as an import.
    const tampered = readFileSync(join(inbox, "sam.reflectpack"), "utf8").replace("Handover went better", "Handover went worse");
    writeFileSync(join(inbox, "tampered.reflectpack"), tampered);
    reflect("B", "init", "--name", "Alex Smith", "--job-title", "Ward Manager", "--grade", "Band 7", "--team", "Ward 7",
      "--line-manager", "Jo Bloggs", "--framework", "nhs-somerset");
    bus = await startBus();
    busEnv = { ...isolatedEnv(home("B")), DBUS_SESSION_BUS_ADDRESS: bus.address };
    driver = await startDriver(busEnv, 4524);
  });

  after(async () => {
    await stopDriver(driver, browser);
    bus?.daemon.kill();
  });

  it("opened with two packs, it imports the colleague's into My team and refuses the tampered one", async () => {
    browser = await launch([join(inbox, "sam.reflectpack"), join(inbox, "tampered.reflectpack")]);
    await waitForHeading(browser, "My team", 20000);
    const shown = await textOf(browser, "#opened-packs");
    assert.match(shown, /sam\.reflectpack: Sam Jones's appraisal is in My team/);
    assert.match(shown, /Go to My team/);
    assert.match(shown, /A pack you opened was not imported/);
    assert.match(shown, /tampered\.reflectpack: /);
    assert.equal((await browser.$$("#team-list tbody tr")).length, 1, "only the sealed pack came in");
    assert.match(await textOf(browser, "#team-list"), /Sam Jones/);
    await screenshot(browser, "opened-packs");
    await expectNoViolations(browser, "the opened packs' outcomes above My team");
    const teams = reflect("B", "team", "list");
    assert.equal(teams.length, 1, JSON.stringify(teams));
  });

  it("a second launch with a pack hands it to the open window and ends", async () => {
    await (await browser.$("#opened-packs-dismiss")).click();
    await browser.waitUntil(async () => !(await (await browser.$("#opened-packs")).isExisting()), { timeout: 5000 });
    const second = spawn(app, [join(inbox, "kim.reflectpack")], { env: { ...process.env, ...busEnv }, stdio: "ignore" });
    const code = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve("still running after 20 s"), 20000);
      second.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code !== 0) second.kill("SIGKILL");
    assert.equal(code, 0, "the second launch ends once the running window has the pack");
    await waitForTextOf(browser, "#opened-packs", /kim\.reflectpack: Kim Lee's appraisal is in My team/, "the handed-over pack was not imported");
    await waitForTextOf(browser, "#team-list", /Kim Lee/, "My team does not show the handed-over pack");
    assert.equal((await browser.$$("#team-list tbody tr")).length, 2);
    await screenshot(browser, "opened-pack-handed-over");
  });
});
