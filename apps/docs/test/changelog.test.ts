import type { SpecChange } from "@intercom-toolkit/release-tools";
import { describe, expect, it } from "vitest";
import { changelogPages, parseChangelog, releasePath } from "../src/lib/changelog.ts";

const CLIENT = `# @intercom-toolkit/client

## 1.1.0

### Minor Changes

- abc1234: Adds \`companies.scroll()\` restarts.

### Patch Changes

- Updated dependencies [abc1234]
  - @intercom-toolkit/spec@1.1.0

## 1.0.0

### Major Changes

- def5678: First stable release.
`;

describe("changelog pages", () => {
  it("reads every release of a Changesets changelog, newest first, headings one level up", () => {
    const releases = parseChangelog({ packageName: "@intercom-toolkit/client", text: CLIENT });
    expect(releases.map((r) => r.version)).toEqual(["1.1.0", "1.0.0"]);
    expect(releases[0]?.body.startsWith("## Minor Changes\n\n- abc1234")).toBe(true);
    expect(releases[0]?.body).toContain("## Patch Changes");
    expect(releasePath(releases[0] ?? { packageName: "", version: "", body: "" })).toBe(
      "changelog/client/1-1-0",
    );
  });

  it("makes one page per package release and an index per version: spec changes, breaking first, then package entries", () => {
    const change = (classification: SpecChange["classification"], what: string): SpecChange => ({
      classification,
      operation: { id: "retrieveCompany", method: "GET", path: "/companies/{id}" },
      area: "response 200 (application/json)",
      subject: "Company.size",
      what,
      before: "integer",
      after: "string",
      reason: "r",
      path: [],
      libraryClassification: classification,
    });
    const pages = changelogPages(
      [
        { packageName: "@intercom-toolkit/client", text: CLIENT },
        {
          packageName: "@intercom-toolkit/spec",
          text: "# @intercom-toolkit/spec\n\n## 1.1.0\n\n### Minor Changes\n\n- x: y\n",
        },
      ],
      [],
      [
        {
          version: "next",
          title: "next (unreleased)",
          previous: "1.1.0",
          changes: [
            change("annotation", "description changed"),
            change("breaking", "type changed"),
          ],
          operations: 3,
        },
        { version: "1.1.0", title: "1.1.0", previous: "1.0.0", changes: [], operations: 3 },
        { version: "1.0.0", title: "1.0.0", changes: [], operations: 2 },
      ],
    );
    expect(pages.map((p) => p.file)).toEqual([
      "changelog/index.md",
      "changelog/client/1-1-0.md",
      "changelog/spec/1-1-0.md",
      "changelog/client/1-0-0.md",
    ]);
    const index = pages[0]?.content ?? "";
    const at = (text: string) => index.indexOf(text);
    expect(at("## next (unreleased)")).toBeLessThan(at("## 1.1.0"));
    expect(at("## 1.1.0")).toBeLessThan(at("## 1.0.0"));
    expect(at("**Breaking (1)**")).toBeGreaterThan(at("## next (unreleased)"));
    expect(at("**Breaking (1)**")).toBeLessThan(at("**Documentation only (1)**"));
    expect(index).toContain(
      "- `Company.size`: type changed, response 200 (application/json) in `retrieveCompany` (was `integer`, now `string`)",
    );
    expect(index).toContain("No change to the spec since 1.0.0.");
    expect(index).toContain("The first release of the spec, with 2 operations");
    expect(index).toContain("- [@intercom-toolkit/client 1.1.0](./client/1-1-0/)");
    expect(index).toContain("- [@intercom-toolkit/spec 1.1.0](./spec/1-1-0/)");
    expect(pages[1]?.content).toContain('title: "@intercom-toolkit/client 1.1.0"');
  });

  it("says plainly that nothing was released yet when there is no release at all", () => {
    const pages = changelogPages([], ["@intercom-toolkit/client"]);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.content).toContain("No release has been cut yet.");
    expect(pages[0]?.content).toContain("`@intercom-toolkit/client`");
  });
});
