import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { afterEach, describe, expect, it } from "vitest";
import { specExampleFixtures } from "../src/spec-examples.ts";
import { type CompanyBody, client, type ListBody, startSandbox } from "./helpers.ts";
import { freshDb, persistentDb } from "./support/backend.ts";

/** The demo holds the spec's example companies beside the generated ones. */
const exampleCompanies = specExampleFixtures(loadSpecModel()).companies?.length ?? 0;

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop(500)));
});

async function start(args: string[]): Promise<RunningServer> {
  const server = await startServer({
    entry: cli,
    args: ["--port", "0", ...args],
    name: "intercom-sandbox",
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
  });
  running.push(server);
  return server;
}

const tempDb = persistentDb;

describe("the intercom-sandbox command", () => {
  it("rejects bad flags with one line that says what to do", () => {
    for (const [args, pattern] of [
      [["--bogus"], /Unknown option '--bogus'/],
      [["--port", "http"], /--port must be an integer from 0 to 65535, got "http"/],
      [["--rate-limit", "lots"], /Invalid rate limit "lots"/],
      [["--chaos", "explode=1"], /Unknown chaos fault "explode"/],
      [["--fixtures", "/no/such/file.json"], /Could not read the fixtures file/],
      [["extra"], /Unexpected argument 'extra'/],
      [["--cors-origin", "localhost:4321/docs"], /--cors-origin takes origins such as/],
    ] as const) {
      const result = spawnSync(process.execPath, [cli, ...args, "--db", ":memory:"], {
        encoding: "utf8",
      });
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr).toMatch(/Run intercom-sandbox --help/);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--rate-limit <spec>/);
  });

  it("prints its URL, a token and an example call, and keeps data in its file across restarts", async () => {
    const db = await tempDb();
    const first = await start(["--db", db, "--demo", "--seed", "3"]);
    expect(first.output()).toContain(`token:    sandbox-token (${50 + exampleCompanies} companies`);
    expect(first.output()).toMatch(
      /try: +curl .*Authorization: Bearer sandbox-token.*\/companies\/list/,
    );
    const api = client(first.url, "sandbox-token");
    const listed = await api.call<ListBody>("POST", "/companies/list", { query: { per_page: 60 } });
    expect(listed.body.total_count).toBeGreaterThan(20);
    expect(listed.body.total_count).toBeLessThan(50 + exampleCompanies);
    const made = (
      await api.call<CompanyBody>("POST", "/companies", { body: { company_id: "mine" } })
    ).body;
    await first.stop();

    const second = await start(["--db", db, "--demo", "--seed", "3"]);
    // The demo data is not added twice, and what was written is still there.
    expect(second.output()).toContain(`(${51 + exampleCompanies} companies`);
    const again = await client(second.url, "sandbox-token").call<CompanyBody>(
      "GET",
      `/companies/${made.id}`,
    );
    expect(again.body.company_id).toBe("mine");
  });

  it("loads fixtures from a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "intercom-fixtures-"));
    const file = join(dir, "fixtures.json");
    writeFileSync(
      file,
      JSON.stringify({ companies: [{ company_id: "fx", name: "From a file", plan: "Pro" }] }),
    );
    const server = await start([
      "--db",
      await freshDb(),
      "--fixtures",
      file,
      "--token",
      "fixture-token",
    ]);
    const found = await client(server.url, "fixture-token").call<ListBody>("GET", "/companies", {
      query: { company_id: "fx" },
    });
    expect(found.body.data[0]).toMatchObject({ name: "From a file", plan: { name: "Pro" } });
  });
});

describe("demo data", () => {
  it("is the same for the same seed", async () => {
    const names = async (seed: number) => {
      const { sandbox, as } = await startSandbox({ demo: 10, seed, token: "demo" });
      try {
        const all = await as("demo").call<{ data: CompanyBody[] }>("GET", "/companies/scroll");
        return all.body.data
          .filter((c) => c.company_id.startsWith("demo-"))
          .map((c) => [c.name, c.size, c.plan.name, c.custom_attributes]);
      } finally {
        await sandbox.close();
      }
    };
    const first = await names(11);
    expect(first).toHaveLength(10);
    expect(await names(11)).toEqual(first);
    expect(await names(12)).not.toEqual(first);
  });
});

describe("durability", () => {
  it("keeps every acknowledged write after a SIGKILL under write load", async () => {
    const db = await tempDb();
    const server = await start(["--db", db, "--rate-limit", "off"]);
    const api = client(server.url, "durable-token");
    const acknowledged = new Map<string, { id: string; name: string }>();
    let stop = false;
    let killed = false;
    let written = 0;
    const failures: unknown[] = [];
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const companyId = `w${w}-${i}`;
        try {
          const created = await api.call<CompanyBody>("POST", "/companies", {
            body: { company_id: companyId, name: "v1" },
          });
          acknowledged.set(companyId, { id: created.body.id, name: "v1" });
          await api.call<CompanyBody>("PUT", `/companies/${created.body.id}`, {
            body: { name: "v2" },
          });
          acknowledged.set(companyId, { id: created.body.id, name: "v2" });
          written++;
        } catch (error) {
          // After the SIGKILL the server is gone: nothing after this was acknowledged. Before
          // it, a failure is the test's to report.
          if (!killed) failures.push(error);
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    // Poll until 400 writes are acknowledged, a writer fails, or 3,000 polls went by.
    for (let polls = 0; written < 400; polls++) {
      if (failures.length > 0) throw new Error(`A writer failed: ${String(failures[0])}`);
      if (polls >= 3000) throw new Error(`Only ${written} writes after 3,000 polls`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    killed = true;
    process.kill(-server.pid, "SIGKILL");
    stop = true;
    await Promise.all(writers);
    await server.stop();
    expect(acknowledged.size).toBeGreaterThanOrEqual(400);

    const restarted = await start(["--db", db, "--rate-limit", "off"]);
    const after = client(restarted.url, "durable-token");
    for (const [companyId, expected] of acknowledged) {
      const found = await after.call<ListBody>("GET", "/companies", {
        query: { company_id: companyId },
      });
      expect(found.status, companyId).toBe(200);
      expect(found.body.data[0]?.id).toBe(expected.id);
      if (expected.name === "v2") expect(found.body.data[0]?.name).toBe("v2");
    }
  });
});
