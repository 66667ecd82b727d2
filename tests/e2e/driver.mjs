// Starting the real app through tauri-driver, one WebDriver session per app launch.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

export const root = resolve(import.meta.dirname, "../..");
export const app = process.env.REFLECT_APP ?? join(root, "target/debug/reflect-app");
export const screenshots = join(root, "target/e2e-screenshots");
mkdirSync(screenshots, { recursive: true });

let port = Number(process.env.TAURI_DRIVER_PORT ?? 4444);

/** Start tauri-driver with the given environment (each run has its own XDG_DATA_HOME). Each test
 * file passes its own port, so one file's driver shutting down never races the next one's start. */
export async function startDriver(env, driverPort = port) {
  port = driverPort;
  // Its own process group, so that stopping it also ends WebKitWebDriver and every app window it
  // started, even when a session could not be closed in time (a window left behind would keep
  // the test runner's output open and the run would never finish).
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  // Wait until it accepts connections.
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok || r.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("tauri-driver did not start within 20 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return driver;
}

/** End a session and its driver: the WebDriver session first (the app closes its window), then
 * the driver's whole process group (the driver, WebKitWebDriver and any app still running). */
export async function stopDriver(driver, browser) {
  await browser?.deleteSession().catch(() => undefined);
  if (!driver || driver.exitCode !== null) return;
  const exited = new Promise((r) => driver.once("exit", r));
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/** Launch the app: a new WebDriver session opens a new window of the real binary, given `args`
 * on its command line (as a file manager passes the files it opens with it). */
export async function launch(args = []) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryCount: 2,
    capabilities: {
      "tauri:options": { application: app, args },
      "wdio:enforceWebDriverClassic": true,
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

let shot = 0;
export async function screenshot(browser, name) {
  shot += 1;
  await browser.saveScreenshot(join(screenshots, `${String(shot).padStart(2, "0")}-${name}.png`));
}

/** The environment of one run: its own data, config and cache, software rendering (under
 * Xvfb, WebKit's GPU paths give blank screenshots), and no OS keystore (a journal's key is never
 * left in this computer's keyring). */
export function isolatedEnv(home) {
  return {
    REFLECT_KEYSTORE: "off",
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
    WEBKIT_DISABLE_DMABUF_RENDERER: "1",
    LIBGL_ALWAYS_SOFTWARE: "1",
  };
}

export async function waitForHeading(browser, text, timeout = 15000) {
  await browser.waitUntil(
    async () => {
      const h = await browser.$("h1");
      return (await h.isExisting()) && (await h.getText()) === text;
    },
    { timeout, timeoutMsg: `the page heading never became "${text}"` },
  );
}

/** Scroll an element to the middle of the window and click it (WebKitWebDriver will not click
 * what is off screen). */
export async function clickOn(browser, selector) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 10000 });
  await browser.execute((e) => e.scrollIntoView({ block: "center" }), el);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

/** Scroll to an input and type into it. */
export async function typeInto(browser, id, text) {
  const el = await browser.$("#" + id);
  await el.waitForExist({ timeout: 10000 });
  await browser.execute((e) => e.scrollIntoView({ block: "center" }), el);
  await el.setValue(text);
}

/** The text of an element, once it exists. */
export async function textOf(browser, selector) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 10000 });
  return el.getText();
}

/** Wait until an element's text matches `re`; `what` says what did not happen. */
export async function waitForTextOf(browser, selector, re, what) {
  await browser.waitUntil(async () => re.test(await textOf(browser, selector)), { timeout: 15000, timeoutMsg: what });
}

/** Click an export button and wait for its result; when the privacy check shows findings first,
 * go on (the warning never blocks an export). Returns whether the warning was shown. */
export async function exportThroughWarning(browser, id) {
  await clickOn(browser, "#" + id);
  let warned = false;
  await browser.waitUntil(
    async () => {
      if (await (await browser.$(`#${id}-go-on`)).isExisting()) {
        warned = true;
        await clickOn(browser, `#${id}-go-on`);
      }
      return /\S/.test(await (await browser.$(`#${id}-result`)).getText());
    },
    { timeout: 20000, timeoutMsg: `the ${id} export finished with no result` },
  );
  return warned;
}
