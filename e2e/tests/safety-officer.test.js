// Making someone safety officer takes two people and two factors: the administrator asks, the
// quality lead approves, and the new safety officer sets up a code from an authenticator app at
// their first sign-in. On a phone, with no sideways scrolling, and an axe-core scan of the pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axeScan, describeViolations, launchBrowser, newPage, people, screenshot, signIn, totpCode } from "../lib/browser.js";
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

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, bypassCSP: true };

async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

async function fitsThePhone(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${where} scrolls sideways by ${overflow}px on a 390px phone`);
}

function noSeriousViolations(where, results) {
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.equal(blocking.length, 0, `accessibility violations on ${where}:\n${describeViolations(blocking)}`);
}

test("an administrator asks, a quality lead approves, the new safety officer sets up a second factor", async () => {
  const stamp = Date.now();
  const email = `new.safety.${stamp}@demo.learnloop.test`;
  const password = "a safe enough demo password";

  // 1. The administrator adds a person with the safety officer's role: it waits for approval.
  const admin = await newPage(browser, server, phone);
  await signIn(admin, people.admin);
  await admin.goto("/admin/people");
  await admin.locator("#email").fill(email);
  await admin.locator("#name").fill("Priya Natarajan");
  await admin.locator("#job_title").fill("Safeguarding lead");
  await admin.locator("#role").selectOption("safety");
  await admin.locator("#password").fill(password);
  await submitAndWait(admin, admin.getByRole("button", { name: "Add person" }));
  assert.match(await admin.locator(".notice").innerText(), /Nothing changes until a quality lead or the safety officer approves it/);
  await admin.goto("/safety-officer");
  assert.match(await admin.locator("main").innerText(), /A new safety officer account: Priya Natarajan/);
  await fitsThePhone(admin, "/safety-officer (administrator)");
  assert.equal(await admin.getByRole("button", { name: "Approve" }).count(), 0, "the one who asked does not decide");
  await admin.context().close();

  // The account does not exist yet: signing in fails.
  const early = await newPage(browser, server);
  await early.goto("/sign-in");
  await early.locator("#email").fill(email);
  await early.locator("#password").fill(password);
  await submitAndWait(early, early.getByRole("button", { name: "Sign in" }));
  assert.match(await early.locator(".error-summary").innerText(), /do not match an active account/);
  await early.context().close();

  // 2. The quality lead is told in their inbox, and approves on the Safety officer page.
  const quality = await newPage(browser, server, phone);
  await signIn(quality, people.quality);
  await quality.goto("/inbox");
  assert.match(await quality.locator("main").innerText(), /To decide: A new safety officer account \(Priya Natarajan\)/);
  await quality.goto("/safety-officer");
  await fitsThePhone(quality, "/safety-officer");
  noSeriousViolations("/safety-officer", await axeScan(quality));
  const request = quality.locator(".report-card", { hasText: "Priya Natarajan" });
  await submitAndWait(quality, request.getByRole("button", { name: "Approve" }));
  assert.match(await quality.locator(".notice").innerText(), /Approved/);
  assert.match(await quality.locator("main").innerText(), /Approved by Rajesh Patel/);
  await screenshot(quality, "safety-officer-approved-phone.png");
  await quality.context().close();

  // 3. The new safety officer signs in: the password alone is not enough; they set up the app.
  const officer = await newPage(browser, server, phone);
  await officer.goto("/sign-in");
  await officer.locator("#email").fill(email);
  await officer.locator("#password").fill(password);
  await submitAndWait(officer, officer.getByRole("button", { name: "Sign in" }));
  assert.equal(new URL(officer.url()).pathname, "/sign-in/second-factor");
  assert.match(await officer.locator("h1").innerText(), /Set up your second factor/);
  assert.equal(await officer.locator(".qr svg").count(), 1, "a QR code to scan");
  assert.equal(await officer.locator("#recovery-codes li").count(), 10, "ten recovery codes");
  await fitsThePhone(officer, "/sign-in/second-factor");
  noSeriousViolations("/sign-in/second-factor", await axeScan(officer));
  await screenshot(officer, "second-factor-set-up-phone.png");
  const key = (await officer.locator("#second-factor-key").innerText()).replace(/\s/g, "");
  await officer.locator("#code").fill("123456");
  await submitAndWait(officer, officer.getByRole("button", { name: "Finish and sign in" }));
  assert.match(await officer.locator(".error-summary").innerText(), /did not match/);
  await officer.locator("#code").fill(totpCode(key, Math.floor(Date.now() / 30_000)));
  await submitAndWait(officer, officer.getByRole("button", { name: "Finish and sign in" }));
  assert.equal(new URL(officer.url()).pathname, "/");
  assert.match(await officer.locator(".who").innerText(), /Priya Natarajan · Safety officer/);
  await officer.context().close();
});
