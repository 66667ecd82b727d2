// Accessibility checks in the real window: axe-core over the page as shown, the focus after a
// navigation, and the window's title (the document's and the native window's).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.2 A and AA, and Deque's best practices. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** axe-core's violations on the page as it is now, of any impact: [{ id, impact, help, nodes:
 * [{ target, html, summary }] }]. axe is injected once per page load (the app is one page). */
export async function axeViolations(browser) {
  const loaded = await browser.execute(() => typeof window.axe === "object");
  if (!loaded) await browser.execute(axeSource + "\n;return typeof window.axe;");
  const result = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((r) =>
        done({
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary })),
          })),
        }),
      )
      .catch((e) => done({ error: String(e && e.stack ? e.stack : e) }));
  }, AXE_TAGS);
  if (result.error) throw new Error("axe-core could not run: " + result.error);
  return result.violations;
}

/** Every violation in a readable list. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `  ${n.target}\n    ${n.html}\n    ${(n.summary ?? "").replace(/\n/g, "\n    ")}`).join("\n"))
    .join("\n");
}

/** No axe violation of any impact on the screen `where`. */
export async function expectNoViolations(browser, where) {
  const violations = await axeViolations(browser);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

/** Focus is on the page's main heading (the h1 in main), and stays there; its text. */
export async function expectFocusOnHeading(browser, text) {
  let seen = "";
  await browser.waitUntil(
    async () => {
      seen = await browser.execute(() => {
        const h1 = document.querySelector("main h1");
        const a = document.activeElement;
        return h1 && a === h1 ? "h1:" + h1.textContent : (a ? a.tagName + (a.id ? "#" + a.id : "") + " " + (a.textContent ?? "").slice(0, 60) : "nothing");
      });
      return seen.startsWith("h1:") && (text === undefined || seen === "h1:" + text);
    },
    { timeout: 15000, timeoutMsg: `focus is not on the main heading${text ? ` "${text}"` : ""} (it is on ${seen})` },
  );
  return seen.slice(3);
}

/** The native windows' names on this X display, by xwininfo (null when there is no display to
 * ask, or no xwininfo to ask it with). */
export function nativeTitles() {
  if (!process.env.DISPLAY) return null;
  let tree;
  try {
    tree = execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (e) {
    if (e.code === "ENOENT") return null;
    throw e;
  }
  return [...tree.matchAll(/^\s*0x[0-9a-f]+ "((?:[^"\\]|\\.)*)"/gm)].map((m) => m[1]);
}

/** The window title reads "Page name – Reflect" ("Error: Page name – Reflect" with `error`), in
 * the document and on the native window. */
export async function expectTitle(browser, name, { error = false } = {}) {
  const want = `${error ? "Error: " : ""}${name} – Reflect`;
  let seen = "";
  await browser.waitUntil(
    async () => {
      seen = await browser.execute(() => document.title);
      return seen === want;
    },
    { timeout: 10000, timeoutMsg: `the document's title is "${seen}", not "${want}"` },
  );
  let titles = nativeTitles();
  if (titles === null) return;
  await browser.waitUntil(
    async () => {
      titles = nativeTitles() ?? [];
      return titles.includes(want);
    },
    { timeout: 10000, timeoutMsg: `no native window is titled "${want}" (${JSON.stringify(titles.filter((t) => /Reflect/.test(t)))})` },
  );
}
