// Every public package of the workspace, checked as published (src/published.ts). A package that
// becomes public without an entry here fails, naming itself.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  describePublishedPackage,
  type EntryPoint,
  entryPoints,
  loadAndCall,
  type Manifest,
  type PublishedOptions,
} from "../src/index.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Per package, one call per entry point: what a user does first with it. */
const checks: Record<string, PublishedOptions> = {
  "@intercom-toolkit/spec": {
    calls: {
      ".": "Object.keys(m.paths)",
      "./openapi.json": "Object.keys(m.paths)",
      "./model": "m.loadSpecModel().operations.map((operation) => operation.operationId)",
    },
    // Its subpaths (./model, ./openapi.json) exist only in the exports map, which TypeScript's
    // old node10 resolution ignores.
    attwProfile: "node16",
  },
  "@intercom-toolkit/types": {
    calls: { ".": "Object.keys(m.operationTable)" },
    files: [
      "README.md",
      "dist/index.cjs",
      "dist/index.d.cts",
      "dist/index.d.mts",
      "dist/index.mjs",
      "package.json",
    ],
  },
  "@intercom-toolkit/client": {
    calls: {
      ".": 'm.createIntercomClient({ token: "t" })',
      "./helpers": "Object.keys(m.helpers()({}).companies)",
      "./node": "typeof m.nodeFetch()",
      "./throttle": "m.throttle({ maxWaitMs: 1000 })",
    },
    files: [
      "README.md",
      "dist/client.d.cts",
      "dist/client.d.mts",
      "dist/errors.cjs",
      "dist/errors.cjs.map",
      "dist/errors.mjs",
      "dist/errors.mjs.map",
      "dist/fetch.d.cts",
      "dist/fetch.d.mts",
      "dist/helpers.cjs",
      "dist/helpers.cjs.map",
      "dist/helpers.d.cts",
      "dist/helpers.d.mts",
      "dist/helpers.mjs",
      "dist/helpers.mjs.map",
      "dist/index.cjs",
      "dist/index.d.cts",
      "dist/index.d.mts",
      "dist/index.mjs",
      "dist/index.node.cjs",
      "dist/index.node.cjs.map",
      "dist/index.node.d.cts",
      "dist/index.node.d.mts",
      "dist/index.node.mjs",
      "dist/index.node.mjs.map",
      "dist/node.cjs",
      "dist/node.cjs.map",
      "dist/node.d.cts",
      "dist/node.d.mts",
      "dist/node.mjs",
      "dist/node.mjs.map",
      "dist/option-checks.cjs",
      "dist/option-checks.cjs.map",
      "dist/option-checks.mjs",
      "dist/option-checks.mjs.map",
      "dist/retry.cjs",
      "dist/retry.cjs.map",
      "dist/retry.mjs",
      "dist/retry.mjs.map",
      "dist/src.cjs",
      "dist/src.cjs.map",
      "dist/src.mjs",
      "dist/src.mjs.map",
      "dist/throttle.cjs",
      "dist/throttle.cjs.map",
      "dist/throttle.d.cts",
      "dist/throttle.d.mts",
      "dist/throttle.mjs",
      "dist/throttle.mjs.map",
      "dist/throttle2.d.cts",
      "dist/throttle2.d.mts",
      "helpers/package.json",
      "node/package.json",
      "package.json",
      "throttle/package.json",
    ],
  },
  "@intercom-toolkit/contract-tests": { calls: { ".": "m.loadSpec()" } },
  "@intercom-toolkit/sandbox": {
    calls: {
      ".": 'm.parseRateLimit("10/1s")',
      "./fixtures.schema.json": "Object.keys(m.properties)",
    },
  },
};

const packageDirs = [
  "spec",
  ...["packages", "apps"].flatMap((parent) =>
    readdirSync(join(root, parent)).map((name) => join(parent, name)),
  ),
].filter((dir) => existsSync(join(root, dir, "package.json")));
const publicPackages = packageDirs
  .map((dir) => ({
    dir: join(root, dir),
    manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest,
  }))
  .filter(({ manifest }) => manifest.private !== true);

describe("the public packages", () => {
  it("each have their calls here", () => {
    expect(publicPackages.map(({ manifest }) => manifest.name).sort()).toEqual(
      Object.keys(checks).sort(),
    );
  });

  it("all point at the same repository", () => {
    const urls = new Set(
      publicPackages.map(({ dir }) => {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          repository?: { url?: string };
        };
        return manifest.repository?.url;
      }),
    );
    expect([...urls], "every public package.json needs the same repository.url").toHaveLength(1);
  });
});

for (const { dir, manifest } of publicPackages) {
  describePublishedPackage(dir, checks[manifest.name] ?? { calls: {} });
}

describe("entryPoints", () => {
  it("lists what Node.js loads, with require where the exports map offers it", () => {
    expect(
      entryPoints({
        name: "@x/y",
        exports: {
          ".": { import: "./dist/index.mjs", require: "./dist/index.cjs" },
          "./esm": { types: "./dist/esm.d.ts", default: "./dist/esm.js" },
          "./data.json": "./data.json",
          "./openapi.yaml": "./openapi.yaml",
          "./package.json": "./package.json",
        },
      }),
    ).toEqual([
      { subpath: ".", specifier: "@x/y", json: false, require: true },
      { subpath: "./esm", specifier: "@x/y/esm", json: false, require: false },
      { subpath: "./data.json", specifier: "@x/y/data.json", json: true, require: true },
    ]);
  });
});

describe("loadAndCall", () => {
  // A package whose CommonJS build is broken the way a bad interop default import breaks it.
  const project = mkdtempSync(join(tmpdir(), "load-and-call-"));
  const dir = join(project, "node_modules", "dual");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "dual",
      exports: { ".": { import: "./index.mjs", require: "./index.cjs" } },
    }),
  );
  writeFileSync(join(dir, "index.mjs"), "export const make = (options) => ({ ...options });\n");
  writeFileSync(
    join(dir, "index.cjs"),
    "exports.make = () => { throw new TypeError('(0 , dep.default) is not a function'); };\n",
  );
  const [entry] = entryPoints({
    name: "dual",
    exports: { ".": { import: "./index.mjs", require: "./index.cjs" } },
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("runs the call after import, in a Node.js process of its own", () => {
    expect(loadAndCall(project, entry as EntryPoint, 'm.make({ token: "t" })', "import")).toBe(
      "object",
    );
  });

  it("fails, with the child's error, when the call throws after require", () => {
    expect(() =>
      loadAndCall(project, entry as EntryPoint, 'm.make({ token: "t" })', "require"),
    ).toThrow(
      /require dual then m\.make\(\{ token: "t" \}\) failed \(exit 1\):[\s\S]*is not a function/,
    );
  });
});
