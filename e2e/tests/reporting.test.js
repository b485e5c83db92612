// Reporting as people do it: the three identity modes, the language coach, a form with
// mistakes, following up with a code, and the public link that needs no sign-in.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  FOLLOW_UP_CODE,
  REFERENCE,
  docsScreenshot,
  launchBrowser,
  newPage,
  people,
  screenshot,
  sendReport,
  signIn,
} from "../lib/browser.js";
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

/** A page signed in as the staff member, on the report form. */
async function staffOnReportForm(options) {
  const page = await newPage(browser, server, options);
  await signIn(page, people.staff);
  await page.goto("/report");
  return page;
}

/** The references listed on the staff member's /my-reports page. */
async function myReferences(page) {
  await page.goto("/my-reports");
  assert.equal(await page.locator("h1").innerText(), "My reports");
  return page.locator(".report-card .reference").allInnerTexts();
}

test("the report form on a phone, as the README shows it", async () => {
  const page = await staffOnReportForm({ viewport: { width: 390, height: 844 } });
  try {
    await page.locator('input[name="kind"][value="near_miss"]').check();
    await page.locator("#what_happened").fill("The night nurse was careless and gave the wrong pot to the resident in room 4.");
    await page.locator(".coach-finding").first().waitFor();
    await page.locator("#what_happened").scrollIntoViewIfNeeded();
    await docsScreenshot(page, "screenshot-report-form.png");
  } finally {
    await page.context().close();
  }
});

describe("a staff member reports", () => {
  test("named: thanked with a reference, no code, and listed in My reports", async () => {
    const page = await staffOnReportForm();
    try {
      const what = `Resident B slipped on a wet floor by the lounge door at 10:05 (named ${Date.now()}).`;
      const { reference, code } = await sendReport(page, { kind: "incident", what, identity: "named" });
      assert.match(reference, REFERENCE);
      assert.equal(code, null, "a named report has no follow-up code");
      assert.match(await page.locator("h1").innerText(), /Thank you/);

      const refs = await myReferences(page);
      assert.ok(refs.includes(reference), `${reference} is in My reports (${refs.slice(0, 5)})`);
      const card = page.locator(".report-card", { hasText: reference });
      assert.match(await card.innerText(), /slipped on a wet floor/);
    } finally {
      await page.context().close();
    }
  });

  test("confidential: thanked with a reference and a follow-up code, and listed in My reports", async () => {
    const page = await staffOnReportForm();
    try {
      const what = `The fire door on the first floor was propped open with a chair during the night (confidential ${Date.now()}).`;
      const { reference, code } = await sendReport(page, { kind: "concern", what, identity: "confidential" });
      assert.match(reference, REFERENCE);
      assert.match(code, FOLLOW_UP_CODE);
      assert.match(await page.locator("main").innerText(), /Only the safety officer can see/);

      const refs = await myReferences(page);
      assert.ok(refs.includes(reference), `${reference} is in My reports`);
      assert.match(
        await page.locator(".report-card", { hasText: reference }).innerText(),
        /You \(confidential\)/,
      );
    } finally {
      await page.context().close();
    }
  });

  test("anonymous: thanked with a follow-up code, and NOT listed in My reports", async () => {
    const page = await staffOnReportForm();
    try {
      const what = `Two residents' tablets were found on the medicine trolley after the round (anonymous ${Date.now()}).`;
      const { reference, code } = await sendReport(page, { kind: "near_miss", what, identity: "anonymous" });
      assert.match(reference, REFERENCE);
      assert.match(code, FOLLOW_UP_CODE);
      assert.match(await page.locator("main").innerText(), /Nothing that identifies you was stored/);

      const refs = await myReferences(page);
      assert.ok(refs.length > 0, "My reports lists the staff member's other reports");
      assert.ok(!refs.includes(reference), `anonymous ${reference} must not be in My reports`);
      assert.equal(await page.getByText(what.slice(0, 40)).count(), 0, "nor its text");

      // Nor on the home page's recent reports.
      await page.goto("/");
      assert.equal(await page.getByText(reference).count(), 0);
    } finally {
      await page.context().close();
    }
  });
});

