// The plugins around the routes (http/plugins/), for the mutants the other tests left alive: an
// unexpected failure (a storage throwing) answers 500 and is reported on stderr with its stack,
// while a client's mistake is not; and with rate limits and chaos both on, a request is counted
// first, then meets its fault.
import { describe, expect, it, vi } from "vitest";
import { createSandbox } from "../src/index.ts";
import { SqliteStorage } from "../src/store/index.ts";
import { client } from "./helpers.ts";
import { freshDb } from "./support/backend.ts";

/** What the sandbox wrote on stderr while `work` ran (stderr itself stays quiet). */
async function stderrOf(work: () => Promise<void>): Promise<string[]> {
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await work();
    return write.mock.calls.map(([chunk]) => String(chunk));
  } finally {
    write.mockRestore();
  }
}

describe("an error the sandbox did not expect", () => {
  it("answers 500 and writes the request and the stack on stderr", async () => {
    const failure = new Error("disk I/O error");
    const storage = new SqliteStorage(":memory:", () => Math.floor(Date.now() / 1000));
    storage.companies.get = () => {
      throw failure;
    };
    const sandbox = await createSandbox({ store: storage, rateLimit: false });
    try {
      const api = client(sandbox.url, "failing-storage");
      const written = await stderrOf(async () => {
        const answer = await api.call("GET", "/companies/5f0c1d2e", { allowUndeclared: [500] });
        expect(answer.status).toBe(500);
        expect(answer.body).toMatchObject({
          type: "error.list",
          errors: [{ code: "server_error", message: "Internal server error" }],
        });
      });
      expect(written).toEqual([
        `intercom-sandbox: GET /companies/5f0c1d2e failed: ${failure.stack}\n`,
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("writes nothing on stderr for a client's mistake (a body that is not JSON)", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false });
    try {
      const api = client(sandbox.url, "bad-json");
      const written = await stderrOf(async () => {
        const answer = await api.call("POST", "/companies", {
          rawBody: '{"company_id": ',
          allowUndeclared: [400],
        });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          errors: [
            {
              code: "bad_request",
              message: expect.stringMatching(/^The request body is not valid JSON: /),
            },
          ],
        });
      });
      expect(written).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("rate limits and chaos together", () => {
  it("count every request, then inject its fault; past the limit the real 429 answers", async () => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      rateLimit: "2/10s",
      chaos: "500=100%",
      now: () => 1_700_000_001_000,
    });
    try {
      const api = client(sandbox.url, "both-on");
      const call = () =>
        api.call("GET", "/companies", {
          query: { company_id: "none" },
          allowUndeclared: [500],
        });
      for (const remaining of ["1", "0"]) {
        const injected = await call();
        expect(injected.status).toBe(500);
        expect(injected.body).toMatchObject({
          errors: [
            { code: "server_error", message: "Internal server error (injected by --chaos)" },
          ],
        });
        expect(injected.headers.get("x-ratelimit-limit")).toBe("2");
        expect(injected.headers.get("x-ratelimit-remaining")).toBe(remaining);
      }
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({
        errors: [{ code: "rate_limit_exceeded", message: "Rate Limit Exceeded" }],
      });
      expect(limited.headers.get("retry-after")).toBe("9");
    } finally {
      await sandbox.close();
    }
  });
});
