// The built site in a real browser (system Chromium through playwright-core), served from
// 127.0.0.1: every operation page renders, navigation and search find operations, the version
// switcher keeps the page and works from the keyboard, no console error, no request leaves
// 127.0.0.1, axe-core finds no accessibility violation, and screenshots for a person to look at.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCurrentSpec, readSnapshots } from "../src/lib/generate.ts";
import { listOperations } from "../src/lib/openapi.ts";
import { type StaticServer, startStaticServer } from "../src/lib/serve.ts";
import { type DocsBrowser, launchBrowser } from "./support/browser.ts";
import { APP_DIR, DIST, expectedManifest, OUTPUT, requireBuiltSite } from "./support/site.ts";

const manifest = expectedManifest();
const latest = manifest.versions[0];
const older = manifest.versions[1];
if (latest === undefined || older === undefined) throw new Error("The site needs two versions.");
const current = readCurrentSpec(APP_DIR);
const documents = new Map([
  [current.version, current.document],
  ...readSnapshots(APP_DIR).map((s) => [s.version, s.document] as const),
]);
/** axe findings in Starlight itself, not in this site: `<rule> <target>`. */
const UPSTREAM = new Set(['label-content-name-mismatch button[data-open-modal=""]']);
const SCREENSHOTS = join(OUTPUT, "screenshots");
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

let server: StaticServer;
let docs: DocsBrowser;
let context: BrowserContext;
const consoleErrors: string[] = [];

