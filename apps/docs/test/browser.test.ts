// The built site in a real browser (system Chromium through playwright-core), served from
// 127.0.0.1. Each test has its own browser context and page, and fails on its own console errors
// and on any request that tried to leave 127.0.0.1, so tests run alone and in any order.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promisedStatus } from "../src/lib/samples.ts";
import { type StaticServer, startStaticServer } from "../src/lib/serve.ts";
import { type ContextOptions, type DocsBrowser, launchBrowser } from "./support/browser.ts";
import { startDemoSandbox } from "./support/run-samples.ts";
import { DIST, expectedVersions, OUTPUT, requireBuiltSite } from "./support/site.ts";

const versions = expectedVersions();
const latest = versions[0];
const next = versions.find((v) => v.entry.kind === "next");
if (latest === undefined || next === undefined)
  throw new Error("The site needs a release and next.");
/** axe findings in Starlight itself, not in this site: `<rule> <target>`. */
const UPSTREAM = new Set(['label-content-name-mismatch button[data-open-modal=""]']);
const SCREENSHOTS = join(OUTPUT, "screenshots");
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: StaticServer;
let docs: DocsBrowser;

beforeAll(async () => {
  requireBuiltSite();
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startStaticServer({ dir: DIST });
  docs = await launchBrowser();
});

afterAll(async () => {
  await docs?.close();
  await server?.close();
});

/** Runs `body` on a page of a fresh context; then no console error and no request outside 127.0.0.1. */
async function withPage(
  options: ContextOptions,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const { context, outside } = await docs.newContext(options);
  const errors: string[] = [];
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  try {
    await body(page);
  } finally {
    await context.close();
  }
  expect(errors, "console errors").toEqual([]);
  expect(outside, "requests outside 127.0.0.1").toEqual([]);
}

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(new URL(path, server.url).href);
  expect(response?.status(), path).toBe(200);
}

