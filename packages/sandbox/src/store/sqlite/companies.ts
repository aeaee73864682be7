// Companies in node:sqlite. A company, its plan, tags and segments are one statement (JSON
// aggregation in SQLite), rows read as arrays and turned into named records in one place.
import { randomInt } from "node:crypto";
import type { SQLInputValue } from "node:sqlite";
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
import type { Database } from "./database.ts";

/** COMPANY_COLUMNS' order. */
type CompanyRow = [
  rid: number,
  id: string,
  company_id: string,
  name: string | null,
  plan_id: string | null,
  plan_name: string | null,
  user_count: number,
  created_at: number,
  updated_at: number,
  last_request_at: number | null,
  fields: string,
  custom_attributes: string,
  /** JSON array of TagRecord, by name. */
  tags: string,
  /** JSON array of SegmentRecord, by name. */
  segments: string,
];

export const COMPANY_COLUMNS = `c.rid, c.id, c.company_id, c.name, p.id AS plan_id, p.name AS plan_name,
  c.user_count, c.created_at, c.updated_at, c.last_request_at, c.fields, c.custom_attributes,
  (SELECT json_group_array(json_object('id', t.id, 'name', t.name) ORDER BY t.name)
     FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid) AS tags,
  (SELECT json_group_array(json_object('id', s.id, 'name', s.name, 'personType', s.person_type,
       'createdAt', s.created_at, 'updatedAt', s.updated_at) ORDER BY s.name)
     FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid) AS segments`;
