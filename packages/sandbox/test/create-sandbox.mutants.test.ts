// createSandbox's options in this process: the seed it refuses, what GET / reports of chaos,
// the demo data and when it is loaded, and shutdown with a request still arriving.
import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createSandbox } from "../src/index.ts";
import { freshDb, persistentDb } from "./support/backend.ts";

describe("createSandbox", () => {
  it("refuses a seed that is not a whole number, saying which", async () => {
    await expect(createSandbox({ seed: 1.5, db: await freshDb() })).rejects.toThrow(
      new Error("seed must be an integer, got 1.5"),
    );
  });

  it.each([
    [undefined, null],
    [false, null],
    ["off", null],
    ["429=5%", { rateLimit: 0.05 }],
  ] as const)("with chaos %j reports %j on GET /", async (chaos, reported) => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      ...(chaos === undefined ? {} : { chaos }),
    });
    try {
      const description = (await (await fetch(`${sandbox.url}/`)).json()) as {
        chaos: object | null;
      };
      if (reported === null) expect(description.chaos).toBeNull();
      else expect(description.chaos).toMatchObject(reported);
    } finally {
      await sandbox.close();
    }
  });

  it("loads the demo data into the demo token's workspace once, at the clock's time", async () => {
    const db = await persistentDb();
    const now = () => 1_700_000_000_000;
    const first = await createSandbox({ db, demo: 3, token: "demo-token", now });
    let loaded: number;
    try {
      loaded = first.companies;
      // The 3 asked for, and the spec's example companies.
      expect(loaded).toBeGreaterThan(3);
      const list = (await (
        await fetch(`${first.url}/companies/scroll`, {
          headers: { authorization: "Bearer demo-token" },
        })
      ).json()) as { data: { created_at: number }[] };
      expect(list.data).toHaveLength(loaded);
      for (const company of list.data)
        expect(company.created_at).toBeLessThanOrEqual(1_700_000_000);
    } finally {
      await first.close();
    }
    // Opened again: the workspace has companies, so nothing is added.
    const again = await createSandbox({ db, demo: 3, token: "demo-token", now });
    try {
      expect(again.companies).toBe(loaded);
    } finally {
      await again.close();
    }
  });

  it("answers on 127.0.0.1 when it listens on every interface", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), host: "0.0.0.0" });
    try {
      expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    } finally {
      await sandbox.close();
    }
  });

  it("closes a connection still sending its request once the grace period is over", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), shutdownGraceMs: 200 });
    const socket = connect(sandbox.port, "127.0.0.1");
    socket.on("error", () => {});
    await once(socket, "connect");
    socket.write("POST /companies HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
    const closedSocket = new Promise((resolve) => socket.once("close", resolve));
    await sandbox.close();
    await closedSocket;
    expect(socket.destroyed).toBe(true);
  });
});
