// Against the real sandbox (a separate process, port 0): its rate limit and its chaos faults.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterEach, describe, expect, it } from "vitest";
import { createIntercomClient } from "./support/client.ts";

const cli = join(
  dirname(createRequire(import.meta.url).resolve("@intercom-toolkit/sandbox/package.json")),
  "dist/cli.mjs",
);
const TOKEN = "client-test-token";

let sandbox: RunningServer | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function launch(...args: string[]): Promise<RunningServer> {
  sandbox = await startServer({
    entry: cli,
    args: ["--port", "0", "--db", ":memory:", "--token", TOKEN, ...args],
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    name: "sandbox",
  });
  return sandbox;
}

async function start(debug: string[], ...args: string[]) {
  const server = await launch(...args);
  return createIntercomClient({
    token: TOKEN,
    baseUrl: server.url,
    logger: { debug: (line) => debug.push(line) },
  });
}

/**
 * The `company_id` of every company of a sandbox started with these flags, by a plain `fetch`
 * scroll of a fault-free twin (not by the client under test). The demo data is more than the
 * generated companies (it also holds the spec examples' companies), so the count is read, not
 * assumed.
 */
async function companyIdsOf(...args: string[]): Promise<string[]> {
  const server = await launch(...args);
  const headers = { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.7" };
  const ids: string[] = [];
  try {
    let param: string | undefined;
    for (;;) {
      const url = new URL("/companies/scroll", server.url);
      if (param !== undefined) url.searchParams.set("scroll_param", param);
      const answer = await fetch(url, { headers });
      if (!answer.ok) throw new Error(`reference scroll: ${answer.status} ${await answer.text()}`);
      const page = (await answer.json()) as {
        data: { company_id: string }[];
        scroll_param: string;
      };
      if (page.data.length === 0) return ids;
      ids.push(...page.data.map((company) => company.company_id));
      param = page.scroll_param;
    }
  } finally {
    await server.stop();
    sandbox = undefined;
  }
}

describe("the client against the sandbox", () => {
  it("gets 50 concurrent first pages of companies.list() through the rate limit", async () => {
    // 20 requests per 2-second window: 30 of the 50 first meet a 429 and wait for the reset.
    const debug: string[] = [];
    const client = await start(debug, "--demo-companies", "40", "--rate-limit", "20/2s");
    const firsts = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const { value } = await client.companies.list({ perPage: 5 }).pages().next();
        return value?.data.length;
      }),
    );
    expect(firsts).toEqual(Array(50).fill(5));
    expect(debug.filter((line) => line.includes("answered 429")).length).toBeGreaterThan(0);
  });

  it("scrolls every company exactly once through --chaos on", async () => {
    const data = ["--demo-companies", "2000", "--seed", "7"];
    const expected = await companyIdsOf(...data);
    expect(new Set(expected).size).toBe(expected.length);
    const debug: string[] = [];
    const client = await start(debug, ...data, "--chaos", "on");
    const seen = new Map<string, number>();
    for await (const company of client.companies.scroll({ maxRestarts: 10 })) {
      const id = company.company_id ?? company.id;
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([...expected].sort());
    expect([...seen.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    // The faults did happen (the same ones on every run: the chaos is seeded).
    expect(debug.length, debug.join("\n")).toBeGreaterThan(0);
  });
});
