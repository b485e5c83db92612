// axe-core on the report forms: no "serious" or "critical" violations. Every violation found
// is printed with its rule id and the elements it names, to make it quick to fix.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axeScan, describeViolations, launchBrowser, newPage, people, signIn } from "../lib/browser.js";
import { startServer } from "../lib/server.js";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const BLOCKING = new Set(["serious", "critical"]);

function check(where, results) {
  const { violations } = results;
  if (violations.length > 0) {
    console.log(`axe-core on ${where}: ${violations.length} violation(s)\n${describeViolations(violations)}`);
  }
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  assert.equal(
    blocking.length,
    0,
    `serious or critical accessibility violations on ${where}:\n${describeViolations(blocking)}`,
  );
}

// The app's Content-Security-Policy refuses inline scripts, so axe is injected with CSP
// bypassed for these pages only.
const axeContext = { bypassCSP: true };

test("the report form (signed in) has no serious or critical axe-core violations", async () => {
  const page = await newPage(browser, server, axeContext);
  try {
    await signIn(page, people.staff);
    await page.goto("/report");
    // Open the optional details and show the coach, so their content is scanned too.
    await page.locator("main details summary").first().click();
    await page.locator("#what_happened").pressSequentially("The carer was careless.", { delay: 5 });
    await page.locator("#coach-findings mark").first().waitFor();
    check("/report", await axeScan(page));
  } finally {
    await page.context().close();
  }
});

test("the report form with errors (signed in) has no serious or critical axe-core violations", async () => {
  const page = await newPage(browser, server, axeContext);
  try {
    await signIn(page, people.staff);
    await page.goto("/report");
    await page.getByRole("button", { name: "Send report" }).click();
    await page.locator("#error-summary").waitFor();
    check("/report with errors", await axeScan(page));
  } finally {
    await page.context().close();
  }
});

test("the public report form has no serious or critical axe-core violations", async () => {
  const page = await newPage(browser, server, axeContext);
  try {
    await page.goto(server.publicPath);
    await page.locator("main details summary").first().click();
    check("the public report form /r/{key}", await axeScan(page));
  } finally {
    await page.context().close();
  }
});

test("the learning-loop pages have no serious or critical axe-core violations", async () => {
  const page = await newPage(browser, server, axeContext);
  try {
    await signIn(page, people.manager);
    await page.goto("/triage?tab=awaiting_feedback");
    check("/triage", await axeScan(page));
    const first = page.locator("#triage-list a.report-link").first();
    await Promise.all([page.waitForEvent("load"), first.click()]);
    check("a report's workspace", await axeScan(page));
    for (const path of ["/actions", "/learning", "/obligations", "/restrictive-practice", "/restrictive-practice/new", "/restrictive-practice/counts", "/dashboard", "/dashboard/walls", "/measures", "/quarterly-review"]) {
      await page.goto(path);
      check(path, await axeScan(page));
    }
    await page.goto("/obligations");
    await Promise.all([page.waitForEvent("load"), page.locator("#open-safeguarding li a").first().click()]);
    check("a report with a safeguarding concern", await axeScan(page));
    const reference = (await page.goto("/triage?tab=new").then(() => page.locator("#triage-list .reference").first().innerText())).trim();
    for (const type of ["debrief", "learning_review"]) {
      await page.goto(`/reports/${reference}/reviews/new?type=${type}`);
      check(`the ${type} form`, await axeScan(page));
    }
  } finally {
    await page.context().close();
  }
  const quality = await newPage(browser, server, axeContext);
  try {
    await signIn(quality, people.quality);
    await quality.goto("/triage?tab=new");
    const reference = (await quality.locator("#triage-list .reference").first().innerText()).trim();
    await quality.goto(`/reports/${reference}/just-culture`);
    check("the just-culture aid", await axeScan(quality));
    await quality.goto("/governance");
    check("/governance", await axeScan(quality));
    for (const path of ["/quarterly-review", "/measures"]) {
      await quality.goto(path);
      check(`${path} (quality lead)`, await axeScan(quality));
    }
    await quality.getByRole("link", { name: "Staff turnover" }).click();
    await quality.waitForURL(/\/measures\/\d+/);
    check("a measure's page", await axeScan(quality));
  } finally {
    await quality.context().close();
  }
});
