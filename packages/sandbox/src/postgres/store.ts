// The sandbox's storage on PostgreSQL: the same tables and the same answers as the node:sqlite
// store, shared by every sandbox process pointed at one database. Writes that read-then-write
// lock the row they change (SELECT ... FOR UPDATE) or insert with ON CONFLICT, so concurrent
// requests on several processes serialize the way one process's requests do.
import { randomInt } from "node:crypto";
import type pg from "pg";
import { companyNotFound } from "../errors.ts";
import {
  type AttributeValue,
  type Company,
  type CompanyFields,
  type Contact,
  objectId,
  type Page,
  type Segment,
  type Tag,
  type Workspace,
} from "../store.ts";
import { Connection, createPool, type Db, redactUrl, row, rows, run } from "./connection.ts";

interface CompanyRow {
  rid: number;
  id: string;
  company_id: string;
  name: string | null;
  plan_id: string | null;
  plan_name: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number;
  session_count: number;
  user_count: number;
  remote_created_at: number | null;
  created_at: number;
  updated_at: number;
  last_request_at: number | null;
  custom_attributes: string;
  tags: Tag[];
  segments: Segment[];
}

export interface ContactRow {
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

// Tags and segments come with the company as JSON arrays already in the API's shape, ordered
// by name byte-wise (COLLATE "C") as SQLite's BINARY collation orders them.
const COMPANY_COLUMNS = `c.rid, c.id, c.company_id, c.name, p.id AS plan_id, p.name AS plan_name, c.size,
  c.website, c.industry, c.monthly_spend, c.session_count, c.user_count, c.remote_created_at,
  c.created_at, c.updated_at, c.last_request_at, c.custom_attributes,
  (SELECT coalesce(json_agg(json_build_object('type', 'tag', 'id', t.id, 'name', t.name)
       ORDER BY t.name COLLATE "C"), '[]')
     FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid) AS tags,
  (SELECT coalesce(json_agg(json_build_object('type', 'segment', 'id', s.id, 'name', s.name,
       'created_at', s.created_at, 'updated_at', s.updated_at, 'person_type', s.person_type)
       ORDER BY s.name COLLATE "C"), '[]')
     FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid) AS segments`;
const COMPANY_FROM = "companies c LEFT JOIN plans p ON p.rid = c.plan_rid";
const COMPANY_BY_ID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = $1 AND c.id = $2`;
const COMPANY_BY_RID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = $1 AND c.rid = $2`;
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
const CURRENT_FIELDS = `SELECT rid, ${SETTABLE.join(", ")} FROM companies`;
const LOCK_BY_COMPANY_ID = `${CURRENT_FIELDS} WHERE ws = $1 AND company_id = $2 FOR UPDATE`;
const LOCK_BY_ID = `${CURRENT_FIELDS} WHERE ws = $1 AND id = $2 FOR UPDATE`;
// Writes that answer the company in the same round trip: the written row, joined as reads do.
const returningCompany = (write: string) =>
  `WITH written AS (${write} RETURNING *) SELECT ${COMPANY_COLUMNS} FROM written c LEFT JOIN plans p ON p.rid = c.plan_rid`;
const INSERT_COMPANY =
  returningCompany(`INSERT INTO companies (ws, id, company_id, name, plan_rid, size, website, industry,
  remote_created_at, monthly_spend, session_count, custom_attributes, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, 0), coalesce($11, 0), $12, $13, $14)
  ON CONFLICT (ws, company_id) DO NOTHING`);
const APP_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function mergeAttributes(current: string, changes: Record<string, AttributeValue>): string {
  const merged = JSON.parse(current) as Record<string, AttributeValue>;
  for (const key of Object.keys(changes)) {
    const value = changes[key] as AttributeValue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return JSON.stringify(merged);
}

export interface PostgresStoreOptions {
  url: string;
  poolSize: number;
  /** Unix seconds. */
  now: () => number;
}

/** Workspaces and companies; {@link PostgresStore} adds contacts, tags, segments and scrolls. */
export class PostgresCompanies {
  readonly pool: pg.Pool;
  protected readonly connection: Connection;
  /** The URL without its password. */
  readonly path: string;
  protected readonly now: () => number;
  private readonly workspaces = new Map<string, Workspace>();

  protected constructor(options: PostgresStoreOptions) {
    this.pool = createPool(options.url, options.poolSize);
    this.connection = new Connection(this.pool);
    this.path = redactUrl(options.url);
    this.now = options.now;
  }

  /** The current transaction's connection, or the pool. */
  protected get db(): Db {
    return this.connection.db;
  }

  /** Runs `work` in one transaction (or the one already open), rolled back if it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.connection.transaction(work);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  // ---- workspaces -------------------------------------------------------------------------

  async workspace(tokenHash: string): Promise<Workspace> {
    const cached = this.workspaces.get(tokenHash);
    if (cached) return cached;
    let appId = "";
    for (let i = 0; i < 8; i++) appId += APP_ID_ALPHABET[randomInt(APP_ID_ALPHABET.length)];
    // Insert-or-read in one statement; a concurrent first request from another process wins or
    // loses the insert, and both read the same row.
    const found =
      (await row<{ rid: number; app_id: string }>(
        this.db,
        `INSERT INTO workspaces (token_hash, app_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (token_hash) DO NOTHING RETURNING rid, app_id`,
        [tokenHash, appId, this.now()],
      )) ??
      (await row<{ rid: number; app_id: string }>(
        this.db,
        "SELECT rid, app_id FROM workspaces WHERE token_hash = $1",
        [tokenHash],
      ));
    if (!found) throw new Error("The workspace row vanished after its insert");
    const workspace = { rid: found.rid, appId: found.app_id };
    if (this.workspaces.size >= 10_000) this.workspaces.clear();
    this.workspaces.set(tokenHash, workspace);
    return workspace;
  }

  // ---- companies --------------------------------------------------------------------------

  protected async planRid(ws: Workspace, name: string): Promise<number> {
    const inserted = await row<{ rid: number }>(
      this.db,
      "INSERT INTO plans (ws, id, name) VALUES ($1, $2, $3) ON CONFLICT (ws, name) DO NOTHING RETURNING rid",
      [ws.rid, String(randomInt(100_000, 1_000_000)), name],
    );
    if (inserted) return inserted.rid;
    const existing = await row<{ rid: number }>(
      this.db,
      "SELECT rid FROM plans WHERE ws = $1 AND name = $2",
      [ws.rid, name],
    );
    return (existing as { rid: number }).rid;
  }

  protected toCompany(ws: Workspace, r: CompanyRow): Company {
    const company = {
      type: "company",
      company_id: r.company_id,
      id: r.id,
      app_id: ws.appId,
      name: r.name,
    } as Company;
    if (r.remote_created_at !== null) company.remote_created_at = r.remote_created_at;
    company.created_at = r.created_at;
    company.updated_at = r.updated_at;
    if (r.last_request_at !== null) company.last_request_at = r.last_request_at;
    if (r.size !== null) company.size = r.size;
    if (r.website !== null) company.website = r.website;
    if (r.industry !== null) company.industry = r.industry;
    company.monthly_spend = r.monthly_spend;
    company.session_count = r.session_count;
    company.user_count = r.user_count;
    company.tags = { type: "tag.list", tags: r.tags };
    company.segments = { type: "segment.list", segments: r.segments };
    company.plan =
      r.plan_id === null ? {} : { type: "plan", id: r.plan_id, name: String(r.plan_name) };
    company.custom_attributes = JSON.parse(r.custom_attributes) as Record<string, AttributeValue>;
    return company;
  }

  /** Sets the fields that change (and updated_at); answers the company as it now is. */
  protected async applyFields(
    ws: Workspace,
    current: CurrentFields,
    fields: CompanyFields,
  ): Promise<Company> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown, was: unknown) => {
      if (value === undefined || value === was) return;
      values.push(value);
      sets.push(`${column} = $${values.length}, `);
    };
    set("name", fields.name, current.name);
    if (fields.plan !== undefined)
      set("plan_rid", await this.planRid(ws, fields.plan), current.plan_rid);
    set("size", fields.size, current.size);
    set("website", fields.website, current.website);
    set("industry", fields.industry, current.industry);
    set("remote_created_at", fields.remote_created_at, current.remote_created_at);
    set("monthly_spend", fields.monthly_spend, current.monthly_spend);
    set("session_count", fields.session_count, current.session_count);
    if (fields.custom_attributes !== undefined) {
      const merged = mergeAttributes(current.custom_attributes, fields.custom_attributes);
      set("custom_attributes", merged, current.custom_attributes);
    }
    // updated_at moves on every update, changed values or not, as on node:sqlite.
    values.push(this.now(), current.rid);
    const updated = await row<CompanyRow>(
      this.db,
      returningCompany(
        `UPDATE companies SET ${sets.join("")}updated_at = $${values.length - 1} WHERE rid = $${values.length}`,
      ),
      values,
    );
    if (!updated) throw companyNotFound();
    return this.toCompany(ws, updated);
  }

