// `pnpm bench`: requests/s and p99 latency of GET /companies/{id} and POST /companies on the
// sandbox (file-backed, rate limits off), on Prism's mock of the same spec, and on the ceiling
// (a bare fastify + node:sqlite server doing the same storage work, bench/ceiling.ts), side by
// side; then a full scroll of 1,000 to 1,000,000 companies (bench/scroll.ts). Figures depend on
// the machine and on what else runs on it; run it on a quiet one.
//
// Fairness: both servers get the same client (autocannon, in this process), the same settings,
// the same durations and an unmeasured warm-up run first (JIT, caches, connections). The
// sandbox and the ceiling are measured in alternating slices (BENCH_SLICES, 5 by default, of
// the measured duration each), so that a change in what else runs on the machine hits both
// alike; their req/s and p99 are over all the requests of all slices. The CPU
// used by each server and by the client during a run is printed too: a client near 100% of a
// core means that row measures the client, not the server.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import autocannon from "autocannon";
import { specPath } from "../src/documents.ts";
import { loadOptions } from "./load-options.ts";
import { scrollBench, scrollTable } from "./scroll.ts";

const require = createRequire(import.meta.url);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const slices = Math.max(1, Math.round(Number(process.env.BENCH_SLICES ?? 5)));
const connectionsList = (process.env.BENCH_CONNECTIONS ?? "50").split(",").map(Number);
const scrollSizes = (process.env.BENCH_SCROLL ?? "1000,10000,100000,1000000")
  .split(",")
  .filter(Boolean)
  .map(Number);
const token = "bench-token";
const headers = {
  authorization: `Bearer ${token}`,
  "intercom-version": "2.7",
  "content-type": "application/json",
};

interface Result {
  requests: number;
  /** Seconds autocannon measured. */
  seconds: number;
  /** Seconds the run took, connecting included (for the CPU shares). */
  wall: number;
  rps: number;
  /** Response times in ms, one per response. */
  latencies: number[];
  non2xx: number;
  errors: number;
  /** Share of one core the server used during the run, if the OS tells (Linux /proc). */
  serverCpu: number | undefined;
  /** Share of one core this process (the load generator) used during the run. */
  clientCpu: number;
}

/** CPU seconds a process has used so far (user + system), from /proc; undefined elsewhere. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

async function load(
  server: RunningServer,
  method: "GET" | "POST",
  path: string,
  connections: number,
  seconds: number,
): Promise<Result> {
  const serverBefore = cpuSecondsOf(server.pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const latencies: number[] = [];
  const options = loadOptions(`${server.url}${path}`, method, headers, connections, seconds);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    // Every response time (ms), so that runs in slices give one p99 over all their requests.
    instance.on("response", (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  const wall = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverAfter = cpuSecondsOf(server.pid);
  return {
    requests: result.requests.total,
    seconds: result.duration,
    wall,
    rps: result.requests.total / result.duration,
    latencies,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpu:
      serverBefore === undefined || serverAfter === undefined
        ? undefined
        : (serverAfter - serverBefore) / wall,
    clientCpu: (client.user + client.system) / 1e6 / wall,
  };
}

/** Results of several runs of one server as one: all their requests, their worst p99. */
function combine(results: Result[]): Result {
  const sum = (pick: (r: Result) => number) => results.reduce((total, r) => total + pick(r), 0);
  const wall = sum((r) => r.wall);
  const cpu = results.every((r) => r.serverCpu !== undefined)
    ? sum((r) => (r.serverCpu ?? 0) * r.wall) / wall
    : undefined;
  return {
    requests: sum((r) => r.requests),
    seconds: sum((r) => r.seconds),
    wall,
    rps: sum((r) => r.requests) / sum((r) => r.seconds),
    latencies: results.flatMap((r) => r.latencies),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    serverCpu: cpu,
    clientCpu: sum((r) => r.clientCpu * r.wall) / wall,
  };
}

/** The 99th percentile of the response times, in ms. */
function p99(r: Result): string {
  const sorted = Float64Array.from(r.latencies).sort();
  const value = sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
  return `${value.toFixed(1)} ms`;
}

