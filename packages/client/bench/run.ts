// `pnpm bench`: one `companies.find` through this client, bare openapi-fetch, a raw fetch and the
// official intercom-client, side by side: in-process (a fetch that answers at once) and over
// loopback HTTP with 50 requests in flight; then the bundle size of each. Numbers depend on the
// machine and its load: compare the columns of one run, not runs of different machines.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "@intercom-toolkit/server-process";
import { IntercomClient } from "intercom-client";
import createClient from "openapi-fetch";
import { helpers } from "../dist/helpers.mjs";
import { createIntercomClient } from "../dist/index.mjs";
import { nodeFetch } from "../dist/node.mjs";
import { BUDGET_BYTES, bundleSize } from "../scripts/size.ts";

const TOKEN = "bench-token";
// Measured time per candidate and table, cut into slices (see measure()).
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 5000);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 100);
const WARMUP_ROUNDS = 5;
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

const NODE_ROW = "@intercom-toolkit/client + nodeFetch()";

// What the client sends on every request: the bare candidates send the same, to be fair.
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const USER_AGENT = `intercom-toolkit-client/${version}`;
const HEADERS = {
  Authorization: `Bearer ${TOKEN}`,
  "Intercom-Version": "2.7",
  "User-Agent": USER_AGENT,
};

function candidates(
  baseUrl: string,
  fetchImpl: typeof fetch,
  overNetwork: boolean,
): [string, Call][] {
  const client = createIntercomClient({
    token: TOKEN,
    baseUrl,
    fetch: fetchImpl,
    userAgent: USER_AGENT,
    plugins: [helpers()],
  });
  const bare = createClient<import("@intercom-toolkit/types").paths>({
    baseUrl,
    fetch: fetchImpl,
    headers: HEADERS,
  });
  const official = new IntercomClient({ token: TOKEN, baseUrl, fetch: fetchImpl, version: "2.7" });
  const url = `${baseUrl}/companies?company_id=6`;
  const init = { headers: { ...HEADERS, Accept: "application/json" } };
  // Over loopback, the same client on the `@intercom-toolkit/client/node` transport (in-process
  // there is no network to send through: the row would be the one above).
  const onNode = createIntercomClient({
    token: TOKEN,
    baseUrl,
    fetch: nodeFetch(),
    userAgent: USER_AGENT,
    plugins: [helpers()],
  });
  return [
    ["@intercom-toolkit/client", () => client.companies.find({ companyId: "6" })],
    ...(overNetwork
      ? [[NODE_ROW, () => onNode.companies.find({ companyId: "6" })] as [string, Call]]
      : []),
    [
      "openapi-fetch (bare)",
      () => bare.GET("/companies", { params: { query: { company_id: "6" } } }),
    ],
    ["fetch (raw)", async () => (await fetchImpl(url, init)).json()],
    ["intercom-client (official)", () => official.companies.retrieve({ company_id: "6" })],
  ];
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `call` (`batch` at a time) for about `ms`; answers calls per second. In-process (one call
 * at a time, nothing to wait for) that is per second of this process's CPU time, which other work
 * on the machine does not take away; over loopback, per second of wall-clock time.
 */
async function slice(call: Call, batch: number, ms: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  const startCpu = cpuMs();
  const end = start + ms;
  while (performance.now() < end) {
    if (batch === 1) await call();
    else await Promise.all(Array.from({ length: batch }, call));
    done += batch;
  }
  const elapsed = batch === 1 ? cpuMs() - startCpu : performance.now() - start;
  return (done * 1000) / elapsed;
}

/**
 * Interleaved short slices: each round gives every candidate one slice of SLICE_MS, in an order
 * that rotates from round to round, so a burst of load from other work on the machine hits all
 * candidates alike; the first WARMUP_ROUNDS rounds (JIT warm-up) are dropped, and each figure is
 * the median of a candidate's slices.
 */
async function measure(calls: [string, Call][], batch: number): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(calls.map(([name]) => [name, []]));
  // Fail loudly before measuring if a candidate does not actually work.
  for (const [, call] of calls) await call();
  const rounds = WARMUP_ROUNDS + Math.max(1, Math.round(TIME_MS / SLICE_MS));
  for (let round = 0; round < rounds; round++) {
    const shift = round % calls.length;
    for (const [name, call] of [...calls.slice(shift), ...calls.slice(0, shift)]) {
      const value = await slice(call, batch, SLICE_MS);
      if (round >= WARMUP_ROUNDS) samples.get(name)?.push(value);
    }
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

const rate = (value: number | undefined) =>
  value === undefined ? "–" : `${Math.round(value).toLocaleString("en-US")}/s`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

// The official SDK makes several times the garbage of the others per call: collected while the
// next candidate runs, it would be counted against that one. In-process it runs on its own, after.
const local = candidates("https://api.intercom.io", inProcessFetch as typeof fetch, false);
const OFFICIAL = "intercom-client (official)";
const inProcess = new Map([
  ...(await measure(
    local.filter(([name]) => name !== OFFICIAL),
    1,
  )),
  ...(await measure(
    local.filter(([name]) => name === OFFICIAL),
    1,
  )),
]);

const server = await startServer({
  entry: fileURLToPath(new URL("./server.mjs", import.meta.url)),
  args: [body],
  readyWhen: (line) => /listening on (\S+)/.exec(line)?.[1],
  name: "bench server",
});
let loopback: Map<string, number>;
try {
  loopback = await measure(candidates(server.url, fetch, true), IN_FLIGHT);
} finally {
  await server.stop();
}

const sizes = new Map([
  ["@intercom-toolkit/client", await bundleSize(`export * from "./dist/index.mjs";`, packageDir)],
  [
    NODE_ROW,
    await bundleSize(
      `export * from "./dist/index.mjs"; export * from "./dist/helpers.mjs"; export * from "./dist/node.mjs";`,
      packageDir,
    ),
  ],
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
const officialRate = loopback.get(OFFICIAL) ?? 1;
const rows = [...loopback.keys()].map((name) => {
  const size = sizes.get(name);
  const local = inProcess.get(name);
  return `| ${name} | ${rate(local)} | ${local === undefined ? "–" : `${(local / bareRate).toFixed(2)}x`} | ${rate(loopback.get(name))} | ${((loopback.get(name) ?? 0) / officialRate).toFixed(2)}x | ${size?.gzipped ? `${kib(size.minified)} / ${size.gzipped.toLocaleString("en-US")} B` : "0"} |`;
});
const own = sizes.get("@intercom-toolkit/client")?.gzipped ?? 0;
const withPlugins = await bundleSize(
  `export * from "./dist/index.mjs"; export * from "./dist/helpers.mjs"; export * from "./dist/throttle.mjs"; export * from "./dist/node.mjs";`,
  packageDir,
);
console.log(`
One \`companies.find\` (GET /companies?company_id=6), Node ${process.version}, median of ${Math.round(TIME_MS / SLICE_MS)} interleaved ${SLICE_MS} ms slices a client (in-process: calls per second of CPU time; loopback: per second):

| client | in-process fetch | vs bare openapi-fetch | loopback HTTP, ${IN_FLIGHT} in flight | vs official SDK | bundle (min / min+gzip -9) |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

The ESM entry (dist/index.mjs with openapi-fetch), bundled and minified by esbuild, gzip -9: ${own.toLocaleString("en-US")} bytes (budget ${BUDGET_BYTES.toLocaleString("en-US")}). With every plugin (helpers, throttle, node): ${withPlugins.gzipped.toLocaleString("en-US")} bytes.
`);