  /** Inserts the company unless its company_id exists; undefined if it does. */
  private async insertCompany(
    ws: Workspace,
    companyId: string,
    fields: CompanyFields,
    defaults: Record<string, AttributeValue>,
    id: string | undefined,
  ): Promise<Company | undefined> {
    const now = this.now();
    const initial = JSON.stringify(defaults);
    const inserted = await row<CompanyRow>(this.db, INSERT_COMPANY, [
      ws.rid,
      id ?? objectId(now),
      companyId,
      fields.name ?? null,
      fields.plan === undefined ? null : await this.planRid(ws, fields.plan),
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
    ]);
    return inserted && this.toCompany(ws, inserted);
  }

  protected async companyByRid(ws: Workspace, rid: number): Promise<Company> {
    const found = await row<CompanyRow>(this.db, COMPANY_BY_RID, [ws.rid, rid]);
    if (!found) throw companyNotFound();
    return this.toCompany(ws, found);
  }

  protected async ridOf(ws: Workspace, id: string, lock = false): Promise<number> {
    const found = await row<{ rid: number }>(
      this.db,
      `SELECT rid FROM companies WHERE ws = $1 AND id = $2${lock ? " FOR UPDATE" : ""}`,
      [ws.rid, id],
    );
    if (!found) throw companyNotFound();
    return found.rid;
  }

