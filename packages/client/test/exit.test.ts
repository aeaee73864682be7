// Nothing left running: a program that makes one call and gets any answer exits on its own,
// long before `timeoutMs` (60 s here) could fire, and holds no timer once it has its answer.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answer,
  company,
  type Handler,
  stall,
  startTestServer,
  type TestServer,
} from "./support/http-server.ts";

const entry = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));
const helpersEntry = fileURLToPath(new URL("../dist/helpers.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "client-exit-"));
const program = join(dir, "call.mjs");
writeFileSync(
  program,
  `import { createIntercomClient } from ${JSON.stringify(entry)};
import { helpers } from ${JSON.stringify(helpersEntry)};
const [baseUrl, id, timeoutMs] = process.argv.slice(2);
const client = createIntercomClient({ token: "t", baseUrl, timeoutMs: Number(timeoutMs), retry: false, plugins: [helpers()] });
let outcome;
try {
  if (id === "stream") {
    const { response } = await client.GET("/companies/{id}", { params: { path: { id } }, parseAs: "stream" });
    outcome = \`answer \${response.status}, body left unread\`;
  } else outcome = \`answer \${JSON.stringify(await client.companies.retrieve(id))}\`;
} catch (error) {
  outcome = \`failure \${error.name} \${error.code}\`;
}
// What still keeps the event loop alive once the call is over (after pending callbacks ran).
setImmediate(() => console.log(JSON.stringify({ outcome, active: process.getActiveResourcesInfo() })));
`,
);

let server: TestServer;
beforeAll(async () => {
  const routes: Record<string, Handler> = {
    "/companies/empty": (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "0" });
      response.end();
    },
    "/companies/unauthorized": (_request, response) => {
      response.writeHead(401, { "content-length": "0" });
      response.end();
    },
    "/companies/stream": answer(200, company("stream")),
    "/companies/missing": answer(
      404,
      JSON.stringify({
        type: "error.list",
        errors: [{ code: "company_not_found", message: "Company Not Found" }],
      }),
    ),
    "/companies/stall": stall,
  };
  server = await startTestServer(routes);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the program; resolves with its report and exit code once it has exited by itself. */
function run(id: string, timeoutMs: number) {
  const child = spawn(process.execPath, [program, server.url, id, String(timeoutMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  // A program that lingers would wait for its 60 s timer: it is killed at 20 s and fails.
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise<{ outcome: string; active: string[]; code: number | null }>((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(killer);
      const report = JSON.parse(output.trim().split("\n").at(-1) || "{}");
      resolve({ ...report, code });
    }),
  );
}

describe("a program that makes one call", () => {
  it.each([
    ["an empty 200", "empty", 60_000, "failure IntercomApiError invalid_response"],
    ["a 401 with no body", "unauthorized", 60_000, "failure IntercomApiError unauthorized"],
    ["a 404 error.list", "missing", 60_000, "failure IntercomApiError company_not_found"],
    ["a stream it never reads", "stream", 60_000, "answer 200, body left unread"],
    ["a timeout", "stall", 300, "failure IntercomTimeoutError timeout"],
  ])("exits by itself after %s, holding no timer", async (_, id, timeoutMs, outcome) => {
    const result = await run(id, timeoutMs);
    expect(result).toMatchObject({ outcome, code: 0 });
    expect(result.active).not.toContain("Timeout");
  });
});
