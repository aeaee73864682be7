// `pnpm bench`, part 2: scale out. GET /companies/{id} and POST /companies at 50 connections on
// 1, 2 and 4 sandbox processes sharing one PostgreSQL database behind one address
// (--reuse-port: the kernel spreads connections over the processes), side by side with one
// process on node:sqlite. Requests/s, p99, and where the CPU went: this machine's cores are
// shared by the sandbox processes, PostgreSQL and the load generator (this process).
//
// PostgreSQL is a throwaway cluster (test/support/postgres.ts) with its default durability
// (fsync on, synchronous_commit on: every acknowledged write is on disk); node:sqlite runs as
// the sandbox always does (WAL, synchronous=NORMAL).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import autocannon from "autocannon";
import { startCluster } from "../test/support/postgres.ts";
import { loadOptions } from "./load-options.ts";

const duration = Number(process.env.BENCH_DURATION ?? 5);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
const connections = 50;
const processCounts = [1, 2, 4];
const token = "bench-token";
const headers = {
  authorization: `Bearer ${token}`,
  "intercom-version": "2.7",
  "content-type": "application/json",
};
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

/** CPU seconds a process has used so far (user + system), from /proc; 0 where unknown. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes: the postmaster and its children (one per connection). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const pids = [postmaster];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // Gone already.
    }
  }
  return pids;
}

interface Result {
  rps: number;
  p99: number;
  failures: number;
  /** Shares of one core used during the run. */
  sandboxCpu: number;
  postgresCpu: number;
  clientCpu: number;
}

async function load(
  url: string,
  method: "GET" | "POST",
  path: string,
  seconds: number,
  sandboxPids: number[],
  pgDataDir: string | undefined,
): Promise<Result> {
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuSecondsOf(pid), 0);
  const pgBefore = new Map(
    (pgDataDir ? postgresPids(pgDataDir) : []).map((pid) => [pid, cpuSecondsOf(pid)]),
  );
  const sandboxBefore = sum(sandboxPids);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon(
    loadOptions(`${url}${path}`, method, headers, connections, seconds),
  );
  const wall = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  // Server processes started during the run count with all their CPU.
  const pgAfter = pgDataDir ? postgresPids(pgDataDir) : [];
  const postgresUsed = pgAfter.reduce(
    (total, pid) => total + cpuSecondsOf(pid) - (pgBefore.get(pid) ?? 0),
    0,
  );
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    sandboxCpu: (sum(sandboxPids) - sandboxBefore) / wall,
    postgresCpu: postgresUsed / wall,
    clientCpu: (client.user + client.system) / 1e6 / wall,
  };
}

/** Starts `count` sandbox processes on `db`, all on one port. */
async function startProcesses(count: number, db: string): Promise<RunningServer[]> {
  const start = (port: number) =>
    startServer({
      entry: cli,
      args: ["--port", String(port), "--reuse-port", "--db", db, "--rate-limit", "off"],
      name: "sandbox",
      readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    });
  const first = await start(0);
  const port = Number(new URL(first.url).port);
  const others = await Promise.all(Array.from({ length: count - 1 }, () => start(port)));
  return [first, ...others];
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const running: RunningServer[] = [];
const sqliteDir = mkdtempSync(join(tmpdir(), "intercom-sandbox-scale-"));
const cluster = await startCluster();
const table: string[] = [];
const cpuTable: string[] = [];
try {
  const setups: { label: string; count: number; db: () => Promise<string>; pg: boolean }[] = [
    { label: "node:sqlite", count: 1, db: async () => join(sqliteDir, "bench.db"), pg: false },
    ...processCounts.map((count) => ({
      label: "PostgreSQL",
      count,
      db: () => cluster.createDatabase(),
      pg: true,
    })),
  ];
  const baseline = new Map<string, number>();
  for (const setup of setups) {
    const servers = await startProcesses(setup.count, await setup.db());
    running.push(...servers);
    const url = (servers[0] as RunningServer).url;
    const created = await fetch(`${url}/companies`, {
      method: "POST",
      headers,
      body: JSON.stringify({ company_id: "bench-target", name: "Target", plan: "Pro" }),
    });
    const { id } = (await created.json()) as { id: string };
    const pids = servers.map((server) => server.pid);
    for (const [label, method, path] of [
      ["GET /companies/{id}", "GET", `/companies/${id}`],
      ["POST /companies", "POST", "/companies"],
    ] as const) {
      process.stderr.write(`${setup.label} x${setup.count}: ${label}...\n`);
      const pgDir = setup.pg ? join(cluster.dir, "data") : undefined;
      if (warmup > 0) await load(url, method, path, warmup, pids, pgDir);
      const r = await load(url, method, path, duration, pids, pgDir);
      if (r.failures > 0) process.stderr.write(`  warning: ${r.failures} failed requests\n`);
      const key = `${setup.pg}:${label}`;
      if (!baseline.has(key)) baseline.set(key, r.rps);
      const speedUp = r.rps / (baseline.get(key) as number);
      table.push(
        `| ${label} | ${setup.label} | ${setup.count} | ${Math.round(r.rps).toLocaleString("en")} | ${r.p99} ms | ${setup.pg ? `${speedUp.toFixed(2)}x` : "-"} |`,
      );
      // Server CPU per request (sandboxes + PostgreSQL): what bounds throughput once the cores are
      // busy, and a figure that other load on the machine disturbs less than req/s does.
      const cpuMs = ((r.sandboxCpu + r.postgresCpu) * 1000) / r.rps;
      const ceiling = (availableParallelism() * 1000) / (cpuMs + (r.clientCpu * 1000) / r.rps);
      cpuTable.push(
        `| ${label} | ${setup.label} | ${setup.count} | ${percent(r.sandboxCpu)} | ${setup.pg ? percent(r.postgresCpu) : "-"} | ${percent(r.clientCpu)} | ${cpuMs.toFixed(3)} ms | ${Math.round(ceiling).toLocaleString("en")} |`,
      );
    }
    await Promise.all(servers.map((server) => server.stop()));
    running.length = 0;
  }
  console.log(
    [
      "",
      `Scale-out: sandbox processes behind one address (--reuse-port), ${connections} connections, ${duration} s per run after a ${warmup} s warm-up, ${availableParallelism()} cores, Node ${process.version}:`,
      "",
      "| Operation | Backend | Processes | req/s | p99 | vs 1 process |",
      "| --- | --- | ---: | ---: | ---: | ---: |",
      ...table,
      "",
      `CPU used during each measured run, in shares of one core; server CPU per request; and the req/s all ${availableParallelism()} cores would give at that cost (client included):`,
      "",
      "| Operation | Backend | Processes | Sandboxes | PostgreSQL | Client (autocannon) | Server CPU / request | Cores' ceiling |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...cpuTable,
    ].join("\n"),
  );
} finally {
  await Promise.all(running.map((server) => server.stop()));
  cluster.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
}
