// The small things a care manager notices at first sight: messages in words, one way of writing
// a day, an inbox that reads like letters, their own reports as "You", a helpful page for a
// wrong address, an icon in the tab, and confirmations that come into view.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axeScan, describeViolations, newPage, launchBrowser, people, sendReport, signIn } from "../lib/browser.js";
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

test("validation says what to fix in words, never stored values", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.staff);
    await page.goto("/report");
    await page.locator("#what_happened").fill("The lift alarm sounded twice during the night with nobody inside.");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Send report" }).click()]);
    const summary = await page.locator("#error-summary").innerText();
    assert.match(summary, /Incident, Near-miss, Good practice or Concern/);
    assert.doesNotMatch(summary, /near_miss|good_practice/);
  } finally {
    await page.context().close();
  }
});

test("the staff inbox reads as paragraphs and lists, days are written one way, and own reports say You", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.staff);
    await page.goto("/inbox");
    assert.ok((await page.locator(".inbox .message-text ul li").count()) > 0, "the actions in feedback are a list");
    const text = await page.locator(".inbox").innerText();
    assert.doesNotMatch(text, /\n- /, "no list marker shown as text");
    assert.doesNotMatch(text, /\b20\d\d-\d\d-\d\d\b/, "no day written as 2026-12-01");
    await page.goto("/actions");
    assert.doesNotMatch(await page.locator("main").innerText(), /\b20\d\d-\d\d-\d\d\b/);
    await page.goto("/my-reports");
    // The line under each report says who made it (the report's own words may mention colleagues).
    const reporters = await page.locator(".report-card .meta").allInnerTexts();
    assert.ok(reporters.length > 0);
    assert.ok(reporters.every((line) => /· You\b/.test(line) && !/a colleague/.test(line)), `every card of My reports names its reporter You: ${reporters[0]}`);
  } finally {
    await page.context().close();
  }
});

test("a wrong address gets a helpful page, and every page has an icon", async () => {
  const page = await newPage(browser, server);
  try {
    const response = await page.goto("/reprot");
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").innerText(), "We could not find that page");
    assert.equal(await page.getByRole("link", { name: "Report something" }).getAttribute("href"), "/report");
    assert.equal(await page.locator('link[rel="icon"]').getAttribute("href"), "/assets/favicon.svg");
    const icon = await page.request.get("/favicon.ico");
    assert.equal(icon.status(), 200);
    assert.equal(icon.headers()["content-type"], "image/svg+xml");
  } finally {
    await page.context().close();
  }
});

test("after saving the just-culture aid, its confirmation is in view", async () => {
  const page = await newPage(browser, server, { viewport: { width: 390, height: 844 } });
  try {
    await signIn(page, people.quality);
    await page.goto("/triage?tab=all");
    const link = page.locator(".report-card a.report-link").first();
    await Promise.all([page.waitForEvent("load"), link.click()]);
    const reference = new URL(page.url()).pathname.split("/").pop();
    await page.goto(`/reports/${reference}/just-culture`);
    await page.locator("#action_in_question").fill("A second check of the medicines was skipped at the evening round.");
    for (const radio of await page.locator('input[type="radio"][value="no"]').all()) await radio.check();
    await page.locator("#reasoning").fill("Nobody meant harm; the round was short-staffed and the check step was unclear.");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: /Record/ }).click()]);
    const notice = page.locator("#done");
    assert.match(await notice.innerText(), /decision and its reasoning are recorded/);
    const box = await notice.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 844, `the confirmation is on screen (at ${box.y} px)`);
  } finally {
    await page.context().close();
  }
});

/** No serious or critical axe-core violation on the page as it is now. */
async function axeClean(page, where) {
  const { violations } = await axeScan(page);
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.equal(blocking.length, 0, `${where}:\n${describeViolations(blocking)}`);
}

test("the new pages pass axe on a phone: thank-you, follow-up, the task-first report page with the menu open, 404", async () => {
  const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };
  const staff = await newPage(browser, server, phone);
  const manager = await newPage(browser, server, phone);
  try {
    await signIn(staff, people.staff);
    await staff.goto("/report");
    const { reference, code } = await sendReport(staff, { kind: "near_miss", what: `A bed rail was found loose on the first floor (axe ${Date.now()}).`, identity: "anonymous" });
    await axeClean(staff, "the thank-you page");
    await staff.goto("/follow-up");
    await staff.locator("#code").fill(code);
    await Promise.all([staff.waitForURL(/\/follow-up\/report/), staff.getByRole("button", { name: "Show my report" }).click()]);
    await axeClean(staff, "the follow-up page");
    await staff.goto("/no-such-page");
    await axeClean(staff, "the page for a wrong address");

    await signIn(manager, people.manager);
    await manager.goto(`/reports/${reference}`);
    await manager.getByText("Menu", { exact: true }).click();
    await axeClean(manager, "the report page with the phone menu open");
  } finally {
    await staff.context().close();
    await manager.context().close();
  }
});
