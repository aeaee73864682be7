// `pnpm bench`: one `companies.find` through this client, bare openapi-fetch, a raw fetch and the
// official intercom-client, side by side: in-process (a fetch that answers at once) and over
// loopback HTTP with 50 requests in flight; then the bundle size of each. Numbers depend on the
// machine and its load: compare the columns of one run, not runs of different machines.
import { fileURLToPath } from "node:url";
import { freePort, startServer } from "@intercom-toolkit/server-process";
import { IntercomClient } from "intercom-client";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { createIntercomClient } from "../dist/index.mjs";
import { bundleSize } from "../scripts/size.ts";

const TOKEN = "bench-token";
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000);
// Rounds run the candidates in rotating order; each figure is the median of its rounds, which
// evens out JIT warm-up and a machine shared with other work.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 50;
const packageDir = fileURLToPath(new URL("..", import.meta.url));

const body = JSON.stringify({
  type: "list",
  data: [
    {
      type: "company",
      company_id: "6",
      id: "531ee472cce572a6ec000006",
      app_id: "ecahpwf5",
      name: "Blue Sun",
      plan: { type: "plan", id: "269315", name: "Pro" },
      remote_created_at: 1663597223,
      created_at: 1663597223,
      updated_at: 1663597223,
      last_request_at: 1663597223,
      size: 100,
      website: "https://www.intercom.com",
      industry: "Software",
      monthly_spend: 100,
      session_count: 100,
      user_count: 100,
      custom_attributes: { paid_subscriber: true, monthly_spend: 155.5, team_mates: 9 },
      tags: { type: "tag.list", tags: [{ type: "tag", id: "2084335", name: "enterprise" }] },
      segments: { type: "segment.list", segments: [] },
    },
  ],
  pages: { type: "pages", next: null, page: 1, per_page: 15, total_pages: 1 },
  total_count: 1,
});
const headers = {
  "content-type": "application/json",
  "x-ratelimit-limit": "10000",
  "x-ratelimit-remaining": "9999",
};

/** Answers at once, like a server with no latency: what is left is each client's own cost. */
const inProcessFetch = async (_input: RequestInfo | URL, _init?: RequestInit) =>
  new Response(body, { headers });

type Call = () => Promise<unknown>;

function candidates(baseUrl: string, fetchImpl: typeof fetch): [string, Call][] {
  const client = createIntercomClient({ token: TOKEN, baseUrl, fetch: fetchImpl });
  const bare = createClient<import("@intercom-toolkit/types").paths>({
    baseUrl,
    fetch: fetchImpl,
    headers: { Authorization: `Bearer ${TOKEN}`, "Intercom-Version": "2.7" },
  });
  const official = new IntercomClient({ token: TOKEN, baseUrl, fetch: fetchImpl, version: "2.7" });
  const url = `${baseUrl}/companies?company_id=6`;
  const init = {
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      "Intercom-Version": "2.7",
      Accept: "application/json",
    },
  };
  return [
    ["@intercom-toolkit/client", () => client.companies.find({ companyId: "6" })],
    [
      "openapi-fetch (bare)",
      () => bare.GET("/companies", { params: { query: { company_id: "6" } } }),
    ],
    ["fetch (raw)", async () => (await fetchImpl(url, init)).json()],
    ["intercom-client (official)", () => official.companies.retrieve({ company_id: "6" })],
  ];
}

async function measureOnce(
  title: string,
  calls: [string, Call][],
  batch: number,
): Promise<Map<string, number>> {
  const bench = new Bench({ name: title, time: TIME_MS, warmupTime: Math.min(500, TIME_MS / 4) });
  for (const [name, call] of calls) {
    // Fail loudly before measuring if a candidate does not actually work.
    await call();
    bench.add(name, batch === 1 ? call : () => Promise.all(Array.from({ length: batch }, call)));
  }
  await bench.run();
  const rates = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result as { period?: number; error?: unknown };
    if (result.error) throw result.error;
    rates.set(task.name, result.period ? (1000 / result.period) * batch : 0);
  }
  return rates;
}

async function measure(
  title: string,
  calls: [string, Call][],
  batch: number,
): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(calls.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...calls.slice(round % calls.length), ...calls.slice(0, round % calls.length)];
    for (const [name, value] of await measureOnce(title, order, batch))
      samples.get(name)?.push(value);
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

const rate = (value: number | undefined) =>
  value === undefined ? "–" : `${Math.round(value).toLocaleString("en-US")}/s`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const inProcess = await measure(
  "in-process fetch",
  candidates("https://api.intercom.io", inProcessFetch as typeof fetch),
  1,
);

const port = await freePort();
const server = await startServer({
  entry: fileURLToPath(new URL("./server.mjs", import.meta.url)),
  args: [String(port), body],
  readyWhen: (line) => /listening on (\S+)/.exec(line)?.[1],
  name: "bench server",
});
let loopback: Map<string, number>;
try {
  loopback = await measure(
    `loopback HTTP, ${IN_FLIGHT} in flight`,
    candidates(server.url, fetch),
    IN_FLIGHT,
  );
} finally {
  await server.stop();
}

const sizes = new Map([
  ["@intercom-toolkit/client", await bundleSize(`export * from "./dist/index.mjs";`, packageDir)],
  [
    "openapi-fetch (bare)",
    await bundleSize(`export { default } from "openapi-fetch";`, packageDir),
  ],
  ["fetch (raw)", { minified: 0, gzipped: 0 }],
  [
    "intercom-client (official)",
    await bundleSize(`export { IntercomClient } from "intercom-client";`, packageDir, "node"),
  ],
]);

const bareRate = inProcess.get("openapi-fetch (bare)") ?? 1;
const rows = [...inProcess.keys()].map((name) => {
  const size = sizes.get(name);
  return `| ${name} | ${rate(inProcess.get(name))} | ${((inProcess.get(name) ?? 0) / bareRate).toFixed(2)}x | ${rate(loopback.get(name))} | ${size?.gzipped ? `${kib(size.minified)} / ${kib(size.gzipped)}` : "0"} |`;
});
console.log(`
One \`companies.find\` (GET /companies?company_id=6), Node ${process.version}, median of ${ROUNDS} rounds of ${TIME_MS} ms a task:

| client | in-process fetch | vs bare openapi-fetch | loopback HTTP, ${IN_FLIGHT} in flight | bundle (min / min+gz) |
| --- | --- | --- | --- | --- |
${rows.join("\n")}
`);
