// Launches the system Chromium through playwright-core: no browser download, no network beyond
// 127.0.0.1 (every other request is aborted and recorded, so a test can fail on it).
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface DocsBrowser {
  browser: Browser;
  /**
   * A fresh context of its own (storage, cookies, console) that blocks every request not aimed at
   * 127.0.0.1 and records it in `outside`.
   */
  newContext: (options?: ContextOptions) => Promise<{ context: BrowserContext; outside: string[] }>;
  close: () => Promise<void>;
}

export interface ContextOptions {
  colorScheme?: "light" | "dark";
  viewport?: { width: number; height: number };
  /** Phones: touch, mobile meta viewport. */
  mobile?: boolean;
}

export async function launchBrowser(): Promise<DocsBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
    );
  }
  // launch() gives Chromium a fresh temporary profile (--user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    newContext: async (options = {}) => {
      const outside: string[] = [];
      const context = await browser.newContext({
        colorScheme: options.colorScheme ?? "light",
        viewport: options.viewport ?? { width: 1280, height: 900 },
        ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
      });
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        const local =
          url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:";
        if (local) return route.continue();
        outside.push(url.href);
        return route.abort("blockedbyclient");
      });
      return { context, outside };
    },
    close: async () => {
      await browser.close();
    },
  };
}
