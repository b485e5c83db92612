// Measurement beyond the dashboard, as the people who use it meet it: a quality lead imports a
// month of values from CSV (one bad row rejects the file, with the row named; the corrected file
// goes in), a manager sets up a data wall of the night team's figures for the staff room that opens without signing in and
// stops when revoked, and the quarterly review is written, published and read by staff.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, people, signIn } from "../lib/browser.js";
import { lastCompleteMonth } from "../lib/demo-clock.js";
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

function csvFile(text) {
  return { name: "documentation-time.csv", mimeType: "text/csv", buffer: Buffer.from(text) };
}

test("a CSV with one bad row is refused with the row named; the corrected one is imported", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.quality);
    await page.goto("/dashboard");
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Measures" }).click()]);
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Documentation time per shift" }).click()]);
    const result = page.locator("#csv-result");

    const [month, label] = lastCompleteMonth();
    const rows = (third) => `service,month,value\noak-house,${month},41\nmaple-court,${month},${third}\nwillow-lodge,${month},38\nriverside-home-care,${month},40\n`;
    const bad = rows("about forty");
    await page.locator("#csv-file").setInputFiles(csvFile(bad));
    await page.getByRole("button", { name: "Import" }).click();
    await result.getByText(/Nothing was imported: 1 problem/).waitFor();
    assert.match(await result.innerText(), /Row 3, value:/);
    assert.equal(await page.locator("#csv-progress").isHidden(), true, "the progress bar is gone once answered");

    const good = rows("41");
    await page.locator("#csv-file").setInputFiles(csvFile(good));
    await page.getByRole("button", { name: "Import" }).click();
    await result.getByText(/^(Imported|Nothing|The)/).waitFor();
    assert.match(await result.innerText(), /^Imported 4 values\./);

    // The chart's last month is the services' average of the imported values.
    await page.reload();
    const table = page.locator("figure table tbody");
    await page.getByText("Data table").click();
    const last = await table.locator("tr").last().innerText();
    assert.ok(last.startsWith(`${label}\t40\t`), last);
  } finally {
    await page.context().close();
  }
});

test("a data wall opens full screen without signing in and stops when its link is revoked", async () => {
  const page = await newPage(browser, server);
  let address;
  try {
    await signIn(page, people.manager);
    await page.goto("/dashboard");
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Data walls" }).click()]);
    await page.getByLabel("Name of the screen").fill("Oak House staff room");
    await page.getByLabel("Whose figures").selectOption({ label: "Oak House" });
    await page.getByLabel("Team", { exact: false }).selectOption({ label: "Night team" });
    await page.getByLabel("Reports", { exact: true }).check();
    await page.getByLabel("Share of near-misses").check();
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Create display link" }).click()]);
    address = await page.getByLabel("Display link").inputValue();
    assert.match(address, /\/wall\/[0-9a-f]{64}$/);
  } finally {
    await page.context().close();
  }

  const wall = await newPage(browser, server, { viewport: { width: 1920, height: 1080 } });
  try {
    await wall.goto(address);
    assert.equal(await wall.locator("h1").innerText(), "Oak House staff room");
    assert.match(await wall.locator("body").innerText(), /Night team, Oak House/, "the night team's own figures");
    assert.equal(await wall.locator("figure").count(), 2);
    assert.equal(await wall.locator("figure").first().getAttribute("id"), "reports");
    assert.equal(await wall.locator('meta[http-equiv="refresh"]').count(), 1, "it refreshes itself");
    assert.equal(await wall.getByRole("button", { name: "Sign out" }).count(), 0, "nobody is signed in");
    const firstChart = await wall.locator("figure").first().boundingBox();
    assert.ok(firstChart.width > 600, "charts fill a wall screen");
  } finally {
    await wall.context().close();
  }

  const quality = await newPage(browser, server);
  try {
    await signIn(quality, people.quality);
    await quality.goto("/dashboard/walls");
    await Promise.all([quality.waitForEvent("load"), quality.getByRole("button", { name: "Revoke Oak House staff room" }).click()]);
    assert.match(await quality.locator(".notice").first().innerText(), /revoked/);
    const gone = await quality.request.get(address);
    assert.equal(gone.status(), 404);
  } finally {
    await quality.context().close();
  }
});

test("the quarterly review is written by the quality lead, published and read by staff", async () => {
  const page = await newPage(browser, server);
  let quarter;
  try {
    await signIn(page, people.quality);
    await page.goto("/quarterly-review");
    const heading = await page.locator("h1").innerText();
    quarter = heading.match(/Quarterly review: (\w+ to \w+ \d{4})/)[1];
    for (const heading of ["What we heard", "What we are doing", "What we plan next", "Key measures"]) {
      await page.getByRole("heading", { name: heading }).waitFor();
    }
    assert.ok((await page.locator("figure").count()) >= 4, "key measures charted");
    await page.getByLabel("Our plan for next quarter").fill("Every care home moves to one medicines tray per resident by January.");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Publish to staff" }).click()]);
    assert.match(await page.locator(".notice").innerText(), /is published/);

    // On paper: the site's frame and the form are left out, the plan is printed.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".site-header").isVisible(), false);
    assert.equal(await page.locator("form textarea").isVisible(), false);
    assert.equal(await page.locator(".print-only").isVisible(), true);
    const pdf = await page.pdf({ format: "A4" });
    assert.ok(pdf.length > 10_000, "an A4 PDF is produced");
  } finally {
    await page.context().close();
  }

  const staff = await newPage(browser, server);
  try {
    await signIn(staff, people.staff);
    await staff.goto("/learning");
    await Promise.all([staff.waitForEvent("load"), staff.getByRole("link", { name: "Quarterly review" }).first().click()]);
    assert.ok((await staff.locator("h1").innerText()).includes(quarter));
    await staff.getByText("Every care home moves to one medicines tray per resident by January.").waitFor();
    assert.equal(await staff.locator("textarea").count(), 0, "staff read it; they do not edit it");
  } finally {
    await staff.context().close();
  }
});
