// Screenshots for a person to look at (test-output/screenshots/), desktop and phone, light and
// dark: the home page, an operation page with Try it used, the changelog and next with its banner.
// Each is looked at here too: the expected size, not blank, and dark darker than light.
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, startStaticServer } from "../src/lib/serve.ts";
import { type DocsBrowser, launchBrowser } from "./support/browser.ts";
import { DEVICES, expectBothSchemes, SCREENSHOTS } from "./support/pictures.ts";
import { startDemoSandbox } from "./support/run-samples.ts";
import { DIST, requireBuiltSite } from "./support/site.ts";

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

const goto = (path: string) => async (page: Page) => {
  const response = await page.goto(new URL(path, server.url).href);
  expect(response?.status()).toBe(200);
};

const SUBJECTS: [name: string, prepare: (page: Page) => Promise<void>][] = [
  ["home", goto("")],
  ["changelog", goto("changelog/")],
  ["next-banner", goto("next/api/operations/scrollcompanies/")],
  [
    "operation-try-it",
    async (page) => {
      const sandbox = await startDemoSandbox(["--cors-origin", new URL(server.url).origin]);
      try {
        await goto("api/operations/retrievecompany/")(page);
        const panel = page.locator("[data-try-it][data-ready='true']");
        await panel.locator("input[name='baseUrl']").fill(sandbox.url);
        await panel.locator("input[name='token']").fill(sandbox.token);
        await panel.locator("button[type='submit']").click();
        await page.locator("[data-try-it][data-state='done']").waitFor();
        await panel
          .locator(".try-it-result")
          .evaluate((result) => result.scrollIntoView({ block: "center" }));
      } finally {
        await sandbox.stop();
      }
    },
  ],
];

describe("screenshots", () => {
  for (const [name, prepare] of SUBJECTS) {
    for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
      it(`${name} on ${device}: the right size, not blank, dark darker than light`, async () => {
        await expectBothSchemes(docs, device, name, prepare);
      }, 120_000);
    }
  }
});