describe("every operation page in the browser", () => {
  for (const { entry, model } of versions) {
    it(`${entry.label}: shows each operation's title, parameters, examples and both samples`, async () => {
      await withPage({}, async (page) => {
        for (const operation of model.operations) {
          await open(page, `${entry.base}/operations/${operation.operationId.toLowerCase()}/`);
          await expect(page.locator("h1").first().textContent()).resolves.toBe(operation.summary);
          expect(await page.locator("h2#parameters").isVisible(), operation.operationId).toBe(true);
          for (const parameter of operation.parameters) {
            expect(
              await page.locator(".sl-openapi-key-name", { hasText: parameter.name }).count(),
              `${operation.operationId} parameter ${parameter.name}`,
            ).toBeGreaterThan(0);
          }
          expect(await page.locator(".sl-openapi-example").count()).toBeGreaterThan(0);
          // Samples and the success example sit in the side column, beside the text.
          const picker = page.locator(".api-aside .sl-openapi-snippet-picker select");
          await picker.selectOption({ label: "TypeScript" });
          const snippet = page.locator(".api-aside .sl-openapi-snippet:not([hidden])");
          await expect(snippet.textContent()).resolves.toContain("@intercom-toolkit/client");
          await picker.selectOption({ label: "curl" });
          await expect(snippet.textContent()).resolves.toContain("curl --request");
          await expect(page.locator(".api-aside-response").textContent()).resolves.toContain(
            String(promisedStatus(operation)),
          );
        }
      });
    });
  }

  it("shows the samples and the success example beside the text on a wide screen, after it on a phone", async () => {
    const path = `${latest.entry.base}/operations/upsertcompany/`;
    await withPage({ viewport: DESKTOP }, async (page) => {
      await open(page, path);
      const text = await page.locator(".api-main").boundingBox();
      const aside = await page.locator(".api-aside").boundingBox();
      expect(aside?.x ?? 0).toBeGreaterThan((text?.x ?? 0) + (text?.width ?? 0) - 1);
      expect(aside?.y ?? 1e6).toBeLessThan(DESKTOP.height);
      // Sticky: after scrolling far down, the side column is still in view.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
      const stuck = await page.locator(".api-aside").boundingBox();
      expect(stuck?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(stuck?.y ?? 1e6).toBeLessThan(DESKTOP.height);
    });
    await withPage({ viewport: PHONE, mobile: true }, async (page) => {
      await open(page, path);
      const text = await page.locator(".api-main").boundingBox();
      const aside = await page.locator(".api-aside").boundingBox();
      expect(aside?.y ?? 0).toBeGreaterThanOrEqual((text?.y ?? 0) + (text?.height ?? 0) - 1);
    });
  });

  it("links each answered object to its own page instead of repeating its schema", async () => {
    await withPage({}, async (page) => {
      await open(page, `${latest.entry.base}/operations/upsertcompany/`);
      const link = page.locator("main a[href$='/objects/errorlist/']").first();
      await link.click();
      await page.waitForURL(/\/objects\/errorlist\/$/);
      await expect(page.locator("h1").first().textContent()).resolves.toBe("ErrorList");
      await expect(page.locator("main table").first().textContent()).resolves.toContain("errors");
    });
  });
});

describe("Try it", () => {
  it("sends every operation's request to a local sandbox and shows the status, headers and body it promises", async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const operation of latest.model.operations) {
        // A fresh demo sandbox per operation: a delete does not spoil the next one's ids.
        const sandbox = await startDemoSandbox(["--cors-origin", new URL(server.url).origin]);
        try {
          await open(
            page,
            `${latest.entry.base}/operations/${operation.operationId.toLowerCase()}/`,
          );
          const panel = page.locator("[data-try-it][data-ready='true']");
          await panel.waitFor();
          await panel.locator("input[name='baseUrl']").fill(sandbox.url);
          await panel.locator("input[name='token']").fill(sandbox.token);
          await panel.locator("button[type='submit']").click();
          await page
            .locator("[data-try-it][data-state='done'], [data-try-it][data-state='error']")
            .waitFor();
          const error = await panel.locator(".try-it-error").textContent();
          expect(await panel.getAttribute("data-state"), `${operation.operationId}: ${error}`).toBe(
            "done",
          );
          const expected = promisedStatus(operation);
          await expect(panel.locator("[data-status]").textContent()).resolves.toMatch(
            new RegExp(`^${expected}\\b`),
          );
          const headers = (await panel.locator("[data-headers]").textContent()) ?? "";
          expect(headers).toMatch(/content-type: application\/json/i);
          // The rate-limit headers the sandbox exposes to the page (CORS).
          expect(headers).toMatch(/x-ratelimit-limit: \d+/i);
          const body = JSON.parse((await panel.locator("[data-body]").textContent()) ?? "") as {
            type?: string;
          };
          expect(body.type, operation.operationId).not.toBe("error.list");
        } finally {
          await sandbox.stop();
        }
      }
    });
  });

  it("refuses to send anywhere but this machine, and says what to fix", async () => {
    await withPage({}, async (page) => {
      await open(page, `${latest.entry.base}/operations/retrievecompany/`);
      const panel = page.locator("[data-try-it][data-ready='true']");
      await panel.locator("input[name='baseUrl']").fill("https://api.intercom.io");
      await panel.locator("button[type='submit']").click();
      await expect(panel.locator(".try-it-error").textContent()).resolves.toContain(
        "only sends to a sandbox on this machine",
      );
      await panel.locator("input[name='baseUrl']").fill("http://127.0.0.1:9");
      await panel.locator("input[name='path:id']").fill("");
      await panel.locator("button[type='submit']").click();
      await expect(panel.locator(".try-it-error").textContent()).resolves.toContain("Fill in id");
    });
  });
});

