// The whole learning loop as people walk it: a support worker reports anonymously; the
// manager thanks them, holds a debrief, adds an action and publishes the learning; the
// reporter opens their follow-up code, reads the thanks and the learning, and replies; the
// manager reads the reply; a quality lead's effectiveness check closes the action.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { docsScreenshot, launchBrowser, newPage, people, screenshot, sendReport, signIn } from "../lib/browser.js";
import { demoDate } from "../lib/demo-clock.js";
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

/** Submit the form that holds `button` and wait for the page it leads to. */
async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

test("an anonymous report goes round the whole loop", async () => {
  const stamp = Date.now();
  // 1. The support worker reports anonymously.
  const reporter = await newPage(browser, server);
  await signIn(reporter, people.staff);
  await reporter.goto("/report");
  const what = `Two residents' evening medicines were in adjacent pots on the trolley; caught at the second check (${stamp}).`;
  const { reference, code } = await sendReport(reporter, { kind: "near_miss", what, identity: "anonymous" });
  assert.ok(code, "an anonymous reporter gets a follow-up code");
  await reporter.context().close();

  // 2. The manager finds it in triage and thanks them.
  const manager = await newPage(browser, server);
  await signIn(manager, people.manager);
  await manager.goto("/triage?tab=new");
  await docsScreenshot(manager, "screenshot-triage.png");
  await manager.locator(".report-card", { hasText: reference }).locator("a.report-link").click();
  await manager.waitForURL(new RegExp(`/reports/${reference}`));
  // Task first: the loop's next step, thanking, is at the top of the report page.
  const nextStep = await manager.locator("#next-step").boundingBox();
  assert.ok(nextStep.y < 400, `the next step starts ${nextStep.y} px down the page`);
  assert.match(await manager.locator("#next-step h2").innerText(), /Next: thank the reporter/);
  assert.equal(await manager.locator("#obligations[open]").count(), 0, "no obligations for a no-harm near-miss: folded away");
  await docsScreenshot(manager, "screenshot-report-page.png");
  const thanks = `Thank you for catching this at the second check (${stamp}).`;
  await manager.locator("#thanks-message").fill(thanks);
  await submitAndWait(manager, manager.getByRole("button", { name: "Send thank-you" }));
  assert.match(await manager.locator(".notice").first().innerText(), /thank-you is with the reporter/);

  // 3. A debrief.
  await manager.getByRole("link", { name: "Debrief / swarm huddle" }).click();
  // Yesterday morning: a debrief cannot be in the future, whatever time the tests run.
  await manager.locator("#field-held_at").fill(`${demoDate(-1)}T09:00`);
  await manager.locator("#field-participants").fill("Two support workers and the shift lead");
  await manager.locator("#field-helped").fill("The second check at the trolley caught it.");
  await manager.locator("#field-could_change").fill("Give each resident their own tray.");
  await submitAndWait(manager, manager.getByRole("button", { name: "Save" }));
  assert.match(await manager.locator("#reviews").innerText(), /Debrief \/ swarm huddle/);

  // 4. An action; its owner defaults to the person adding it.
  const actionTitle = `Buy separate medicine trays (${stamp})`;
  await manager.locator("#actions summary", { hasText: "Add an action" }).click();
  await manager.locator("#action-title").fill(actionTitle);
  await manager.locator("#action-due").fill(demoDate(7));
  await submitAndWait(manager, manager.getByRole("button", { name: "Add action" }));
  assert.match(await manager.locator("#actions").innerText(), new RegExp(actionTitle.replace(/[()]/g, ".")));

  // 5. Learning that names someone is refused with what to remove; then published.
  await manager.locator("#learning-summary").fill("Mrs Patel nearly got the wrong tablets.");
  await submitAndWait(manager, manager.getByRole("button", { name: "Publish learning" }));
  assert.match(await manager.locator(".error-summary").innerText(), /Mrs Patel/);
  const learning = `Pots side by side on one tray can be picked up for the wrong person; each resident now has a tray (${stamp}).`;
  await manager.locator("#learning-title").fill("One tray per resident at medication rounds");
  await manager.locator("#learning-summary").fill(learning);
  await submitAndWait(manager, manager.getByRole("button", { name: "Publish learning" }));
  assert.match(await manager.locator(".notice").first().innerText(), /learning is published/);
  await screenshot(manager, "learning-loop-manager.png");

  // 6. The reporter follows up with the code: thanks and learning, then replies.
  const follower = await newPage(browser, server);
  await follower.goto("/follow-up");
  await follower.locator("#code").fill(code);
  await submitAndWait(follower, follower.getByRole("button", { name: "Show my report" }));
  const messages = await follower.locator("#follow-up-messages").innerText();
  assert.ok(messages.includes(thanks), "the thanks reached the follow-up page");
  assert.ok(messages.includes(learning), "the learning reached the follow-up page");
  assert.ok(messages.includes(actionTitle), "and the action with it");
  await follower.locator('input[name="rating"][value="5"]').check();
  await submitAndWait(follower, follower.getByRole("button", { name: "Send rating" }));
  const reply = `Thank you. Could the night trolley have trays too? (${stamp})`;
  await follower.locator("#reply-text").fill(reply);
  await submitAndWait(follower, follower.getByRole("button", { name: "Send message" }));
  assert.match(await follower.locator(".notice").innerText(), /with the team/);
  assert.ok((await follower.locator("#follow-up-messages").innerText()).includes(reply));
  await screenshot(follower, "learning-loop-follow-up.png");
  await follower.context().close();

  // 7. The manager sees the reply waiting and reads it.
  await manager.goto("/triage?tab=replies");
  await manager.locator(".report-card", { hasText: reference }).locator("a.report-link").click();
  await manager.waitForURL(new RegExp(`/reports/${reference}`));
  assert.ok((await manager.locator("#conversation").innerText()).includes(reply), "the manager reads the reply");

  // 8. The action is completed by its owner; someone else checks whether it worked.
  await manager.locator("#actions a", { hasText: actionTitle }).click();
  await manager.locator("#check_due").fill(demoDate(0));
  await submitAndWait(manager, manager.getByRole("button", { name: "Mark complete and book the check" }));
  assert.match(await manager.locator("#action-status").innerText(), /Awaiting effectiveness check/);
  assert.equal(await manager.getByRole("button", { name: "Record the check" }).count(), 0, "the owner does not check their own work");
  assert.match(await manager.locator("main").innerText(), /never the action's owner/);
  const actionPath = new URL(manager.url()).pathname;
  await manager.context().close();

  const quality = await newPage(browser, server);
  await signIn(quality, people.quality);
  await quality.goto(actionPath);
  await quality.locator('input[name="result"][value="effective"]').check();
  await quality.locator("#evidence").fill("Four weeks of MAR audits with no mix-ups.");
  await submitAndWait(quality, quality.getByRole("button", { name: "Record the check" }));
  assert.equal((await quality.locator("#action-status").innerText()).trim(), "Done");
  await quality.context().close();
});
