// Debian's Chromium driven by playwright-core (no browser download), plus the helpers that
// the tests share: signing in, filling the report form, and an axe-core scan.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { demoDateTime } from "./demo-clock.js";

const require = createRequire(import.meta.url);
export const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const screenshotDir = path.join(e2eDir, "screenshots");

export const PASSWORD = "learnloop-demo";
export const people = {
  staff: "staff@demo.learnloop.test",
  manager: "manager@demo.learnloop.test",
  quality: "quality@demo.learnloop.test",
  safety: "safety@demo.learnloop.test",
  admin: "admin@demo.learnloop.test",
};

export const REFERENCE = /^LL-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
export const FOLLOW_UP_CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/**
 * Launch Chromium. Playwright's launch() gives every browser a fresh, temporary user-data-dir
 * of its own (and removes it on close); it refuses a --user-data-dir in args for that reason.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    timeout: 60_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/** A new, signed-out browser context (its own cookies) and a page in it. */
export async function newPage(browser, server, options = {}) {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    locale: "en-GB",
    ...options,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return page;
}

/** The demo safety officer's second-factor key, as `learnloop demo` prints it
 * (`SAFETY_TOTP_SECRET` in crates/demo/src/organisation.rs). */
export const SAFETY_TOTP_SECRET = "LEARNLOOPDEMOSAFETYOFFICERKEY234";

function base32Bytes(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The TOTP code (RFC 6238: SHA-1, six digits, 30 s) of `step`, as an authenticator app shows it. */
export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, "0");
}

// Each code signs in once: later sign-ins take the next step the server still
// accepts (one either side of now), waiting for a new one when those are used.
let lastStep = 0;
async function freshCode(secret) {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now - 1, lastStep + 1);
    if (step <= now + 1) {
      lastStep = step;
      return totpCode(secret, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function signIn(page, email) {
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/sign-in"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  if (new URL(page.url()).pathname === "/sign-in/second-factor") {
    // The safety officer gives a code from their authenticator app too.
    await page.locator("#code").fill(await freshCode(SAFETY_TOTP_SECRET));
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith("/sign-in")),
      page.getByRole("button", { name: "Sign in", exact: true }).click(),
    ]);
  }
}

/**
 * Fill in and send the report form on the current page (/report or /r/{key}).
 * Returns the thank-you page's reference and follow-up code (null when none is shown).
 */
export async function sendReport(page, { kind = "incident", what, identity, service, when } = {}) {
  await page.locator(`input[name="kind"][value="${kind}"]`).check();
  if (service) await page.locator("#service").selectOption(service);
  // The public form fills in no time, and an anonymous report may not keep the
  // minute the form was opened: say when, as a reporter would (an hour ago).
  const occurred = page.locator("#occurred_at");
  if (when || identity === "anonymous" || (await occurred.inputValue()) === "") {
    await occurred.fill(when ?? demoDateTime(-60));
  }
  await page.locator("#what_happened").fill(what);
  if (identity) await page.locator(`input[name="identity"][value="${identity}"]`).check();
  // A report that saved answers with a redirect to its thank-you page
  // (post/redirect/get); one with problems answers the POST itself (422).
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      const request = r.request();
      if (request.resourceType() !== "document") return false;
      if (request.method() === "POST") return r.status() !== 303;
      return new URL(r.url()).pathname.endsWith("/thanks");
    }),
    page.getByRole("button", { name: "Send report" }).click(),
  ]);
  await page.waitForLoadState("domcontentloaded");
  const status = response.status();
  if (!new URL(page.url()).pathname.endsWith("/thanks")) {
    throw new Error(`sending the report answered ${status}: ${await page.locator("main").innerText()}`);
  }
  const reference = (await page.locator("#reference").innerText()).trim();
  const codes = page.locator("#follow-up-code");
  const code = (await codes.count()) > 0 ? (await codes.innerText()).trim() : null;
  return { reference, code, status };
}

/** The repository's docs/, where the browser tests refresh the README's screenshots. */
export const docsDir = path.resolve(e2eDir, "..", "docs");

/** A screenshot of what the screen shows (not the whole page) for docs/. */
export async function docsScreenshot(page, name) {
  await page.screenshot({ path: path.join(docsDir, name) });
}

export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Run axe-core on the current page. The page's context must be made with bypassCSP: true,
 * since the app's Content-Security-Policy (rightly) refuses inline scripts.
 */
export async function axeScan(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(() =>
    window.axe.run(document, {
      resultTypes: ["violations"],
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  );
}

export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ") ?? ""}`)
        .join("\n");
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join("\n");
}
