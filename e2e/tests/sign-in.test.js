// Signing in and out, and a wrong password.
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

test("staff member signs in, sees their name, and signs out", async () => {
  const page = await newPage(browser, server);
  try {
    await signIn(page, people.staff);
    assert.equal(new URL(page.url()).pathname, "/");
    assert.match(await page.locator("h1").innerText(), /^Hello, /);
    await assert.doesNotReject(page.getByRole("button", { name: "Sign out" }).waitFor());
    assert.match(await page.locator("header .who").innerText(), /Staff/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForLoadState("domcontentloaded");
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);

    // Signed out for real: a page for signed-in people sends us back to sign in.
    await page.goto("/my-reports");
    assert.equal(new URL(page.url()).pathname, "/sign-in");
  } finally {
    await page.context().close();
  }
});

test("a wrong password shows an error and stays on the sign-in page", async () => {
  const page = await newPage(browser, server);
  try {
    await page.goto("/sign-in");
    await page.locator("#email").fill(people.staff);
    await page.locator("#password").fill("not-the-password");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await page.waitForLoadState("domcontentloaded");
    assert.equal(response.status(), 401);
    assert.equal(new URL(page.url()).pathname, "/sign-in");
    const alert = page.getByRole("alert");
    assert.match(await alert.innerText(), /do not match/);
    assert.equal(await page.locator("#email").inputValue(), people.staff, "the email is kept");
    assert.equal(await page.locator("#password").inputValue(), "", "the password is not echoed back");
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
  } finally {
    await page.context().close();
  }
});
