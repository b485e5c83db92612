// Onboarding an organisation: the administrator invites a person by email (the link taken from
// the outbox, as without SMTP), who sets a password and signs in; a people CSV with a bad row is
// refused whole, then imports everyone; the people list is searched and filtered; a person is
// deactivated (no sign-in) and reactivated; the public link's poster fits one A4 page with its QR
// code. On a 390 px phone without sideways scrolling, with an axe-core scan of each page.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { axeScan, describeViolations, launchBrowser, newPage, people, signIn } from "../lib/browser.js";
import { startServer } from "../lib/server.js";

let server;
let browser;
let dir;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), "learnloop-onboarding-"));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, bypassCSP: true };

async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

async function fitsThePhone(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${where} scrolls sideways by ${overflow}px on a 390px phone`);
}

async function axeClean(page, where) {
  const results = await axeScan(page);
  assert.equal(results.violations.length, 0, `accessibility violations on ${where}:\n${describeViolations(results.violations)}`);
}

/** Sign in on a fresh phone page; the page, and where it ended up. */
async function trySignIn(email, password) {
  const page = await newPage(browser, server, phone);
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await submitAndWait(page, page.getByRole("button", { name: "Sign in" }));
  return page;
}

test("an organisation is onboarded: invitations, a CSV import, the people list, deactivation and the poster", async () => {
  const stamp = Date.now().toString(36);
  const invitedEmail = `amara.${stamp}@example.org`;
  const password = "a phrase of my own choosing";

  // 1. The administrator adds a person with no password: they are invited by email.
  const admin = await newPage(browser, server, phone);
  await signIn(admin, people.admin);
  await admin.goto("/admin/people");
  await fitsThePhone(admin, "/admin/people");
  await axeClean(admin, "/admin/people");
  await admin.locator("#email").fill(invitedEmail);
  await admin.locator("#name").fill(`Amara Osei ${stamp}`);
  await admin.locator("#job_title").fill("Support worker");
  await admin.locator("#role").selectOption("staff");
  await admin.getByLabel("Oak House", { exact: true }).check();
  await submitAndWait(admin, admin.getByRole("button", { name: "Add person" }));
  assert.match(await admin.locator(".notice").innerText(), /emailed an invitation to set their own password/);

  // 2. Without SMTP the email waits in the outbox, which shows its link.
  await admin.goto("/admin/outbox");
  const row = admin.locator("#outbox tr", { hasText: invitedEmail });
  const mail = await row.innerText();
  assert.match(mail, /You are invited to Learnloop/);
  const link = mail.match(/https?:\/\/\S+\/invitations\/[0-9a-f]{64}/)?.[0];
  assert.ok(link, `an invitation link in the outbox: ${mail}`);

  // 3. The link leads to setting a password, then to a first sign-in.
  const invited = await newPage(browser, server, phone);
  await invited.goto(new URL(link).pathname);
  assert.match(await invited.locator("h1").innerText(), /Set your password/);
  await fitsThePhone(invited, "the invitation page");
  await axeClean(invited, "the invitation page");
  // Two different passwords are sent back to fix (the browser itself asks for ten characters).
  await invited.locator("#password").fill(password);
  await invited.locator("#password_again").fill(`${password}!`);
  await submitAndWait(invited, invited.getByRole("button", { name: "Set my password" }));
  assert.match(await invited.locator(".error-summary").innerText(), /not the same/);
  await invited.locator("#password").fill(password);
  await invited.locator("#password_again").fill(password);
  await submitAndWait(invited, invited.getByRole("button", { name: "Set my password" }));
  assert.equal(new URL(invited.url()).pathname, "/sign-in");
  assert.match(await invited.locator(".notice").innerText(), /Your password is set/);
  await invited.locator("#email").fill(invitedEmail);
  await invited.locator("#password").fill(password);
  await submitAndWait(invited, invited.getByRole("button", { name: "Sign in" }));
  assert.notEqual(new URL(invited.url()).pathname, "/sign-in");
  assert.match(await invited.locator(".who").innerText(), new RegExp(`Amara Osei ${stamp}`));
  await invited.context().close();
  // The link worked once.
  const again = await newPage(browser, server, phone);
  const reused = await again.goto(new URL(link).pathname);
  assert.equal(reused.status(), 404);
  await again.context().close();

  // 4. A CSV with one bad row is refused with that row's problem, and nothing is imported.
  const header = "name,email,job title,role,services,team";
  const rows = [
    `Bea Lund ${stamp},bea.${stamp}@example.org,Care worker,staff,Oak House,`,
    `Cal Moss ${stamp},cal.${stamp}@example.org,Team leader,boss,Oak House,`,
    `Dee Nash ${stamp},dee.${stamp}@example.org,Registered manager,manager,Maple Court Supported Living; Oak House,`,
  ];
  const badFile = path.join(dir, "people-bad.csv");
  await writeFile(badFile, [header, ...rows].join("\n") + "\n");
  await admin.goto("/admin/people/import");
  await fitsThePhone(admin, "/admin/people/import");
  await axeClean(admin, "/admin/people/import");
  await admin.locator("#csv-file").setInputFiles(badFile);
  await admin.waitForFunction(() => document.getElementById("csv").value.includes("boss"));
  await submitAndWait(admin, admin.getByRole("button", { name: "Import and invite" }));
  const problems = await admin.locator("#import-problems").innerText();
  assert.match(problems, /Nothing was imported: 1 problem to fix/);
  assert.match(problems, /Row 3: role 'boss' is not one of staff, manager, quality lead, administrator\./);
  await fitsThePhone(admin, "/admin/people/import with problems");
  await axeClean(admin, "/admin/people/import with problems");
  await admin.goto(`/admin/people?q=${stamp}`);
  assert.match(await admin.locator("#people-count").innerText(), /People 1 to 1 of 1\./, "only the invited person, nobody from the file");

  // The fixed file imports everyone, and invites them.
  const goodFile = path.join(dir, "people-good.csv");
  await writeFile(goodFile, [header, ...rows.map((r) => r.replace(",boss,", ",staff,"))].join("\n") + "\n");
  await admin.goto("/admin/people/import");
  await admin.locator("#csv-file").setInputFiles(goodFile);
  await admin.waitForFunction(() => document.getElementById("csv").value.includes("Cal Moss"));
  await submitAndWait(admin, admin.getByRole("button", { name: "Import and invite" }));
  assert.equal(new URL(admin.url()).pathname, "/admin/people");
  assert.match(await admin.locator(".notice").innerText(), /3 people imported\. Each was emailed an invitation/);

  // 5. The list is searched and filtered.
  await admin.locator("#q").fill(stamp);
  await admin.locator("#filter-status").selectOption("invited");
  await submitAndWait(admin, admin.getByRole("button", { name: "Find" }));
  assert.match(await admin.locator("#people-count").innerText(), /People 1 to 3 of 3\./);
  const invitedList = await admin.locator("#people").innerText();
  for (const name of ["Bea Lund", "Cal Moss", "Dee Nash"]) assert.match(invitedList, new RegExp(`${name} ${stamp}`));
  assert.doesNotMatch(invitedList, /Amara Osei/, "she has joined");
  await admin.locator("#filter-status").selectOption("");
  await admin.locator("#filter-role").selectOption("manager");
  await submitAndWait(admin, admin.getByRole("button", { name: "Find" }));
  assert.match(await admin.locator("#people").innerText(), new RegExp(`Dee Nash ${stamp}`));
  assert.match(await admin.locator("#people-count").innerText(), /People 1 to 1 of 1\./);
  await fitsThePhone(admin, "/admin/people filtered");
  await axeClean(admin, "/admin/people filtered");

  // 6. Deactivated, the person cannot sign in; reactivated, they can.
  await admin.goto(`/admin/people?q=${encodeURIComponent(invitedEmail)}`);
  await submitAndWait(admin, admin.getByRole("link", { name: `Amara Osei ${stamp}` }));
  await submitAndWait(admin, admin.getByRole("button", { name: `Deactivate Amara Osei ${stamp}` }));
  assert.match(await admin.locator(".notice").innerText(), /Deactivated/);
  assert.match(await admin.locator("#account-status").innerText(), /Deactivated/);
  await fitsThePhone(admin, "a deactivated person's page");
  await axeClean(admin, "a deactivated person's page");
  const refused = await trySignIn(invitedEmail, password);
  assert.match(await refused.locator(".error-summary").innerText(), /do not match an active account/);
  await refused.context().close();
  await submitAndWait(admin, admin.getByRole("button", { name: `Reactivate Amara Osei ${stamp}` }));
  assert.match(await admin.locator(".notice").innerText(), /Reactivated/);
  const back = await trySignIn(invitedEmail, password);
  assert.notEqual(new URL(back.url()).pathname, "/sign-in");
  await back.context().close();

  // 7. The public link's QR code and its A4 poster.
  const publicLink = `${server.baseURL}${server.publicPath}`;
  await admin.goto("/admin");
  assert.ok(await admin.locator("img.public-link-qr").evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code image loads");
  await admin.goto("/admin/public-link/poster");
  assert.equal((await admin.locator("#poster-link").innerText()).trim(), publicLink);
  assert.ok(await admin.locator(".poster-qr svg").isVisible());
  assert.match(await admin.locator("#poster").innerText(), /report|Report/);
  await fitsThePhone(admin, "the poster");
  await axeClean(admin, "the poster");
  const svg = await admin.request.get("/admin/public-link/qr.svg");
  assert.equal(svg.status(), 200);
  assert.equal(svg.headers()["content-type"], "image/svg+xml");
  assert.match(await svg.text(), /<svg[^>]*>/);
  // The poster's QR code is the downloadable one's: the same modules.
  const served = (await svg.text()).match(/<path[^>]* d="([^"]+)"/)?.[1];
  const onPoster = await admin.locator(".poster-qr svg path").getAttribute("d");
  assert.ok(served && served === onPoster, "the poster shows the served QR code of the link");
  await admin.emulateMedia({ media: "print" });
  assert.equal(await admin.locator(".site-header").isVisible(), false, "printed without the site's header");
  const pdf = (await admin.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
  const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
  assert.equal(pages.length, 1, "the poster prints on one page");
  assert.match(pdf, /\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]/, "an A4 page (595 × 842 points)");
  await admin.context().close();
});

test("the onboarding pages fit a 320 px phone too", async () => {
  const small = { ...phone, viewport: { width: 320, height: 640 } };
  const admin = await newPage(browser, server, small);
  await signIn(admin, people.admin);
  for (const where of ["/admin/people", "/admin/people?status=invited&role=staff", "/admin/people/import", "/admin/public-link/poster", "/admin"]) {
    await admin.goto(where);
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${where} scrolls sideways by ${overflow}px on a 320px phone`);
  }
  await admin.context().close();
});
