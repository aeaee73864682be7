// Many sandbox processes on one PostgreSQL database behave as one sandbox: real `intercom-sandbox`
// processes, the run's throwaway cluster (runs in the `postgres` project only: several
// processes on one node:sqlite file is not a supported set-up).
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterEach, describe, expect, it } from "vitest";
import { type Answer, type Client, type CompanyBody, client, pool } from "./helpers.ts";
import { freshDb } from "./support/backend.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop(2000)));
});

/** Starts `count` sandbox processes on one new database. */
async function processes(count: number, args: string[] = []): Promise<RunningServer[]> {
  const db = await freshDb();
  // All at once: the migrations' advisory lock must keep concurrent starts from racing.
  return Promise.all(
    Array.from({ length: count }, async () => {
      const server = await startServer({
        entry: cli,
        args: ["--port", "0", "--db", db, "--db-pool", "4", "--rate-limit", "off", ...args],
        name: "intercom-sandbox",
        readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
      });
      running.push(server);
      return server;
    }),
  );
}

interface ScrollBody {
  data: CompanyBody[];
  scroll_param: string;
}

/** Every company of the workspace, by scrolling through `apis` in turn (one page each). */
async function scrollAll(apis: Client[]): Promise<CompanyBody[]> {
  const seen: CompanyBody[] = [];
  let param: string | undefined;
  for (let page = 0; ; page++) {
    const api = apis[page % apis.length] as Client;
    const answer: Answer<ScrollBody> = await api.call<ScrollBody>("GET", "/companies/scroll", {
      ...(param ? { query: { scroll_param: param } } : {}),
    });
    expect(answer.status).toBe(200);
    if (answer.body.data.length === 0) return seen;
    seen.push(...answer.body.data);
    param = answer.body.scroll_param;
  }
}

