// Checks of the built site as files: every page the spec calls for, samples and responses in them,
// nothing loaded from other hosts, no broken internal link, and the same under a sub-path.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/lib/generate.ts";
import { brokenLinks, externalLoads, parseHtml } from "./support/links.ts";
import {
  APP_DIR,
  buildSite,
  DIST,
  expectedManifest,
  expectedVersions,
  listFiles,
  readText,
  requireBuiltSite,
} from "./support/site.ts";

const manifest = expectedManifest();
const versions = expectedVersions();
const next = versions.find((v) => v.entry.kind === "next")?.model;

beforeAll(() => requireBuiltSite());

describe("the built site", () => {
  it("holds the releases and next, the newest release as the default", () => {
    expect(manifest.versions.filter((v) => v.kind === "next")).toHaveLength(1);
    const releases = manifest.versions.filter((v) => v.kind === "release");
    expect(releases.length).toBeGreaterThan(0);
    expect(manifest.versions[0]?.latest).toBe(true);
    expect(manifest.versions[0]?.kind).toBe("release");
    expect(manifest.versions[0]?.base).toBe("api");
    for (const version of manifest.versions.slice(1)) {
      expect(version.base).toMatch(/^(next|v\/[0-9a-z-]+)\/api$/);
      expect(version.base).not.toContain(".");
    }
  });

  it("says on each version's overview which toolkit version and which Intercom-Version it documents", () => {
    for (const version of manifest.versions) {
      const root = parseHtml(readText(DIST, `${version.base}/index.html`));
      const text = root.querySelector("main")?.text ?? "";
      expect(text, version.label).toContain(`Intercom-Version ${version.intercomVersion}`);
      expect(text, version.label).toContain(
        version.kind === "next"
          ? `after ${version.toolkitVersion}`
          : `toolkit version ${version.version}`,
      );
    }
  });

  it("puts a banner linking the latest release on every page of next and older releases, and none on the latest", () => {
    const latest = manifest.versions[0];
    for (const version of manifest.versions) {
      for (const page of version.pages) {
        const banner = parseHtml(readText(DIST, `${page}index.html`)).querySelector(
          ".version-banner",
        );
        if (version.latest) {
          expect(banner, page).toBeNull();
        } else {
          expect(banner?.getAttribute("data-version-banner"), page).toBe(
            version.kind === "next" ? "next" : "older",
          );
          expect(banner?.querySelector("a")?.getAttribute("href"), page).toBe(`/${latest?.base}/`);
        }
      }
    }
  });

  it("has the decisions page from spec/NOTES.md, linked from the operations it names", () => {
    const notes = readFileSync(join(APP_DIR, "../../spec/NOTES.md"), "utf8");
    const page = parseHtml(readText(DIST, "decisions/index.html"));
    // Starlight sets typographic quotes.
    const headings = page
      .querySelectorAll("main h2")
      .map((h) => h.text.trim().replaceAll("’", "'"));
    const numbered = [...notes.matchAll(/^## (\d+\. .*)$/gm)].map((m) =>
      (m[1] ?? "").replaceAll("`", ""),
    );
    expect(headings).toEqual(expect.arrayContaining(numbered));
    // The look-up decision names GET /companies: its page links it.
    const find = parseHtml(readText(DIST, "api/operations/findcompanies/index.html"));
    const links = find.querySelectorAll("a").map((a) => a.getAttribute("href") ?? "");
    expect(links.some((href) => href.includes("/decisions/#"))).toBe(true);
  });

  it("has every reference page of every version, and no other", () => {
    const built = listFiles(DIST)
      .filter(
        (file) => /^(api|next\/api|v\/[^/]+\/api)\//.test(file) && file.endsWith("index.html"),
      )
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

  for (const { entry: version, model } of versions) {
    for (const operation of model.operations) {
      it(`${version.version}: ${operation.operationId} shows its title, parameters, responses and samples`, () => {
        const page = version.pages.find((p) =>
          p.endsWith(`/operations/${operation.operationId.toLowerCase()}/`),
        );
        expect(page, "page in the manifest").toBeDefined();
        const root = parseHtml(readText(DIST, `${page}index.html`));
        expect(root.querySelector("h1")?.text.trim()).toBe(operation.summary);
        const headings = root.querySelectorAll("h2, h3").map((h) => h.text.trim());
        expect(headings).toContain("Parameters");
        expect(headings).toContain("Responses");
        expect(headings).toContain("Authorizations");
        for (const response of operation.responses) {
          expect(headings, `response ${response.status}`).toContain(response.status);
        }
        for (const parameter of operation.parameters) {
          expect(root.text, `parameter ${parameter.name}`).toContain(parameter.name);
        }
        expect(root.text).toContain("Intercom-Version");
        // The samples, as their copy buttons hold them.
        const samples = root
          .querySelectorAll("[data-openapi-snippet-id] button[data-code]")
          .map((button) => button.getAttribute("data-code") ?? "");
        expect(samples.some((code) => code.includes(`curl --request ${operation.method}`))).toBe(
          true,
        );
        const helper = operation.helpers[0] ?? next?.operation(operation.operationId).helpers[0];
        expect(helper, `a client helper for ${operation.operationId}`).toBeDefined();
        expect(samples.some((code) => code.includes(`client.${helper}(`))).toBe(true);
        // Every response carries an example in the spec, and each is rendered.
        expect(root.querySelectorAll(".sl-openapi-example").length).toBeGreaterThanOrEqual(
          operation.responses.length,
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
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "docs-subpath-"));
    // generated/ is written again (same result): another test file may have built other versions.
    await generate({ appDir: APP_DIR, repoDir: join(APP_DIR, "../..") });
    buildSite(outDir, base);
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
