// Tags and segments of companies, in PostgreSQL.
import { ApiError } from "../../errors.ts";
import { newTagId, objectId, pinnedIdTaken } from "../ids.ts";
import type { SegmentRecord, SegmentStore, TagRecord, TagStore, Workspace } from "../types.ts";
import type { PostgresCompanies } from "./companies.ts";
import { type Connection, row, rows, run } from "./connection.ts";

export class PostgresTags implements TagStore {
  private readonly connection: Connection;
  private readonly companies: PostgresCompanies;

  constructor(connection: Connection, companies: PostgresCompanies) {
    this.connection = connection;
    this.companies = companies;
  }

  private get db() {
    return this.connection.db;
  }

  apply(
    ws: Workspace,
    name: string,
    companies: { id?: string; company_id?: string; untag?: boolean }[],
    id?: string,
  ): Promise<TagRecord> {
    return this.connection.transaction(async () => {
      let tag: { rid: number; id: string; name: string } | undefined;
      while (!tag) {
        // Another request (of any process) may create the same name at once: read it back. A
        // random id that another tag has: draw again.
        tag =
          (await row(
            this.db,
            "INSERT INTO tags (ws, id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING rid, id, name",
            [ws.rid, id ?? newTagId(), name],
          )) ??
          (await row(this.db, "SELECT rid, id, name FROM tags WHERE ws = $1 AND name = $2", [
            ws.rid,
            name,
          ]));
        if (!tag && id !== undefined) {
          throw pinnedIdTaken("tag", id);
        }
      }
      for (const target of companies) {
        let companyRid: number;
        if (target.id !== undefined) companyRid = await this.companies.ridOf(ws, target.id);
        else if (target.company_id !== undefined) {
          companyRid = await this.companies.ridOfCompanyId(ws, target.company_id);
        } else {
          throw new ApiError(
            400,
            "parameter_not_found",
            "Each company needs an id or a company_id",
            "companies",
          );
        }
        await run(
          this.db,
          target.untag === true
            ? "DELETE FROM company_tags WHERE company_rid = $1 AND tag_rid = $2"
            : "INSERT INTO company_tags (company_rid, tag_rid) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          [companyRid, tag.rid],
        );
      }
      return { id: tag.id, name: tag.name };
    });
  }

  list(ws: Workspace): Promise<TagRecord[]> {
    return rows<TagRecord>(
      this.db,
      'SELECT id, name FROM tags WHERE ws = $1 ORDER BY name COLLATE "C"',
      [ws.rid],
    );
  }
}

const SEGMENT_COLUMNS = `s.id, s.name, s.person_type AS "personType", s.created_at AS "createdAt",
  s.updated_at AS "updatedAt"`;

export class PostgresSegments implements SegmentStore {
  private readonly connection: Connection;
  private readonly companies: PostgresCompanies;
  private readonly now: () => number;

  constructor(connection: Connection, companies: PostgresCompanies, now: () => number) {
    this.connection = connection;
    this.companies = companies;
    this.now = now;
  }

  private get db() {
    return this.connection.db;
  }

  ensure(
    ws: Workspace,
    segment: { id?: string; name: string; personType: "user" | "contact" },
    companyIds: string[],
  ): Promise<SegmentRecord> {
    return this.connection.transaction(async () => {
      const now = this.now();
      const found =
        (await row<{ rid: number }>(
          this.db,
          `INSERT INTO segments (ws, id, name, person_type, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING rid`,
          [ws.rid, segment.id ?? objectId(now), segment.name, segment.personType, now, now],
        )) ??
        (await row<{ rid: number }>(
          this.db,
          "SELECT rid FROM segments WHERE ws = $1 AND name = $2",
          [ws.rid, segment.name],
        ));
      // Neither inserted nor found by name: its id is another segment's.
      if (!found) throw pinnedIdTaken("segment", String(segment.id));
      const rid = found.rid;
      for (const companyId of companyIds) {
        await run(
          this.db,
          "INSERT INTO company_segments (company_rid, segment_rid) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          [await this.companies.ridOfCompanyId(ws, companyId), rid],
        );
      }
      return (await row<SegmentRecord>(
        this.db,
        `SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.rid = $1`,
        [rid],
      )) as SegmentRecord;
    });
  }

  list(ws: Workspace): Promise<SegmentRecord[]> {
    return rows<SegmentRecord>(
      this.db,
      `SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.ws = $1 ORDER BY s.name COLLATE "C"`,
      [ws.rid],
    );
  }

  async ofCompany(ws: Workspace, companyId: string): Promise<SegmentRecord[]> {
    const rid = await this.companies.ridOf(ws, companyId);
    return rows<SegmentRecord>(
      this.db,
      `SELECT ${SEGMENT_COLUMNS} FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid
       WHERE cs.company_rid = $1 ORDER BY s.name COLLATE "C"`,
      [rid],
    );
  }
}
