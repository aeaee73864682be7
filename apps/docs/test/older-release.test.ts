// How the site shows an older release. The repository has one release so far, so this builds the
// site once more with a fixture release older than it (the recorded snapshot without the Scroll
// API, as version 0.1.0) beside the real versions, in a folder of its own, and checks: the older
// version's overview says what it documents, every one of its pages carries a banner leading to
// the latest release, the switcher falls back to its overview for a page it lacks, and its
// screenshots (desktop and phone, light and dark).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OpenApiDocument } from "@intercom-toolkit/spec/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, readSnapshots } from "../src/lib/generate.ts";
import { type StaticServer, startStaticServer } from "../src/lib/serve.ts";
import type { DocsVersion } from "../src/lib/versions.ts";
import { type DocsBrowser, launchBrowser } from "./support/browser.ts";
import { brokenLinks, parseHtml } from "./support/links.ts";
import { DEVICES, expectBothSchemes, SCREENSHOTS } from "./support/pictures.ts";
import { APP_DIR, buildSite, readText } from "./support/site.ts";

const FIXTURE = "0.1.0";
const REPO = join(APP_DIR, "../..");
let outDir: string;
let versionsDir: string;
let older: DocsVersion;
let latest: DocsVersion;

beforeAll(async () => {
  const [released] = readSnapshots(APP_DIR);
  if (released === undefined) throw new Error("versions/ holds no release to build beside.");
  versionsDir = mkdtempSync(join(tmpdir(), "docs-versions-"));
  outDir = mkdtempSync(join(tmpdir(), "docs-older-"));
  cpSync(join(APP_DIR, "versions"), versionsDir, { recursive: true });
  const fixture = structuredClone(released.document) as OpenApiDocument;
  delete fixture.paths?.["/companies/scroll"];
  mkdirSync(join(versionsDir, FIXTURE));
  writeFileSync(join(versionsDir, FIXTURE, "openapi.json"), JSON.stringify(fixture));
  const result = await generate({ appDir: APP_DIR, repoDir: REPO, versionsDir });
  const found = result.manifest.versions.find((v) => v.version === FIXTURE);
  const first = result.manifest.versions[0];
  if (found === undefined || first === undefined) throw new Error("The fixture was not built.");
  older = found;
  latest = first;
  buildSite(outDir);
}, 300_000);

afterAll(async () => {
  // Back to the repository's own versions, for whatever builds next.
  await generate({ appDir: APP_DIR, repoDir: REPO });
  rmSync(outDir, { recursive: true, force: true });
  rmSync(versionsDir, { recursive: true, force: true });
});

describe("an older release", () => {
  it("is served under v/<version>/, the newest release staying the default", () => {
    expect(older.base).toBe("v/0-1-0/api");
    expect(latest.kind).toBe("release");
    expect(latest.latest).toBe(true);
  });

  it("says on its overview which toolkit version and which Intercom-Version it documents", () => {
    const text =
      parseHtml(readText(outDir, `${older.base}/index.html`)).querySelector("main")?.text ?? "";
    expect(text).toContain(`toolkit version ${FIXTURE}`);
    expect(text).toContain(`Intercom-Version ${older.intercomVersion}`);
    expect(text).toContain("An earlier version");
  });

  it("carries a banner linking the latest release on every one of its pages", () => {
    for (const page of older.pages) {
      const banner = parseHtml(readText(outDir, `${page}index.html`)).querySelector(
        ".version-banner",
      );
      expect(banner?.getAttribute("data-version-banner"), page).toBe("older");
      expect(banner?.text, page).toContain(`toolkit ${FIXTURE}`);
      expect(banner?.querySelector("a")?.getAttribute("href"), page).toBe(`/${latest.base}/`);
    }
  });

  it("offers its overview from a page it does not have", () => {
    const root = parseHtml(readText(outDir, "api/operations/scrollcompanies/index.html"));
    const link = root.querySelector(`.version-switcher a[data-version="${FIXTURE}"]`);
    expect(link?.getAttribute("data-same-page")).toBe("false");
    expect(link?.getAttribute("href")).toBe(`/${older.base}/`);
  });

  it("has no broken link", () => {
    expect(brokenLinks(outDir, "/")).toEqual([]);
  });
});

describe("screenshots of an older release with its banner", () => {
  let server: StaticServer;
  let docs: DocsBrowser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startStaticServer({ dir: outDir });
    docs = await launchBrowser();
  });
  afterAll(async () => {
    await docs?.close();
    await server?.close();
  });

  for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
    it(`on ${device}: the right size, not blank, dark darker than light, the banner in view`, async () => {
      await expectBothSchemes(docs, device, "older-release-banner", async (page) => {
        const response = await page.goto(
          new URL(`${older.base}/operations/retrievecompany/`, server.url).href,
        );
        expect(response?.status()).toBe(200);
        const banner = await page.locator(".version-banner").boundingBox();
        expect(banner?.y ?? -1).toBeGreaterThanOrEqual(0);
        expect(banner?.y ?? 1e6).toBeLessThan(DEVICES[device].viewport.height);
      });
    }, 120_000);
  }
});
