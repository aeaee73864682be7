// Group commit (src/store/sqlite/group-commit.ts): writes of one event-loop round share a
// commit, each is kept or undone on its own, none settles before its commit, and a failed
// BEGIN or COMMIT keeps nothing and leaves the database usable.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Database } from "../src/store/sqlite/database.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-group-commit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A fresh database file with a table of notes. */
function notesDatabase(): Database {
  const database = new Database(join(dir, `notes-${++files}.db`));
  database.db.exec("CREATE TABLE notes (text TEXT NOT NULL UNIQUE)");
  return database;
}

const insert = (database: Database, text: string) => () =>
  database.run("INSERT INTO notes (text) VALUES (?)", text).lastId;

/** What another connection to the same file sees (only committed rows). */
function committedNotes(database: Database): string[] {
  const other = new DatabaseSync(database.path, { readOnly: true });
  try {
    return other
      .prepare("SELECT text FROM notes ORDER BY rowid")
      .all()
      .map((row) => String(row.text));
  } finally {
    other.close();
  }
}

describe("group commit", () => {
  it("commits the writes of one round together, in the order they came", async () => {
    const database = notesDatabase();
    try {
      const statement = vi.spyOn(database, "statement");
      const written = await Promise.all(
        ["a", "b", "c"].map((t) => database.write(insert(database, t))),
      );
      const sql = statement.mock.calls.map(([text]) => text);
      expect(sql.filter((text) => text === "BEGIN IMMEDIATE")).toHaveLength(1);
      expect(sql.filter((text) => text === "COMMIT")).toHaveLength(1);
      expect(sql.filter((text) => text.startsWith("SAVEPOINT"))).toHaveLength(3);
      expect(written).toEqual([1, 2, 3]);
      expect(committedNotes(database)).toEqual(["a", "b", "c"]);
      // A later round is a group of its own.
      await database.write(insert(database, "d"));
      expect(statement.mock.calls.filter(([text]) => text === "COMMIT")).toHaveLength(2);
    } finally {
      await database.close();
    }
  });

  it("undoes a write that throws, alone, and rejects only its promise", async () => {
    const database = notesDatabase();
    try {
      const failure = new Error("refused halfway");
      const results = await Promise.allSettled([
        database.write(insert(database, "kept-1")),
        database.write(() => {
          insert(database, "half-written")();
          throw failure;
        }),
        // A constraint error from SQLite itself: the same UNIQUE text twice.
        database.write(insert(database, "kept-1")),
        database.write(insert(database, "kept-2")),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        "fulfilled",
        "rejected",
        "rejected",
        "fulfilled",
      ]);
      expect((results[1] as PromiseRejectedResult).reason).toBe(failure);
      expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
      expect(committedNotes(database)).toEqual(["kept-1", "kept-2"]);
      expect(database.db.isTransaction).toBe(false);
    } finally {
      await database.close();
    }
  });

  it("settles a write only once it is committed", async () => {
    const database = notesDatabase();
    try {
      const seen = await database.write(insert(database, "durable")).then(() => ({
        open: database.db.isTransaction,
        others: committedNotes(database),
      }));
      expect(seen).toEqual({ open: false, others: ["durable"] });
    } finally {
      await database.close();
    }
  });

  it("runs a write at once inside a transaction already open, which it joins", async () => {
    const database = notesDatabase();
    try {
      database.db.exec("BEGIN IMMEDIATE");
      const work = vi.fn(insert(database, "joined"));
      const written = database.write(work);
      expect(work).toHaveBeenCalledTimes(1);
      database.db.exec("ROLLBACK");
      await expect(written).resolves.toBe(1);
      expect(committedNotes(database)).toEqual([]);
      const thrown = database.write(() => {
        throw new Error("inside");
      });
      await expect(thrown).rejects.toThrow("inside");
    } finally {
      await database.close();
    }
  });

  it("waits for a transaction of the storage's own to end before it begins", async () => {
    const database = notesDatabase();
    try {
      const written = database.write(insert(database, "after"));
      database.db.exec("BEGIN IMMEDIATE");
      database.run("INSERT INTO notes (text) VALUES ('own')");
      // The group's round comes while the transaction is open: it waits for the next one.
      await new Promise((resolve) => setImmediate(resolve));
      expect(database.db.isTransaction).toBe(true);
      database.db.exec("COMMIT");
      await expect(written).resolves.toBe(2);
      expect(committedNotes(database)).toEqual(["own", "after"]);
    } finally {
      await database.close();
    }
  });

  it("keeps nothing and rejects every write when BEGIN cannot take the lock", async () => {
    const database = notesDatabase();
    const other = new DatabaseSync(database.path);
    try {
      database.db.exec("PRAGMA busy_timeout = 0");
      other.exec("BEGIN IMMEDIATE");
      const results = await Promise.allSettled([
        database.write(insert(database, "x")),
        database.write(insert(database, "y")),
      ]);
      expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
      other.exec("ROLLBACK");
      await database.write(insert(database, "z"));
      expect(committedNotes(database)).toEqual(["z"]);
    } finally {
      other.close();
      await database.close();
    }
  });

  it("keeps nothing, rejects every write and ends the transaction when COMMIT fails", async () => {
    const database = notesDatabase();
    try {
      // A deferred foreign key is checked at COMMIT: one bad write fails the whole commit.
      database.db.exec(`CREATE TABLE owners (rid INTEGER PRIMARY KEY);
        CREATE TABLE pets (owner INTEGER REFERENCES owners(rid) DEFERRABLE INITIALLY DEFERRED)`);
      const results = await Promise.allSettled([
        database.write(insert(database, "lost with the group")),
        database.write(() => database.run("INSERT INTO pets (owner) VALUES (42)")),
      ]);
      expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
      expect(database.db.isTransaction).toBe(false);
      expect(committedNotes(database)).toEqual([]);
      await database.write(insert(database, "next group"));
      expect(committedNotes(database)).toEqual(["next group"]);
    } finally {
      await database.close();
    }
  });

  it("commits what is queued when the database closes", async () => {
    const database = notesDatabase();
    const written = database.write(insert(database, "queued at close"));
    await database.close();
    await expect(written).resolves.toBe(1);
    expect(committedNotes(database)).toEqual(["queued at close"]);
  });
});
