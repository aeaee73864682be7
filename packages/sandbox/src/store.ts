// The sandbox's storage: one SQLite database (node:sqlite), every workspace in it, each row
// tagged with its workspace so one token never reads another's data.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { Checkpointer } from "./checkpoint.ts";
import { ApiError, companyNotFound, contactNotFound } from "./errors.ts";

export type AttributeValue = string | number | boolean | null;

export interface Company {
  type: "company";
  id: string;
  company_id: string;
  app_id: string;
  name: string | null;
  remote_created_at?: number;
  created_at: number;
  updated_at: number;
  last_request_at?: number;
  size?: number;
  website?: string;
  industry?: string;
  monthly_spend: number;
  session_count: number;
  user_count: number;
  plan: { type: "plan"; id: string; name: string } | Record<string, never>;
  custom_attributes: Record<string, AttributeValue>;
  tags: { type: "tag.list"; tags: Tag[] };
  segments: { type: "segment.list"; segments: Segment[] };
}

export interface Tag {
  type: "tag";
  id: string;
  name: string;
}

export interface Segment {
  type: "segment";
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  person_type: "user" | "contact";
}

export interface Contact {
  type: "contact";
  id: string;
  workspace_id: string;
  external_id: string | null;
  role: "user" | "lead";
  email: string | null;
  name: string | null;
  created_at: number;
  updated_at: number;
  last_seen_at: number | null;
}

/** The fields of a company that can be set (by upsert, update or fixtures). */
export interface CompanyFields {
  name?: string;
  plan?: string;
  size?: number;
  website?: string;
  industry?: string;
  remote_created_at?: number;
  monthly_spend?: number;
  session_count?: number;
  custom_attributes?: Record<string, AttributeValue>;
}

export interface ContactFields {
  /** The contact's id; the sandbox makes one when left out (fixtures pin it). */
  id?: string;
  role?: "user" | "lead";
  external_id?: string;
  email?: string;
  name?: string | null;
  last_seen_at?: number;
}

export interface Workspace {
  rid: number;
  appId: string;
}

export interface Page<T> {
  data: T[];
  total: number;
}

/**
 * A company as its statements return it: an array in COMPANY_COLUMNS' order (node:sqlite's
 * row objects are slow to build and to read; arrays are not).
 */
type CompanyRow = [
  rid: number,
  id: string,
  company_id: string,
  name: string | null,
  plan_id: string | null,
  plan_name: string | null,
  size: number | null,
  website: string | null,
  industry: string | null,
  monthly_spend: number,
  session_count: number,
  user_count: number,
  remote_created_at: number | null,
  created_at: number,
  updated_at: number,
  last_request_at: number | null,
  custom_attributes: string,
  /** JSON array of the company's tags, in name order. */
  tags: string,
  /** JSON array of the company's segments, in name order. */
  segments: string,
];

interface ContactRow {
  rid: number;
  id: string;
  external_id: string | null;
  role: "user" | "lead";
  email: string | null;
  name: string | null;
  last_seen_at: number | null;
  created_at: number;
  updated_at: number;
}

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
  size INTEGER,
  website TEXT,
  industry TEXT,
  monthly_spend INTEGER NOT NULL DEFAULT 0,
  session_count INTEGER NOT NULL DEFAULT 0,
  user_count INTEGER NOT NULL DEFAULT 0,
  remote_created_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_request_at INTEGER,
  custom_attributes TEXT NOT NULL DEFAULT '{}',
  UNIQUE (ws, company_id),
  UNIQUE (ws, id)
);
CREATE INDEX IF NOT EXISTS companies_by_name ON companies (ws, name);
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

const SCHEMA_VERSION = "1";

// A company's tags and segments come with its row, as JSON arrays already in the API's shape:
// one statement per company (or per page of companies) instead of three.
const COMPANY_COLUMNS = `c.rid, c.id, c.company_id, c.name, p.id AS plan_id, p.name AS plan_name, c.size,
  c.website, c.industry, c.monthly_spend, c.session_count, c.user_count, c.remote_created_at,
  c.created_at, c.updated_at, c.last_request_at, c.custom_attributes,
  (SELECT json_group_array(json_object('type', 'tag', 'id', t.id, 'name', t.name) ORDER BY t.name)
     FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid) AS tags,
  (SELECT json_group_array(json_object('type', 'segment', 'id', s.id, 'name', s.name,
       'created_at', s.created_at, 'updated_at', s.updated_at, 'person_type', s.person_type)
       ORDER BY s.name)
     FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid) AS segments`;
