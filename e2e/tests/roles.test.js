// Who sees who reported: a manager sees a named reporter, never a confidential one; the
// safety officer can reveal a confidential reporter on purpose.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, people, sendReport, signIn } from "../lib/browser.js";
import { startServer } from "../lib/server.js";

/**
 * How many elements show `name`, leaving out the options of the action-owner list (every
 * colleague is listed there, which says nothing about who made the report).
 */
function shownOutsideOwnerList(page, name) {
  return page.getByText(name).evaluateAll((elements) => elements.filter((e) => e.tagName !== "OPTION").length);
}

let server;
let browser;
let staffName;
const refs = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The staff member sends one named, one confidential and one anonymous report.
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.staff);
    staffName = (await page.locator("header .who").innerText()).split("·")[0].trim();
    for (const identity of ["named", "confidential", "anonymous"]) {
      await page.goto("/report");
      const what = `The lift stopped between floors for two minutes with Resident D inside (${identity} ${Date.now()}).`;
      refs[identity] = (await sendReport(page, { kind: "incident", what, identity })).reference;
    }
  } finally {
    await page.context().close();
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The "Reported by" value on a report's page. */
async function reportedBy(page) {
  return (await page.locator("dt", { hasText: "Reported by" }).locator("xpath=following-sibling::dd[1]").innerText()).trim();
}

test("a manager sees the named reporter, and only 'confidential reporter' or 'anonymous reporter' otherwise", async () => {
  assert.ok(staffName, "the staff member's name is shown in the header");
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.manager);
    await page.goto("/reports");
    for (const ref of Object.values(refs)) {
      assert.equal(await page.locator(".report-card .reference", { hasText: ref }).count(), 1, `${ref} in /reports`);
    }

    await page.locator(".report-card a", { hasText: refs.named }).click();
    await page.waitForURL(`**/reports/${refs.named}`);
    assert.match(await reportedBy(page), new RegExp(staffName));

    await page.goto(`/reports/${refs.confidential}`);
    assert.equal(await reportedBy(page), "confidential reporter");
    assert.equal(await shownOutsideOwnerList(page, staffName), 0, "the name is nowhere on the page");
    assert.equal(await page.getByRole("button", { name: "Show who reported" }).count(), 0);

    // Asking for the reveal by hand does not work for a manager either.
    await page.goto(`/reports/${refs.confidential}?show_reporter=1`);
    assert.equal(await shownOutsideOwnerList(page, staffName), 0);

    await page.goto(`/reports/${refs.anonymous}`);
    assert.equal(await reportedBy(page), "anonymous reporter");
    assert.equal(await shownOutsideOwnerList(page, staffName), 0);
  } finally {
    await page.context().close();
  }
});

test("the safety officer clicks 'Show who reported' and sees the confidential reporter's name", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.safety);
    await page.goto(`/reports/${refs.confidential}`);
    assert.match(await reportedBy(page), /^confidential reporter/);
    assert.equal(await shownOutsideOwnerList(page, staffName), 0, "hidden until asked for");

    await page.getByRole("button", { name: "Show who reported" }).click();
    await page.waitForLoadState("domcontentloaded");
    assert.match(await reportedBy(page), new RegExp(staffName));

    // An anonymous report has nobody to show, even to the safety officer.
    await page.goto(`/reports/${refs.anonymous}`);
    assert.equal(await reportedBy(page), "anonymous reporter");
    assert.equal(await page.getByRole("button", { name: "Show who reported" }).count(), 0);
  } finally {
    await page.context().close();
  }
});