test("the language coach flags a blaming phrase with a suggestion, and never blocks sending", async () => {
  // A phone-sized screen, as most frontline workers report from one.
  const page = await staffOnReportForm({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    const sentence = "The night carer was careless and failed to check the MAR chart.";
    await page.locator('input[name="kind"][value="incident"]').check();
    await page.locator("#what_happened").click();
    await page.locator("#what_happened").pressSequentially(sentence, { delay: 5 });
    const marks = page.locator("#coach-findings mark");
    await marks.first().waitFor({ state: "visible" });
    const flagged = await marks.allInnerTexts();
    assert.ok(flagged.includes("careless"), `"careless" is flagged (flagged: ${JSON.stringify(flagged)})`);

    const finding = page.locator("#coach-findings li", { has: page.locator("mark", { hasText: "careless" }) });
    const suggestion = (await finding.locator(".coach-suggestion").innerText()).trim();
    assert.match(suggestion, /^Try: \S/);
    assert.ok((await finding.innerText()).length > suggestion.length + "careless".length, "a reason is given too");
    assert.match(await page.locator("#coach-findings").innerText(), /you can still send it/);

    await screenshot(page, "report-form.png");

    // The coach only advises: the report goes as written.
    const { reference, code } = await sendReport(page, { kind: "incident", what: sentence, identity: "anonymous" });
    assert.match(reference, REFERENCE);
    assert.match(code, FOLLOW_UP_CODE);
    await screenshot(page, "thanks.png");
  } finally {
    await page.context().close();
  }
});

test("a form with missing fields shows each error beside its field and saves nothing", async () => {
  const page = await staffOnReportForm();
  try {
    const before = await myReferences(page);
    await page.goto("/report");
    // No kind chosen, nothing written; send as it is.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.request().resourceType() === "document"),
      page.getByRole("button", { name: "Send report" }).click(),
    ]);
    await page.waitForLoadState("domcontentloaded");
    assert.equal(response.status(), 422);
    assert.equal(new URL(page.url()).pathname, "/report");
    assert.equal(await page.locator("#reference").count(), 0, "no thank-you page");

    // A summary at the top, focused, linking to each field.
    const summary = page.locator("#error-summary");
    assert.match(await summary.innerText(), /Describe what happened/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
    assert.equal(await summary.locator('a[href="#what_happened"]').count(), 1);

    // The message for "What happened?" sits right beside the textarea and is announced with it.
    const textarea = page.locator("#what_happened");
    assert.equal(await textarea.getAttribute("aria-invalid"), "true");
    const describedBy = (await textarea.getAttribute("aria-describedby")).split(/\s+/);
    const errorId = await page.evaluate(() => {
      const field = document.getElementById("what_happened");
      const previous = field.previousElementSibling;
      return previous?.classList.contains("field-error") ? previous.id : null;
    });
    assert.ok(errorId, "a .field-error element directly before #what_happened");
    assert.ok(describedBy.includes(errorId), "the error is part of the textarea's description");
    assert.match(await page.locator(`#${errorId}`).innerText(), /Describe what happened/);

    // The missing kind is flagged inside its own fieldset.
    assert.ok(
      (await page.locator("#kind .field-error").count()) > 0,
      `an error inside the "What are you reporting?" fieldset; summary says: ${await summary.innerText()}`,
    );

    // Fixing the form and sending works, and only that one report was saved.
    const what = `Room 4 call bell did not sound at the desk when tested at 14:20 (${Date.now()}).`;
    const { reference } = await sendReport(page, { kind: "near_miss", what, identity: "named" });
    const afterwards = await myReferences(page);
    assert.deepEqual(
      afterwards.filter((r) => !before.includes(r)),
      [reference],
      "the rejected attempt saved nothing",
    );
  } finally {
    await page.context().close();
  }
});

