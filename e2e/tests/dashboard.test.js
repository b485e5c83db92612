// The dashboard as a quality lead and a care-home manager meet it: one chart per measure, each
// collapsed with a sentence saying what its signals mean, a data table and a CSV download. The
// demo's story is on it: reports rose after the learning-culture push, and repeat medication
// errors at the care home fell after its medicines change; both are recorded changes, so each
// chart starts a new phase there and says how far the average moved. A team's own dashboard
// counts the reports made about that team.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, people, signIn } from "../lib/browser.js";
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

/** The figure's chart, its collapsed panel opened. */
async function opened(page, key) {
  const figure = page.locator(`figure#${key}`);
  await page.locator("details.chart-panel", { has: figure }).locator("summary").first().click();
  return figure;
}

/** The averages before and after the latest phase began, from the chart's sentence. */
async function averages(figure) {
  const sentence = await figure.locator(".chart-sentence").innerText();
  const moved = sentence.match(/when the average moved from (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)/);
  assert.ok(moved, sentence);
  return [Number(moved[1]), Number(moved[2]), sentence];
}

test("the dashboard tells the reporting rise and the fall in repeat medication errors", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.quality);
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.waitForURL(/\/dashboard/);
    const figures = page.locator("figure");
    assert.ok((await figures.count()) >= 12, "a chart per measure");
    const reports = await opened(page, "reports");
    const [before, now, sentence] = await averages(reports);
    assert.match(sentence, /recalculated from \w+ \d{4} \(Learning-culture push\)/);
    assert.ok(now > before * 1.3, `reports rose at the push: ${sentence}`);
    assert.equal(await reports.locator("svg path.part-rule").count(), 1, "the new phase is marked");

    // The data table is there for screen readers and for reading the numbers.
    await reports.getByText("Data table").click();
    assert.ok((await reports.locator("table tbody tr").count()) >= 18);

    // The care home's medication reports: repeats fell after the medicines change.
    await page.getByLabel("Service", { exact: true }).selectOption({ label: "Oak House" });
    await page.getByLabel("Category", { exact: true }).selectOption("medication");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Show" }).click()]);
    assert.match(await page.locator("h1").innerText(), /Dashboard: Oak House/);
    const repeats = await opened(page, "repeats");
    const [was, is, told] = await averages(repeats);
    assert.match(told, /\(Medicines change/);
    assert.ok(is < was, `repeats fell after the medicines change: ${told}`);

    // The CSV download carries the same filters.
    const download = await repeats.locator(".chart-download a").getAttribute("href");
    assert.match(download, /chart=repeats/);
    assert.match(download, /category=medication/);
    const csv = await page.request.get(download);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^period,value,centre/);

    // One team's dashboard: the team choice offers only the chosen service's teams.
    const team = page.getByLabel("Team", { exact: true });
    assert.deepEqual(await team.locator("optgroup:not([disabled])").evaluateAll((groups) => groups.map((g) => g.label)), ["Oak House"]);
    await team.selectOption({ label: "Night team" });
    await page.getByLabel("Category", { exact: true }).selectOption("");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Show" }).click()]);
    assert.match(await page.locator("h1").innerText(), /Dashboard: Night team, Oak House/);
    assert.ok((await figures.count()) >= 10, "a chart per measure a team has");
    assert.equal(await page.locator("figure#rate_per_bed_days").count(), 0, "rates are kept per service");
    assert.match(await page.locator("main").innerText(), /Reporting rate: bed days and staff numbers are entered per service/);
  } finally {
    await page.close();
  }
});
