// What a consumer runs: the packed tarballs (client + types) installed into a scratch project
// outside the repository, offline, then a program with `import` and one with `require` making
// real calls to a local server, on the Node.js the project runs and on the oldest its `engines` allow.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pack } from "@intercom-toolkit/package-checks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, company, startTestServer, type TestServer } from "./support/http-server.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
/** The system Node.js: the oldest major the package's `engines` allow. */
const OLDEST_NODE = "/usr/bin/node";

const scratch = mkdtempSync(join(tmpdir(), "client-consumer-"));
let server: TestServer;

/** Packs a dependency the way the registry would serve it, from where it is installed here. */
function packInstalled(name: string, from: string): string {
  const dir = dirname(createRequire(from).resolve(`${name}/package.json`));
  const out = execFileSync(
    "npm",
    ["pack", dir, "--ignore-scripts", "--json", "--pack-destination", scratch],
    {
      encoding: "utf8",
    },
  );
  return join(scratch, (JSON.parse(out) as { filename: string }[])[0]?.filename ?? "");
}

beforeAll(async () => {
  server = await startTestServer({
    "/companies/c1": answer(200, company("c1")),
    "/companies/missing": answer(
      404,
      JSON.stringify({
        type: "error.list",
        request_id: "r1",
        errors: [{ code: "company_not_found", message: "Company Not Found" }],
      }),
    ),
  });
  const client = pack(packageDir);
  const types = pack(join(packageDir, "../types"));
  const openapiFetch = packInstalled("openapi-fetch", join(packageDir, "package.json"));
  const helpers = packInstalled(
    "openapi-typescript-helpers",
    createRequire(join(packageDir, "package.json")).resolve("openapi-fetch"),
  );
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  // Offline: everything comes from the tarballs, nothing from a registry.
  execFileSync(
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      client.tarball,
      types.tarball,
      openapiFetch,
      helpers,
    ],
    { cwd: scratch, stdio: "pipe" },
  );
  client.cleanup();
  types.cleanup();
  const program = (load: string) => `${load}
const client = createIntercomClient({ token: "consumer-token", plugins: [helpers()] });
const onNode = createIntercomClient({ token: "consumer-token", fetch: nodeFetch() });
(async () => {
  const company = await client.companies.retrieve("c1");
  // The process's first request made Node's dispatcher: on Node.js (the \`node\` export
  // condition) the default client sends the next ones through it, not through fetch.
  const dispatcher = globalThis[Symbol.for("undici.globalDispatcher.1")];
  const request = dispatcher.request;
  let viaDispatcher = 0;
  dispatcher.request = function (...args) {
    viaDispatcher++;
    return request.apply(this, args);
  };
  const raw = await client.GET("/companies/{id}", { params: { path: { id: "c1" } } });
  const missing = await client.companies.retrieve("missing").catch((error) => error);
  const node = await onNode.GET("/companies/{id}", { params: { path: { id: "c1" } } });
  console.log(JSON.stringify({
    company: company.id,
    raw: raw.data.id,
    missing: [missing instanceof IntercomApiError, missing.status, missing.code],
    node: node.data.id,
    viaDispatcher,
  }));
})();
`;
  writeFileSync(
    join(scratch, "esm.mjs"),
    program(`import { createIntercomClient, IntercomApiError } from "@intercom-toolkit/client";
import { helpers } from "@intercom-toolkit/client/helpers";
import { nodeFetch } from "@intercom-toolkit/client/node";`),
  );
  writeFileSync(
    join(scratch, "cjs.cjs"),
    program(
      `const { createIntercomClient, IntercomApiError } = require("@intercom-toolkit/client");
const { helpers } = require("@intercom-toolkit/client/helpers");
const { nodeFetch } = require("@intercom-toolkit/client/node");`,
    ),
  );
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the packed client in a fresh project", () => {
  it("runs on the oldest Node.js the engines allow", () => {
    const version = execFileSync(OLDEST_NODE, ["--version"], { encoding: "utf8" }).trim();
    expect(manifest.engines.node).toBe(`>=${version.slice(1).split(".")[0]}`);
  });

  it.each([
    ["import", "esm.mjs", process.execPath],
    ["require", "cjs.cjs", process.execPath],
    ["import", "esm.mjs", OLDEST_NODE],
    ["require", "cjs.cjs", OLDEST_NODE],
  ])("works with %s (%s) on %s", async (_, file, node) => {
    const before = server.received.length;
    // Not execFileSync: the server answers from this process, which must not block.
    const { stdout: out } = await promisify(execFile)(node, [file], {
      cwd: scratch,
      encoding: "utf8",
      env: { ...process.env, INTERCOM_BASE_URL: server.url, NODE_OPTIONS: "" },
    });
    expect(JSON.parse(out)).toEqual({
      company: "c1",
      raw: "c1",
      missing: [true, 404, "company_not_found"],
      node: "c1",
      // raw, missing, and the nodeFetch() call.
      viaDispatcher: 3,
    });
    // Real calls reached the server, with the User-Agent of the published version.
    expect(server.received.slice(before)).toEqual([
      "/companies/c1",
      "/companies/c1",
      "/companies/missing",
      "/companies/c1",
    ]);
    expect(server.userAgents.at(-1)).toBe(`intercom-toolkit-client/${manifest.version}`);
  });
});