describe("navigation and search", () => {
  it("reaches an operation from the home page through the sidebar", async () => {
    await withPage({}, async (page) => {
      await open(page, "");
      await page.getByRole("link", { name: "API reference", exact: true }).first().click();
      await page.waitForURL(/\/api\/$/);
      await page
        .locator("nav[aria-label] a", { hasText: "Scroll over all companies" })
        .first()
        .click();
      await page.waitForURL(/\/api\/operations\/scrollcompanies\/$/);
      await expect(page.locator("h1").first().textContent()).resolves.toBe(
        "Scroll over all companies",
      );
    });
  });

  it("finds an operation with the offline search, results labelled by version, the latest first", async () => {
    await withPage({}, async (page) => {
      const input = page.locator("dialog[open] #starlight__search input");
      const failed: string[] = [];
      page.on("requestfailed", (request) =>
        failed.push(`${request.url()}: ${request.failure()?.errorText}`),
      );
      // Starlight builds Pagefind's UI (its input included) inside the closed dialog once the page
      // is idle after DOMContentLoaded: wait for that input to exist, then open the dialog with
      // Ctrl+K. Seen missing 2 times in 14 shuffled runs before this wait (cause not pinned down),
      // so a page whose search was never built is opened again, at most 3 times, saying why.
      for (let attempt = 1; ; attempt++) {
        await open(page, "guides/quick-start/");
        const built = await page
          .locator("#starlight__search input")
          .waitFor({ state: "attached", timeout: 20_000 })
          .then(() => true)
          .catch(() => false);
        if (built) break;
        const state = await page.evaluate(() => ({
          readyState: document.readyState,
          search: document.querySelector("#starlight__search")?.innerHTML.slice(0, 200),
          scripts: [...document.scripts].map((script) => script.src || "inline").slice(0, 10),
        }));
        const why = `the search UI was not built (attempt ${attempt}): ${JSON.stringify({ ...state, failed })}`;
        if (attempt === 3) throw new Error(why);
        console.warn(why);
      }
      // Ready when Starlight's search element has enabled its button: its Ctrl+K handler is set.
      await page.locator("site-search button[data-open-modal]:not([disabled])").waitFor();
      await page.keyboard.press("Control+k");
      await input.waitFor();
      await input.fill("scroll_param");
      const results = page.locator("dialog[open] .pagefind-ui__result-link");
      await page
        .locator("dialog[open] a[href*='/next/api/operations/scrollcompanies/']")
        .first()
        .waitFor();
      const titles = await results.allTextContents();
      const hrefs = await results.evaluateAll((links) =>
        links.map((a) => a.getAttribute("href") ?? ""),
      );
      expect(hrefs[0]).toMatch(/^\/api\/operations\/scrollcompanies\/?$/);
      expect(titles[0]).toContain(`(${latest.entry.version})`);
      expect(titles.some((t) => t.includes(`(${next.entry.label})`))).toBe(true);
      await results.first().click();
      await page.waitForURL(/\/api\/operations\/scrollcompanies\//);
      await expect(page.locator("h1").first().textContent()).resolves.toBe(
        "Scroll over all companies",
      );
    });
  });
});

describe("versions", () => {
  it("switches version from the keyboard and keeps the page", async () => {
    await withPage({}, async (page) => {
      await open(page, "api/operations/retrievecompany/");
      const summary = page.locator(".version-switcher summary");
      await expect(summary.textContent()).resolves.toContain(latest.entry.version);
      await summary.focus();
      await page.keyboard.press("Enter");
      expect(await page.locator(".version-switcher").getAttribute("open")).not.toBeNull();
      const nextLink = page.locator(`.version-switcher a[data-version="next"]`);
      for (let i = 0; i < versions.length; i++) {
        await page.keyboard.press("Tab");
        if (await nextLink.evaluate((a) => a === document.activeElement)) break;
      }
      expect(await nextLink.evaluate((a) => a === document.activeElement)).toBe(true);
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/next\/api\/operations\/retrievecompany\/$/);
      await expect(page.locator("h1").first().textContent()).resolves.toBe(
        "Retrieve a company by id",
      );
      await expect(page.locator(".version-switcher summary").textContent()).resolves.toContain(
        "next",
      );
      const groups = await page.locator("nav[aria-label] details > summary").allTextContents();
      expect(groups.some((g) => g.includes("API reference next"))).toBe(true);
      expect(groups.some((g) => /API reference\s*$/.test(g.trim()))).toBe(false);
      // Escape closes the menu and gives focus back to its button.
      await page.locator(".version-switcher summary").focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Escape");
      expect(await page.locator(".version-switcher").getAttribute("open")).toBeNull();
      expect(
        await page
          .locator(".version-switcher summary")
          .evaluate((s) => s === document.activeElement),
      ).toBe(true);
    });
  });

  it("shows next's banner, which leads to the latest release", async () => {
    await withPage({}, async (page) => {
      await open(page, "next/api/operations/scrollcompanies/");
      const banner = page.locator(".version-banner");
      await expect(banner.textContent()).resolves.toContain("not released yet");
      await banner.locator("a").click();
      await page.waitForURL(/\/api\/$/);
      expect(new URL(page.url()).pathname).toBe(`/${latest.entry.base}/`);
      expect(await page.locator(".version-banner").count()).toBe(0);
    });
  });
});

