// `pnpm bench`: requests/s and p99 latency of GET /companies/{id} and POST /companies on the
// sandbox (file-backed, rate limits off) and on Prism's mock of the same spec, side by side.
// Figures depend on the machine and on what else runs on it; run it on a quiet one.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import autocannon from "autocannon";
import { specPath } from "../src/spec.ts";

const require = createRequire(import.meta.url);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connectionsList = [10, 50];
const token = "bench-token";
const headers = {
  authorization: `Bearer ${token}`,
  "intercom-version": "2.7",
  "content-type": "application/json",
};

interface Result {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(
  url: string,
  method: "GET" | "POST",
  path: string,
  connections: number,
): Promise<Result> {
  let counter = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    method,
    headers,
    connections,
    duration,
    ...(method === "POST"
      ? {
          requests: [
            {
              method: "POST" as const,
              // Upserts over 1,000 company_ids: creates first, then updates.
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: JSON.stringify({
                  company_id: `bench-${counter++ % 1000}`,
                  name: "Bench Co",
                  size: 42,
                  custom_attributes: { n: counter },
                }),
              }),
            },
          ],
        }
      : {}),
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const servers: RunningServer[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "intercom-sandbox-bench-"));
try {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const sandbox = await startServer({
    entry: cli,
    args: ["--port", "0", "--db", join(dataDir, "bench.db"), "--rate-limit", "off"],
    name: "sandbox",
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
  });
  servers.push(sandbox);
  const prismEntry = join(
    dirname(require.resolve("@stoplight/prism-cli/package.json")),
    "dist/index.js",
  );
  const { freePort } = await import("@intercom-toolkit/server-process");
  const prism = await startServer({
    entry: prismEntry,
    args: ["mock", "-h", "127.0.0.1", "-p", String(await freePort()), specPath()],
    name: "prism",
    readyWhen: (line) => /Prism is listening on (http:\/\/\S+)/.exec(line)?.[1],
  });
  servers.push(prism);

  const created = await fetch(`${sandbox.url}/companies`, {
    method: "POST",
    headers,
    body: JSON.stringify({ company_id: "bench-target", name: "Target", plan: "Pro" }),
  });
  const { id } = (await created.json()) as { id: string };

  const rows: string[] = [];
  for (const [label, method, path] of [
    ["GET /companies/{id}", "GET", `/companies/${id}`],
    ["POST /companies", "POST", "/companies"],
  ] as const) {
    for (const connections of connectionsList) {
      process.stderr.write(`${label}, ${connections} connections...\n`);
      const mine = await load(sandbox.url, method, path, connections);
      const theirs = await load(prism.url, method, path, connections);
      for (const [name, r] of [
        ["sandbox", mine],
        ["prism", theirs],
      ] as const) {
        if (r.non2xx > 0 || r.errors > 0) {
          process.stderr.write(
            `  warning: ${name} had ${r.non2xx} non-2xx answers and ${r.errors} errors\n`,
          );
        }
      }
      rows.push(
        `| ${label} | ${connections} | ${Math.round(mine.rps).toLocaleString("en")} | ${mine.p99} ms | ${Math.round(theirs.rps).toLocaleString("en")} | ${theirs.p99} ms | ${(mine.rps / theirs.rps).toFixed(1)}x |`,
      );
    }
  }
  console.log(
    [
      "",
      `Sandbox (file-backed SQLite, rate limits off) vs Prism ${require("@stoplight/prism-cli/package.json").version} mock, ${duration} s per run, Node ${process.version}:`,
      "",
      "| Operation | Connections | Sandbox req/s | Sandbox p99 | Prism req/s | Prism p99 | Sandbox / Prism |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
    ].join("\n"),
  );
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(dataDir, { recursive: true, force: true });
}
