// Screenshots that a test looks at: taken in a context of their own, decoded and measured in the
// browser itself (size, distinct colours, mean luminance), so no image library is needed.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { DocsBrowser } from "./browser.ts";
import { OUTPUT } from "./site.ts";

export const SCREENSHOTS = join(OUTPUT, "screenshots");
export const DEVICES = {
  desktop: { viewport: { width: 1440, height: 900 }, mobile: false },
  phone: { viewport: { width: 390, height: 844 }, mobile: true },
} as const;
export const SCHEMES = ["light", "dark"] as const;

export interface PictureStats {
  width: number;
  height: number;
  /** Distinct colours among sampled pixels (quantised to 5 bits a channel). */
  colours: number;
  /** Mean luminance, 0 (black) to 255 (white). */
  luminance: number;
}

/** Decodes a PNG in the browser itself and measures it: no image library needed. */
export async function measure(page: Page, png: Buffer): Promise<PictureStats> {
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

export async function shoot(
  docs: DocsBrowser,
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

/** Both schemes of one subject on one device: the right size, not blank, dark darker than light. */
export async function expectBothSchemes(
  docs: DocsBrowser,
  device: keyof typeof DEVICES,
  name: string,
  prepare: (page: Page) => Promise<void>,
): Promise<void> {
  const light = await shoot(docs, device, "light", name, prepare);
  const dark = await shoot(docs, device, "dark", name, prepare);
  for (const stats of [light, dark]) {
    expect([stats.width, stats.height]).toEqual([
      DEVICES[device].viewport.width,
      DEVICES[device].viewport.height,
    ]);
    expect(stats.colours, "a page, not a blank screen").toBeGreaterThan(20);
  }
  expect(light.luminance - dark.luminance).toBeGreaterThan(40);
}