const COMPANY_FROM = "companies c LEFT JOIN plans p ON p.rid = c.plan_rid";
// The hot statements' text, built once (the statement cache is keyed by it).
const COMPANY_BY_ID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = ? AND c.id = ?`;
const COMPANY_BY_RID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = ? AND c.rid = ?`;
// The columns an update may set, in the order applyFields passes them. An update sets only the
// fields that change (setting a column to its own value still rewrites its index entries, more
// pages for every commit to write); its statement's text is built once per combination.
const SETTABLE = [
  "name",
  "plan_rid",
  "size",
  "website",
  "industry",
  "remote_created_at",
  "monthly_spend",
  "session_count",
  "custom_attributes",
] as const;
/** What applyFields compares against: the settable columns as they are. */
interface CurrentFields {
  rid: number;
  name: string | null;
  plan_rid: number | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  remote_created_at: number | null;
  monthly_spend: number;
  session_count: number;
  custom_attributes: string;
}
const CURRENT_FIELDS = `SELECT rid, ${SETTABLE.join(", ")} FROM companies`;
const CURRENT_BY_COMPANY_ID = `${CURRENT_FIELDS} WHERE ws = ? AND company_id = ?`;
const CURRENT_BY_ID = `${CURRENT_FIELDS} WHERE ws = ? AND id = ?`;
const updateSql = new Map<number, string>();
function updateCompanySql(mask: number): string {
  let sql = updateSql.get(mask);
  if (sql === undefined) {
    const sets = SETTABLE.filter((_, bit) => mask & (1 << bit)).map((column) => `${column} = ?, `);
    sql = `UPDATE companies SET ${sets.join("")}updated_at = ? WHERE rid = ?`;
    updateSql.set(mask, sql);
  }
  return sql;
}
const INSERT_COMPANY = `INSERT INTO companies (ws, id, company_id, name, plan_rid, size, website, industry,
  remote_created_at, monthly_spend, session_count, custom_attributes, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 0), coalesce(?, 0), ?, ?, ?)`;