  /**
   * Creates the company with this `company_id`, or updates it; atomic across processes. A
   * create is one statement (INSERT ... ON CONFLICT DO NOTHING); an update locks the row, so
   * concurrent updates of one company merge their custom attributes one after the other.
   */
  async upsertCompany(
    ws: Workspace,
    companyId: string,
    fields: CompanyFields,
    defaults: Record<string, AttributeValue> = {},
    id?: string,
  ): Promise<Company> {
    const created = await this.insertCompany(ws, companyId, fields, defaults, id);
    if (created) return created;
    return this.connection.transaction(async () => {
      for (;;) {
        const existing = await row<CurrentFields>(this.db, LOCK_BY_COMPANY_ID, [ws.rid, companyId]);
        if (existing) return this.applyFields(ws, existing, fields);
        // Deleted in between: create it after all.
        const again = await this.insertCompany(ws, companyId, fields, defaults, id);
        if (again) return again;
      }
    });
  }

  async company(ws: Workspace, id: string): Promise<Company> {
    const found = await row<CompanyRow>(this.db, COMPANY_BY_ID, [ws.rid, id]);
    if (!found) throw companyNotFound();
    return this.toCompany(ws, found);
  }

  updateCompany(ws: Workspace, id: string, fields: CompanyFields): Promise<Company> {
    return this.connection.transaction(async () => {
      const current = await row<CurrentFields>(this.db, LOCK_BY_ID, [ws.rid, id]);
      if (!current) throw companyNotFound();
      if (Object.keys(fields).length > 0) return this.applyFields(ws, current, fields);
      return this.companyByRid(ws, current.rid);
    });
  }

  async deleteCompany(ws: Workspace, id: string): Promise<void> {
    const changes = await run(this.db, "DELETE FROM companies WHERE ws = $1 AND id = $2", [
      ws.rid,
      id,
    ]);
    if (changes === 0) throw companyNotFound();
  }

