// Checks of the built site as files: every page the spec calls for, samples and responses in them,
// nothing loaded from other hosts, no broken internal link, and the same under a sub-path.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, readCurrentSpec, readSnapshots } from "../src/lib/generate.ts";
import { listOperations } from "../src/lib/openapi.ts";
import { CLIENT_CALLS } from "../src/lib/samples.ts";
import { brokenLinks, externalLoads, parseHtml } from "./support/links.ts";
import {
  APP_DIR,
  DIST,
  expectedManifest,
  listFiles,
  readText,
  requireBuiltSite,
} from "./support/site.ts";

const manifest = expectedManifest();
const current = readCurrentSpec(APP_DIR);
const documents = new Map([
  [current.version, current.document],
  ...readSnapshots(APP_DIR).map((s) => [s.version, s.document] as const),
]);

beforeAll(() => requireBuiltSite());

describe("the built site", () => {
  it("holds at least two versions of the reference, the newest as the default", () => {
    expect(manifest.versions.length).toBeGreaterThanOrEqual(2);
    expect(manifest.versions[0]?.latest).toBe(true);
    expect(manifest.versions[0]?.base).toBe("api");
    for (const version of manifest.versions.slice(1)) {
      expect(version.base).toMatch(/^v\/[0-9a-z-]+\/api$/);
      expect(version.base).not.toContain(".");
    }
  });

  it("has every reference page of every version, and no other", () => {
    const built = listFiles(DIST)
      .filter((file) => /^(api|v)\//.test(file) && file.endsWith("index.html"))
      .map((file) => file.replace(/index\.html$/, ""));
    const expected = manifest.versions.flatMap((v) => v.pages).sort();
    expect(built).toEqual(expected);
  });

  it("has the guides, the changelog and the home page", () => {
    for (const page of [
      "index.html",
      "guides/quick-start/index.html",
      "guides/upsert/index.html",
      "guides/pagination/index.html",
      "guides/errors/index.html",
      "guides/retries-and-rate-limits/index.html",
      "guides/contract-testing/index.html",
      "guides/testing/index.html",
      "changelog/index.html",
      "404.html",
      "pagefind/pagefind.js",
    ]) {
      expect(existsSync(join(DIST, page)), page).toBe(true);
    }
  });

  for (const version of manifest.versions) {
    const document = documents.get(version.version);
    if (document === undefined) throw new Error(`No document for ${version.version}`);
    for (const operation of listOperations(document)) {
      it(`${version.version}: ${operation.operationId} shows its title, parameters, responses and samples`, () => {
        const page = version.pages.find((p) =>
          p.endsWith(`/operations/${operation.operationId.toLowerCase()}/`),
        );
        expect(page, "page in the manifest").toBeDefined();
        const root = parseHtml(readText(DIST, `${page}index.html`));
        expect(root.querySelector("h1")?.text.trim()).toBe(operation.object.summary);
        const headings = root.querySelectorAll("h2, h3").map((h) => h.text.trim());
        expect(headings).toContain("Parameters");
        expect(headings).toContain("Responses");
        expect(headings).toContain("Authorizations");
        for (const status of Object.keys(operation.object.responses ?? {})) {
          expect(headings, `response ${status}`).toContain(status);
        }
        for (const parameter of operation.parameters) {
          expect(root.text, `parameter ${parameter.name}`).toContain(parameter.name);
        }
        expect(root.text).toContain("Intercom-Version");
        // The samples, as their copy buttons hold them.
        const samples = root
          .querySelectorAll("[data-openapi-snippet-id] button[data-code]")
          .map((button) => button.getAttribute("data-code") ?? "");
        expect(
          samples.some((code) =>
            code.startsWith(`curl --request ${operation.method.toUpperCase()}`),
          ),
        ).toBe(true);
        const call = CLIENT_CALLS[operation.operationId];
        expect(call, `a client helper for ${operation.operationId}`).toBeDefined();
        expect(samples.some((code) => code.includes(`client.${call?.helper}(`))).toBe(true);
        // Every response carries an example in the spec, and each is rendered.
        const responses = Object.keys(operation.object.responses ?? {}).length;
        expect(root.querySelectorAll(".sl-openapi-example").length).toBeGreaterThanOrEqual(
          responses,
        );
      });
    }
  }

  it("loads nothing from other hosts (scripts, styles, fonts, images)", () => {
    expect(externalLoads(DIST)).toEqual([]);
  });

  it("has no broken internal link", () => {
    expect(brokenLinks(DIST, "/")).toEqual([]);
  });
});

describe("a build under a sub-path", () => {
  const base = "/toolkit/docs/";
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "docs-subpath-"));
    // generated/ is not a build output turbo restores from its cache: write it again (same result).
    generate({ appDir: APP_DIR, repoDir: join(APP_DIR, "../..") });
    const astro = join(
      createRequire(join(APP_DIR, "package.json")).resolve("astro/package.json"),
      "../bin/astro.mjs",
    );
    // Vitest's own variables (BASE_URL, MODE, NODE_ENV=test, ...) would leak into Astro's Vite.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITE.*|VITEST.*|TEST)$/.test(key),
      ),
    );
    execFileSync(process.execPath, [astro, "build", "--silent"], {
      cwd: APP_DIR,
      env: { ...env, DOCS_BASE: base, DOCS_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: "1" },
      stdio: "pipe",
    });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("has no link that leaves the base path or leads nowhere", () => {
    expect(brokenLinks(outDir, base)).toEqual([]);
  });

  it("points the version switcher at the sub-path", () => {
    const root = parseHtml(readText(outDir, "api/operations/retrievecompany/index.html"));
    const links = root.querySelectorAll(".version-switcher a").map((a) => a.getAttribute("href"));
    expect(links.length).toBe(manifest.versions.length);
    for (const href of links) expect(href?.startsWith(base)).toBe(true);
  });
});
