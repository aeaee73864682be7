// Screenshots for a person to look at (test-output/screenshots/), desktop and phone, light and
// dark: the home page, an operation page with Try it used, the changelog and next with its banner.
// Each is looked at here too: the expected size, not blank, and dark darker than light.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, startStaticServer } from "../src/lib/serve.ts";
import { type DocsBrowser, launchBrowser } from "./support/browser.ts";
import { startDemoSandbox } from "./support/run-samples.ts";
import { DIST, OUTPUT, requireBuiltSite } from "./support/site.ts";

const SCREENSHOTS = join(OUTPUT, "screenshots");
const DEVICES = {
  desktop: { viewport: { width: 1440, height: 900 }, mobile: false },
  phone: { viewport: { width: 390, height: 844 }, mobile: true },
} as const;
const SCHEMES = ["light", "dark"] as const;

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

interface PictureStats {
  width: number;
  height: number;
  /** Distinct colours among sampled pixels (quantised to 5 bits a channel). */
  colours: number;
  /** Mean luminance, 0 (black) to 255 (white). */
  luminance: number;
}

/** Decodes a PNG in the browser itself and measures it: no image library needed. */
async function measure(page: Page, png: Buffer): Promise<PictureStats> {
  return page.evaluate(async (base64) => {
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2d context");
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const colours = new Set<number>();
    let sum = 0;
    let count = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
      sum += 0.2126 * r + 0.7152 * g + 0.0722 * b;
      count++;
    }
    return {
      width: bitmap.width,
      height: bitmap.height,
      colours: colours.size,
      luminance: sum / count,
    };
  }, png.toString("base64"));
}

async function shoot(
  device: keyof typeof DEVICES,
  scheme: (typeof SCHEMES)[number],
  name: string,
  prepare: (page: Page) => Promise<void>,
): Promise<PictureStats> {
  const { context, outside } = await docs.newContext({ ...DEVICES[device], colorScheme: scheme });
  try {
    const page = await context.newPage();
    await prepare(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
    const png = await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${device}-${scheme}.png`),
    });
    const stats = await measure(page, png);
    expect(outside).toEqual([]);
    return stats;
  } finally {
    await context.close();
  }
}

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
        const light = await shoot(device, "light", name, prepare);
        const dark = await shoot(device, "dark", name, prepare);
        for (const stats of [light, dark]) {
          expect([stats.width, stats.height]).toEqual([
            DEVICES[device].viewport.width,
            DEVICES[device].viewport.height,
          ]);
          expect(stats.colours, "a page, not a blank screen").toBeGreaterThan(20);
        }
        expect(light.luminance - dark.luminance).toBeGreaterThan(40);
      }, 120_000);
    }
  }
});
