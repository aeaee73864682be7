// Against the real sandbox (a separate process, port 0): its rate limit and its chaos faults.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterEach, describe, expect, it } from "vitest";
import { createIntercomClient } from "../src/index.ts";

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

async function start(debug: string[], ...args: string[]) {
  sandbox = await startServer({
    entry: cli,
    args: ["--port", "0", "--db", ":memory:", "--token", TOKEN, ...args],
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    name: "sandbox",
  });
  return createIntercomClient({
    token: TOKEN,
    baseUrl: sandbox.url,
    logger: { debug: (line) => debug.push(line) },
  });
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
    const total = 2000;
    const debug: string[] = [];
    const client = await start(
      debug,
      "--demo-companies",
      String(total),
      "--chaos",
      "on",
      "--seed",
      "7",
    );
    const seen = new Map<string, number>();
    for await (const company of client.companies.scroll({ maxRestarts: 10 }))
      seen.set(company.id, (seen.get(company.id) ?? 0) + 1);
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    // The faults did happen (the same ones on every run: the chaos is seeded).
    expect(debug.length, debug.join("\n")).toBeGreaterThan(0);
  });
});
