// `pnpm start` (scripts/start.ts, run after the build): the sandbox answers every operation,
// the docs are served, and stopping it leaves no process behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isAlive,
  processGroupGone,
  type RunningServer,
  startServer,
} from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpecModel } from "../../spec/src/load.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let start: RunningServer;
let docsUrl = "";
const dataDirs: string[] = [];

/** Runs `pnpm start`'s script; `docsGroup` is the docs server's own process group. */
async function launch(): Promise<RunningServer & { docsGroup: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "start-"));
  dataDirs.push(dataDir);
  const db = join(dataDir, "sandbox.db");
  const started = await startServer({
    name: "pnpm start",
    entry: join(root, "scripts", "start.ts"),
    // Port 0 for both: the servers bind ports the OS picks and start.ts prints them, so no port
    // is freed and then re-bound by someone else.
    args: ["--port", "0", "--docs-port", "0", "--db", db],
    readyWhen: (line) => (line.includes("Ctrl-C stops both") ? "ready" : undefined),
    timeoutMs: 60_000,
    // start.ts gives the docs server and the sandbox their own grace: it must outlive both.
    graceMs: 30_000,
  });
  const output = started.output();
  started.url = /sandbox API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";
  const docsGroup = Number(/docs server: process group (\d+)/.exec(output)?.[1]);
  return Object.assign(started, { docsGroup });
}

beforeAll(async () => {
  start = await launch();
  docsUrl = /Documentation\s+(http:\/\/127\.0\.0\.1:\d+\/?)/.exec(start.output())?.[1] ?? "";
});

afterAll(async () => {
  await start?.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const token = "sandbox-token";
async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${start.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      "Intercom-Version": "2.7",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("pnpm start", () => {
  it("prints the sandbox URL, the docs URL, a token and an example call", () => {
    expect(start.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(docsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
    expect(start.output()).toContain(`Token: ${token}`);
    expect(start.output()).toContain("createIntercomClient(");
    // The environment the docs' samples read, ready to copy.
    expect(start.output()).toContain(
      `export INTERCOM_BASE_URL=${start.url} INTERCOM_ACCESS_TOKEN=${token}`,
    );
  });

  it("lets the docs' Try it call the sandbox from the browser (CORS for the docs' origin only)", async () => {
    const origin = new URL(docsUrl).origin;
    const preflight = (from: string) =>
      fetch(`${start.url}/companies/list`, {
        method: "OPTIONS",
        headers: {
          Origin: from,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization,intercom-version",
        },
      });
    const allowed = await preflight(origin);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(origin);
    const other = await preflight("http://elsewhere.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves the docs", async () => {
    const response = await fetch(docsUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Intercom");
  });

  it("answers every operation of the spec on seeded demo data", async () => {
    const seen: Record<string, number> = {};
    const listed = await call("POST", "/companies/list?per_page=5&order=desc");
    seen.listCompanies = listed.status;
    expect((listed.json.data as unknown[]).length).toBe(5);

    const upsert = await call("POST", "/companies", {
      company_id: "start-test",
      name: "Start Test",
    });
    seen.upsertCompany = upsert.status;
    const id = String(upsert.json.id);
    seen.findCompanies = (await call("GET", "/companies?company_id=start-test")).status;
    seen.retrieveCompany = (await call("GET", `/companies/${id}`)).status;
    seen.updateCompany = (await call("PUT", `/companies/${id}`, { industry: "Testing" })).status;
    seen.scrollCompanies = (await call("GET", "/companies/scroll")).status;

    const contact = await call("POST", "/contacts", {
      role: "user",
      external_id: "start-test-user",
    });
    expect(contact.status).toBe(200);
    const contactId = String(contact.json.id);
    const attached = await call("POST", `/contacts/${contactId}/companies`, { id });
    seen.attachContactToCompany = attached.status;
    expect(attached.json.user_count).toBe(1);
    seen.listContactCompanies = (await call("GET", `/contacts/${contactId}/companies`)).status;
    seen.listCompanyContacts = (await call("GET", `/companies/${id}/contacts`)).status;
    seen.listCompanySegments = (await call("GET", `/companies/${id}/segments`)).status;
    seen.detachContactFromCompany = (
      await call("DELETE", `/contacts/${contactId}/companies/${id}`)
    ).status;
    seen.deleteCompany = (await call("DELETE", `/companies/${id}`)).status;
    expect((await call("GET", `/companies/${id}`)).status).toBe(404);

    const operations = loadSpecModel().operations.map((operation) => operation.operationId);
    expect(Object.keys(seen).sort()).toEqual(operations.sort());
    expect(Object.entries(seen).filter(([, status]) => status !== 200)).toEqual([]);
  });

  it("stops the sandbox and the docs server, leaving no process behind", async () => {
    // Its own instance, so the other tests keep theirs whatever the order.
    const own = await launch();
    expect(own.docsGroup).toBeGreaterThan(1);
    await own.stop();
    expect(isAlive(own.pid)).toBe(false);
    // Only this test's own process groups: another run of the project may serve docs too.
    expect(await processGroupGone(own.pid)).toBe(true);
    expect(await processGroupGone(own.docsGroup)).toBe(true);
  });
});
