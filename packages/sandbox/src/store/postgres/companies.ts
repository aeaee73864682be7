// Companies in PostgreSQL. A company, its plan, tags and segments are one statement (JSON
// aggregation), as on node:sqlite. Writes that read then write do so by compare-and-set (an
// UPDATE whose WHERE holds the values read) or insert with ON CONFLICT, so concurrent requests
// on any number of processes apply one after the other, as one process's requests do.
import { randomInt } from "node:crypto";
import { companyNotFound } from "../../errors.ts";
import { checkCustomAttributeCount } from "../../limits.ts";
import { objectId, pinnedIdTaken } from "../ids.ts";
import type {
  AttributeValue,
  CompanyChanges,
  CompanyFilter,
  CompanyRecord,
  CompanyStore,
  Page,
  PageRequest,
  SegmentRecord,
  TagRecord,
  Workspace,
} from "../types.ts";
import { type Connection, row, rows, run } from "./connection.ts";

export interface CompanyRow {
  rid: number;
  id: string;
  company_id: string;
  name: string | null;
  plan_id: string | null;
  plan_name: string | null;
  user_count: number;
  created_at: number;
  updated_at: number;
  last_request_at: number | null;
  fields: string;
  custom_attributes: string;
  tags: TagRecord[];
  segments: SegmentRecord[];
}

// Tags and segments by name, byte-wise (COLLATE "C"), as SQLite's BINARY collation orders them
// whatever the database's locale.
export const COMPANY_COLUMNS = `c.rid, c.id, c.company_id, c.name, p.id AS plan_id, p.name AS plan_name,
  c.user_count, c.created_at, c.updated_at, c.last_request_at, c.fields, c.custom_attributes,
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name COLLATE "C"), '[]')
     FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid) AS tags,
  (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'personType', s.person_type,
       'createdAt', s.created_at, 'updatedAt', s.updated_at) ORDER BY s.name COLLATE "C"), '[]')
     FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid) AS segments`;