describe("several sandbox processes on one PostgreSQL", () => {
  it("200 concurrent upserts over 20 company_ids spread over 4 processes leave exactly 20 companies", async () => {
    const servers = await processes(4);
    const token = "shared-upserts";
    const apis = servers.map((server) => client(server.url, token));
    const answers = await pool(
      50,
      Array.from({ length: 200 }, (_, i) => () => {
        const api = apis[i % apis.length] as Client;
        return api.call<CompanyBody>("POST", "/companies", {
          body: {
            company_id: `acme-${i % 20}`,
            name: `Acme ${i}`,
            custom_attributes: { [`k${i}`]: i },
          },
        });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    // One id per company_id, whichever process answered.
    const ids = new Map<string, Set<string>>();
    for (const answer of answers) {
      const set = ids.get(answer.body.company_id) ?? new Set();
      set.add(answer.body.id);
      ids.set(answer.body.company_id, set);
    }
    expect(ids.size).toBe(20);
    for (const [companyId, set] of ids) expect(set.size, companyId).toBe(1);
    const all = await scrollAll(apis);
    expect(all).toHaveLength(20);
    expect(new Set(all.map((c) => c.company_id)).size).toBe(20);
    // Every upsert's attribute was merged in: none was lost to a concurrent one.
    for (const company of all) {
      const n = Number(company.company_id.slice("acme-".length));
      const keys = Object.keys(company.custom_attributes)
        .filter((key) => key !== "creation_source")
        .sort();
      expect(keys, company.company_id).toEqual(
        Array.from({ length: 10 }, (_, j) => `k${n + 20 * j}`).sort(),
      );
    }
  });

  it("continues a scroll started on one process on the others", async () => {
    const servers = await processes(3);
    const apis = servers.map((server) => client(server.url, "shared-scroll"));
    await pool(
      20,
      Array.from(
        { length: 130 },
        (_, i) => () =>
          (apis[i % 3] as Client).call("POST", "/companies", { body: { company_id: `s-${i}` } }),
      ),
    );
    // Page 1 on process 0, page 2 on process 1, page 3 on process 2, the end on process 0.
    const all = await scrollAll(apis);
    expect(all).toHaveLength(130);
    expect(new Set(all.map((c) => c.company_id)).size).toBe(130);
    // A scroll_param another workspace sends is refused on every process.
    const first = await (apis[0] as Client).call<ScrollBody>("GET", "/companies/scroll");
    const stranger = client((servers[1] as RunningServer).url, "another-workspace");
    const refused = await stranger.call("GET", "/companies/scroll", {
      query: { scroll_param: first.body.scroll_param },
    });
    expect(refused.status).toBe(404);
  });

  it("serves one address from several processes (--reuse-port)", async () => {
    const db = await freshDb();
    const start = (port: number) =>
      startServer({
        entry: cli,
        args: ["--port", String(port), "--reuse-port", "--db", db, "--rate-limit", "off", "--log"],
        name: "intercom-sandbox",
        readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
      }).then((server) => {
        running.push(server);
        return server;
      });
    const first = await start(0);
    const port = Number(new URL(first.url).port);
    const servers = [first, await start(port), await start(port)];
    const api = client(first.url, "one-address");
    const answers = await pool(
      20,
      Array.from(
        { length: 60 },
        (_, i) => () =>
          api.call<CompanyBody>("POST", "/companies", { body: { company_id: `one-${i}` } }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await scrollAll([api])).toHaveLength(60);
    // The kernel spread the connections: more than one process logged requests.
    const served = servers.filter((server) => /"url":"\/companies"/.test(server.output()));
    expect(served.length).toBeGreaterThan(1);
  });

  it("counts rate limits across processes", async () => {
    const limit = 30;
    const servers = await processes(3, ["--rate-limit", `${limit}/10s`]);
    const apis = servers.map((server) => client(server.url, "shared-limit"));
    const answers = await pool(
      30,
      Array.from(
        { length: 120 },
        (_, i) => () => (apis[i % 3] as Client).call("GET", "/tags", { allowUndeclared: [429] }),
      ),
    );
    // Grouped by window (x-ratelimit-reset): each window allowed exactly `limit` requests, or
    // all of them if fewer came, whichever process answered.
    const windows = new Map<string, { allowed: number; total: number }>();
    for (const answer of answers) {
      expect([200, 429]).toContain(answer.status);
      const key = answer.headers.get("x-ratelimit-reset") ?? "";
      const window = windows.get(key) ?? { allowed: 0, total: 0 };
      window.total++;
      if (answer.status === 200) window.allowed++;
      windows.set(key, window);
    }
    console.log(
      `rate limit ${limit}/10s over 3 processes: ${[...windows.values()].map((w) => `${w.allowed} of ${w.total}`).join(", ")} allowed per window`,
    );
    for (const [reset, window] of windows) {
      expect(window.allowed, `window ending ${reset}`).toBe(Math.min(limit, window.total));
    }
    // 120 requests in at most a few windows: at least one window was over the limit.
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
  });

  it("loses no acknowledged write when one process is killed with SIGKILL under load", async () => {
    const [victim, survivor] = (await processes(2)) as [RunningServer, RunningServer];
    const api = client(victim.url, "durable-shared");
    const acknowledged = new Map<string, string>();
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const made = await api.call<CompanyBody>("POST", "/companies", {
            body: { company_id: `k${w}-${i}`, name: "kept" },
          });
          acknowledged.set(made.body.company_id, made.body.id);
        } catch {
          return; // The process is gone: nothing after this was acknowledged.
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(-victim.pid, "SIGKILL");
    stop = true;
    await Promise.all(writers);
    console.log(`SIGKILL under load: ${acknowledged.size} acknowledged writes to check`);
    const other = client(survivor.url, "durable-shared");
    for (const [companyId, id] of acknowledged) {
      const found = await other.call<{ data: CompanyBody[] }>("GET", "/companies", {
        query: { company_id: companyId },
      });
      expect(found.status, companyId).toBe(200);
      expect(found.body.data[0]?.id).toBe(id);
    }
  });
});
