// The node:sqlite storage's edges that the HTTP tests do not reach, in process (mutation testing
// only sees code run in the test's own process): opening and migrating a database file, the
// main connection's WAL checkpoint (with a stand-in for the checkpoint worker thread), the custom
// attribute cap on an update, contact errors word for word, and paging a contact's companies.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/errors.ts";
import { MAX_CUSTOM_ATTRIBUTES } from "../src/limits.ts";
import { SqliteStorage } from "../src/store/index.ts";
import { Checkpointer } from "../src/store/sqlite/checkpoint.ts";
import { Database } from "../src/store/sqlite/database.ts";

/** The checkpoint worker threads made since the last test, as stand-ins the test drives. */
const workers = vi.hoisted(
  () =>
    [] as {
      emit: (event: string, ...args: unknown[]) => boolean;
      /** Whether it keeps the process alive (a Worker does until `unref()`). */
      referenced: boolean;
    }[],
);
vi.mock("node:worker_threads", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:worker_threads")>();
  const { EventEmitter: Emitter } = await import("node:events");
  class StandInWorker extends Emitter {
    referenced = true;
    constructor() {
      super();
      workers.push(this);
    }
    unref() {
      this.referenced = false;
    }
    ref() {
      this.referenced = true;
    }
    postMessage() {
      // Asked to stop: it closes its connection and exits.
      setImmediate(() => this.emit("exit", 0));
    }
  }
  return { ...original, Worker: StandInWorker };
});

/** Tag ids the next new tags get, in order (then random ones again). */
const nextTagIds = vi.hoisted(() => [] as string[]);
vi.mock("../src/store/ids.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/store/ids.ts")>();
  return { ...original, newTagId: () => nextTagIds.shift() ?? original.newTagId() };
});

const dir = mkdtempSync(join(tmpdir(), "sandbox-sqlite-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
  workers.length = 0;
  nextTagIds.length = 0;
});
let files = 0;
const newPath = () => join(dir, `db-${++files}.db`);

/** A connection whose `PRAGMA wal_checkpoint(PASSIVE)` calls are counted. */
function countedConnection(path: string): { db: DatabaseSync; checkpoints: () => number } {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  let count = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    const statement = prepare(sql);
    if (!sql.includes("wal_checkpoint")) return statement;
    const get = statement.get.bind(statement);
    statement.get = ((...args: SQLInputValue[]) => {
      count++;
      return get(...args);
    }) as typeof statement.get;
    return statement;
  };
  return { db, checkpoints: () => count };
}