  async findCompanies(
    ws: Workspace,
    query: { companyId?: string; name?: string; tagId?: string; segmentId?: string },
    page: number,
    perPage: number,
  ): Promise<Page<Company>> {
    const values: unknown[] = [ws.rid];
    const where = ["c.ws = $1"];
    const add = (condition: (n: number) => string, value: unknown) => {
      values.push(value);
      where.push(condition(values.length));
    };
    if (query.companyId !== undefined) add((n) => `c.company_id = $${n}`, query.companyId);
    if (query.name !== undefined) add((n) => `c.name = $${n}`, query.name);
    if (query.tagId !== undefined) {
      add(
        (n) =>
          `EXISTS (SELECT 1 FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid AND t.id = $${n})`,
        query.tagId,
      );
    }
    if (query.segmentId !== undefined) {
      add(
        (n) =>
          `EXISTS (SELECT 1 FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid AND s.id = $${n})`,
        query.segmentId,
      );
    }
    if (query.companyId === undefined && query.name === undefined) where.push("c.user_count > 0");
    const condition = where.join(" AND ");
    const total =
      (
        await row<{ n: number }>(
          this.db,
          `SELECT count(*) AS n FROM companies c WHERE ${condition}`,
          values,
        )
      )?.n ?? 0;
    const n = values.length;
    const found = await rows<CompanyRow>(
      this.db,
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE ${condition} ORDER BY c.rid DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...values, perPage, (page - 1) * perPage],
    );
    return { total, data: found.map((r) => this.toCompany(ws, r)) };
  }

  async listCompanies(
    ws: Workspace,
    order: "asc" | "desc",
    page: number,
    perPage: number,
  ): Promise<Page<Company>> {
    const total =
      (
        await row<{ n: number }>(
          this.db,
          "SELECT count(*) AS n FROM companies WHERE ws = $1 AND user_count > 0",
          [ws.rid],
        )
      )?.n ?? 0;
    const direction = order === "asc" ? "ASC" : "DESC";
    const found = await rows<CompanyRow>(
      this.db,
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = $1 AND c.user_count > 0
       ORDER BY c.last_request_at IS NULL, c.last_request_at ${direction}, c.rid ${direction} LIMIT $2 OFFSET $3`,
      [ws.rid, perPage, (page - 1) * perPage],
    );
    return { total, data: found.map((r) => this.toCompany(ws, r)) };
  }

  async lastCompanyRid(ws: Workspace): Promise<number> {
    return (
      (
        await row<{ m: number | null }>(
          this.db,
          "SELECT max(rid) AS m FROM companies WHERE ws = $1",
          [ws.rid],
        )
      )?.m ?? 0
    );
  }

  async scrollCompanies(
    ws: Workspace,
    after: number,
    until: number,
    limit: number,
  ): Promise<{ data: Company[]; last: number }> {
    const found = await rows<CompanyRow>(
      this.db,
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = $1 AND c.rid > $2 AND c.rid <= $3 ORDER BY c.rid LIMIT $4`,
      [ws.rid, after, until, limit],
    );
    return { data: found.map((r) => this.toCompany(ws, r)), last: found.at(-1)?.rid ?? after };
  }

  async companySegments(ws: Workspace, id: string): Promise<Segment[]> {
    const rid = await this.ridOf(ws, id);
    const found = await rows<Omit<Segment, "type">>(
      this.db,
      `SELECT s.id, s.name, s.created_at, s.updated_at, s.person_type FROM company_segments cs
       JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = $1 ORDER BY s.name COLLATE "C"`,
      [rid],
    );
    return found.map((s) => ({ type: "segment", ...s }));
  }

  async companyContacts(
    ws: Workspace,
    id: string,
    page: number,
    perPage: number,
  ): Promise<Page<Contact>> {
    const rid = await this.ridOf(ws, id);
    const total =
      (
        await row<{ n: number }>(
          this.db,
          "SELECT count(*) AS n FROM company_contacts WHERE company_rid = $1",
          [rid],
        )
      )?.n ?? 0;
    const found = await rows<ContactRow>(
      this.db,
      `SELECT k.* FROM company_contacts cc JOIN contacts k ON k.rid = cc.contact_rid
       WHERE cc.company_rid = $1 ORDER BY cc.attached_at, k.rid LIMIT $2 OFFSET $3`,
      [rid, perPage, (page - 1) * perPage],
    );
    return { total, data: found.map((r) => this.toContact(ws, r)) };
  }

  companyCount(ws: Workspace): Promise<number> {
    return row<{ n: number }>(this.db, "SELECT count(*) AS n FROM companies WHERE ws = $1", [
      ws.rid,
    ]).then((r) => r?.n ?? 0);
  }

  /** Company rows of `SELECT <the company columns> <tail>`. */
  protected companyRows(tail: string, values: unknown[]): Promise<CompanyRow[]> {
    return rows<CompanyRow>(this.db, `SELECT ${COMPANY_COLUMNS} ${tail}`, values);
  }

  protected toContact(ws: Workspace, r: ContactRow): Contact {
    return {
      type: "contact",
      id: r.id,
      workspace_id: ws.appId,
      external_id: r.external_id,
      role: r.role,
      email: r.email,
      name: r.name,
      created_at: r.created_at,
      updated_at: r.updated_at,
      last_seen_at: r.last_seen_at,
    };
  }
}
