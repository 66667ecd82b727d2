// Reflow and zoom in the real window (issue 19, WCAG 1.4.4 and 1.4.10). Ctrl+= zooms the webview
// in steps; at 400% of a 1280 px window (320 CSS px) no screen scrolls sideways (tables scroll in
// their own region); the header folds its last items into a "More" button that opens them with
// the keyboard; the zoom level is remembered when Reflect is started again, and Ctrl+- and Ctrl+0
// zoom out and back to 100%. The set-up form (a new journal starts at 100%) fits at 400% too.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isolatedEnv, launch, root, screenshot, startDriver, stopDriver, waitForTextOf } from "./driver.mjs";

const base = mkdtempSync(join(tmpdir(), "reflect-e2e-reflow-"));
const home = join(base, "home");
const inbox = join(base, "inbox");
mkdirSync(inbox, { recursive: true });
copyFileSync(join(import.meta.dirname, "fixtures/hr-agreed.reflectpack"), join(inbox, "sam.reflectpack"));
const env = isolatedEnv(home);
const cli = process.env.REFLECT_CLI ?? join(root, "target/debug/reflect");
let driver;
let browser;
let reflectionId;
let appraisalId;

function reflect(...args) {
  const out = execFileSync(cli, ["--json", ...args], { env: { ...process.env, ...env, REFLECT_DATA_DIR: "" } });
  return JSON.parse(out.toString());
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const zoom = () => browser.execute(() => document.documentElement.dataset.zoom ?? "");
const cssWidth = () => browser.execute(() => document.documentElement.clientWidth);

/** Press Ctrl with `key` (real key events) and wait for the zoom to become `percent`. */
async function press(key, percent) {
  await browser.keys(["Control", key]);
  await browser.waitUntil(async () => (await zoom()) === String(percent), {
    timeout: 5000,
    timeoutMsg: `Ctrl+${key} did not zoom to ${percent}%`,
  });
}

/** Wait until the window's CSS width is about `width` / `percent`% (the webview really zoomed). */
async function waitForCssWidth(windowWidth, percent) {
  const want = windowWidth / (percent / 100);
  await browser.waitUntil(async () => Math.abs((await cssWidth()) - want) <= want * 0.1, {
    timeout: 5000,
    timeoutMsg: `the page is not ${Math.round(want)} CSS px wide at ${percent}% (it is ${await cssWidth()})`,
  });
}

/** Focus an element and press Enter on it. */
async function activate(selector) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 10000 });
  await browser.execute((e) => e.focus(), el);
  await browser.keys("Enter");
}

/** Focus an input and type into it with real key events. */
async function typeWithKeys(selector, text) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 10000 });
  await browser.execute((e) => e.focus(), el);
  await browser.keys(text);
}

/** Go to `hash` and wait for its main heading to match `heading`. */
async function visit(hash, heading) {
  await browser.execute((h) => {
    window.location.hash = h;
  }, hash);
  await browser.waitUntil(
    async () => {
      const h1 = await browser.$("main h1");
      return (await h1.isExisting()) && heading.test(await h1.getText());
    },
    { timeout: 15000, timeoutMsg: `${hash}: the heading never matched ${heading}` },
  ).catch(async (e) => {
    throw new Error(`${e.message}; the page says: ${(await (await browser.$("main")).getText()).slice(0, 300)}`);
  });
  await pause(300);
}

/** The page does not scroll sideways; the message names what sticks out. */
async function assertNoSidewaysScroll(what) {
  const r = await browser.execute(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // Inside a region that scrolls on its own, or clipped by a parent: not the page's overflow.
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const o = getComputedStyle(p).overflowX;
        if (o !== "visible") {
          clipped = true;
          break;
        }
        p = p.parentElement;
      }
      if (!clipped) wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")} (right ${Math.round(box.right)})`);
    }
    return { scroll: root.scrollWidth, width, wide: wide.slice(0, 8) };
  });
  assert.ok(r.scroll <= r.width, `${what} scrolls sideways: ${r.scroll} > ${r.width} CSS px; too wide: ${r.wide.join(", ")}`);
}