const autocheckpoint = (db: DatabaseSync) =>
  Number(
    (db.prepare("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number })
      .wal_autocheckpoint,
  );

describe("the main connection's WAL checkpoint", () => {
  it("checkpoints once the worker has seen 1,000 WAL pages, then waits for more", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { db, checkpoints } = countedConnection(newPath());
    const checkpointer = new Checkpointer(db, "unused by the stand-in");
    const worker = workers.at(-1);
    try {
      expect(autocheckpoint(db)).toBe(20_000);
      worker?.emit("message", 999);
      vi.advanceTimersByTime(500);
      expect(checkpoints()).toBe(0);
      worker?.emit("message", 1000);
      vi.advanceTimersByTime(500);
      expect(checkpoints()).toBe(1);
      // What it saw is used up: no second checkpoint until the worker reports again.
      vi.advanceTimersByTime(1500);
      expect(checkpoints()).toBe(1);
      worker?.emit("message", 4000);
      vi.advanceTimersByTime(500);
      expect(checkpoints()).toBe(2);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it("leaves a closed connection alone", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { db, checkpoints } = countedConnection(newPath());
    const checkpointer = new Checkpointer(db, "unused");
    workers.at(-1)?.emit("message", 5000);
    db.close();
    expect(() => vi.advanceTimersByTime(500)).not.toThrow();
    expect(checkpoints()).toBe(0);
    await checkpointer.stop();
  });

  it("hands checkpoints back to SQLite when the worker fails, and stops its own", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { db, checkpoints } = countedConnection(newPath());
    const checkpointer = new Checkpointer(db, "unused");
    const worker = workers.at(-1);
    try {
      worker?.emit("message", 5000);
      // A worker that throws exits: first "error", then "exit".
      worker?.emit("error", new Error("worker crashed"));
      expect(autocheckpoint(db)).toBe(1000);
      vi.advanceTimersByTime(2000);
      expect(checkpoints()).toBe(0);
      worker?.emit("exit", 1);
      expect(autocheckpoint(db)).toBe(1000);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it("hands checkpoints back to SQLite when the worker exits without an error", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { db, checkpoints } = countedConnection(newPath());
    const checkpointer = new Checkpointer(db, "unused");
    try {
      workers.at(-1)?.emit("message", 5000);
      // Ended from outside (worker.terminate(), a resource limit): only "exit".
      workers.at(-1)?.emit("exit", 1);
      expect(autocheckpoint(db)).toBe(1000);
      vi.advanceTimersByTime(2000);
      expect(checkpoints()).toBe(0);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it("lets the process exit while open, and waits for the worker once stopping", async () => {
    const setIntervalSpy = vi.spyOn(globalThis, "setInterval");
    const { db } = countedConnection(newPath());
    const checkpointer = new Checkpointer(db, "unused");
    try {
      const worker = workers.at(-1);
      expect(worker?.referenced).toBe(false);
      const timer = setIntervalSpy.mock.results.at(-1)?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      const stopped = checkpointer.stop();
      // Until the worker has closed its connection, the process stays for it.
      expect(worker?.referenced).toBe(true);
      await stopped;
    } finally {
      setIntervalSpy.mockRestore();
      db.close();
    }
  });

  it("leaves no timer behind once stopped", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { db } = countedConnection(newPath());
    const checkpointer = new Checkpointer(db, "unused");
    expect(vi.getTimerCount()).toBe(1);
    await checkpointer.stop();
    db.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not touch a closed connection when the worker exits after it", async () => {
    const { db } = countedConnection(newPath());
    new Checkpointer(db, "unused");
    db.close();
    expect(() => workers.at(-1)?.emit("exit", 1)).not.toThrow();
  });
});

/** A database file as version 1 of the schema wrote it (one column per company field). */
function schemaOneFile(path: string, companiesTable: string): void {
  const db = new DatabaseSync(path);
  db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('schema', '1');
    CREATE TABLE workspaces (rid INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
      app_id TEXT NOT NULL, created_at INTEGER NOT NULL);
    ${companiesTable}`);
  db.close();
}

describe("opening a database file", () => {
  it("says which file could not be opened, and why", () => {
    const folder = join(dir, "a-folder.db");
    mkdirSync(folder, { recursive: true });
    expect(() => new Database(folder)).toThrow(
      new RegExp(`^Could not open the database ${folder}: .+`),
    );
  });

  it("makes the folders of a new file, and records the schema version in it", async () => {
    const path = join(dir, "new", "nested", "sandbox.db");
    const database = new Database(path);
    try {
      expect(database.get("SELECT value FROM meta WHERE key = 'schema'")).toEqual({ value: "2" });
    } finally {
      await database.close();
    }
    const reader = new DatabaseSync(path, { readOnly: true });
    try {
      expect(reader.prepare("SELECT value FROM meta").all()).toEqual([{ value: "2" }]);
    } finally {
      reader.close();
    }
  });

  it("writes a file in WAL mode, synced at each checkpoint, waiting up to 5 s for a lock", async () => {
    const database = new Database(newPath());
    try {
      expect(database.get("PRAGMA journal_mode")).toEqual({ journal_mode: "wal" });
      // NORMAL (1): in WAL mode, every commit survives a crash of the process.
      expect(database.get("PRAGMA synchronous")).toEqual({ synchronous: 1 });
      expect(database.get("PRAGMA busy_timeout")).toEqual({ timeout: 5000 });
      expect(workers).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it("starts no checkpoint worker for an in-memory database", async () => {
    const database = new Database(":memory:");
    expect(workers).toHaveLength(0);
    await database.close();
  });

  it("closes its connection, and may be closed again", async () => {
    const database = new Database(newPath());
    await database.close();
    expect(database.db.isOpen).toBe(false);
    await expect(database.close()).resolves.toBeUndefined();
  });

  it("commits a transaction's work, or rolls all of it back when the work throws", async () => {
    const database = new Database(":memory:");
    try {
      database.db.exec("CREATE TABLE notes (text TEXT)");
      const insert = (text: string) => database.run("INSERT INTO notes VALUES (?)", text);
      expect(database.transaction(() => insert("kept").changes)).toBe(1);
      expect(() =>
        database.transaction(() => {
          insert("undone");
          throw new Error("the work failed");
        }),
      ).toThrow("the work failed");
      expect(database.all("SELECT text FROM notes")).toEqual([{ text: "kept" }]);
      expect(database.db.isTransaction).toBe(false);
      // A write inside a transaction runs at once, once, and its failure is the write's own.
      let runs = 0;
      const failed = database.transaction(() =>
        database.write(() => {
          runs++;
          throw new Error("the write failed");
        }),
      );
      await expect(failed).rejects.toThrow("the write failed");
      await new Promise((resolve) => setImmediate(resolve));
      expect(runs).toBe(1);
    } finally {
      await database.close();
    }
  });

  it("moves the fields of a schema 1 file into the fields object", async () => {
    const path = newPath();
    schemaOneFile(
      path,
      `CREATE TABLE companies (rid INTEGER PRIMARY KEY, ws INTEGER NOT NULL, id TEXT NOT NULL,
        company_id TEXT NOT NULL, name TEXT, plan_rid INTEGER, user_count INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_request_at INTEGER,
        custom_attributes TEXT NOT NULL DEFAULT '{}', size INTEGER, website TEXT, industry TEXT,
        monthly_spend REAL, session_count INTEGER, remote_created_at INTEGER);
      INSERT INTO workspaces VALUES (1, 'hash', 'app00001', 1);
      INSERT INTO companies (ws, id, company_id, name, created_at, updated_at, size, industry)
        VALUES (1, 'c1', 'acme', 'Acme', 1, 1, 42, 'Rockets');`,
    );
    const database = new Database(path);
    try {
      expect(database.get("SELECT value FROM meta WHERE key = 'schema'")).toEqual({ value: "2" });
      expect(database.get("SELECT fields FROM companies")).toEqual({
        fields: JSON.stringify({ size: 42, industry: "Rockets" }),
      });
      expect(database.db.isTransaction).toBe(false);
    } finally {
      await database.close();
    }
  });

  it("keeps a schema 1 file as it was when its migration fails, and says so", () => {
    const path = newPath();
    // No `size` column: the migration's DROP COLUMN fails halfway.
    schemaOneFile(
      path,
      `CREATE TABLE companies (rid INTEGER PRIMARY KEY, ws INTEGER NOT NULL, id TEXT NOT NULL,
        company_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        website TEXT, industry TEXT, monthly_spend REAL, session_count INTEGER,
        remote_created_at INTEGER);`,
    );
    expect(() => new Database(path)).toThrow(
      new RegExp(`^Could not migrate the database ${path} to schema 2: .*size`),
    );
    const db = new DatabaseSync(path);
    try {
      expect(db.prepare("SELECT value FROM meta").get()).toEqual({ value: "1" });
      const columns = db.prepare("PRAGMA table_info(companies)").all();
      expect(columns.map((column) => column.name)).not.toContain("fields");
      // Rolled back, not left open: the file takes writes at once.
      db.exec("PRAGMA busy_timeout = 0");
      expect(() => db.exec("UPDATE meta SET value = value")).not.toThrow();
    } finally {
      db.close();
    }
  });

  it("refuses a file of a schema version it does not know", () => {
    const path = newPath();
    const db = new DatabaseSync(path);
    db.exec(
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema', '7')",
    );
    db.close();
    expect(() => new Database(path)).toThrow(
      `The database ${path} has schema version 7; this sandbox uses 2. Use another --db file.`,
    );
  });
});

describe("the storage's own checks", () => {
  const attributes = (prefix: string, count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, i]));

  it("refuses an update that would leave a company over the custom attribute cap", async () => {
    const store = new SqliteStorage(":memory:", () => 1);
    try {
      const ws = await store.workspaces.ensure("hash");
      const company = await store.companies.upsert(ws, "acme", {
        customAttributes: attributes("a", MAX_CUSTOM_ATTRIBUTES - 10),
      });
      const over = store.companies.update(ws, company.id, {
        customAttributes: attributes("b", 11),
      });
      await expect(over).rejects.toThrow(
        `A company can hold at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would leave ${MAX_CUSTOM_ATTRIBUTES + 1}.`,
      );
      const kept = await store.companies.get(ws, company.id);
      expect(Object.keys(kept.customAttributes)).toHaveLength(MAX_CUSTOM_ATTRIBUTES - 10);
    } finally {
      await store.close();
    }
  });

  it("answers contact errors word for word, naming the field", async () => {
    const store = new SqliteStorage(":memory:", () => 1);
    try {
      const ws = await store.workspaces.ensure("hash");
      const missing = await store.contacts.create(ws, {}).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(ApiError);
      expect(missing).toMatchObject({
        status: 400,
        code: "parameter_not_found",
        message: "Send email or external_id to create a contact",
        field: "email",
      });
      const ada = await store.contacts.create(ws, { email: "ada@example.com" });
      await expect(store.contacts.create(ws, { email: "ada@example.com" })).rejects.toThrow(
        `A contact matching those details already exists with id=${ada.id}`,
      );
      const company = await store.companies.upsert(ws, "acme", {});
      await expect(store.contacts.detach(ws, ada.id, company.id)).rejects.toMatchObject({
        status: 404,
        message: "The contact is not attached to this company",
      });
    } finally {
      await store.close();
    }
  });

  it("pages a contact's companies in the order they were attached", async () => {
    let now = 1;
    const store = new SqliteStorage(":memory:", () => now++);
    try {
      const ws = await store.workspaces.ensure("hash");
      const ada = await store.contacts.create(ws, { email: "ada@example.com" });
      for (const name of ["one", "two", "three", "four", "five"]) {
        const company = await store.companies.upsert(ws, name, {});
        await store.contacts.attach(ws, ada.id, company.id);
      }
      const page = await store.contacts.companiesOf(ws, ada.id, { page: 2, perPage: 2 });
      expect(page.total).toBe(5);
      expect(page.data.map((company) => company.companyId)).toEqual(["three", "four"]);
    } finally {
      await store.close();
    }
  });

  it("draws another id for a new tag when the one drawn is taken", async () => {
    const store = new SqliteStorage(":memory:", () => 1);
    try {
      const ws = await store.workspaces.ensure("hash");
      nextTagIds.push("1111111", "1111111", "2222222");
      expect(await store.tags.apply(ws, "VIP", [])).toEqual({ id: "1111111", name: "VIP" });
      expect(await store.tags.apply(ws, "Churned", [])).toEqual({ id: "2222222", name: "Churned" });
    } finally {
      await store.close();
    }
  });

  it("refuses a tag target with neither id nor company_id, naming the field", async () => {
    const store = new SqliteStorage(":memory:", () => 1);
    try {
      const ws = await store.workspaces.ensure("hash");
      await expect(store.tags.apply(ws, "VIP", [{}])).rejects.toMatchObject({
        status: 400,
        code: "parameter_not_found",
        message: "Each company needs an id or a company_id",
        field: "companies",
      });
    } finally {
      await store.close();
    }
  });
});
