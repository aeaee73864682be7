// `pnpm bench`: one `companies.find` through this client, bare openapi-fetch, a raw fetch and the
// official intercom-client, side by side: in-process (a fetch that answers at once) and over
// loopback HTTP with 50 requests in flight; then the bundle size of each. Numbers depend on the
// machine and its load: compare the columns of one run, not runs of different machines. Each
// candidate runs in a process of its own (bench/candidate.ts); this one interleaves their slices.

import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startServer } from "@intercom-toolkit/server-process";
import { BUDGET_BYTES, bundleSize } from "../scripts/size.ts";
import { BODY, CANDIDATES, type CandidateName, IN_FLIGHT } from "./candidates.ts";

// Measured time per candidate and table, cut into slices (see measure()).
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 5000);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 100);
const WARMUP_ROUNDS = 5;
const SURVIVOR_CALLS = 20_000;
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const candidateEntry = fileURLToPath(new URL("./candidate.ts", import.meta.url));
// V8's defaults, as apps run. BENCH_V8_FLAGS passes flags to every candidate (for instance
// "--no-allocation-site-pretenuring", which hid most of what a client kept past the call: see the
// "kept past young GC" column and the README).
const V8_FLAGS = (process.env.BENCH_V8_FLAGS ?? "").split(" ").filter(Boolean);
const ON_FETCH: CandidateName = "@intercom-toolkit/client on fetch";
const OFFICIAL: CandidateName = "intercom-client (official)";

interface Runner {
  name: CandidateName;
  child: ChildProcess;
  /** Runs one slice of `ms` in the candidate's process; its rate. */
  slice: (ms: number) => Promise<number>;
  /** Bytes per call that outlive a young-generation collection, over `calls` calls. */
  survivors: (calls: number) => Promise<number>;
}

/** Starts a candidate in its own process (bench/candidate.ts), ready once it made one call. */
async function startRunner(name: CandidateName, baseUrl: string, mode: string): Promise<Runner> {
  const child = fork(candidateEntry, [name, baseUrl, mode], {
    stdio: "inherit",
    execArgv: [...process.execArgv, ...V8_FLAGS],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`${name} (${mode}) exited with ${code}`))),
  );
  const next = () =>
    Promise.race([
      new Promise<{ rate?: number; bytes?: number }>((resolve) => child.once("message", resolve)),
      exited,
    ]);
  await next();
  return {
    name,
    child,
    slice: async (ms) => {
      const reply = next();
      child.send({ ms });
      return (await reply).rate ?? 0;
    },
    survivors: async (calls) => {
      const reply = next();
      child.send({ survivorsOf: calls });
      return (await reply).bytes ?? 0;
    },
  };
}

/**
 * Interleaved short slices: each round gives every candidate one slice of SLICE_MS, in an order
 * that rotates from round to round, so a burst of load from other work on the machine hits all
 * candidates alike; the first WARMUP_ROUNDS rounds (JIT warm-up) are dropped, and each figure is
 * the median of a candidate's slices. Each candidate runs in its own process (bench/candidate.ts).
 */
async function measure(
  names: readonly CandidateName[],
  baseUrl: string,
  mode: "in-process" | "loopback",
): Promise<Map<string, { rate: number; survivors?: number }>> {
  const runners: Runner[] = [];
  try {
    for (const name of names) runners.push(await startRunner(name, baseUrl, mode));
    const samples = new Map<string, number[]>(names.map((name) => [name, []]));
    const rounds = WARMUP_ROUNDS + Math.max(1, Math.round(TIME_MS / SLICE_MS));
    for (let round = 0; round < rounds; round++) {
      const shift = round % runners.length;
      for (const runner of [...runners.slice(shift), ...runners.slice(0, shift)]) {
        const value = await runner.slice(SLICE_MS);
        if (round >= WARMUP_ROUNDS) samples.get(runner.name)?.push(value);
      }
    }
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const results = new Map<string, { rate: number; survivors?: number }>();
    for (const runner of runners) {
      const rate = median(samples.get(runner.name) ?? []);
      // After the timed slices: the heap profiler slows the calls it samples.
      const survivors = mode === "in-process" ? await runner.survivors(SURVIVOR_CALLS) : undefined;
      results.set(runner.name, { rate, survivors });
    }
    return results;
  } finally {
    for (const runner of runners) runner.child.kill();
  }
}

