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

  it("makes one page per release and an index linking them", () => {
    const pages = changelogPages(
      [
        { packageName: "@intercom-toolkit/client", text: CLIENT },
        {
          packageName: "@intercom-toolkit/spec",
          text: "# @intercom-toolkit/spec\n\n## 1.1.0\n\n### Minor Changes\n\n- x: y\n",
        },
      ],
      [],
    );
    expect(pages.map((p) => p.file)).toEqual([
      "changelog/index.md",
      "changelog/client/1-1-0.md",
      "changelog/spec/1-1-0.md",
      "changelog/client/1-0-0.md",
    ]);
    const index = pages[0]?.content ?? "";
    expect(index).toContain("- [1.1.0](./client/1-1-0/)");
    expect(index).toContain("## @intercom-toolkit/spec");
    expect(pages[1]?.content).toContain('title: "@intercom-toolkit/client 1.1.0"');
  });

  it("says plainly that nothing was released yet when no changelog exists", () => {
    const pages = changelogPages([], ["@intercom-toolkit/client"]);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.content).toContain("No release has been cut yet.");
    expect(pages[0]?.content).toContain("`@intercom-toolkit/client`");
  });
});