const COMPANY_FROM = "companies c LEFT JOIN plans p ON p.rid = c.plan_rid";
const BY_ID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = $1 AND c.id = $2`;
const BY_RID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.rid = $1`;
// The (ws, rid) index walked from `after`: each page costs the same at any size.
const SCROLL = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM}
  WHERE c.ws = $1 AND c.rid > $2 AND c.rid <= $3 ORDER BY c.rid LIMIT $4`;

interface CurrentRow {
  rid: number;
  name: string | null;
  plan_rid: number | null;
  fields: string;
  custom_attributes: string;
}
const CURRENT = "SELECT rid, name, plan_rid, fields, custom_attributes FROM companies";
const CURRENT_BY_COMPANY_ID = `${CURRENT} WHERE ws = $1 AND company_id = $2`;
const CURRENT_BY_ID = `${CURRENT} WHERE ws = $1 AND id = $2`;

/** A write that answers the company in the same round trip: the written row, joined as reads are. */
const answering = (write: string) =>
  `WITH written AS (${write} RETURNING *) SELECT ${COMPANY_COLUMNS} FROM written c LEFT JOIN plans p ON p.rid = c.plan_rid`;
const INSERT = answering(`INSERT INTO companies (ws, id, company_id, name, plan_rid, fields,
  custom_attributes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (ws, company_id) DO NOTHING`);

/** Keys sent are set, `null` unsets, others stay. */
function merge(current: string, changes: Record<string, unknown>): string {
  const merged = JSON.parse(current) as Record<string, unknown>;
  for (const key of Object.keys(changes)) {
    const value = changes[key];
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return JSON.stringify(merged);
}

export function toCompanyRecord(r: CompanyRow): CompanyRecord {
  return {
    rid: r.rid,
    id: r.id,
    companyId: r.company_id,
    name: r.name,
    plan: r.plan_id === null ? null : { id: r.plan_id, name: String(r.plan_name) },
    userCount: r.user_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastRequestAt: r.last_request_at,
    fields: r.fields === "{}" ? {} : (JSON.parse(r.fields) as Record<string, unknown>),
    customAttributes:
      r.custom_attributes === "{}"
        ? {}
        : (JSON.parse(r.custom_attributes) as Record<string, Exclude<AttributeValue, null>>),
    tags: r.tags,
    segments: r.segments,
  };
}

export class PostgresCompanies implements CompanyStore {
  private readonly connection: Connection;
  private readonly now: () => number;

  constructor(connection: Connection, now: () => number) {
    this.connection = connection;
    this.now = now;
  }

  private get db() {
    return this.connection.db;
  }

  async byRid(rid: number): Promise<CompanyRecord> {
    const found = await row<CompanyRow>(this.db, BY_RID, [rid]);
    if (!found) throw companyNotFound();
    return toCompanyRecord(found);
  }

  /** The row id of the company `id`; `lock` holds the row until the transaction ends. */
  async ridOf(ws: Workspace, id: string, lock = false): Promise<number> {
    const found = await row<{ rid: number }>(
      this.db,
      `SELECT rid FROM companies WHERE ws = $1 AND id = $2${lock ? " FOR UPDATE" : ""}`,
      [ws.rid, id],
    );
    if (!found) throw companyNotFound();
    return found.rid;
  }

  async ridOfCompanyId(ws: Workspace, companyId: string): Promise<number> {
    const found = await row<{ rid: number }>(
      this.db,
      "SELECT rid FROM companies WHERE ws = $1 AND company_id = $2",
      [ws.rid, companyId],
    );
    if (!found) throw companyNotFound();
    return found.rid;
  }

  /** The workspace's plan of this name, created when missing (race-free). */
  private async planRid(ws: Workspace, name: string): Promise<number> {
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

  /**
   * Sets the columns whose values change, and updated_at, if the row still holds what the
   * merges were computed from (compare-and-set); answers the company as it now is, or
   * `undefined` when another write came first (or the company is gone): read it again and retry.
   */
  private async apply(
    ws: Workspace,
    current: CurrentRow,
    changes: CompanyChanges,
  ): Promise<CompanyRecord | undefined> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown, was: unknown) => {
      if (value === undefined || value === was) return;
      values.push(value);
      sets.push(`${column} = $${values.length}, `);
    };
    set("name", changes.name, current.name);
    if (changes.plan !== undefined) {
      set("plan_rid", await this.planRid(ws, changes.plan), current.plan_rid);
    }
    if (changes.fields !== undefined) {
      set("fields", merge(current.fields, changes.fields), current.fields);
    }
    if (changes.customAttributes !== undefined) {
      const merged = merge(current.custom_attributes, changes.customAttributes);
      checkCustomAttributeCount(merged);
      set("custom_attributes", merged, current.custom_attributes);
    }
    // updated_at moves on every update, changed values or not.
    values.push(this.now(), current.rid);
    const n = values.length;
    let where = `rid = $${n}`;
    // The merged columns must be as read: a concurrent merge would otherwise be lost.
    if (changes.fields !== undefined) {
      values.push(current.fields);
      where += ` AND fields = $${values.length}`;
    }
    if (changes.customAttributes !== undefined) {
      values.push(current.custom_attributes);
      where += ` AND custom_attributes = $${values.length}`;
    }
    const updated = await row<CompanyRow>(
      this.db,
      answering(`UPDATE companies SET ${sets.join("")}updated_at = $${n - 1} WHERE ${where}`),
      values,
    );
    return updated && toCompanyRecord(updated);
  }

  /** Creates the company unless its company_id exists (then `undefined`). */
  private async insert(
    ws: Workspace,
    companyId: string,
    changes: CompanyChanges,
    options: { id?: string; customAttributes?: Record<string, AttributeValue> },
  ): Promise<CompanyRecord | undefined> {
    if (options.id !== undefined && (await row(this.db, CURRENT_BY_ID, [ws.rid, options.id]))) {
      throw pinnedIdTaken("company", options.id);
    }
    const now = this.now();
    const attributes = merge(
      merge("{}", options.customAttributes ?? {}),
      changes.customAttributes ?? {},
    );
    checkCustomAttributeCount(attributes);
    const inserted = await row<CompanyRow>(this.db, INSERT, [
      ws.rid,
      options.id ?? objectId(now),
      companyId,
      changes.name ?? null,
      changes.plan === undefined ? null : await this.planRid(ws, changes.plan),
      merge("{}", changes.fields ?? {}),
      attributes,
      now,
      now,
    ]);
    return inserted && toCompanyRecord(inserted);
  }

  /**
   * Atomic by company_id across processes, without holding a lock across round trips: read the
   * company, then either create it (INSERT ... ON CONFLICT DO NOTHING: a concurrent create wins,
   * and this one retries as an update) or update it by compare-and-set (a concurrent update
   * wins, and this one merges again on top of it). Two statements, no BEGIN/COMMIT; concurrent
   * upserts of one company_id apply in some order and none of their custom attributes is lost.
   */
  async upsert(
    ws: Workspace,
    companyId: string,
    changes: CompanyChanges,
    options: { id?: string; customAttributes?: Record<string, AttributeValue> } = {},
  ): Promise<CompanyRecord> {
    for (;;) {
      const current = await row<CurrentRow>(this.db, CURRENT_BY_COMPANY_ID, [ws.rid, companyId]);
      const written = current
        ? await this.apply(ws, current, changes)
        : await this.insert(ws, companyId, changes, options);
      if (written) return written;
    }
  }

  async get(ws: Workspace, id: string): Promise<CompanyRecord> {
    const found = await row<CompanyRow>(this.db, BY_ID, [ws.rid, id]);
    if (!found) throw companyNotFound();
    return toCompanyRecord(found);
  }

  /** Compare-and-set, as {@link upsert}'s update. */
  async update(ws: Workspace, id: string, changes: CompanyChanges): Promise<CompanyRecord> {
    for (;;) {
      const current = await row<CurrentRow>(this.db, CURRENT_BY_ID, [ws.rid, id]);
      if (!current) throw companyNotFound();
      const updated = await this.apply(ws, current, changes);
      if (updated) return updated;
    }
  }

  async delete(ws: Workspace, id: string): Promise<void> {
    const deleted = await run(this.db, "DELETE FROM companies WHERE ws = $1 AND id = $2", [
      ws.rid,
      id,
    ]);
    if (deleted === 0) throw companyNotFound();
  }

  async find(
    ws: Workspace,
    filter: CompanyFilter,
    page: PageRequest,
  ): Promise<Page<CompanyRecord>> {
    const values: unknown[] = [ws.rid];
    const where = ["c.ws = $1"];
    const add = (condition: (n: number) => string, value: unknown) => {
      values.push(value);
      where.push(condition(values.length));
    };
    if (filter.companyId !== undefined) add((n) => `c.company_id = $${n}`, filter.companyId);
    else if (filter.name !== undefined) add((n) => `c.name = $${n}`, filter.name);
    else where.push("c.user_count > 0");
    if (filter.tagId !== undefined) {
      add(
        (n) =>
          `EXISTS (SELECT 1 FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid AND t.id = $${n})`,
        filter.tagId,
      );
    }
    if (filter.segmentId !== undefined) {
      add(
        (n) =>
          `EXISTS (SELECT 1 FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid AND s.id = $${n})`,
        filter.segmentId,
      );
    }
    const condition = where.join(" AND ");
    const n = values.length;
    const [counted, found] = await Promise.all([
      row<{ n: number }>(
        this.db,
        `SELECT count(*) AS n FROM companies c WHERE ${condition}`,
        values,
      ),
      rows<CompanyRow>(
        this.db,
        `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE ${condition} ORDER BY c.rid DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...values, page.perPage, (page.page - 1) * page.perPage],
      ),
    ]);
    return { total: counted?.n ?? 0, data: found.map(toCompanyRecord) };
  }

  async list(
    ws: Workspace,
    order: "asc" | "desc",
    page: PageRequest,
  ): Promise<Page<CompanyRecord>> {
    const direction = order === "asc" ? "ASC" : "DESC";
    const [counted, found] = await Promise.all([
      row<{ n: number }>(
        this.db,
        "SELECT count(*) AS n FROM companies WHERE ws = $1 AND user_count > 0",
        [ws.rid],
      ),
      rows<CompanyRow>(
        this.db,
        `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = $1 AND c.user_count > 0
         ORDER BY c.last_request_at IS NULL, c.last_request_at ${direction}, c.rid ${direction} LIMIT $2 OFFSET $3`,
        [ws.rid, page.perPage, (page.page - 1) * page.perPage],
      ),
    ]);
    return { total: counted?.n ?? 0, data: found.map(toCompanyRecord) };
  }

  async lastRid(ws: Workspace): Promise<number> {
    const found = await row<{ m: number | null }>(
      this.db,
      "SELECT max(rid) AS m FROM companies WHERE ws = $1",
      [ws.rid],
    );
    return found?.m ?? 0;
  }

  async scrollPage(
    ws: Workspace,
    after: number,
    until: number,
    limit: number,
  ): Promise<CompanyRecord[]> {
    return (await rows<CompanyRow>(this.db, SCROLL, [ws.rid, after, until, limit])).map(
      toCompanyRecord,
    );
  }

  async count(ws: Workspace): Promise<number> {
    const found = await row<{ n: number }>(
      this.db,
      "SELECT count(*) AS n FROM companies WHERE ws = $1",
      [ws.rid],
    );
    return found?.n ?? 0;
  }
}
