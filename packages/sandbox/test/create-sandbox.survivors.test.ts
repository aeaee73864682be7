// createSandbox's options (survivors of a StrykerJS run in src/index.ts): the default database,
// the url of an IPv6 host,
// when the demo data is loaded next to fixtures, the demo's dates from the clock, logging off by
// default, and shutdown: the grace period by default and as given, the storage closed, and no
// timer left behind to keep the process alive.
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { createSandbox } from "../src/index.ts";
import { SqliteStorage } from "../src/store/index.ts";
import { freshDb } from "./support/backend.ts";
import { receivedUntilClose } from "./support/sockets.ts";

/** A connection that has sent a request's headers and the first byte of its 21-byte body. */
async function requestInFlight(port: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "connect");
  const answer = receivedUntilClose(socket);
  socket.write(
    "POST /companies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer in-flight\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{",
  );
  // The server has read those bytes once it has answered a request sent after them.
  await fetch(`http://127.0.0.1:${port}/companies/none`, {
    headers: { authorization: "Bearer in-flight" },
  });
  return { socket, answer };
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("createSandbox", () => {
  it("keeps its data in memory when no database is given, and says so", async () => {
    const sandbox = await createSandbox({ rateLimit: false });
    try {
      expect(sandbox.db).toBe(":memory:");
      const description = (await (await fetch(`${sandbox.url}/`)).json()) as { database: string };
      expect(description.database).toBe("memory");
    } finally {
      await sandbox.close();
    }
  });

  it("puts an IPv6 host in brackets in its url (127.0.0.1, written as IPv6)", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), host: "::ffff:127.0.0.1" });
    try {
      expect(sandbox.url).toBe(`http://[::ffff:127.0.0.1]:${sandbox.port}`);
      expect((await fetch(`${sandbox.url}/`)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it("keeps a host name as given in its url (localhost; nothing is requested through it)", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), host: "localhost" });
    try {
      expect(sandbox.url).toBe(`http://localhost:${sandbox.port}`);
    } finally {
      await sandbox.close();
    }
  });

  it("adds no demo data to a workspace the fixtures gave a company", async () => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      demo: 3,
      fixtures: { companies: [{ company_id: "own" }] },
    });
    try {
      expect(sandbox.companies).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("loads the demo data into a workspace the fixtures made but left without companies", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), demo: 3, fixtures: {} });
    try {
      // The 3 asked for, and the spec's example companies.
      expect(sandbox.companies).toBeGreaterThan(3);
    } finally {
      await sandbox.close();
    }
  });

  it("dates the demo companies before the clock's time", async () => {
    const nowSeconds = 1_800_000_000;
    const sandbox = await createSandbox({
      db: await freshDb(),
      demo: 5,
      rateLimit: false,
      now: () => nowSeconds * 1000,
    });
    try {
      const list = (await (
        await fetch(`${sandbox.url}/companies/scroll`, {
          headers: { authorization: `Bearer ${sandbox.token}` },
        })
      ).json()) as { data: { company_id: string; remote_created_at?: number }[] };
      const dated = list.data.filter((company) => company.remote_created_at !== undefined);
      // The 5 demo companies at least (some of the spec's examples carry a date too).
      expect(dated.length).toBeGreaterThanOrEqual(5);
      for (const company of dated) expect(company.remote_created_at).toBeLessThan(nowSeconds);
    } finally {
      await sandbox.close();
    }
  });

  it("logs nothing unless asked", async () => {
    const write = vi.spyOn(process.stdout, "write");
    try {
      const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false });
      await fetch(`${sandbox.url}/companies/nope`);
      await sandbox.close();
      const logged = write.mock.calls.filter(([chunk]) => String(chunk).startsWith('{"level"'));
      expect(logged).toEqual([]);
    } finally {
      write.mockRestore();
    }
  });

  it("lets a request in flight finish during shutdown, by default", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false });
    const { socket, answer } = await requestInFlight(sandbox.port);
    const closed = sandbox.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write('"company_id":"late"}');
    const text = await answer;
    await closed;
    expect(text.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(text).toContain('"company_id":"late"');
  });

  it("closes a request in flight once the grace period given is over, with no time limits", async () => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      shutdownGraceMs: 200,
      timeouts: { headersMs: 0, requestMs: 0, idleMs: 0 },
    });
    const { socket, answer } = await requestInFlight(sandbox.port);
    await sandbox.close();
    // Closed without an answer: the request never ended.
    expect(await answer).toBe("");
    expect(socket.destroyed).toBe(true);
  }, 5_000);

  it("closes the storage it was given, and leaves no timer behind", async () => {
    const store = new SqliteStorage(":memory:", () => Math.floor(Date.now() / 1000));
    const closeStore = vi.spyOn(store, "close");
    const before = timers();
    const sandbox = await createSandbox({ store, rateLimit: false });
    await sandbox.close();
    expect(closeStore).toHaveBeenCalledOnce();
    // Nothing keeps the process alive after close().
    expect(timers()).toBe(before);
  });
});