describe("accessibility (axe-core)", () => {
  const pages = [
    "",
    "api/operations/upsertcompany/",
    "guides/pagination/",
    `${next.entry.base}/`,
    "decisions/",
    "changelog/",
    "objects/company/",
  ];
  for (const path of pages) {
    it(`has no WCAG 2 A/AA or best-practice violation on /${path}`, async () => {
      await withPage({}, async (page) => {
        await open(page, path);
        // With the version menu open, so its links are checked too.
        await page.locator(".version-switcher summary").click();
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run: (options: object) => Promise<{ violations: unknown[] }> };
            }
          ).axe;
          const result = await axe.run({
            runOnly: {
              type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            },
          });
          return (
            result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]
          ).map((v) => ({
            id: v.id,
            help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
          }));
        });
        const ours = violations
          .map((v) => ({ ...v, targets: v.targets.filter((t) => !UPSTREAM.has(`${v.id} ${t}`)) }))
          .filter((v) => v.targets.length > 0);
        expect(ours).toEqual([]);
      });
    });
  }

  it("has one h1 and no skipped heading level on every reference page of the latest version", async () => {
    await withPage({}, async (page) => {
      for (const path of latest.entry.pages) {
        await open(page, path);
        const levels = await page
          .locator("main h1, main h2, main h3, main h4, main h5, main h6")
          .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));
        expect(levels.filter((l) => l === 1).length, path).toBe(1);
        for (let i = 1; i < levels.length; i++) {
          expect(
            (levels[i] ?? 0) - (levels[i - 1] ?? 0),
            `${path} heading ${i}`,
          ).toBeLessThanOrEqual(1);
        }
      }
    });
  });
});

describe("phones (390 px wide)", () => {
  for (const path of ["", "api/operations/detachcontactfromcompany/", "changelog/", "next/api/"]) {
    it(`cuts nothing off on /${path}`, async () => {
      await withPage({ viewport: PHONE, mobile: true }, async (page) => {
        await open(page, path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow).toBeLessThanOrEqual(PHONE.width);
        // The site title is shown whole, not cut with an ellipsis.
        const title = await page
          .locator(".site-title")
          .evaluate((t) => [t.scrollWidth, t.clientWidth]);
        expect(title[0] ?? 0).toBeLessThanOrEqual((title[1] ?? 0) + 1);
        for (const element of await page.locator(".sl-openapi-operation-method-path").all()) {
          const [scroll, client] = await element.evaluate((p) => [p.scrollWidth, p.clientWidth]);
          expect(scroll ?? 0).toBeLessThanOrEqual((client ?? 0) + 1);
        }
      });
    });
  }
});