const percent = (share: number | undefined) =>
  share === undefined ? "n/a" : `${Math.round(share * 100)}%`;

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
  const prism = await startServer({
    entry: prismEntry,
    args: ["mock", "-h", "127.0.0.1", "-p", "0", specPath()],
    name: "prism",
    readyWhen: (line) => /Prism is listening on (http:\/\/\S+)/.exec(line)?.[1],
  });
  servers.push(prism);
  const ceiling = await startServer({
    entry: fileURLToPath(new URL("./ceiling.ts", import.meta.url)),
    args: [join(dataDir, "ceiling.db")],
    name: "ceiling",
    readyWhen: (line) => /Ceiling listening on (http:\/\/\S+)/.exec(line)?.[1],
  });
  servers.push(ceiling);
  const ceilingTarget = /\(target (\w+)\)/.exec(ceiling.output())?.[1] ?? "";

  const created = await fetch(`${sandbox.url}/companies`, {
    method: "POST",
    headers,
    body: JSON.stringify({ company_id: "bench-target", name: "Target", plan: "Pro" }),
  });
  const { id } = (await created.json()) as { id: string };

  const rows: string[] = [];
  const cpuRows: string[] = [];
  for (const [label, method, path, ceilingPath] of [
    ["GET /companies/{id}", "GET", `/companies/${id}`, `/companies/${ceilingTarget}`],
    ["POST /companies", "POST", "/companies", "/companies"],
  ] as const) {
    for (const connections of connectionsList) {
      process.stderr.write(`${label}, ${connections} connections...\n`);
      if (warmup > 0) {
        await load(sandbox, method, path, connections, warmup);
        await load(prism, method, path, connections, warmup);
        await load(ceiling, method, ceilingPath, connections, warmup);
      }
      const mineRuns: Result[] = [];
      const topRuns: Result[] = [];
      for (let slice = 0; slice < slices; slice++) {
        mineRuns.push(await load(sandbox, method, path, connections, duration / slices));
        topRuns.push(await load(ceiling, method, ceilingPath, connections, duration / slices));
      }
      const mine = combine(mineRuns);
      const top = combine(topRuns);
      const theirs = await load(prism, method, path, connections, duration);
      for (const [name, r] of [
        ["sandbox", mine],
        ["prism", theirs],
        ["ceiling", top],
      ] as const) {
        if (r.non2xx > 0 || r.errors > 0) {
          process.stderr.write(
            `  warning: ${name} had ${r.non2xx} non-2xx answers and ${r.errors} errors\n`,
          );
        }
      }
      const rps = (r: Result) => Math.round(r.rps).toLocaleString("en");
      rows.push(
        `| ${label} | ${connections} | ${rps(mine)} | ${p99(mine)} | ${rps(theirs)} | ${p99(theirs)} | ${rps(top)} | ${p99(top)} | ${(mine.rps / theirs.rps).toFixed(1)}x | ${(mine.rps / top.rps).toFixed(2)}x |`,
      );
      // Requests per CPU-second of the server: what a busy machine cannot distort as much.
      const perCpu = (r: Result) =>
        r.serverCpu === undefined || r.serverCpu === 0 ? undefined : r.rps / r.serverCpu;
      const ratio = (a: number | undefined, b: number | undefined) =>
        a === undefined || b === undefined ? "n/a" : `${(a / b).toFixed(2)}x`;
      cpuRows.push(
        `| ${label} | ${connections} | ${percent(mine.serverCpu)} | ${percent(mine.clientCpu)} | ${percent(theirs.serverCpu)} | ${percent(theirs.clientCpu)} | ${percent(top.serverCpu)} | ${percent(top.clientCpu)} | ${ratio(perCpu(mine), perCpu(top))} |`,
      );
    }
  }
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  const scrolls = scrollSizes.length > 0 ? await scrollBench(scrollSizes, dataDir) : [];
  console.log(
    [
      "",
      `Sandbox (file-backed SQLite, rate limits off) vs Prism ${require("@stoplight/prism-cli/package.json").version} mock vs the ceiling (bare fastify + node:sqlite, same storage work), ${duration} s per run after a ${warmup} s warm-up, Node ${process.version}:`,
      "",
      "| Operation | Connections | Sandbox req/s | Sandbox p99 | Prism req/s | Prism p99 | Ceiling req/s | Ceiling p99 | Sandbox / Prism | Sandbox / ceiling |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
      "",
      "CPU used during each measured run, in shares of one core (server / autocannon):",
      "",
      "| Operation | Connections | Sandbox | Client | Prism | Client | Ceiling | Client | Sandbox / ceiling, per CPU-second |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...cpuRows,
      ...(scrolls.length > 0
        ? [
            "",
            "Full scroll (GET /companies/scroll, 50 a page, one client, keep-alive), sandbox in its own process:",
            "",
            scrollTable(scrolls),
          ]
        : []),
    ].join("\n"),
  );
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(dataDir, { recursive: true, force: true });
}
