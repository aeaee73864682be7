// The node:sqlite connection: pragmas, schema (and its migration), a statement cache and
// transactions. Every workspace lives in this one database, each row tagged with its workspace.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { Checkpointer } from "./checkpoint.ts";
import { GroupCommit } from "./group-commit.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workspaces (
  rid INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (
  rid INTEGER PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspaces(rid),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (ws, name)
);
CREATE TABLE IF NOT EXISTS companies (
  rid INTEGER PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspaces(rid),
  id TEXT NOT NULL,
  company_id TEXT NOT NULL,
  name TEXT,
  plan_rid INTEGER REFERENCES plans(rid),
  user_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_request_at INTEGER,
  fields TEXT NOT NULL DEFAULT '{}',
  custom_attributes TEXT NOT NULL DEFAULT '{}',
  UNIQUE (ws, company_id),
  UNIQUE (ws, id)
);
CREATE INDEX IF NOT EXISTS companies_by_name ON companies (ws, name);
CREATE INDEX IF NOT EXISTS companies_by_ws ON companies (ws);
CREATE INDEX IF NOT EXISTS companies_listed ON companies (ws, last_request_at, rid) WHERE user_count > 0;
CREATE TABLE IF NOT EXISTS contacts (
  rid INTEGER PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspaces(rid),
  id TEXT NOT NULL,
  role TEXT NOT NULL,
  external_id TEXT,
  email TEXT,
  name TEXT,
  last_seen_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (ws, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_external_id ON contacts (ws, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_email ON contacts (ws, email) WHERE email IS NOT NULL;
CREATE TABLE IF NOT EXISTS company_contacts (
  company_rid INTEGER NOT NULL REFERENCES companies(rid) ON DELETE CASCADE,
  contact_rid INTEGER NOT NULL REFERENCES contacts(rid) ON DELETE CASCADE,
  attached_at INTEGER NOT NULL,
  PRIMARY KEY (company_rid, contact_rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS company_contacts_by_contact ON company_contacts (contact_rid, company_rid);
CREATE TABLE IF NOT EXISTS tags (
  rid INTEGER PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspaces(rid),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (ws, name),
  UNIQUE (ws, id)
);
CREATE TABLE IF NOT EXISTS company_tags (
  company_rid INTEGER NOT NULL REFERENCES companies(rid) ON DELETE CASCADE,
  tag_rid INTEGER NOT NULL REFERENCES tags(rid) ON DELETE CASCADE,
  PRIMARY KEY (company_rid, tag_rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS company_tags_by_tag ON company_tags (tag_rid, company_rid);
CREATE TABLE IF NOT EXISTS segments (
  rid INTEGER PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspaces(rid),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  person_type TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (ws, name),
  UNIQUE (ws, id)
);
CREATE TABLE IF NOT EXISTS company_segments (
  company_rid INTEGER NOT NULL REFERENCES companies(rid) ON DELETE CASCADE,
  segment_rid INTEGER NOT NULL REFERENCES segments(rid) ON DELETE CASCADE,
  PRIMARY KEY (company_rid, segment_rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS company_segments_by_segment ON company_segments (segment_rid, company_rid);
`;

const SCHEMA_VERSION = "2";

/**
 * Version 1 kept each company field in a column of its own; version 2 keeps the fields the spec
 * defines in one JSON object (`fields`), so a field added to the spec needs no new column.
 */
const MIGRATE_1_TO_2 = `
ALTER TABLE companies ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
UPDATE companies SET fields = json_patch('{}', json_object('size', size, 'website', website,
  'industry', industry, 'monthly_spend', monthly_spend, 'session_count', session_count,
  'remote_created_at', remote_created_at));
ALTER TABLE companies DROP COLUMN size;
ALTER TABLE companies DROP COLUMN website;
ALTER TABLE companies DROP COLUMN industry;
ALTER TABLE companies DROP COLUMN monthly_spend;
ALTER TABLE companies DROP COLUMN session_count;
ALTER TABLE companies DROP COLUMN remote_created_at;
CREATE INDEX IF NOT EXISTS companies_by_ws ON companies (ws);
UPDATE meta SET value = '2' WHERE key = 'schema';
`;

/** One connection with cached statements. Synchronous: the async stores wrap it. */
export class Database {
  readonly db: DatabaseSync;
  readonly path: string;
  private readonly statements = new Map<string, StatementSync>();
  private readonly checkpointer: Checkpointer | undefined;
  private readonly group: GroupCommit;

  constructor(path: string) {
    this.path = path;
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new DatabaseSync(path);
    } catch (error) {
      throw new Error(`Could not open the database ${path}: ${(error as Error).message}`);
    }
    // First, so that even switching to WAL waits for another connection to the same file (a
    // sandbox closing, its checkpoint worker) instead of failing with "database is locked".
    this.db.exec("PRAGMA busy_timeout = 5000");
    // WAL: readers never block the writer; NORMAL sync keeps every committed write across a
    // crash of the process (the WAL is in the OS's hands before the answer leaves).
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    this.db.exec("PRAGMA foreign_keys = ON");
    this.migrate();
    this.group = new GroupCommit(this.db, (sql) => this.statement(sql));
    if (path !== ":memory:") this.checkpointer = new Checkpointer(this.db, path);
  }

  private migrate(): void {
    const hasMeta = this.get("SELECT 1 FROM sqlite_master WHERE name = 'meta'");
    const version = hasMeta
      ? this.get<{ value: string }>("SELECT value FROM meta WHERE key = 'schema'")?.value
      : undefined;
    if (version === "1") {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        this.db.exec(MIGRATE_1_TO_2);
        this.db.exec("COMMIT");
      } catch (error) {
        this.db.exec("ROLLBACK");
        throw new Error(
          `Could not migrate the database ${this.path} to schema 2: ${(error as Error).message}`,
        );
      }
    } else if (version !== undefined && version !== SCHEMA_VERSION) {
      throw new Error(
        `The database ${this.path} has schema version ${version}; this sandbox uses ${SCHEMA_VERSION}. Use another --db file.`,
      );
    }
    this.db.exec(SCHEMA);
    if (version === undefined) {
      this.run("INSERT INTO meta (key, value) VALUES ('schema', ?)", SCHEMA_VERSION);
    }
  }

  /** Closes the database; resolves once the checkpoint worker's connection is closed too. */
  close(): Promise<void> {
    if (this.db.isOpen) this.group.flush();
    const stopped = this.checkpointer?.stop();
    if (this.db.isOpen) this.db.close();
    return stopped ?? Promise.resolve();
  }

  statement(sql: string, arrays = false): StatementSync {
    const key = arrays ? `A:${sql}` : sql;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      // Rows as arrays: node:sqlite's row objects are slow to build and to read.
      if (arrays) statement.setReturnArrays(true);
      this.statements.set(key, statement);
    }
    return statement;
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  /** Rows as arrays, in the statement's column order. */
  rows<T extends unknown[]>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql, true).all(...params) as unknown as T[];
  }

  row<T extends unknown[]>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql, true).get(...params) as unknown as T | undefined;
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number; lastId: number } {
    const result = this.statement(sql).run(...params);
    return { changes: Number(result.changes), lastId: Number(result.lastInsertRowid) };
  }

  count(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.get<{ n: number }>(sql, ...params)?.n ?? 0);
  }

  /**
   * Runs `work` as one write of the next group commit (./group-commit.ts): its own savepoint,
   * rolled back alone if it throws; settles once committed. The async stores write through it.
   */
  write<T>(work: () => T): Promise<T> {
    return this.group.write(work);
  }

  /** Runs `work` in one write transaction (BEGIN IMMEDIATE), rolled back if it throws. */
  transaction<T>(work: () => T): T {
    if (this.db.isTransaction) return work();
    this.statement("BEGIN IMMEDIATE").run();
    try {
      const result = work();
      this.statement("COMMIT").run();
      return result;
    } catch (error) {
      this.statement("ROLLBACK").run();
      throw error;
    }
  }
}