const rate = (value: number | undefined) =>
  value === undefined ? "–" : `${Math.round(value).toLocaleString("en-US")}/s`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

// In-process there is no transport to choose: the "on fetch" row would be the one above.
const inProcess = await measure(
  CANDIDATES.filter((name) => name !== ON_FETCH),
  "https://api.intercom.io",
  "in-process",
);

const server = await startServer({
  entry: fileURLToPath(new URL("./server.mjs", import.meta.url)),
  args: [BODY],
  readyWhen: (line) => /listening on (\S+)/.exec(line)?.[1],
  name: "bench server",
});
let loopback: Awaited<ReturnType<typeof measure>>;
try {
  loopback = await measure(CANDIDATES, server.url, "loopback");
} finally {
  await server.stop();
}

const sizes = new Map([
  ["@intercom-toolkit/client", await bundleSize(`export * from "./dist/index.mjs";`, packageDir)],
  [ON_FETCH, await bundleSize(`export * from "./dist/index.mjs";`, packageDir)],
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

const bareRate = inProcess.get("openapi-fetch (bare)")?.rate ?? 1;
const officialRate = loopback.get(OFFICIAL)?.rate ?? 1;
const rows = CANDIDATES.map((name) => {
  const size = sizes.get(name);
  const local = inProcess.get(name);
  const remote = loopback.get(name)?.rate;
  const survivors =
    local?.survivors === undefined
      ? "–"
      : `${Math.round(local.survivors).toLocaleString("en-US")} B`;
  return `| ${name} | ${rate(local?.rate)} | ${local === undefined ? "–" : `${(local.rate / bareRate).toFixed(2)}x`} | ${survivors} | ${rate(remote)} | ${((remote ?? 0) / officialRate).toFixed(2)}x | ${size?.gzipped ? `${kib(size.minified)} / ${size.gzipped.toLocaleString("en-US")} B` : "0"} |`;
});
const own = sizes.get("@intercom-toolkit/client")?.gzipped ?? 0;
const nodeEntry = await bundleSize(`export * from "./dist/index.node.mjs";`, packageDir, "node");
const withPlugins = await bundleSize(
  `export * from "./dist/index.mjs"; export * from "./dist/helpers.mjs"; export * from "./dist/throttle.mjs"; export * from "./dist/node.mjs";`,
  packageDir,
);
console.log(`
One \`companies.find\` (GET /companies?company_id=6), Node ${process.version}${V8_FLAGS.length ? ` (${V8_FLAGS.join(" ")})` : ""}, each client in its own process, median of ${Math.round(TIME_MS / SLICE_MS)} interleaved ${SLICE_MS} ms slices a client (in-process: calls per second of CPU time; loopback: per second). "Kept past young GC": bytes a call leaves that outlive a young-generation collection, sampled by V8's heap profiler over ${SURVIVOR_CALLS.toLocaleString("en-US")} calls after the slices:

| client | in-process fetch | vs bare openapi-fetch | kept past young GC, per call | loopback HTTP, ${IN_FLIGHT} in flight | vs official SDK | bundle (min / min+gzip -9) |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

The ESM entry (dist/index.mjs with openapi-fetch: what bundlers for browsers and edge runtimes resolve), bundled and minified by esbuild, gzip -9: ${own.toLocaleString("en-US")} bytes (budget ${BUDGET_BYTES.toLocaleString("en-US")}). With every plugin (helpers, throttle, node): ${withPlugins.gzipped.toLocaleString("en-US")} bytes. The entry Node.js resolves (dist/index.node.mjs, the \`node\` condition, with nodeFetch() as its transport): ${nodeEntry.gzipped.toLocaleString("en-US")} bytes.
`);
