// Debian's Chromium driven by playwright-core (no browser download), plus the helpers that
// the tests share: signing in, filling the report form, and an axe-core scan.
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

export async function signIn(page, email) {
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/sign-in"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
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
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === "POST" && r.request().resourceType() === "document",
    ),
    page.getByRole("button", { name: "Send report" }).click(),
  ]);
  await page.waitForLoadState("domcontentloaded");
  const status = response.status();
  if (status !== 201) {
    throw new Error(`sending the report answered ${status}: ${await page.locator("main").innerText()}`);
  }
  const reference = (await page.locator("#reference").innerText()).trim();
  const codes = page.locator("#follow-up-code");
  const code = (await codes.count()) > 0 ? (await codes.innerText()).trim() : null;
  return { reference, code, status };
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
