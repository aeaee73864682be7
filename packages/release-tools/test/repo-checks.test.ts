// Checks on this repository itself, run by `pnpm test` (and so by CI).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readConfig } from "@changesets/config";
import type { ChangelogFunctions } from "@changesets/types";
import { getPackages } from "@manypkg/get-packages";
import { describe, expect, it } from "vitest";
import { checkReleaseGate } from "../src/gate.ts";
import { readReleasedSpec, SPEC_PACKAGE, specPackageVersion } from "../src/released-spec.ts";
import { repoRoot } from "../src/spec-source.ts";

describe("this repository", () => {
  it("has no breaking spec change since the last release without a pending major changeset", async () => {
    const gate = await checkReleaseGate(repoRoot);
    // The message says what broke and what to do: make it compatible or add a major changeset.
    const explanation = [
      ...gate.messages,
      ...gate.breaking.map(
        (change) =>
          `  - ${change.operation?.id ?? "document"}: ${change.area} ${change.subject ?? ""} ${change.what}`,
      ),
    ].join("\n");
    expect(gate.ok, explanation).toBe(true);
    expect(gate.releasedVersion).toBe(specPackageVersion(repoRoot));
  });

  it("records the released spec for the spec package's current version", () => {
    const released = readReleasedSpec(repoRoot);
    expect(released.package).toBe(SPEC_PACKAGE);
    expect(released.version).toBe(specPackageVersion(repoRoot));
    expect(released.spec).toHaveProperty("paths");
  });
});

describe(".changeset/config.json", async () => {
  const packages = await getPackages(repoRoot);
  const parsed = await readConfig(repoRoot, packages);

  it("is valid for this workspace", () => {
    expect(parsed.errors).toBeUndefined();
  });

  const config = parsed.config;
  const publicNames = packages.packages
    .filter((pkg) => pkg.packageJson.private !== true)
    .map((pkg) => pkg.packageJson.name);
  const privateNames = packages.packages
    .filter((pkg) => pkg.packageJson.private === true)
    .map((pkg) => pkg.packageJson.name);

  it("publishes every public package with public access and ignores none of them", () => {
    expect(config?.access).toBe("public");
    expect(publicNames).toEqual(expect.arrayContaining([SPEC_PACKAGE]));
    for (const name of publicNames) expect(config?.ignore).not.toContain(name);
  });

  it("versions private apps without tagging them, and ignores the private tooling", () => {
    expect(config?.privatePackages).toEqual({ version: true, tag: false });
    for (const name of privateNames) {
      if (name.startsWith("@intercom-toolkit/"))
        expect(config?.ignore, `${name} is internal tooling`).toContain(name);
    }
  });

  it("releases the spec, its types and the client together", () => {
    const group = config?.fixed.find((names) => names.includes(SPEC_PACKAGE));
    expect([...(group ?? [])].sort()).toEqual([
      "@intercom-toolkit/client",
      "@intercom-toolkit/spec",
      "@intercom-toolkit/types",
    ]);
  });

  it("writes changelogs with commit links, offline", async () => {
    const [modulePath, options] = config?.changelog || [];
    expect(typeof modulePath).toBe("string");
    const loaded = (await import(
      pathToFileURL(join(repoRoot, ".changeset", String(modulePath))).href
    )) as { default: ChangelogFunctions };
    const line = await loaded.default.getReleaseLine(
      {
        id: "x",
        summary: "Add Company.region.",
        releases: [],
        commit: "0123456789abcdef0123456789abcdef01234567",
      },
      "minor",
      options as Record<string, unknown>,
    );
    expect(line).toContain("[`0123456`](https://github.com/");
    expect(line).toContain("/commit/0123456789abcdef0123456789abcdef01234567) Add Company.region.");
  });
});
