// `pnpm start` (scripts/start.ts, run after the build): the sandbox answers all 12 operations,
// the docs are served, and stopping it leaves no process behind.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  freePort,
  isAlive,
  type RunningServer,
  startServer,
} from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let start: RunningServer;
let docsUrl = "";

beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "start-")), "sandbox.db");
  start = await startServer({
    name: "pnpm start",
    entry: join(root, "scripts", "start.ts"),
    args: ["--port", String(await freePort()), "--docs-port", String(await freePort()), "--db", db],
    readyWhen: (line) => (line.includes("Ctrl-C stops both") ? "ready" : undefined),
    timeoutMs: 60_000,
  });
  const output = start.output();
  start.url = /sandbox API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";
  docsUrl = /Documentation\s+(http:\/\/127\.0\.0\.1:\d+\/?)/.exec(output)?.[1] ?? "";
});

afterAll(async () => {
  await start?.stop();
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

  it("answers all 12 operations of the spec on seeded demo data", async () => {
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

    expect(Object.keys(seen)).toHaveLength(12);
    expect(Object.entries(seen).filter(([, status]) => status !== 200)).toEqual([]);
  });

  it("stops the sandbox and the docs server, leaving no process behind", async () => {
    const { pid } = start;
    await start.stop();
    expect(isAlive(pid)).toBe(false);
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(
      processes
        .split("\n")
        .filter((line) => line.includes(join(root, "apps", "docs", "scripts", "serve.ts"))),
    ).toEqual([]);
  });
});