/** `custom_attributes` merged the API's way: keys sent are set, `null` unsets, others stay. */
function mergeAttributes(current: string, changes: Record<string, AttributeValue>): string {
  const merged = JSON.parse(current) as Record<string, AttributeValue>;
  for (const key of Object.keys(changes)) {
    const value = changes[key] as AttributeValue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return JSON.stringify(merged);
}

/** A JSON array column of tags or segments; most companies have none. */
function parseList<T>(json: string): T[] {
  return json === "[]" ? [] : (JSON.parse(json) as T[]);
}

/** Intercom-style object id: 4 bytes of Unix seconds, then 8 random bytes, in hex. */
export function objectId(nowSeconds: number): string {
  return (nowSeconds >>> 0).toString(16).padStart(8, "0") + randomBytes(8).toString("hex");
}

/** Workspace key of a token: its SHA-256, so the database never holds a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const APP_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The default database file: `$XDG_DATA_HOME/intercom-sandbox/sandbox.db` or `~/.local/share/...`. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME ?? env.USERPROFILE ?? ".";
  const dataHome = env.XDG_DATA_HOME || `${home}/.local/share`;
  return `${dataHome}/intercom-sandbox/sandbox.db`;
}

export class Store {
  readonly db: DatabaseSync;
  readonly path: string;
  private readonly now: () => number;
  private readonly statements = new Map<string, StatementSync>();
  private readonly workspaces = new Map<string, Workspace>();
  private readonly checkpointer: Checkpointer | undefined;

  constructor(path: string, now: () => number) {
    this.path = path;
    this.now = now;
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
    this.db.exec(SCHEMA);
    const version = this.get<{ value: string }>("SELECT value FROM meta WHERE key = 'schema'");
    if (!version) {
      this.run("INSERT INTO meta (key, value) VALUES ('schema', ?)", SCHEMA_VERSION);
    } else if (version.value !== SCHEMA_VERSION) {
      throw new Error(
        `The database ${path} has schema version ${version.value}; this sandbox uses ${SCHEMA_VERSION}. Use another --db file.`,
      );
    }
    if (path !== ":memory:") this.checkpointer = new Checkpointer(this.db, path);
  }

  /** Closes the database; resolves once the checkpoint worker's connection is closed too. */
  close(): Promise<void> {
    const stopped = this.checkpointer?.stop();
    if (this.db.isOpen) this.db.close();
    return stopped ?? Promise.resolve();
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** A statement of COMPANY_COLUMNS, returning rows as {@link CompanyRow} arrays. */
  private companyStatement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      statement.setReturnArrays(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private companyGet(sql: string, ...params: SQLInputValue[]): CompanyRow | undefined {
    return this.companyStatement(sql).get(...params) as unknown as CompanyRow | undefined;
  }

  private companyAll(sql: string, ...params: SQLInputValue[]): CompanyRow[] {
    return this.companyStatement(sql).all(...params) as unknown as CompanyRow[];
  }

  private get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  private all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  private run(sql: string, ...params: SQLInputValue[]): { changes: number; lastId: number } {
    const result = this.statement(sql).run(...params);
    return { changes: Number(result.changes), lastId: Number(result.lastInsertRowid) };
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

  // ---- workspaces -------------------------------------------------------------------------

  /** The workspace of a token hash, created on first use. */
  workspace(tokenHash: string): Workspace {
    const cached = this.workspaces.get(tokenHash);
    if (cached) return cached;
    let row = this.get<{ rid: number; app_id: string }>(
      "SELECT rid, app_id FROM workspaces WHERE token_hash = ?",
      tokenHash,
    );
    if (!row) {
      let appId = "";
      for (let i = 0; i < 8; i++) appId += APP_ID_ALPHABET[randomInt(APP_ID_ALPHABET.length)];
      const { lastId } = this.run(
        "INSERT INTO workspaces (token_hash, app_id, created_at) VALUES (?, ?, ?)",
        tokenHash,
        appId,
        this.now(),
      );
      row = { rid: lastId, app_id: appId };
    }
    const workspace = { rid: row.rid, appId: row.app_id };
    // Bounded, so a client inventing tokens cannot grow memory without limit.
    if (this.workspaces.size >= 10_000) this.workspaces.clear();
    this.workspaces.set(tokenHash, workspace);
    return workspace;
  }

  // ---- companies --------------------------------------------------------------------------

  private planRid(ws: Workspace, name: string): number {
    const row = this.get<{ rid: number }>(
      "SELECT rid FROM plans WHERE ws = ? AND name = ?",
      ws.rid,
      name,
    );
    if (row) return row.rid;
    return this.run(
      "INSERT INTO plans (ws, id, name) VALUES (?, ?, ?)",
      ws.rid,
      String(randomInt(100_000, 1_000_000)),
      name,
    ).lastId;
  }

  private toCompany(ws: Workspace, row: CompanyRow): Company {
    const [
      ,
      id,
      companyId,
      name,
      planId,
      planName,
      size,
      website,
      industry,
      monthlySpend,
      sessionCount,
      userCount,
      remoteCreatedAt,
      createdAt,
      updatedAt,
      lastRequestAt,
      customAttributes,
      tags,
      segments,
    ] = row;
    // Keys in the order the real API sends them; unset optional attributes are left out, as
    // the real API does.
    const company = {
      type: "company",
      company_id: companyId,
      id,
      app_id: ws.appId,
      name,
    } as Company;
    if (remoteCreatedAt !== null) company.remote_created_at = remoteCreatedAt;
    company.created_at = createdAt;
    company.updated_at = updatedAt;
    if (lastRequestAt !== null) company.last_request_at = lastRequestAt;
    if (size !== null) company.size = size;
    if (website !== null) company.website = website;
    if (industry !== null) company.industry = industry;
    company.monthly_spend = monthlySpend;
    company.session_count = sessionCount;
    company.user_count = userCount;
    company.tags = { type: "tag.list", tags: parseList<Tag>(tags) };
    company.segments = { type: "segment.list", segments: parseList<Segment>(segments) };
    company.plan = planId === null ? {} : { type: "plan", id: planId, name: String(planName) };
    company.custom_attributes = JSON.parse(customAttributes) as Record<string, AttributeValue>;
    return company;
  }

  private companySegmentsByRid(companyRid: number): Segment[] {
    return this.all<Omit<Segment, "type">>(
      "SELECT s.id, s.name, s.created_at, s.updated_at, s.person_type FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = ? ORDER BY s.name",
      companyRid,
    ).map((s) => ({ type: "segment", ...s }));
  }

  private applyFields(ws: Workspace, current: CurrentFields, fields: CompanyFields): void {
    const values: SQLInputValue[] = [];
    let mask = 0;
    // Bits are SETTABLE's indexes.
    const set = (bit: number, value: SQLInputValue | undefined, was: SQLInputValue) => {
      if (value === undefined || value === was) return;
      mask |= 1 << bit;
      values.push(value);
    };
    set(0, fields.name, current.name);
    if (fields.plan !== undefined) set(1, this.planRid(ws, fields.plan), current.plan_rid);
    set(2, fields.size, current.size);
    set(3, fields.website, current.website);
    set(4, fields.industry, current.industry);
    set(5, fields.remote_created_at, current.remote_created_at);
    set(6, fields.monthly_spend, current.monthly_spend);
    set(7, fields.session_count, current.session_count);
    if (fields.custom_attributes !== undefined) {
      const merged = mergeAttributes(current.custom_attributes, fields.custom_attributes);
      set(8, merged, current.custom_attributes);
    }
    // updated_at moves on every update, changed values or not, as before.
    values.push(this.now(), current.rid);
    this.run(updateCompanySql(mask), ...values);
  }

  /** Creates the company with this `company_id`, or updates it. */
  upsertCompany(
    ws: Workspace,
    companyId: string,
    fields: CompanyFields,
    defaults: Record<string, AttributeValue> = {},
    id?: string,
  ): Company {
    // The answer is read inside the write transaction: no second snapshot to take.
    return this.transaction(() => {
      const existing = this.get<CurrentFields>(CURRENT_BY_COMPANY_ID, ws.rid, companyId);
      if (existing) {
        this.applyFields(ws, existing, fields);
        return this.companyByRid(ws, existing.rid);
      }
      const now = this.now();
      const initial = JSON.stringify(defaults);
      const { lastId } = this.run(
        INSERT_COMPANY,
        ws.rid,
        id ?? objectId(now),
        companyId,
        fields.name ?? null,
        fields.plan === undefined ? null : this.planRid(ws, fields.plan),
        fields.size ?? null,
        fields.website ?? null,
        fields.industry ?? null,
        fields.remote_created_at ?? null,
        fields.monthly_spend ?? null,
        fields.session_count ?? null,
        fields.custom_attributes === undefined
          ? initial
          : mergeAttributes(initial, fields.custom_attributes),
        now,
        now,
      );
      return this.companyByRid(ws, lastId);
    });
  }

  private companyByRid(ws: Workspace, rid: number): Company {
    const row = this.companyGet(COMPANY_BY_RID, ws.rid, rid);
    if (!row) throw companyNotFound();
    return this.toCompany(ws, row);
  }

  private ridOf(ws: Workspace, id: string): number {
    const row = this.get<{ rid: number }>(
      "SELECT rid FROM companies WHERE ws = ? AND id = ?",
      ws.rid,
      id,
    );
    if (!row) throw companyNotFound();
    return row.rid;
  }

  company(ws: Workspace, id: string): Company {
    const row = this.companyGet(COMPANY_BY_ID, ws.rid, id);
    if (!row) throw companyNotFound();
    return this.toCompany(ws, row);
  }

  updateCompany(ws: Workspace, id: string, fields: CompanyFields): Company {
    return this.transaction(() => {
      const row = this.get<CurrentFields>(CURRENT_BY_ID, ws.rid, id);
      if (!row) throw companyNotFound();
      if (Object.keys(fields).length > 0) this.applyFields(ws, row, fields);
      return this.companyByRid(ws, row.rid);
    });
  }

  deleteCompany(ws: Workspace, id: string): void {
    const { changes } = this.run("DELETE FROM companies WHERE ws = ? AND id = ?", ws.rid, id);
    if (changes === 0) throw companyNotFound();
  }

  /** Companies matching a look-up or filters; listing (no look-up) leaves out those without contacts. */
  findCompanies(
    ws: Workspace,
    query: { companyId?: string; name?: string; tagId?: string; segmentId?: string },
    page: number,
    perPage: number,
  ): Page<Company> {
    const where = ["c.ws = ?"];
    const params: SQLInputValue[] = [ws.rid];
    if (query.companyId !== undefined) {
      where.push("c.company_id = ?");
      params.push(query.companyId);
    }
    if (query.name !== undefined) {
      where.push("c.name = ?");
      params.push(query.name);
    }
    if (query.tagId !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid AND t.id = ?)",
      );
      params.push(query.tagId);
    }
    if (query.segmentId !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid AND s.id = ?)",
      );
      params.push(query.segmentId);
    }
    if (query.companyId === undefined && query.name === undefined) where.push("c.user_count > 0");
    const condition = where.join(" AND ");
    const total = Number(
      this.get<{ n: number }>(`SELECT count(*) AS n FROM companies c WHERE ${condition}`, ...params)
        ?.n ?? 0,
    );
    const rows = this.companyAll(
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE ${condition} ORDER BY c.rid DESC LIMIT ? OFFSET ?`,
      ...params,
      perPage,
      (page - 1) * perPage,
    );
    return { total, data: rows.map((row) => this.toCompany(ws, row)) };
  }

  /** Companies with contacts, by `last_request_at` (never-seen ones last), then by creation. */
  listCompanies(
    ws: Workspace,
    order: "asc" | "desc",
    page: number,
    perPage: number,
  ): Page<Company> {
    const total = Number(
      this.get<{ n: number }>(
        "SELECT count(*) AS n FROM companies WHERE ws = ? AND user_count > 0",
        ws.rid,
      )?.n ?? 0,
    );
    const direction = order === "asc" ? "ASC" : "DESC";
    const rows = this.companyAll(
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = ? AND c.user_count > 0
       ORDER BY c.last_request_at IS NULL, c.last_request_at ${direction}, c.rid ${direction} LIMIT ? OFFSET ?`,
      ws.rid,
      perPage,
      (page - 1) * perPage,
    );
    return { total, data: rows.map((row) => this.toCompany(ws, row)) };
  }

  /** The highest row id of the workspace's companies: a scroll covers the companies up to it. */
  lastCompanyRid(ws: Workspace): number {
    return Number(
      this.get<{ m: number | null }>("SELECT max(rid) AS m FROM companies WHERE ws = ?", ws.rid)
        ?.m ?? 0,
    );
  }

  /** The next companies of a scroll: row ids after `after`, up to `until`. */
  scrollCompanies(
    ws: Workspace,
    after: number,
    until: number,
    limit: number,
  ): { data: Company[]; last: number } {
    const rows = this.companyAll(
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = ? AND c.rid > ? AND c.rid <= ? ORDER BY c.rid LIMIT ?`,
      ws.rid,
      after,
      until,
      limit,
    );
    return {
      data: rows.map((row) => this.toCompany(ws, row)),
      last: rows.at(-1)?.[0] ?? after,
    };
  }

  companySegments(ws: Workspace, id: string): Segment[] {
    return this.companySegmentsByRid(this.ridOf(ws, id));
  }

  companyContacts(ws: Workspace, id: string, page: number, perPage: number): Page<Contact> {
    const rid = this.ridOf(ws, id);
    const total = Number(
      this.get<{ n: number }>(
        "SELECT count(*) AS n FROM company_contacts WHERE company_rid = ?",
        rid,
      )?.n ?? 0,
    );
    const rows = this.all<ContactRow>(
      `SELECT k.* FROM company_contacts cc JOIN contacts k ON k.rid = cc.contact_rid
       WHERE cc.company_rid = ? ORDER BY cc.attached_at, k.rid LIMIT ? OFFSET ?`,
      rid,
      perPage,
      (page - 1) * perPage,
    );
    return { total, data: rows.map((row) => this.toContact(ws, row)) };
  }

  // ---- contacts ---------------------------------------------------------------------------

  private toContact(ws: Workspace, row: ContactRow): Contact {
    return {
      type: "contact",
      id: row.id,
      workspace_id: ws.appId,
      external_id: row.external_id,
      role: row.role,
      email: row.email,
      name: row.name,
      created_at: row.created_at,
      updated_at: row.updated_at,
      last_seen_at: row.last_seen_at,
    };
  }

  private contactRow(ws: Workspace, id: string): ContactRow {
    const row = this.get<ContactRow>("SELECT * FROM contacts WHERE ws = ? AND id = ?", ws.rid, id);
    if (!row) throw contactNotFound();
    return row;
  }

  createContact(ws: Workspace, fields: ContactFields): Contact {
    if (fields.external_id === undefined && fields.email === undefined) {
      throw new ApiError(
        400,
        "parameter_not_found",
        "Send email or external_id to create a contact",
        "email",
      );
    }
    return this.transaction(() => {
      for (const key of ["external_id", "email"] as const) {
        const value = fields[key];
        if (value === undefined) continue;
        const clash = this.get<{ id: string }>(
          `SELECT id FROM contacts WHERE ws = ? AND ${key} = ?`,
          ws.rid,
          value,
        );
        if (clash) {
          throw new ApiError(
            409,
            "conflict",
            `A contact matching those details already exists with id=${clash.id}`,
            key,
          );
        }
      }
      const now = this.now();
      const { lastId } = this.run(
        "INSERT INTO contacts (ws, id, role, external_id, email, name, last_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ws.rid,
        fields.id ?? objectId(now),
        fields.role ?? "user",
        fields.external_id ?? null,
        fields.email ?? null,
        fields.name ?? null,
        fields.last_seen_at ?? null,
        now,
        now,
      );
      const row = this.get<ContactRow>("SELECT * FROM contacts WHERE rid = ?", lastId);
      return this.toContact(ws, row as ContactRow);
    });
  }

  contact(ws: Workspace, id: string): Contact {
    return this.toContact(ws, this.contactRow(ws, id));
  }

  /** Finds a contact by external_id, then email: fixtures refer to contacts that way. */
  contactByKey(ws: Workspace, key: { external_id?: string; email?: string }): Contact | undefined {
    const row =
      (key.external_id !== undefined
        ? this.get<ContactRow>(
            "SELECT * FROM contacts WHERE ws = ? AND external_id = ?",
            ws.rid,
            key.external_id,
          )
        : undefined) ??
      (key.email !== undefined
        ? this.get<ContactRow>(
            "SELECT * FROM contacts WHERE ws = ? AND email = ?",
            ws.rid,
            key.email,
          )
        : undefined);
    return row ? this.toContact(ws, row) : undefined;
  }

  attachContact(ws: Workspace, contactId: string, companyId: string): Company {
    return this.transaction(() => {
      const contact = this.contactRow(ws, contactId);
      const companyRid = this.ridOf(ws, companyId);
      const { changes } = this.run(
        "INSERT OR IGNORE INTO company_contacts (company_rid, contact_rid, attached_at) VALUES (?, ?, ?)",
        companyRid,
        contact.rid,
        this.now(),
      );
      if (changes > 0) {
        this.run(
          `UPDATE companies SET user_count = user_count + 1, updated_at = ?,
             last_request_at = CASE WHEN ? IS NULL THEN last_request_at
               ELSE max(coalesce(last_request_at, 0), ?) END
           WHERE rid = ?`,
          this.now(),
          contact.last_seen_at,
          contact.last_seen_at,
          companyRid,
        );
      }
      return this.companyByRid(ws, companyRid);
    });
  }

  detachContact(ws: Workspace, contactId: string, companyId: string): Company {
    return this.transaction(() => {
      const contact = this.contactRow(ws, contactId);
      const companyRid = this.ridOf(ws, companyId);
      const { changes } = this.run(
        "DELETE FROM company_contacts WHERE company_rid = ? AND contact_rid = ?",
        companyRid,
        contact.rid,
      );
      if (changes === 0) {
        throw new ApiError(404, "not_found", "The contact is not attached to this company");
      }
      this.run(
        `UPDATE companies SET user_count = user_count - 1, updated_at = ?,
           last_request_at = (SELECT max(k.last_seen_at) FROM company_contacts cc
             JOIN contacts k ON k.rid = cc.contact_rid WHERE cc.company_rid = ?)
         WHERE rid = ?`,
        this.now(),
        companyRid,
        companyRid,
      );
      return this.companyByRid(ws, companyRid);
    });
  }

  contactCompanies(ws: Workspace, contactId: string, page: number, perPage: number): Page<Company> {
    const contact = this.contactRow(ws, contactId);
    const total = Number(
      this.get<{ n: number }>(
        "SELECT count(*) AS n FROM company_contacts WHERE contact_rid = ?",
        contact.rid,
      )?.n ?? 0,
    );
    const rows = this.companyAll(
      `SELECT ${COMPANY_COLUMNS} FROM company_contacts cc JOIN companies c ON c.rid = cc.company_rid
       LEFT JOIN plans p ON p.rid = c.plan_rid WHERE cc.contact_rid = ? ORDER BY cc.attached_at, c.rid LIMIT ? OFFSET ?`,
      contact.rid,
      perPage,
      (page - 1) * perPage,
    );
    return { total, data: rows.map((row) => this.toCompany(ws, row)) };
  }

  // ---- tags and segments ------------------------------------------------------------------

  /** Creates the tag if needed, then tags (or untags) the companies; all or nothing. */
  tagCompanies(
    ws: Workspace,
    name: string,
    companies: { id?: string; company_id?: string; untag?: boolean }[],
    newId?: string,
  ): Tag {
    return this.transaction(() => {
      let tag = this.get<{ rid: number; id: string; name: string }>(
        "SELECT rid, id, name FROM tags WHERE ws = ? AND name = ?",
        ws.rid,
        name,
      );
      if (!tag) {
        let id = newId ?? String(randomInt(1_000_000, 10_000_000));
        while (
          newId === undefined &&
          this.get("SELECT 1 FROM tags WHERE ws = ? AND id = ?", ws.rid, id)
        ) {
          id = String(randomInt(1_000_000, 10_000_000));
        }
        const { lastId } = this.run(
          "INSERT INTO tags (ws, id, name) VALUES (?, ?, ?)",
          ws.rid,
          id,
          name,
        );
        tag = { rid: lastId, id, name };
      }
      for (const target of companies) {
        let companyRid: number;
        if (target.id !== undefined) companyRid = this.ridOf(ws, target.id);
        else if (target.company_id !== undefined) {
          const row = this.get<{ rid: number }>(
            "SELECT rid FROM companies WHERE ws = ? AND company_id = ?",
            ws.rid,
            target.company_id,
          );
          if (!row) throw companyNotFound();
          companyRid = row.rid;
        } else {
          throw new ApiError(
            400,
            "parameter_not_found",
            "Each company needs an id or a company_id",
            "companies",
          );
        }
        if (target.untag === true) {
          this.run(
            "DELETE FROM company_tags WHERE company_rid = ? AND tag_rid = ?",
            companyRid,
            tag.rid,
          );
        } else {
          this.run(
            "INSERT OR IGNORE INTO company_tags (company_rid, tag_rid) VALUES (?, ?)",
            companyRid,
            tag.rid,
          );
        }
      }
      return { type: "tag", id: tag.id, name: tag.name };
    });
  }

  tags(ws: Workspace): Tag[] {
    return this.all<{ id: string; name: string }>(
      "SELECT id, name FROM tags WHERE ws = ? ORDER BY name",
      ws.rid,
    ).map((t) => ({ type: "tag", id: t.id, name: t.name }));
  }

  /** Creates the segment named `name` if the workspace has none; returns its row id. */
  ensureSegment(ws: Workspace, name: string, personType: "user" | "contact", id?: string): number {
    const row = this.get<{ rid: number }>(
      "SELECT rid FROM segments WHERE ws = ? AND name = ?",
      ws.rid,
      name,
    );
    if (row) return row.rid;
    const now = this.now();
    return this.run(
      "INSERT INTO segments (ws, id, name, person_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      ws.rid,
      id ?? objectId(now),
      name,
      personType,
      now,
      now,
    ).lastId;
  }

  addToSegment(ws: Workspace, segmentRid: number, companyId: string): void {
    const row = this.get<{ rid: number }>(
      "SELECT rid FROM companies WHERE ws = ? AND company_id = ?",
      ws.rid,
      companyId,
    );
    if (!row) throw new Error(`No company has company_id ${JSON.stringify(companyId)}`);
    this.run(
      "INSERT OR IGNORE INTO company_segments (company_rid, segment_rid) VALUES (?, ?)",
      row.rid,
      segmentRid,
    );
  }

  segments(ws: Workspace): Segment[] {
    return this.all<Omit<Segment, "type">>(
      "SELECT id, name, created_at, updated_at, person_type FROM segments WHERE ws = ? ORDER BY name",
      ws.rid,
    ).map((s) => ({ type: "segment", ...s }));
  }

  companyCount(ws: Workspace): number {
    return Number(
      this.get<{ n: number }>("SELECT count(*) AS n FROM companies WHERE ws = ?", ws.rid)?.n ?? 0,
    );
  }
}