test("an anonymous reporter follows up with their code without signing in", async () => {
  const staff = await staffOnReportForm();
  let reference;
  let code;
  try {
    const what = `The hoist battery was flat at the start of the early shift (follow-up ${Date.now()}).`;
    ({ reference, code } = await sendReport(staff, { kind: "near_miss", what, identity: "anonymous" }));
  } finally {
    await staff.context().close();
  }

  // A new browser context: no cookies, nobody signed in.
  const page = await newPage(browser, server);
  try {
    await page.goto("/follow-up");
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
    await page.locator("#code").fill(code);
    await page.getByRole("button", { name: "Show my report" }).click();
    await page.locator("#follow-up-status").waitFor();
    assert.match(await page.locator("h1").innerText(), new RegExp(reference));
    assert.equal((await page.locator("#follow-up-status").innerText()).trim().toLowerCase(), "received");

    // A wrong code shows nothing.
    await page.goto("/follow-up");
    await page.locator("#code").fill("AAAA-BBBB-CCCC-DDDD");
    await page.getByRole("button", { name: "Show my report" }).click();
    await page.waitForLoadState("domcontentloaded");
    assert.equal(await page.locator("#follow-up-status").count(), 0);
    assert.equal(await page.getByText(reference).count(), 0);
  } finally {
    await page.context().close();
  }
});

test("the public link takes an anonymous report without signing in and gives a code", async () => {
  const page = await newPage(browser, server);
  try {
    await page.goto(server.publicPath);
    assert.equal(new URL(page.url()).pathname, server.publicPath, "no redirect to sign in");
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
    assert.equal(await page.locator('input[name="identity"][type="radio"]').count(), 0, "no identity choice");

    const what = `A visitor let themselves in through the garden gate, which did not latch (public ${Date.now()}).`;
    const { reference, code } = await sendReport(page, {
      kind: "concern",
      what,
      service: "maple-court",
    });
    assert.match(reference, REFERENCE);
    assert.match(code, FOLLOW_UP_CODE);

    // And the code works.
    await page.goto("/follow-up");
    await page.locator("#code").fill(code);
    await page.getByRole("button", { name: "Show my report" }).click();
    await page.locator("#follow-up-status").waitFor();
    assert.match(await page.locator("h1").innerText(), new RegExp(reference));
  } finally {
    await page.context().close();
  }
});

test("reloading the thank-you page, or sending the same form again, never makes a second report", async () => {
  const page = await staffOnReportForm();
  /** How many of the staff member's reports (newest first) carry `stamp`. */
  const cardsWith = async (stamp) => {
    await page.goto("/my-reports");
    return page.locator(".report-card", { hasText: stamp }).count();
  };
  try {
    const stamp = `retry ${Date.now()}`;
    const what = `The sluice room door was left unlocked overnight (${stamp}).`;
    const { reference } = await sendReport(page, { kind: "concern", what, identity: "named" });
    assert.equal(new URL(page.url()).pathname, "/report/thanks", "the thank-you page is a page of its own");

    // Reload: a GET, nothing is sent again; the same thanks are shown.
    await page.reload();
    assert.equal((await page.locator("#reference").innerText()).trim(), reference);
    await page.goBack();
    await page.goForward();
    assert.equal(await cardsWith(stamp), 1, "one report after a reload");

    // A retry of the same form (the same hidden key), as a lost connection would cause.
    await page.goto("/report");
    const key = await page.locator('input[name="idempotency_key"]').inputValue();
    assert.match(key, /^[0-9a-f]{32}$/);
    const again = `stamp-again ${Date.now()}`;
    const form = {
      kind: "near_miss",
      service: await page.locator("#service").inputValue(),
      occurred_at: await page.locator("#occurred_at").inputValue(),
      what_happened: `A resident's walking frame was left out of reach at night (${again}).`,
      identity: "named",
      idempotency_key: key,
    };
    const first = await page.request.post("/report", { form, maxRedirects: 0, headers: { Origin: server.baseURL } });
    const second = await page.request.post("/report", { form, maxRedirects: 0, headers: { Origin: server.baseURL } });
    assert.equal(first.status(), 303);
    assert.equal(second.status(), 303);
    assert.equal(await cardsWith(again), 1, "sent twice, saved once");
    await page.goto("/report/thanks");
    assert.match((await page.locator("main").innerText()), /Thank you for speaking up/);
  } finally {
    await page.context().close();
  }
});
