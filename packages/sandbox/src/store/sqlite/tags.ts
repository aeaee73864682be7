// Tags and segments of companies, in node:sqlite.
import { ApiError } from "../../errors.ts";
import { newTagId, objectId, pinnedIdTaken } from "../ids.ts";
import type { SegmentRecord, SegmentStore, TagRecord, TagStore, Workspace } from "../types.ts";
import type { CompanyTables } from "./companies.ts";
import type { Database } from "./database.ts";

export class SqliteTags implements TagStore {
  private readonly db: Database;
  private readonly companies: CompanyTables;

  constructor(db: Database, companies: CompanyTables) {
    this.db = db;
    this.companies = companies;
  }

  async apply(
    ws: Workspace,
    name: string,
    companies: { id?: string; company_id?: string; untag?: boolean }[],
    id?: string,
  ): Promise<TagRecord> {
    return this.db.write(() => {
      let tag = this.db.get<{ rid: number; id: string; name: string }>(
        "SELECT rid, id, name FROM tags WHERE ws = ? AND name = ?",
        ws.rid,
        name,
      );
      if (!tag) {
        const taken = (tagId: string) =>
          this.db.get("SELECT 1 FROM tags WHERE ws = ? AND id = ?", ws.rid, tagId) !== undefined;
        let tagId = id ?? newTagId();
        if (id !== undefined && taken(id)) throw pinnedIdTaken("tag", id);
        // A random id that another tag has: draw again.
        while (id === undefined && taken(tagId)) tagId = newTagId();
        const { lastId } = this.db.run(
          "INSERT INTO tags (ws, id, name) VALUES (?, ?, ?)",
          ws.rid,
          tagId,
          name,
        );
        tag = { rid: lastId, id: tagId, name };
      }
      for (const target of companies) {
        let companyRid: number;
        if (target.id !== undefined) companyRid = this.companies.ridOf(ws, target.id);
        else if (target.company_id !== undefined) {
          companyRid = this.companies.ridOfCompanyId(ws, target.company_id);
        } else {
          throw new ApiError(
            400,
            "parameter_not_found",
            "Each company needs an id or a company_id",
            "companies",
          );
        }
        this.db.run(
          target.untag === true
            ? "DELETE FROM company_tags WHERE company_rid = ? AND tag_rid = ?"
            : "INSERT OR IGNORE INTO company_tags (company_rid, tag_rid) VALUES (?, ?)",
          companyRid,
          tag.rid,
        );
      }
      return { id: tag.id, name: tag.name };
    });
  }

  async list(ws: Workspace): Promise<TagRecord[]> {
    return this.db.all<TagRecord>("SELECT id, name FROM tags WHERE ws = ? ORDER BY name", ws.rid);
  }
}

const SEGMENT_COLUMNS =
  "s.id, s.name, s.person_type AS personType, s.created_at AS createdAt, s.updated_at AS updatedAt";

export class SqliteSegments implements SegmentStore {
  private readonly db: Database;
  private readonly companies: CompanyTables;
  private readonly now: () => number;

  constructor(db: Database, companies: CompanyTables, now: () => number) {
    this.db = db;
    this.companies = companies;
    this.now = now;
  }

  async ensure(
    ws: Workspace,
    segment: { id?: string; name: string; personType: "user" | "contact" },
    companyIds: string[],
  ): Promise<SegmentRecord> {
    return this.db.write(() => {
      let rid = this.db.get<{ rid: number }>(
        "SELECT rid FROM segments WHERE ws = ? AND name = ?",
        ws.rid,
        segment.name,
      )?.rid;
      if (rid === undefined) {
        const pinned = segment.id;
        if (
          pinned !== undefined &&
          this.db.get("SELECT 1 FROM segments WHERE ws = ? AND id = ?", ws.rid, pinned)
        ) {
          throw pinnedIdTaken("segment", pinned);
        }
        const now = this.now();
        rid = this.db.run(
          "INSERT INTO segments (ws, id, name, person_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
          ws.rid,
          segment.id ?? objectId(now),
          segment.name,
          segment.personType,
          now,
          now,
        ).lastId;
      }
      for (const companyId of companyIds) {
        this.db.run(
          "INSERT OR IGNORE INTO company_segments (company_rid, segment_rid) VALUES (?, ?)",
          this.companies.ridOfCompanyId(ws, companyId),
          rid,
        );
      }
      return this.db.get<SegmentRecord>(
        `SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.rid = ?`,
        rid,
      ) as SegmentRecord;
    });
  }

  async list(ws: Workspace): Promise<SegmentRecord[]> {
    return this.db.all<SegmentRecord>(
      `SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.ws = ? ORDER BY s.name`,
      ws.rid,
    );
  }

  async ofCompany(ws: Workspace, companyId: string): Promise<SegmentRecord[]> {
    return this.db.all<SegmentRecord>(
      `SELECT ${SEGMENT_COLUMNS} FROM company_segments cs JOIN segments s ON s.rid = cs.segment_rid
       WHERE cs.company_rid = ? ORDER BY s.name`,
      this.companies.ridOf(ws, companyId),
    );
  }
}