const COMPANY_FROM = "companies c LEFT JOIN plans p ON p.rid = c.plan_rid";
const BY_ID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = ? AND c.id = ?`;
const BY_RID = `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.rid = ?`;
// The scroll walks the (ws, rid) index, INDEXED BY so that the planner never sorts through
// another index: each page costs the same at any size. Its tags and segments come in two range
// queries for the whole page instead of two subqueries per company.
const BARE_COLUMNS = `c.rid, c.id, c.company_id, c.name, p.id AS plan_id, p.name AS plan_name,
  c.user_count, c.created_at, c.updated_at, c.last_request_at, c.fields, c.custom_attributes`;
const SCROLL = `SELECT ${BARE_COLUMNS}, '[]', '[]' FROM companies c INDEXED BY companies_by_ws
  LEFT JOIN plans p ON p.rid = c.plan_rid
  WHERE c.ws = ? AND c.rid > ? AND c.rid <= ? ORDER BY c.rid LIMIT ?`;
const TAGS_OF_RANGE = `SELECT ct.company_rid AS rid, t.id, t.name FROM company_tags ct
  JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid BETWEEN ? AND ? ORDER BY t.name`;
const SEGMENTS_OF_RANGE = `SELECT cs.company_rid AS rid, s.id, s.name, s.person_type AS personType,
  s.created_at AS createdAt, s.updated_at AS updatedAt FROM company_segments cs
  JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid BETWEEN ? AND ? ORDER BY s.name`;

/** What an update compares against. */
type CurrentRow = [
  rid: number,
  name: string | null,
  plan_rid: number | null,
  fields: string,
  custom_attributes: string,
];
const CURRENT = "SELECT rid, name, plan_rid, fields, custom_attributes FROM companies";
const CURRENT_BY_COMPANY_ID = `${CURRENT} WHERE ws = ? AND company_id = ?`;
const CURRENT_BY_ID = `${CURRENT} WHERE ws = ? AND id = ?`;
const SETTABLE = ["name", "plan_rid", "fields", "custom_attributes"] as const;
const INSERT = `INSERT INTO companies (ws, id, company_id, name, plan_rid, fields, custom_attributes,
  created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// An update sets only the columns whose values change (setting a column to its own value still
// rewrites its index entries); its statement is built once per combination.
const updateSql = new Map<number, string>();
function updateStatement(mask: number): string {
  let sql = updateSql.get(mask);
  if (sql === undefined) {
    const sets = SETTABLE.filter((_, bit) => mask & (1 << bit)).map((column) => `${column} = ?, `);
    sql = `UPDATE companies SET ${sets.join("")}updated_at = ? WHERE rid = ?`;
    updateSql.set(mask, sql);
  }
  return sql;
}

/** Keys sent are set, `null` unsets, others stay; "{}" stays the same string when unchanged. */
function merge(current: string, changes: Record<string, unknown>): string {
  const merged = JSON.parse(current) as Record<string, unknown>;
  for (const key of Object.keys(changes)) {
    const value = changes[key];
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return JSON.stringify(merged);
}

const parseList = <T>(json: string): T[] => (json === "[]" ? [] : (JSON.parse(json) as T[]));

export function toCompanyRecord(row: CompanyRow): CompanyRecord {
  return {
    rid: row[0],
    id: row[1],
    companyId: row[2],
    name: row[3],
    plan: row[4] === null ? null : { id: row[4], name: String(row[5]) },
    userCount: row[6],
    createdAt: row[7],
    updatedAt: row[8],
    lastRequestAt: row[9],
    fields: row[10] === "{}" ? {} : (JSON.parse(row[10]) as Record<string, unknown>),
    customAttributes:
      row[11] === "{}"
        ? {}
        : (JSON.parse(row[11]) as Record<string, Exclude<AttributeValue, null>>),
    tags: parseList<TagRecord>(row[12]),
    segments: parseList<SegmentRecord>(row[13]),
  };
}

/** The synchronous work; {@link SqliteCompanies} wraps it in promises. */
export class CompanyTables {
  private readonly db: Database;
  private readonly now: () => number;

  constructor(db: Database, now: () => number) {
    this.db = db;
    this.now = now;
  }

  byRid(rid: number): CompanyRecord {
    const row = this.db.row<CompanyRow>(BY_RID, rid);
    if (!row) throw companyNotFound();
    return toCompanyRecord(row);
  }

  get(ws: Workspace, id: string): CompanyRecord {
    const row = this.db.row<CompanyRow>(BY_ID, ws.rid, id);
    if (!row) throw companyNotFound();
    return toCompanyRecord(row);
  }

  ridOf(ws: Workspace, id: string): number {
    const row = this.db.get<{ rid: number }>(
      "SELECT rid FROM companies WHERE ws = ? AND id = ?",
      ws.rid,
      id,
    );
    if (!row) throw companyNotFound();
    return row.rid;
  }

  ridOfCompanyId(ws: Workspace, companyId: string): number {
    const row = this.db.get<{ rid: number }>(
      "SELECT rid FROM companies WHERE ws = ? AND company_id = ?",
      ws.rid,
      companyId,
    );
    if (!row) throw companyNotFound();
    return row.rid;
  }

  private planRid(ws: Workspace, name: string): number {
    const row = this.db.get<{ rid: number }>(
      "SELECT rid FROM plans WHERE ws = ? AND name = ?",
      ws.rid,
      name,
    );
    if (row) return row.rid;
    return this.db.run(
      "INSERT INTO plans (ws, id, name) VALUES (?, ?, ?)",
      ws.rid,
      String(randomInt(100_000, 1_000_000)),
      name,
    ).lastId;
  }

  private apply(ws: Workspace, current: CurrentRow, changes: CompanyChanges): void {
    const values: SQLInputValue[] = [];
    let mask = 0;
    const set = (bit: number, value: SQLInputValue | undefined, was: SQLInputValue) => {
      if (value === undefined || value === was) return;
      mask |= 1 << bit;
      values.push(value);
    };
    set(0, changes.name, current[1]);
    if (changes.plan !== undefined) set(1, this.planRid(ws, changes.plan), current[2]);
    if (changes.fields !== undefined) set(2, merge(current[3], changes.fields), current[3]);
    if (changes.customAttributes !== undefined) {
      const merged = merge(current[4], changes.customAttributes);
      checkCustomAttributeCount(merged);
      set(3, merged, current[4]);
    }
    // updated_at moves on every update, changed values or not.
    values.push(this.now(), current[0]);
    this.db.run(updateStatement(mask), ...values);
  }

  upsert(
    ws: Workspace,
    companyId: string,
    changes: CompanyChanges,
    options: { id?: string; customAttributes?: Record<string, AttributeValue> } = {},
  ): CompanyRecord {
    // The answer is read inside the write transaction: no second snapshot to take.
    return this.db.transaction(() => {
      const current = this.db.row<CurrentRow>(CURRENT_BY_COMPANY_ID, ws.rid, companyId);
      if (current) {
        this.apply(ws, current, changes);
        return this.byRid(current[0]);
      }
      if (options.id !== undefined && this.db.row(CURRENT_BY_ID, ws.rid, options.id)) {
        throw pinnedIdTaken("company", options.id);
      }
      const now = this.now();
      const attributes = merge(
        merge("{}", options.customAttributes ?? {}),
        changes.customAttributes ?? {},
      );
      checkCustomAttributeCount(attributes);
      const { lastId } = this.db.run(
        INSERT,
        ws.rid,
        options.id ?? objectId(now),
        companyId,
        changes.name ?? null,
        changes.plan === undefined ? null : this.planRid(ws, changes.plan),
        merge("{}", changes.fields ?? {}),
        attributes,
        now,
        now,
      );
      return this.byRid(lastId);
    });
  }

  update(ws: Workspace, id: string, changes: CompanyChanges): CompanyRecord {
    return this.db.transaction(() => {
      const current = this.db.row<CurrentRow>(CURRENT_BY_ID, ws.rid, id);
      if (!current) throw companyNotFound();
      this.apply(ws, current, changes);
      return this.byRid(current[0]);
    });
  }

  delete(ws: Workspace, id: string): void {
    const { changes } = this.db.run("DELETE FROM companies WHERE ws = ? AND id = ?", ws.rid, id);
    if (changes === 0) throw companyNotFound();
  }

  find(ws: Workspace, filter: CompanyFilter, page: PageRequest): Page<CompanyRecord> {
    const where = ["c.ws = ?"];
    const params: SQLInputValue[] = [ws.rid];
    if (filter.companyId !== undefined) {
      where.push("c.company_id = ?");
      params.push(filter.companyId);
    } else if (filter.name !== undefined) {
      where.push("c.name = ?");
      params.push(filter.name);
    } else where.push("c.user_count > 0");
    if (filter.tagId !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM company_tags ct JOIN tags t ON t.rid = ct.tag_rid WHERE ct.company_rid = c.rid AND t.id = ?)",
      );
      params.push(filter.tagId);
    }
    if (filter.segmentId !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid WHERE cs.company_rid = c.rid AND s.id = ?)",
      );
      params.push(filter.segmentId);
    }
    const condition = where.join(" AND ");
    const total = this.db.count(
      `SELECT count(*) AS n FROM companies c WHERE ${condition}`,
      ...params,
    );
    const rows = this.db.rows<CompanyRow>(
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE ${condition} ORDER BY c.rid DESC LIMIT ? OFFSET ?`,
      ...params,
      page.perPage,
      (page.page - 1) * page.perPage,
    );
    return { total, data: rows.map(toCompanyRecord) };
  }

  list(ws: Workspace, order: "asc" | "desc", page: PageRequest): Page<CompanyRecord> {
    const total = this.db.count(
      "SELECT count(*) AS n FROM companies WHERE ws = ? AND user_count > 0",
      ws.rid,
    );
    const direction = order === "asc" ? "ASC" : "DESC";
    const rows = this.db.rows<CompanyRow>(
      `SELECT ${COMPANY_COLUMNS} FROM ${COMPANY_FROM} WHERE c.ws = ? AND c.user_count > 0
       ORDER BY c.last_request_at IS NULL, c.last_request_at ${direction}, c.rid ${direction} LIMIT ? OFFSET ?`,
      ws.rid,
      page.perPage,
      (page.page - 1) * page.perPage,
    );
    return { total, data: rows.map(toCompanyRecord) };
  }

  lastRid(ws: Workspace): number {
    return Number(
      this.db.get<{ m: number | null }>("SELECT max(rid) AS m FROM companies WHERE ws = ?", ws.rid)
        ?.m ?? 0,
    );
  }

  scrollPage(ws: Workspace, after: number, until: number, limit: number): CompanyRecord[] {
    const records = this.db
      .rows<CompanyRow>(SCROLL, ws.rid, after, until, limit)
      .map(toCompanyRecord);
    const first = records[0]?.rid;
    const last = records.at(-1)?.rid;
    if (first === undefined || last === undefined) return records;
    const byRid = new Map(records.map((record) => [record.rid, record]));
    for (const { rid, ...tag } of this.db.all<TagRecord & { rid: number }>(
      TAGS_OF_RANGE,
      first,
      last,
    )) {
      byRid.get(rid)?.tags.push(tag);
    }
    for (const { rid, ...segment } of this.db.all<SegmentRecord & { rid: number }>(
      SEGMENTS_OF_RANGE,
      first,
      last,
    )) {
      byRid.get(rid)?.segments.push(segment);
    }
    return records;
  }

  count(ws: Workspace): number {
    return this.db.count("SELECT count(*) AS n FROM companies WHERE ws = ?", ws.rid);
  }
}

/** {@link CompanyStore} over {@link CompanyTables}. */
export class SqliteCompanies implements CompanyStore {
  private readonly db: Database;
  private readonly tables: CompanyTables;

  constructor(db: Database, tables: CompanyTables) {
    this.db = db;
    this.tables = tables;
  }

  upsert(
    ws: Workspace,
    companyId: string,
    changes: CompanyChanges,
    options?: { id?: string; customAttributes?: Record<string, AttributeValue> },
  ): Promise<CompanyRecord> {
    return this.db.write(() => this.tables.upsert(ws, companyId, changes, options));
  }
  get(ws: Workspace, id: string): CompanyRecord {
    return this.tables.get(ws, id);
  }
  update(ws: Workspace, id: string, changes: CompanyChanges): Promise<CompanyRecord> {
    return this.db.write(() => this.tables.update(ws, id, changes));
  }
  delete(ws: Workspace, id: string): Promise<void> {
    return this.db.write(() => this.tables.delete(ws, id));
  }
  async find(
    ws: Workspace,
    filter: CompanyFilter,
    page: PageRequest,
  ): Promise<Page<CompanyRecord>> {
    return this.tables.find(ws, filter, page);
  }
  async list(
    ws: Workspace,
    order: "asc" | "desc",
    page: PageRequest,
  ): Promise<Page<CompanyRecord>> {
    return this.tables.list(ws, order, page);
  }
  async lastRid(ws: Workspace): Promise<number> {
    return this.tables.lastRid(ws);
  }
  async scrollPage(
    ws: Workspace,
    after: number,
    until: number,
    limit: number,
  ): Promise<CompanyRecord[]> {
    return this.tables.scrollPage(ws, after, until, limit);
  }
  async count(ws: Workspace): Promise<number> {
    return this.tables.count(ws);
  }
}
