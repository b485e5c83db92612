// No page scrolls sideways on a phone. Every role signs in and walks every page it can reach
// from its menu and the pages those link to (one page of each kind: one report, one action,
// one measure...), plus the pages anyone can open; each is measured at 320 and 390 px wide:
// the document may be no wider than the screen, and no element may stick out past its edge.
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

const WIDTHS = [320, 390];
/** Pages a role reaches, at most; one of each kind is enough. */
const MAX_PAGES = 70;

/** One page of each kind: ids and references become placeholders. */
function kindOf(url) {
  const path = url.pathname
    .replace(/LL-[0-9A-Z]{4}-[0-9A-Z]{4}/g, "{ref}")
    .replace(/\/\d+(?=\/|$)/g, "/{id}")
    .replace(/\/services\/[^/]+/, "/services/{slug}");
  const tab = url.searchParams.get("tab") ?? url.searchParams.get("type") ?? "";
  return `${path}?${tab}`;
}

function worthVisiting(url) {
  if (url.origin !== new URL(server.baseURL).origin) return false;
  const skip = [/\.csv$/, /^\/sign-out/, /^\/assets\//, /^\/api\//, /^\/wall\//, /^\/sign-in/, /\/download/, /\.svg$/, /\.pdf$/];
  return !skip.some((pattern) => pattern.test(url.pathname));
}

/** What sticks out at the current width: the document's width, and the elements past the edge. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = document.documentElement.scrollWidth > width;
    const culprits = [];
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // Inside a box that scrolls on its own (a wide table), sticking out is fine.
      let scrolls = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (["auto", "scroll", "hidden"].includes(style.overflowX) && parent.getBoundingClientRect().right <= width + 1) {
          scrolls = true;
          break;
        }
      }
      if (scrolls || getComputedStyle(element).position === "fixed") continue;
      const name = element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "") + (element.className && typeof element.className === "string" ? `.${element.className.trim().split(/\s+/).join(".")}` : "");
      culprits.push(`${name} reaches ${Math.round(box.right)} px`);
      if (culprits.length >= 3) break;
    }
    return { wide, scrollWidth: document.documentElement.scrollWidth, culprits };
  });
}

async function walk(page, start) {
  const seen = new Set();
  const queue = start.map((path) => new URL(path, server.baseURL));
  const problems = [];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_PAGES) {
    const url = queue.shift();
    const kind = kindOf(url);
    if (seen.has(kind) || !worthVisiting(url)) continue;
    seen.add(kind);
    await page.setViewportSize({ width: WIDTHS[WIDTHS.length - 1], height: 800 });
    const response = await page.goto(url.pathname + url.search);
    visited += 1;
    // Error pages (403, 404) are pages too: measured, not followed.
    if (!response) continue;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const found = await overflow(page);
      if (found.wide || found.culprits.length > 0) {
        problems.push(`${url.pathname}${url.search} at ${width} px: document ${found.scrollWidth} px; ${found.culprits.join(", ")}`);
      }
    }
    if (response.status() >= 400) continue;
    const links = await page.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => a.href));
    for (const href of links) queue.push(new URL(href));
  }
  return { problems, visited };
}

for (const [role, email] of Object.entries(people)) {
  test(`every page ${role} reaches fits a 320 and a 390 px phone`, async () => {
    const page = await newPage(browser, server);
    try {
      await signIn(page, email);
      // The menu is compact on a phone: the role's three most used pages and "Menu" in one bar.
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto("/");
      const header = await page.locator("header.site-header").boundingBox();
      assert.ok(header.height <= 80, `${role}'s header is ${header.height} px tall on a phone`);
      await page.getByText("Menu", { exact: true }).click();
      assert.ok(await page.getByRole("button", { name: "Sign out" }).isVisible(), "signing out is in the menu");
      const { problems, visited } = await walk(page, ["/"]);
      assert.ok(visited >= 5, `${role} reached ${visited} pages`);
      assert.deepEqual(problems, [], `${role}: pages wider than the phone:\n${problems.join("\n")}`);
    } finally {
      await page.context().close();
    }
  });
}

test("the pages anyone opens fit a 320 and a 390 px phone", async () => {
  const page = await newPage(browser, server);
  try {
    const { problems } = await walk(page, ["/sign-in", "/follow-up", server.publicPath, "/no-such-page"]);
    assert.deepEqual(problems, [], `pages wider than the phone:\n${problems.join("\n")}`);
  } finally {
    await page.context().close();
  }
});
