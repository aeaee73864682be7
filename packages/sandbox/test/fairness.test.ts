// Fair and tidy: per-request work is bounded (at most MAX_CUSTOM_ATTRIBUTES custom attributes a
// company), so one workspace sending huge companies does not stall another; and a workspace row
// is written on a token's first write only, never by reads or unknown routes.
import { fileURLToPath } from "node:url";
import { startServer } from "@intercom-toolkit/server-process";
import { describe, expect, it } from "vitest";
import { MAX_CUSTOM_ATTRIBUTES } from "../src/limits.ts";
import { type CompanyBody, client, startSandbox } from "./helpers.ts";
import { countRows, freshDb, persistentDb } from "./support/backend.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const attributes = (count: number, prefix = "k") =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, i]));

describe("custom attributes per company", () => {
  it("accepts up to the limit, merged, and refuses more with a clear 400", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const full = await api.call<CompanyBody>("POST", "/companies", {
        // creation_source is one of them.
        body: { company_id: "full", custom_attributes: attributes(MAX_CUSTOM_ATTRIBUTES - 1) },
      });
      expect(full.status).toBe(200);
      expect(Object.keys(full.body.custom_attributes)).toHaveLength(MAX_CUSTOM_ATTRIBUTES);
      // One more, after merging, is too many; unsetting one makes room.
      const over = await api.call("PUT", `/companies/${full.body.id}`, {
        body: { custom_attributes: { extra: 1 } },
      });
      expect(over.status).toBe(400);
      expect(over.body.errors).toEqual([
        {
          code: "bad_request",
          field: "custom_attributes",
          message: `A company can hold at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would leave ${MAX_CUSTOM_ATTRIBUTES + 1}. Unset some (send them as null) or store the data elsewhere.`,
        },
      ]);
      const swapped = await api.call<CompanyBody>("PUT", `/companies/${full.body.id}`, {
        body: { custom_attributes: { extra: 1, k0: null } },
      });
      expect(swapped.status).toBe(200);
      expect(swapped.body.custom_attributes).toHaveProperty("extra", 1);
      expect(swapped.body.custom_attributes).not.toHaveProperty("k0");
    } finally {
      await sandbox.close();
    }
  });

  it("keeps serving one workspace while another sends companies with 60,000 custom attributes", async () => {
    // The sandbox in its own process, so that this test's own work does not count.
    const server = await startServer({
      entry: cli,
      args: ["--port", "0", "--db", await freshDb(), "--rate-limit", "off"],
      name: "intercom-sandbox",
      readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    });
    try {
      const heavy = client(server.url, "heavy-token");
      const light = client(server.url, "light-token");
      const own = await light.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "light" },
      });
      const read = () => light.call("GET", `/companies/${own.body.id}`);
      const latencies = async (count: number) => {
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          expect((await read()).status).toBe(200);
          times.push(performance.now() - started);
        }
        return times.sort((a, b) => a - b);
      };
      const alone = await latencies(200);

      // The heavy workspace upserts a company of 60,000 attributes (about 0.9 MB), 20 times in a
      // row, while the light workspace reads one company after another.
      // Encoded once: this process's own work must not hold up its light reads.
      const rawBody = JSON.stringify({ company_id: "huge", custom_attributes: attributes(60_000) });
      let heavyDone = 0;
      let lightDuringHeavy = 0;
      const heavyAnswers = (async () => {
        const answers = [];
        for (let i = 0; i < 20; i++) {
          answers.push(await heavy.call("POST", "/companies", { rawBody }));
          heavyDone++;
        }
        return answers;
      })();
      const underLoad: number[] = [];
      while (heavyDone < 20) {
        const started = performance.now();
        expect((await read()).status).toBe(200);
        underLoad.push(performance.now() - started);
        if (heavyDone < 20) lightDuringHeavy++;
      }
      const answers = await heavyAnswers;
      underLoad.sort((a, b) => a - b);
      const p = (times: number[], q: number) =>
        (times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0).toFixed(2);
      console.log(
        `light workspace GET: alone p50 ${p(alone, 0.5)} ms, p99 ${p(alone, 0.99)} ms; while the heavy one sent 20 x 60,000 attributes: ${underLoad.length} reads, p50 ${p(underLoad, 0.5)} ms, max ${p(underLoad, 1)} ms`,
      );
      // Each huge body is refused before it is even parsed, and nothing of it is stored.
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect((answer.body.errors as { message: string }[])[0]?.message).toMatch(
          /more than 5,000 fields/,
        );
      }
      expect(
        (await heavy.call("GET", "/companies", { query: { company_id: "huge" } })).status,
      ).toBe(404);
      // The light workspace's reads went on between the heavy requests: a count, not a clock.
      expect(lightDuringHeavy).toBeGreaterThanOrEqual(5);
    } finally {
      await server.stop();
    }
  });
});

describe("workspace rows", () => {
  it("are written on a token's first write only, never by reads or unknown routes", async () => {
    const db = await persistentDb();
    const { sandbox } = await startSandbox({ db });
    const rows = () => countRows(db, "SELECT count(*) AS n FROM workspaces");
    try {
      for (let i = 0; i < 50; i++) {
        const api = client(sandbox.url, `reader-${i}`);
        await api.call("GET", "/companies");
        await api.call("POST", "/companies/list");
        await api.call("GET", "/companies/scroll");
        await api.call("GET", "/companies/6657a8066abd0160d35d1e16");
        await api.call("PUT", "/companies/6657a8066abd0160d35d1e16", { body: { name: "x" } });
        await api.call("GET", "/tags");
        await api.call("GET", "/nowhere");
        await api.call("POST", "/companies", { body: { company_id: 7 } });
      }
      expect(await rows()).toBe(0);
      const writer = client(sandbox.url, "writer");
      await writer.call("POST", "/companies", { body: { company_id: "first" } });
      await writer.call("POST", "/companies", { body: { company_id: "second" } });
      expect(await rows()).toBe(1);
      await client(sandbox.url, "contact-writer").call("POST", "/contacts", {
        body: { email: "a@example.com" },
      });
      expect(await rows()).toBe(2);
    } finally {
      await sandbox.close();
    }
  });
});
