// Safeguarding, notifications and candour as a manager meets them: the triage page says a
// notification to the regulator is overdue; the manager opens it from the list, records it as
// sent with the regulator's reference, and the overdue notice is gone. Then the safeguarding
// concern: the checklist refuses a referral without who made it, keeps what was typed, and
// completes once answered.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, people, signIn } from "../lib/browser.js";
import { demoDateTime } from "../lib/demo-clock.js";
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

async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

test("a manager records an overdue notification as sent and completes a safeguarding checklist", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.manager);
    await page.goto("/triage");
    const banner = page.locator("#overdue-notifications");
    assert.match(await banner.innerText(), /1 notification to a regulator overdue/);
    await submitAndWait(page, banner.getByRole("link"));
    assert.equal(new URL(page.url()).pathname, "/obligations");

    // The overdue notification, opened from the list.
    const overdue = page.locator("#open-notifications li.overdue-item").first();
    assert.match(await overdue.innerText(), /CQC: Serious injury/);
    await submitAndWait(page, overdue.getByRole("link"));
    const task = page.locator("#notification-list li.overdue-item").first();
    await task.getByLabel("The regulator's reference, if given").fill("CQC-DEMO-1");
    await submitAndWait(page, task.getByRole("button", { name: "Record as sent" }));
    assert.match(await page.locator(".notice[role=status]").innerText(), /Recorded: the notification was sent/);
    assert.match(await page.locator("#notification-list").innerText(), /Sent .* by Siobhan Gallagher · reference CQC-DEMO-1/);
    await page.goto("/triage");
    assert.equal(await page.locator("#overdue-notifications").count(), 0, "nothing overdue any more");

    // The safeguarding concern: a referral without who made it is refused, nothing lost.
    await page.goto("/obligations");
    await submitAndWait(page, page.locator("#open-safeguarding li a").first());
    const form = page.locator("#safeguarding-form");
    await form.locator("input[name=person_safe][value=yes]").check();
    await form.locator("input[name=referral_made][value=yes]").check();
    // An hour ago: a referral cannot be in the future, whatever time the tests run.
    const referralAt = demoDateTime(-60);
    await form.getByLabel("Referral made at").fill(referralAt);
    await submitAndWait(page, form.getByRole("button", { name: "Record checklist" }));
    assert.match(await page.locator("body").innerText(), /Say who made the referral to the local authority/);
    assert.equal(await page.locator("#safeguarding-form input[name=referral_at]").inputValue(), referralAt);
    await page.locator("#safeguarding-form").getByLabel("Referral made by").fill("Siobhan Gallagher, registered manager");
    await submitAndWait(page, page.locator("#safeguarding-form").getByRole("button", { name: "Record checklist" }));
    assert.match(await page.locator("#obligations").innerText(), /Checklist complete\./);
  } finally {
    await page.context().close();
  }
});
