// The default storage: one node:sqlite database (a file, or `:memory:`).
import type { Storage } from "../types.ts";
import { CompanyTables, SqliteCompanies } from "./companies.ts";
import { SqliteContacts } from "./contacts.ts";
import { Database } from "./database.ts";
import { MemoryRateLimits, MemoryScrolls, SqliteWorkspaces } from "./state.ts";
import { SqliteSegments, SqliteTags } from "./tags.ts";

export class SqliteStorage implements Storage {
  readonly kind: string;
  readonly database: Database;
  readonly workspaces: SqliteWorkspaces;
  readonly companies: SqliteCompanies;
  readonly contacts: SqliteContacts;
  readonly tags: SqliteTags;
  readonly segments: SqliteSegments;
  readonly scrolls = new MemoryScrolls();
  readonly rateLimits = new MemoryRateLimits();

  /** `path` is a file (created if missing) or `:memory:`; `now` gives Unix seconds. */
  constructor(path: string, now: () => number) {
    this.kind = path === ":memory:" ? "memory" : "file";
    this.database = new Database(path);
    const tables = new CompanyTables(this.database, now);
    this.workspaces = new SqliteWorkspaces(this.database, now);
    this.companies = new SqliteCompanies(this.database, tables);
    this.contacts = new SqliteContacts(this.database, tables, now);
    this.tags = new SqliteTags(this.database, tables);
    this.segments = new SqliteSegments(this.database, tables, now);
  }

  /**
   * The work's store calls join this transaction. Their promises are already settled when they
   * return (node:sqlite is synchronous), so no other request runs in between.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const db = this.database;
    if (db.db.isTransaction) return work();
    db.statement("BEGIN IMMEDIATE").run();
    try {
      const result = await work();
      db.statement("COMMIT").run();
      return result;
    } catch (error) {
      db.statement("ROLLBACK").run();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
