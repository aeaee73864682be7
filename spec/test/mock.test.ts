// The Prism mock that `pnpm --filter @intercom-toolkit/spec mock` serves answers every
// operation, and stopping it leaves no process behind.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  isAlive,
  processGroupGone,
  type RunningServer,
  startServer,
} from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specDir } from "./helpers.ts";

const run = promisify(execFile);
let mock: RunningServer;

/** Starts `scripts/mock.ts`; `prismGroup` is Prism's process group (mock.ts starts it in its own). */
async function startMock(): Promise<RunningServer & { prismGroup: number }> {
  // Port 0: Prism binds a port the OS picks and mock.ts prints it, so no port is freed and re-bound.
  const started = await startServer({
    name: "spec mock",
    entry: join(specDir, "scripts", "mock.ts"),
    args: ["--port", "0"],
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    // mock.ts gives Prism 3 s after SIGTERM: it must outlive that to stop Prism.
    graceMs: 20_000,
  });
  const prismGroup = Number(/Prism: process group (\d+)/.exec(started.output())?.[1]);
  return Object.assign(started, { prismGroup });
}

beforeAll(async () => {
  mock = await startMock();
});

afterAll(async () => {
  await mock?.stop();
});

const headers = {
  Authorization: "Bearer test-token",
  "Intercom-Version": "2.7",
  "Content-Type": "application/json",
};
const calls: [string, string, string, object | undefined, string][] = [
  [
    "upsertCompany",
    "POST",
    "/companies",
    { company_id: "company_remote_id", name: "my company" },
    "company",
  ],
  ["findCompanies", "GET", "/companies?company_id=company_remote_id", undefined, "list"],
  ["retrieveCompany", "GET", "/companies/6657a8066abd0160d35d1e16", undefined, "company"],
  ["updateCompany", "PUT", "/companies/6657a8066abd0160d35d1e16", { name: "company2" }, "company"],
  ["deleteCompany", "DELETE", "/companies/6657a8066abd0160d35d1e16", undefined, "company"],
  ["listCompanyContacts", "GET", "/companies/6657a8066abd0160d35d1e16/contacts", undefined, "list"],
  ["listCompanySegments", "GET", "/companies/6657a8066abd0160d35d1e16/segments", undefined, "list"],
  ["listCompanies", "POST", "/companies/list?order=asc&per_page=15", undefined, "list"],
  ["scrollCompanies", "GET", "/companies/scroll", undefined, "list"],
  [
    "attachContactToCompany",
    "POST",
    "/contacts/6657a8126abd0160d35d1e4b/companies",
    { id: "6657a8156abd0160d35d1e55" },
    "company",
  ],
  [
    "listContactCompanies",
    "GET",
    "/contacts/6657a8126abd0160d35d1e4b/companies",
    undefined,
    "list",
  ],
  [
    "detachContactFromCompany",
    "DELETE",
    "/contacts/6657a8126abd0160d35d1e4b/companies/6657a8186abd0160d35d1e65",
    undefined,
    "company",
  ],
];

describe("the spec's mock server", () => {
  it("prints its URL on 127.0.0.1 and an example call", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.output()).toContain(`curl -s -H 'Authorization: Bearer`);
  });

  it.each(calls)("answers %s (%s %s)", async (_, method, path, body, type) => {
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { type?: string; object?: string };
    expect(json.type ?? json.object).toBe(type);
  });

  it("answers 401 without a token", async () => {
    const response = await fetch(`${mock.url}/companies/6657a8066abd0160d35d1e16`);
    expect(response.status).toBe(401);
  });

  it("leaves no process behind once stopped", async () => {
    // A mock of its own, so the other tests keep theirs whatever the order.
    const own = await startMock();
    expect(own.prismGroup).toBeGreaterThan(1);
    await own.stop();
    expect(isAlive(own.pid)).toBe(false);
    // Only this test's own process groups: another run of the project may serve a mock too.
    expect(await processGroupGone(own.pid)).toBe(true);
    expect(await processGroupGone(own.prismGroup)).toBe(true);
  });
});

describe("the bundled spec", () => {
  it("is what spec/openapi.yaml produces now", async () => {
    const { stdout } = await run(process.execPath, [
      join(specDir, "scripts", "bundle.ts"),
      "--check",
    ]);
    expect(stdout).toContain("is up to date");
  });
});
