// One candidate of `pnpm bench` in a process of its own (started by bench/run.ts): its own JIT
// and its own garbage, as in an app that uses one client. In one shared process, bare
// openapi-fetch and this client ran the same openapi-fetch functions with different shapes, so
// the optimized code (and the figures) depended on which ran first.
//   node bench/candidate.ts <candidate> <base URL> (in-process | loopback)
// Answers each message `{ ms }` from the parent with `{ rate }`: calls per CPU-second in-process
// (one call at a time), calls per second over loopback (IN_FLIGHT at a time).
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
// By the package's own name, as an app imports it: Node.js resolves the `node` export condition.
import { createIntercomClient } from "@intercom-toolkit/client";
import { helpers } from "@intercom-toolkit/client/helpers";
import { IntercomClient } from "intercom-client";
import createClient from "openapi-fetch";
import { BODY, CANDIDATES, type CandidateName, IN_FLIGHT, TOKEN } from "./candidates.ts";

type Call = () => Promise<unknown>;

const [name, baseUrl, mode] = process.argv.slice(2) as [CandidateName, string, string];
if (!CANDIDATES.includes(name) || !baseUrl || (mode !== "in-process" && mode !== "loopback")) {
  throw new Error(
    `Usage: node bench/candidate.ts <${CANDIDATES.join("|")}> <base URL> (in-process | loopback)`,
  );
}

const answerHeaders = {
  "content-type": "application/json",
  "x-ratelimit-limit": "10000",
  "x-ratelimit-remaining": "9999",
};
/** Answers at once, like a server with no latency: what is left is each client's own cost. */
const inProcessFetch = async (_input: RequestInfo | URL, _init?: RequestInit) =>
  new Response(BODY, { headers: answerHeaders });
const fetchImpl = (mode === "in-process" ? inProcessFetch : fetch) as typeof fetch;

// What the client sends on every request: the bare candidates send the same, to be fair.
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const USER_AGENT = `intercom-toolkit-client/${version}`;
const HEADERS = {
  Authorization: `Bearer ${TOKEN}`,
  "Intercom-Version": "2.7",
  "User-Agent": USER_AGENT,
};

function build(): Call {
  switch (name) {
    case "@intercom-toolkit/client":
    case "@intercom-toolkit/client on fetch": {
      // Over loopback the default client sends with its default transport (nodeFetch() on
      // Node.js); "on fetch" is given Node.js's fetch instead.
      const fetch =
        mode === "in-process" ? fetchImpl : name === CANDIDATES[0] ? undefined : fetchImpl;
      const client = createIntercomClient({
        token: TOKEN,
        baseUrl,
        fetch,
        userAgent: USER_AGENT,
        plugins: [helpers()],
      });
      return () => client.companies.find({ companyId: "6" });
    }
    case "openapi-fetch (bare)": {
      const bare = createClient<import("@intercom-toolkit/types").paths>({
        baseUrl,
        fetch: fetchImpl,
        headers: HEADERS,
      });
      return () => bare.GET("/companies", { params: { query: { company_id: "6" } } });
    }
    case "fetch (raw)": {
      const url = `${baseUrl}/companies?company_id=6`;
      const init = { headers: { ...HEADERS, Accept: "application/json" } };
      return async () => (await fetchImpl(url, init)).json();
    }
    case "intercom-client (official)": {
      const official = new IntercomClient({
        token: TOKEN,
        baseUrl,
        fetch: fetchImpl,
        version: "2.7",
      });
      return () => official.companies.retrieve({ company_id: "6" });
    }
  }
}

const call = build();
const batch = mode === "in-process" ? 1 : IN_FLIGHT;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function slice(ms: number): Promise<number> {
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
 * Bytes per call that outlive a young-generation collection, sampled by V8's heap profiler over
 * `calls` calls: what a call leaves for the slower old-generation collector. A client that keeps
 * a finished call's answer reachable (as this one did) promotes nearly all of it.
 */
async function survivingBytesPerCall(calls: number): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false,
  });
  for (let index = 0; index < calls; index++) await call();
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();
  let bytes = 0;
  const walk = (node: { selfSize: number; children: (typeof node)[] }) => {
    bytes += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);
  return bytes / calls;
}

// Fail loudly before measuring if the candidate does not actually work.
await call();
process.on("message", (message: { ms?: number; survivorsOf?: number }) => {
  if (message.survivorsOf !== undefined)
    void survivingBytesPerCall(message.survivorsOf).then((bytes) => process.send?.({ bytes }));
  else void slice(message.ms ?? 0).then((rate) => process.send?.({ rate }));
});
process.send?.({ ready: true });
