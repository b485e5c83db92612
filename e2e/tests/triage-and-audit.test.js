// Triage that shows what needs attention, filters that narrow triage and the reports list, and
// an audit log that reads in plain words, filters by person and kind, and exports what it shows.
// On a 390 px phone, with no sideways scrolling and a clean axe-core scan on each page.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { axeScan, describeViolations, launchBrowser, newPage, people, sendReport, signIn } from "../lib/browser.js";
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

// A phone, with the app's Content-Security-Policy bypassed so axe can be injected.
const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };

async function checkPhonePage(page, where) {
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 844 });
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(fits, `${where} scrolls sideways at ${width} px`);
  }
  const { violations } = await axeScan(page);
  assert.equal(violations.length, 0, `axe-core on ${where}:\n${describeViolations(violations)}`);
}

async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

/** Staff report a named incident with the given harm and category; returns its reference. */
async function reportIncident(harm, category, what) {
  const staff = await newPage(browser, server);
  try {
    await signIn(staff, people.staff);
    await staff.goto("/report");
    await staff.locator("details:has(#harm) > summary").click();
    await staff.locator("#harm").selectOption(harm);
    await staff.locator("#category").selectOption(category);
    const { reference } = await sendReport(staff, { kind: "incident", what, identity: "named" });
    return reference;
  } finally {
    await staff.context().close();
  }
}

test("a new severe-harm report needs attention on every triage tab, and filters narrow triage and the reports list", async () => {
  const stamp = Date.now();
  const reference = await reportIncident("severe", "falls", `A resident slipped in the bathroom and broke a wrist (${stamp}).`);
  const manager = await newPage(browser, server, phone);
  try {
    await signIn(manager, people.manager);
    for (const tab of ["overdue", "new", "awaiting_feedback", "replies"]) {
      await manager.goto(`/triage?tab=${tab}`);
      const item = manager.locator("#attention .attention-item", { hasText: reference });
      assert.equal(await item.count(), 1, `the severe report needs attention on the ${tab} tab`);
      assert.match(await item.innerText(), /Severe harm reported and nobody has answered the reporter yet/);
    }
    // Overdue reads as a marker with words, not as a red card.
    await manager.goto("/triage?tab=overdue");
    const marker = manager.locator("#triage-list .overdue-marker").first();
    assert.match(await marker.innerText(), /(Thank-you|Feedback) overdue by (less than a day|\d+ days?)/);
    assert.equal(await marker.locator("svg[aria-hidden=true]").count(), 1, "the marker has an icon");
    assert.equal(await manager.locator("#triage-list .report-card.overdue").count(), 0, "no card is turned red");
    await checkPhonePage(manager, "/triage (390 px)");

    // The filter narrows the New tab to severe harm, keeps the tab, and is in the address.
    await manager.goto("/triage?tab=new");
    const everything = await manager.locator("#triage-list .report-card").count();
    await manager.locator(".list-filter-box > summary").click();
    await manager.locator("#harm").selectOption("severe");
    await submitAndWait(manager, manager.getByRole("button", { name: "Show reports" }));
    const url = new URL(manager.url());
    assert.equal(url.searchParams.get("tab"), "new");
    assert.equal(url.searchParams.get("harm"), "severe");
    const cards = manager.locator("#triage-list .report-card");
    const narrowed = await cards.count();
    assert.ok(narrowed >= 1 && narrowed < everything, `severe harm narrows the queue (${narrowed} of ${everything})`);
    for (const text of await cards.allInnerTexts()) assert.match(text, /Severe harm/);
    assert.equal(await manager.locator("#triage-list .report-card", { hasText: reference }).count(), 1);
    const tabLink = new URL(await manager.locator(".tabs a[aria-current=page]").getAttribute("href"), server.baseURL);
    assert.equal(tabLink.searchParams.get("harm"), "severe", "the tabs keep the filter");
    await checkPhonePage(manager, "/triage filtered (390 px)");

    // The reports list: falls only, most harm first.
    await manager.goto("/reports");
    const unfiltered = await manager.locator("#report-list .report-card").allInnerTexts();
    assert.ok(unfiltered.some((text) => !/Falls/.test(text)), "the whole list holds more than falls");
    await manager.locator(".list-filter-box > summary").click();
    await manager.locator("#category").selectOption("falls");
    await manager.locator("#sort").selectOption("harm");
    await submitAndWait(manager, manager.getByRole("button", { name: "Show reports" }));
    const rows = manager.locator("#report-list .report-card");
    assert.ok((await rows.count()) >= 1, "falls are listed");
    for (const text of await rows.allInnerTexts()) assert.match(text, /Falls/);
    assert.match(await rows.first().innerText(), /Death|Severe harm/, "most harm first");
    assert.equal(new URL(manager.url()).searchParams.get("category"), "falls");
    await checkPhonePage(manager, "/reports filtered (390 px)");

    // Answered, the report leaves the band.
    await manager.goto(`/reports/${reference}`);
    await submitAndWait(manager, manager.getByRole("button", { name: "Send thank-you" }));
    await manager.goto("/triage?tab=new");
    assert.equal(await manager.locator("#attention .attention-item", { hasText: reference }).count(), 0);
  } finally {
    await manager.context().close();
  }
});

test("the audit log reads in words with the person's name, filters by person and kind, and downloads the filtered rows", async () => {
  const reference = await reportIncident("low", "medication", `Two residents' medicines were in adjacent pots (${Date.now()}).`);
  const manager = await newPage(browser, server);
  try {
    await signIn(manager, people.manager);
    await manager.goto(`/reports/${reference}`);
    await submitAndWait(manager, manager.getByRole("button", { name: "Send thank-you" }));
  } finally {
    await manager.context().close();
  }

  const admin = await newPage(browser, server, phone);
  try {
    await signIn(admin, people.admin);
    await admin.goto("/admin/audit");
    const sentence = `Siobhan Gallagher (Manager) thanked the reporter of ${reference}.`;
    assert.equal(await admin.locator(".audit-entry", { hasText: sentence }).count(), 1, "plain words with the person's name");
    await checkPhonePage(admin, "/admin/audit (390 px)");
    const everything = await admin.locator(".audit-entry").count();

    await admin.locator("#person").selectOption({ label: "Siobhan Gallagher (Manager)" });
    await admin.locator("#kind").selectOption({ label: "Reporter thanked" });
    await submitAndWait(admin, admin.getByRole("button", { name: "Show entries" }));
    const entries = admin.locator(".audit-entry");
    const shown = await entries.count();
    assert.ok(shown >= 1 && shown <= everything, `the filter keeps ${shown}`);
    for (const text of await entries.locator(".audit-sentence").allInnerTexts()) {
      assert.match(text, /^Siobhan Gallagher \(Manager\) thanked the reporter of LL-/);
    }
    assert.equal(await admin.locator(".audit-entry", { hasText: sentence }).count(), 1);
    await checkPhonePage(admin, "/admin/audit filtered (390 px)");

    // The CSV holds the same entries: a header, then one line per entry (the first page's worth).
    const [download] = await Promise.all([admin.waitForEvent("download"), admin.locator("#audit-csv").click()]);
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines[0], "When,What happened,Who,Kind of action,Code,Subject,Time (UTC)");
    if (shown < 50) assert.equal(lines.length - 1, shown, "the CSV has the filtered rows");
    for (const line of lines.slice(1)) {
      assert.match(line, /Siobhan Gallagher \(Manager\) thanked the reporter of LL-/);
      assert.match(line, /,report\.thanked,/);
    }
    assert.ok(csv.includes(sentence));
  } finally {
    await admin.context().close();
  }
});