describe("reflow and zoom, end to end in the real window", () => {
  before(async () => {
    reflect("init", "--name", "Samantha Jones-Fitzwilliam", "--job-title", "Advanced Clinical Practitioner", "--grade", "Band 8a",
      "--team", "Cardiothoracic Intensive Care Unit", "--line-manager", "Alex Smith", "--framework", "nhs-somerset",
      "--professional", "nmc-code");
    reflectionId = reflect("add", "--title", "Escalation through https://intranet.example.nhs.uk/policies/deteriorating-patient-escalation-v12",
      "--text", "I read ReferenceNumberABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ before the handover.",
      "--value", "Self Awareness").id;
    appraisalId = reflect("appraisal", "new", "--appraiser-title", "Ward Manager").id;
    reflect("appraisal", "include", appraisalId, "--value", "Self Awareness", "--proposed");
    reflect("hr", "area", "on");
    driver = await startDriver({ ...env, REFLECT_IMPORT_PATH: inbox }, 4584);
    browser = await launch();
  });

  after(async () => {
    await stopDriver(driver, browser);
  });

  it("Ctrl+= zooms the window in steps; at 400% of 1280 px (320 CSS px) no screen scrolls sideways", async () => {
    await browser.setWindowSize(1280, 1000).catch(() => undefined);
    await waitForTextOf(browser, "main h1", /Your reflections/, "the journal did not open");
    const { width: windowWidth } = await browser.getWindowSize();
    assert.equal(await zoom(), "100");
    await waitForCssWidth(windowWidth, 100);
    // All the header's items fit at 100%: no "More" button.
    assert.equal(await (await browser.$("#toggle-menu")).isDisplayed(), false, "no More button when every item fits");

    await press("=", 110);
    await waitForCssWidth(windowWidth, 110);
    for (const step of [125, 150, 175, 200, 250, 300, 400]) await press("=", step);
    await waitForCssWidth(windowWidth, 400);
    await screenshot(browser, "reflow-journal-400");

    // The HR area's held pack (a table of long fingerprints) is on the Organisation page.
    await visit("#/organisation", /^Organisation$/);
    // Keyboard: WebKitWebDriver's clicks miss their target in a zoomed page.
    await activate("#hr-import-folder");
    await waitForTextOf(browser, "#hr-held", /Sam Jones/, "the held pack is not listed");

    const screens = [
      ["#/journal", /^Your reflections$/],
      ["#/new", /^New reflection$/],
      [`#/reflection/${reflectionId}`, /^Escalation through/],
      ["#/overview", /^Values overview$/],
      ["#/appraisals", /^Appraisals$/],
      [`#/appraisal/${appraisalId}`, /^Appraisal: /],
      [`#/share/${appraisalId}`, /^What .* will see$/],
      ["#/team", /^My team$/],
      ["#/organisation", /^Organisation$/],
      ["#/settings", /^Settings$/],
      ["#/revalidation", /^NMC revalidation$/],
    ];
    for (const [hash, heading] of screens) {
      // What the appraiser will see: the appraisal is submitted (as it is before it is shared).
      if (hash.startsWith("#/share/")) reflect("appraisal", "submit", appraisalId);
      await visit(hash, heading);
      await assertNoSidewaysScroll(hash);
    }
    await visit("#/organisation", /^Organisation$/);
    await waitForTextOf(browser, "#hr-held", /Sam Jones/, "the held pack is not listed");
    await assertNoSidewaysScroll("the Organisation page with a held pack");
    // The held packs' table is wider than the page: it scrolls in its own named region, which
    // takes the focus so that it can be scrolled with the keyboard.
    const region = await browser.$("#hr-held-table").parentElement();
    assert.equal(await region.getAttribute("role"), "region");
    assert.equal(await region.getAttribute("aria-label"), "Held packs");
    if (await browser.execute((e) => e.scrollWidth > e.clientWidth, region)) {
      assert.equal(await region.getAttribute("tabindex"), "0", "a region that scrolls can be focused");
    }
    await browser.execute((e) => e.scrollIntoView({ block: "center" }), region);
    await screenshot(browser, "reflow-organisation-400");

    // The check itself finds a page that does scroll sideways.
    await browser.execute(() => {
      const wide = document.createElement("div");
      wide.id = "too-wide";
      wide.style.width = "2000px";
      wide.style.height = "1px";
      document.querySelector("main")?.append(wide);
    });
    await assert.rejects(assertNoSidewaysScroll("a page with a 2000 px box"), /scrolls sideways: .*div#too-wide/);
    await browser.execute(() => document.getElementById("too-wide")?.remove());
  });

  it("at 320 CSS px the header folds its last items into a More button that works with the keyboard", async () => {
    await visit("#/journal", /^Your reflections$/);
    const toggle = await browser.$("#toggle-menu");
    assert.ok(await toggle.isDisplayed(), "the More button is shown");
    assert.match(await toggle.getText(), /More/);
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    assert.equal(await (await browser.$("#header-menu-list")).isDisplayed(), false, "the menu starts closed");
    // Settings, the last item, is in the menu (hidden until it opens); Reflections is still in the bar.
    assert.equal(await browser.execute(() => document.querySelector("#header-menu-list #nav-settings") !== null), true);
    assert.equal(await browser.execute(() => document.querySelector("#header-menu-list #nav-journal") === null), true);

    // Keyboard only: Tab from the service name to the More button.
    await browser.execute(() => document.querySelector(".nhsuk-header__service-logo")?.focus());
    const focused = () => browser.execute(() => document.activeElement?.id ?? "");
    for (let i = 0; i < 12 && (await focused()) !== "toggle-menu"; i += 1) await browser.keys("Tab");
    assert.equal(await focused(), "toggle-menu", "Tab reaches the More button");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await toggle.getAttribute("aria-expanded")) === "true", {
      timeout: 3000,
      timeoutMsg: "Enter did not open the menu",
    });
    assert.ok(await (await browser.$("#header-menu-list")).isDisplayed(), "the menu is open");
    await screenshot(browser, "reflow-more-open");
    await browser.keys("Tab");
    const first = await focused();
    assert.match(first, /^nav-/, "Tab goes into the menu's links");
    assert.equal(await browser.execute(() => document.activeElement?.closest("#header-menu-list") !== null), true);
    // Escape closes it and puts the focus back on the button.
    await browser.keys("Escape");
    await browser.waitUntil(async () => (await toggle.getAttribute("aria-expanded")) === "false", {
      timeout: 3000,
      timeoutMsg: "Escape did not close the menu",
    });
    assert.equal(await focused(), "toggle-menu");
    // Open it again with Space and follow the last link with Enter.
    await browser.keys(" ");
    await browser.waitUntil(async () => (await toggle.getAttribute("aria-expanded")) === "true", { timeout: 3000 });
    await browser.execute(() => document.querySelector("#header-menu-list #nav-settings")?.focus());
    await browser.keys("Enter");
    await waitForTextOf(browser, "main h1", /^Settings$/, "the menu's Settings link did not go to Settings");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false", "the menu closes on a new page");
    await assertNoSidewaysScroll("Settings after the menu");
  });

  it("the zoom level is remembered when Reflect starts again; Ctrl+- and Ctrl+0 zoom out and back", async () => {
    await browser.deleteSession().catch(() => undefined);
    browser = await launch();
    await browser.setWindowSize(1280, 1000).catch(() => undefined);
    await waitForTextOf(browser, "main h1", /Your reflections/, "the journal did not open again");
    const { width: windowWidth } = await browser.getWindowSize();
    assert.equal(await zoom(), "400", "the zoom level was remembered");
    await waitForCssWidth(windowWidth, 400);
    await press("-", 300);
    await waitForCssWidth(windowWidth, 300);
    await press("0", 100);
    await waitForCssWidth(windowWidth, 100);
    assert.equal(await (await browser.$("#toggle-menu")).isDisplayed(), false, "at 100% every header item fits again");
  });

  it("no sideways scrolling at 640 px and 420 px windows, nor at 200% of 1280 px", async () => {
    const screens = [
      ["#/journal", /^Your reflections$/],
      ["#/new", /^New reflection$/],
      [`#/appraisal/${appraisalId}`, /^Appraisal: /],
      ["#/organisation", /^Organisation$/],
      ["#/settings", /^Settings$/],
      ["#/revalidation", /^NMC revalidation$/],
    ];
    for (const [width, percent] of [[640, 100], [420, 100], [1280, 200]]) {
      await browser.setWindowSize(width, 900);
      if (percent === 200) for (const step of [110, 125, 150, 175, 200]) await press("=", step);
      await waitForCssWidth(width, percent);
      for (const [hash, heading] of screens) {
        await visit(hash, heading);
        await assertNoSidewaysScroll(`${hash} in a ${width} px window at ${percent}%`);
      }
      // The header's items that do not fit are behind More (none hidden without it).
      const { shown, more } = await browser.execute(() => ({
        shown: document.querySelectorAll(".nhsuk-header__navigation-list > .nhsuk-header__navigation-item").length,
        more: !document.querySelector(".nhsuk-header__menu")?.hidden,
      }));
      const all = 8;
      assert.ok(more || shown === all, `${width} px at ${percent}%: ${shown} of ${all} items in the bar and no More button`);
    }
    await press("0", 100);
  });

  it("at 400% the recovery code and the unlock screen fit too", async () => {
    for (const step of [110, 125, 150, 175, 200, 250, 300, 400]) await press("=", step);
    await waitForCssWidth(1280, 400);
    await visit("#/settings", /^Settings$/);
    const passphrase = "harbour violet pencil";
    await typeWithKeys("#field-new-journal-passphrase", passphrase);
    await typeWithKeys("#field-confirm-journal-passphrase", passphrase);
    await activate("#protect-journal");
    await (await browser.$("#recovery-code")).waitForExist({ timeout: 30000 });
    await browser.execute(() => document.getElementById("recovery-code")?.scrollIntoView({ block: "center" }));
    await assertNoSidewaysScroll("the recovery code");
    await screenshot(browser, "reflow-recovery-code-400");
    await browser.execute(() => document.getElementById("recovery-code-kept")?.focus());
    await browser.keys(" ");
    await activate("#recovery-code-done");
    await waitForTextOf(browser, "#encryption-state", /Your journal is encrypted/, "the journal was not encrypted");
    // Ctrl+L locks: the page reloads at the same zoom and shows only the unlock screen.
    await browser.keys(["Control", "l"]);
    await waitForTextOf(browser, "main h1", /^Reflect is locked$/, "Ctrl+L did not lock");
    assert.equal(await zoom(), "400", "the unlock screen keeps the zoom");
    await waitForCssWidth(1280, 400);
    await assertNoSidewaysScroll("the unlock screen");
    await typeWithKeys("#field-passphrase", passphrase);
    await browser.keys("Enter");
    await waitForTextOf(browser, "main h1", /^Your reflections$/, "the passphrase did not unlock");
    await press("0", 100);
  });
});

describe("reflow of the set-up form, end to end in the real window", () => {
  const freshHome = mkdtempSync(join(tmpdir(), "reflect-e2e-reflow-setup-"));
  let setupDriver;
  let setup;

  after(async () => {
    await stopDriver(setupDriver, setup);
  });

  it("at 400% of 1280 px the set-up form and its error summary fit in 320 CSS px", async () => {
    setupDriver = await startDriver(isolatedEnv(freshHome), 4586);
    setup = await launch();
    browser = setup;
    await browser.setWindowSize(1280, 1000).catch(() => undefined);
    await waitForTextOf(browser, "main h1", /^Set up Reflect$/, "the set-up form did not open");
    assert.equal(await zoom(), "100", "a new journal starts at 100%");
    for (const step of [110, 125, 150, 175, 200, 250, 300, 400]) await press("=", step);
    await waitForCssWidth(1280, 400);
    await assertNoSidewaysScroll("the set-up form");
    await activate("#save-profile");
    await (await browser.$(".nhsuk-error-summary")).waitForExist({ timeout: 10000 });
    await assertNoSidewaysScroll("the set-up form with its errors");
    await screenshot(browser, "reflow-setup-errors-400");
  });
});
