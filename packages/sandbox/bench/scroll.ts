// The scroll part of `pnpm bench`: a full scroll of workspaces of 1,000 to 1,000,000 companies,
// each in its own database file filled in bulk, walked page by page over HTTP against the
// sandbox command (its own process, whose memory is sampled from /proc).
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { hashToken } from "../src/store/ids.ts";
import { Database } from "../src/store/sqlite/database.ts";
import { SqliteWorkspaces } from "../src/store/sqlite/state.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const token = "scroll-bench";

/** Resident memory of a process in MB, from /proc; undefined elsewhere. */
function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Fills a new database with `count` companies of one workspace, in one transaction. */
async function fill(file: string, count: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const database = new Database(file);
  try {
    const ws = await new SqliteWorkspaces(database, () => now).ensure(hashToken(token));
    database.transaction(() => {
      const insert = database.statement(
        "INSERT INTO companies (ws, id, company_id, name, fields, custom_attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      );
      for (let i = 0; i < count; i++) {
        insert.run(
          ws.rid,
          `${now.toString(16).padStart(8, "0")}${i.toString(16).padStart(16, "0")}`,
          `company-${i}`,
          `Company ${i}`,
          JSON.stringify({
            size: i % 5000,
            website: `https://c${i}.example.com`,
            industry: "Software",
            monthly_spend: i % 100,
          }),
          JSON.stringify({ region: "EMEA", seats: i % 60 }),
          now,
          now,
        );
      }
    });
  } finally {
    await database.close();
  }
}

export interface ScrollFigures {
  companies: number;
  pages: number;
  totalSeconds: number;
  meanPageMs: number;
  p50PageMs: number;
  p99PageMs: number;
  firstPagesMs: number;
  lastPagesMs: number;
  rssBeforeMb: number | undefined;
  rssMaxMb: number | undefined;
  fillSeconds: number;
}

/** GET over one kept-alive connection (node:http: less client overhead per page than fetch). */
function get(agent: Agent, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const call = request(url, { agent, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on("error", reject);
    call.end();
  });
}

async function walk(
  server: RunningServer,
  pid: number,
): Promise<Omit<ScrollFigures, "companies" | "fillSeconds">> {
  const headers = { authorization: `Bearer ${token}`, "intercom-version": "2.7" };
  const times: number[] = [];
  const rssBeforeMb = rssOf(pid);
  let rssMaxMb = rssBeforeMb;
  let param: string | undefined;
  let seen = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  for (;;) {
    const pageStarted = performance.now();
    const url = `${server.url}/companies/scroll${param ? `?scroll_param=${param}` : ""}`;
    const response = await get(agent, url, headers);
    if (response.status !== 200) throw new Error(`scroll answered ${response.status}`);
    const body = JSON.parse(response.body) as { data: unknown[]; scroll_param: string };
    times.push(performance.now() - pageStarted);
    if (body.data.length === 0) break;
    seen += body.data.length;
    param = body.scroll_param;
    if (times.length % 500 === 0) {
      const rss = rssOf(pid);
      if (rss !== undefined && (rssMaxMb === undefined || rss > rssMaxMb)) rssMaxMb = rss;
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  const pages = times.length;
  const sorted = [...times].sort((a, b) => a - b);
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  const rss = rssOf(pid);
  if (rss !== undefined && (rssMaxMb === undefined || rss > rssMaxMb)) rssMaxMb = rss;
  if (seen === 0) throw new Error("the scroll returned nothing");
  return {
    pages,
    totalSeconds,
    meanPageMs: mean(times),
    p50PageMs: at(0.5),
    p99PageMs: at(0.99),
    firstPagesMs: mean(times.slice(0, 10)),
    lastPagesMs: mean(times.slice(-11, -1)),
    rssBeforeMb,
    rssMaxMb,
  };
}

/** Scrolls a workspace of each size; `dir` holds the database files. */
export async function scrollBench(sizes: number[], dir: string): Promise<ScrollFigures[]> {
  const figures: ScrollFigures[] = [];
  for (const companies of sizes) {
    process.stderr.write(`scroll: filling ${companies.toLocaleString("en")} companies...\n`);
    const file = join(dir, `scroll-${companies}.db`);
    const filled = performance.now();
    await fill(file, companies);
    const fillSeconds = (performance.now() - filled) / 1000;
    const server = await startServer({
      entry: cli,
      args: ["--port", "0", "--db", file, "--rate-limit", "off"],
      name: "sandbox",
      readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    });
    try {
      process.stderr.write(`scroll: walking ${companies.toLocaleString("en")} companies...\n`);
      figures.push({ companies, fillSeconds, ...(await walk(server, server.pid)) });
    } finally {
      await server.stop();
    }
  }
  return figures;
}

export function scrollTable(figures: ScrollFigures[]): string {
  const ms = (value: number) => value.toFixed(2);
  const mb = (value: number | undefined) =>
    value === undefined ? "n/a" : `${Math.round(value)} MB`;
  return [
    "| Companies | Pages | Full scroll | Mean page | p50 page | p99 page | First 10 pages | Last 10 pages | RSS before | RSS max |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...figures.map(
      (f) =>
        `| ${f.companies.toLocaleString("en")} | ${f.pages.toLocaleString("en")} | ${f.totalSeconds.toFixed(2)} s | ${ms(f.meanPageMs)} ms | ${ms(f.p50PageMs)} ms | ${ms(f.p99PageMs)} ms | ${ms(f.firstPagesMs)} ms | ${ms(f.lastPagesMs)} ms | ${mb(f.rssBeforeMb)} | ${mb(f.rssMaxMb)} |`,
    ),
  ].join("\n");
}