function watch(page: Page): Page {
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

async function open(path: string, target?: Page): Promise<Page> {
  const page = target ?? watch(await context.newPage());
  const response = await page.goto(new URL(path, server.url).href);
  expect(response?.status(), path).toBe(200);
  return page;
}

beforeAll(async () => {
  requireBuiltSite();
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startStaticServer({ dir: DIST });
  docs = await launchBrowser();
  context = await docs.newContext();
});

afterAll(async () => {
  await context?.close();
  await docs?.close();
  await server?.close();
});

describe("every operation page in the browser", () => {
  for (const version of manifest.versions) {
    it(`${version.label}: shows each operation's title, parameters and examples`, async () => {
      const document = documents.get(version.version);
      if (document === undefined) throw new Error(`No document for ${version.version}`);
      const page = watch(await context.newPage());
      for (const operation of listOperations(document)) {
        await open(`${version.base}/operations/${operation.operationId.toLowerCase()}/`, page);
        await expect(page.locator("h1").first().textContent()).resolves.toBe(
          operation.object.summary,
        );
        expect(await page.locator("h2#parameters").isVisible(), operation.operationId).toBe(true);
        for (const parameter of operation.parameters) {
          expect(
            await page.locator(".sl-openapi-key-name", { hasText: parameter.name }).count(),
            `${operation.operationId} parameter ${parameter.name}`,
          ).toBeGreaterThan(0);
        }
        expect(await page.locator(".sl-openapi-example").count()).toBeGreaterThan(0);
        // A TypeScript and a curl sample, one pick apart (the pick is remembered across pages).
        await page
          .locator(".sl-openapi-snippet-picker select")
          .selectOption({ label: "TypeScript" });
        const snippet = page.locator(".sl-openapi-snippet:not([hidden])");
        await expect(snippet.textContent()).resolves.toContain("@intercom-toolkit/client");
        await page.locator(".sl-openapi-snippet-picker select").selectOption({ label: "curl" });
        await expect(
          page.locator(".sl-openapi-snippet:not([hidden])").textContent(),
        ).resolves.toContain("curl --request");
      }
      await page.close();
    });
  }
});

describe("navigation and search", () => {
  it("reaches an operation from the home page through the sidebar", async () => {
    const page = await open("");
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
    await page.close();
  });

  it("finds an operation with the offline full-text search", async () => {
    const page = await open("guides/quick-start/");
    await page.keyboard.press("Control+k");
    const input = page.locator("dialog[open] input[type='search'], dialog[open] input").first();
    await input.waitFor();
    await input.fill("scroll_param");
    const hit = page.locator("dialog[open] a[href*='/api/operations/scrollcompanies/']").first();
    await hit.waitFor({ timeout: 15_000 });
    await hit.click();
    await page.waitForURL(/\/api\/operations\/scrollcompanies\//);
    await expect(page.locator("h1").first().textContent()).resolves.toBe(
      "Scroll over all companies",
    );
    await page.close();
  });
});

describe("the version switcher", () => {
  it("switches version from the keyboard and keeps the page", async () => {
    const page = await open("api/operations/retrievecompany/");
    const summary = page.locator(".version-switcher summary");
    await expect(summary.textContent()).resolves.toContain(latest.version);
    await summary.focus();
    await page.keyboard.press("Enter");
    expect(await page.locator(".version-switcher").getAttribute("open")).not.toBeNull();
    // Tab through the versions to the older one, then follow it.
    const olderLink = page.locator(`.version-switcher a[data-version="${older.version}"]`);
    for (let i = 0; i < manifest.versions.length; i++) {
      await page.keyboard.press("Tab");
      if (await olderLink.evaluate((a) => a === document.activeElement)) break;
    }
    expect(await olderLink.evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/${older.base}/operations/retrievecompany/$`));
    await expect(page.locator("h1").first().textContent()).resolves.toBe(
      "Retrieve a company by id",
    );
    await expect(page.locator(".version-switcher summary").textContent()).resolves.toContain(
      older.version,
    );
    // The sidebar shows the older reference only.
    const groups = await page.locator("nav[aria-label] details > summary").allTextContents();
    expect(groups.some((g) => g.includes(`API reference ${older.version}`))).toBe(true);
    expect(groups.some((g) => /API reference\s*$/.test(g.trim()))).toBe(false);

    // Escape closes the menu and gives focus back to its button.
    await page.locator(".version-switcher summary").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Escape");
    expect(await page.locator(".version-switcher").getAttribute("open")).toBeNull();
    expect(
      await page.locator(".version-switcher summary").evaluate((s) => s === document.activeElement),
    ).toBe(true);

    // And back to the latest, on the same page.
    await page.locator(".version-switcher summary").click();
    await page.locator(`.version-switcher a[data-version="${latest.version}"]`).click();
    await page.waitForURL(/\/api\/operations\/retrievecompany\/$/);
    expect(new URL(page.url()).pathname).toBe("/api/operations/retrievecompany/");
    await page.close();
  });

  it("goes to the other version's overview when the page does not exist there", async () => {
    const missing = latest.pages.find(
      (p) => p.includes("/operations/") && !older.pages.includes(`${older.prefix}${p}`),
    );
    expect(missing, "an operation the older version lacks").toBeDefined();
    const page = await open(missing ?? "");
    const link = page.locator(`.version-switcher a[data-version="${older.version}"]`);
    expect(await link.getAttribute("data-same-page")).toBe("false");
    await page.locator(".version-switcher summary").click();
    await link.click();
    await page.waitForURL(new RegExp(`/${older.base}/$`));
    await expect(page.locator("h1").first().textContent()).resolves.toBe("Overview");
    await page.close();
  });
});

describe("accessibility (axe-core)", () => {
  const pages = ["", "api/operations/upsertcompany/", "guides/pagination/", `${older.base}/`];
  for (const path of pages) {
    it(`has no WCAG 2 A/AA or best-practice violation on /${path}`, async () => {
      const page = await open(path);
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
      // Starlight's own search button shows "Search Ctrl K" but is labelled "Search": upstream.
      const ours = violations
        .map((v) => ({ ...v, targets: v.targets.filter((t) => !UPSTREAM.has(`${v.id} ${t}`)) }))
        .filter((v) => v.targets.length > 0);
      expect(ours).toEqual([]);
      await page.close();
    });
  }

  it("has one h1 and no skipped heading level on every operation page of the latest version", async () => {
    const page = watch(await context.newPage());
    for (const path of latest.pages) {
      await open(path, page);
      const levels = await page
        .locator("main h1, main h2, main h3, main h4, main h5, main h6")
        .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));
      expect(levels.filter((l) => l === 1).length, path).toBe(1);
      for (let i = 1; i < levels.length; i++) {
        expect((levels[i] ?? 0) - (levels[i - 1] ?? 0), `${path} heading ${i}`).toBeLessThanOrEqual(
          1,
        );
      }
    }
    await page.close();
  });
});

describe("screenshots, light and dark", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`writes the home page and an operation page in ${scheme}`, async () => {
      const themed = await docs.newContext({ colorScheme: scheme });
      const page = watch(await themed.newPage());
      for (const [name, path] of [
        ["home", ""],
        ["operation-upsertcompany", "api/operations/upsertcompany/"],
      ] as const) {
        await open(path, page);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        await page.screenshot({
          path: join(SCREENSHOTS, `${name}-${scheme}.png`),
          fullPage: false,
        });
      }
      await themed.close();
    });
  }
});

describe("the whole run", () => {
  it("logged no console error", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("sent no request outside 127.0.0.1", () => {
    expect(docs.outside).toEqual([]);
  });
});
