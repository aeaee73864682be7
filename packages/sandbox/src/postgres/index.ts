// The PostgreSQL store, whole: companies (./store.ts), plus contacts, tags, segments and the
// scroll state every process shares.
import { randomInt } from "node:crypto";
import { ApiError, companyNotFound, contactNotFound } from "../errors.ts";
import type { Company, Contact, ContactFields, Page, Segment, Tag, Workspace } from "../store.ts";
import { objectId } from "../store.ts";
import { row, rows, run } from "./connection.ts";
import { migrate } from "./migrations.ts";
import { type ContactRow, PostgresCompanies, type PostgresStoreOptions } from "./store.ts";

export { DEFAULT_POOL_SIZE, isPostgresUrl, redactUrl } from "./connection.ts";
export { MIGRATIONS, migrate } from "./migrations.ts";
export { PostgresRateLimiter } from "./rate-limit.ts";
export type { PostgresStoreOptions } from "./store.ts";

/** A scroll in progress: companies with row ids in (after, until] are still to come. */
export interface ScrollState {
  ws: number;
  after: number;
  until: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export class PostgresStore extends PostgresCompanies {
  /** Connects and applies the migrations the database lacks. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      await migrate(store.pool);
    } catch (error) {
      await store.pool.end().catch(() => {});
      throw new Error(
        `Could not open the PostgreSQL database ${store.path}: ${(error as Error).message}`,
      );
    }
    return store;
  }

  // ---- contacts ---------------------------------------------------------------------------

  private async contactRow(ws: Workspace, id: string): Promise<ContactRow> {
    const found = await row<ContactRow>(
      this.db,
      "SELECT * FROM contacts WHERE ws = $1 AND id = $2",
      [ws.rid, id],
    );
    if (!found) throw contactNotFound();
    return found;
  }

  private async contactClash(ws: Workspace, fields: ContactFields): Promise<void> {
    for (const key of ["external_id", "email"] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      const clash = await row<{ id: string }>(
        this.db,
        `SELECT id FROM contacts WHERE ws = $1 AND ${key} = $2`,
        [ws.rid, value],
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
  }

  async createContact(ws: Workspace, fields: ContactFields): Promise<Contact> {
    if (fields.external_id === undefined && fields.email === undefined) {
      throw new ApiError(
        400,
        "parameter_not_found",
        "Send email or external_id to create a contact",
        "email",
      );
    }
    await this.contactClash(ws, fields);
    const now = this.now();
    const created = await row<ContactRow>(
      this.db,
      `INSERT INTO contacts (ws, id, role, external_id, email, name, last_seen_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING *`,
      [
        ws.rid,
        fields.id ?? objectId(now),
        fields.role ?? "user",
        fields.external_id ?? null,
        fields.email ?? null,
        fields.name ?? null,
        fields.last_seen_at ?? null,
        now,
        now,
      ],
    );
    if (created) return this.toContact(ws, created);
    // Created by a concurrent request between the check and the insert: the same 409.
    await this.contactClash(ws, fields);
    throw new Error("A contact insert conflicted, yet no contact has its external_id or email");
  }

  async contact(ws: Workspace, id: string): Promise<Contact> {
    return this.toContact(ws, await this.contactRow(ws, id));
  }

  /** Finds a contact by external_id, then email: fixtures refer to contacts that way. */
  async contactByKey(
    ws: Workspace,
    key: { external_id?: string; email?: string },
  ): Promise<Contact | undefined> {
    for (const column of ["external_id", "email"] as const) {
      const value = key[column];
      if (value === undefined) continue;
      const found = await row<ContactRow>(
        this.db,
        `SELECT * FROM contacts WHERE ws = $1 AND ${column} = $2`,
        [ws.rid, value],
      );
      if (found) return this.toContact(ws, found);
    }
    return undefined;
  }

  attachContact(ws: Workspace, contactId: string, companyId: string): Promise<Company> {
    return this.connection.transaction(async () => {
      const contact = await this.contactRow(ws, contactId);
      const companyRid = await this.ridOf(ws, companyId, true);
      const changes = await run(
        this.db,
        "INSERT INTO company_contacts (company_rid, contact_rid, attached_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        [companyRid, contact.rid, this.now()],
      );
      if (changes > 0) {
        await run(
          this.db,
          `UPDATE companies SET user_count = user_count + 1, updated_at = $1,
             last_request_at = CASE WHEN $2::bigint IS NULL THEN last_request_at
               ELSE greatest(coalesce(last_request_at, 0), $2::bigint) END
           WHERE rid = $3`,
          [this.now(), contact.last_seen_at, companyRid],
        );
      }
      return this.companyByRid(ws, companyRid);
    });
  }

  detachContact(ws: Workspace, contactId: string, companyId: string): Promise<Company> {
    return this.connection.transaction(async () => {
      const contact = await this.contactRow(ws, contactId);
      const companyRid = await this.ridOf(ws, companyId, true);
      const changes = await run(
        this.db,
        "DELETE FROM company_contacts WHERE company_rid = $1 AND contact_rid = $2",
        [companyRid, contact.rid],
      );
      if (changes === 0) {
        throw new ApiError(404, "not_found", "The contact is not attached to this company");
      }
      await run(
        this.db,
        `UPDATE companies SET user_count = user_count - 1, updated_at = $1,
           last_request_at = (SELECT max(k.last_seen_at) FROM company_contacts cc
             JOIN contacts k ON k.rid = cc.contact_rid WHERE cc.company_rid = $2)
         WHERE rid = $2`,
        [this.now(), companyRid],
      );
      return this.companyByRid(ws, companyRid);
    });
  }

  async contactCompanies(
    ws: Workspace,
    contactId: string,
    page: number,
    perPage: number,
  ): Promise<Page<Company>> {
    const contact = await this.contactRow(ws, contactId);
    const total =
      (
        await row<{ n: number }>(
          this.db,
          "SELECT count(*) AS n FROM company_contacts WHERE contact_rid = $1",
          [contact.rid],
        )
      )?.n ?? 0;
    const found = await this.companyRows(
      `FROM company_contacts cc JOIN companies c ON c.rid = cc.company_rid
       LEFT JOIN plans p ON p.rid = c.plan_rid WHERE cc.contact_rid = $1 ORDER BY cc.attached_at, c.rid LIMIT $2 OFFSET $3`,
      [contact.rid, perPage, (page - 1) * perPage],
    );
    return { total, data: found.map((r) => this.toCompany(ws, r)) };
  }

  // ---- tags and segments ------------------------------------------------------------------

  /** Creates the tag if needed, then tags (or untags) the companies; all or nothing. */
  tagCompanies(
    ws: Workspace,
    name: string,
    companies: { id?: string; company_id?: string; untag?: boolean }[],
    newId?: string,
  ): Promise<Tag> {
    return this.connection.transaction(async () => {
      let tag = await row<{ rid: number; id: string; name: string }>(
        this.db,
        "SELECT rid, id, name FROM tags WHERE ws = $1 AND name = $2",
        [ws.rid, name],
      );
      while (!tag) {
        // A random id that may clash with another tag's (retry) or a concurrent insert of the
        // same name (read it back on the next turn).
        tag =
          (await row(
            this.db,
            `INSERT INTO tags (ws, id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING rid, id, name`,
            [ws.rid, newId ?? String(randomInt(1_000_000, 10_000_000)), name],
          )) ??
          (await row(this.db, "SELECT rid, id, name FROM tags WHERE ws = $1 AND name = $2", [
            ws.rid,
            name,
          ]));
        if (!tag && newId !== undefined) {
          throw new Error(`Tag id ${newId} is taken by another tag of this workspace`);
        }
      }
      for (const target of companies) {
        let companyRid: number;
        if (target.id !== undefined) companyRid = await this.ridOf(ws, target.id);
        else if (target.company_id !== undefined) {
          const found = await row<{ rid: number }>(
            this.db,
            "SELECT rid FROM companies WHERE ws = $1 AND company_id = $2",
            [ws.rid, target.company_id],
          );
          if (!found) throw companyNotFound();
          companyRid = found.rid;
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
      return { type: "tag", id: tag.id, name: tag.name };
    });
  }

  async tags(ws: Workspace): Promise<Tag[]> {
    const found = await rows<{ id: string; name: string }>(
      this.db,
      `SELECT id, name FROM tags WHERE ws = $1 ORDER BY name COLLATE "C"`,
      [ws.rid],
    );
    return found.map((t) => ({ type: "tag", id: t.id, name: t.name }));
  }

  /** Creates the segment named `name` if the workspace has none; returns its row id. */
  async ensureSegment(
    ws: Workspace,
    name: string,
    personType: "user" | "contact",
    id?: string,
  ): Promise<number> {
    const now = this.now();
    const found =
      (await row<{ rid: number }>(
        this.db,
        `INSERT INTO segments (ws, id, name, person_type, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ws, name) DO NOTHING RETURNING rid`,
        [ws.rid, id ?? objectId(now), name, personType, now, now],
      )) ??
      (await row<{ rid: number }>(this.db, "SELECT rid FROM segments WHERE ws = $1 AND name = $2", [
        ws.rid,
        name,
      ]));
    return (found as { rid: number }).rid;
  }

  async addToSegment(ws: Workspace, segmentRid: number, companyId: string): Promise<void> {
    const found = await row<{ rid: number }>(
      this.db,
      "SELECT rid FROM companies WHERE ws = $1 AND company_id = $2",
      [ws.rid, companyId],
    );
    if (!found) throw new Error(`No company has company_id ${JSON.stringify(companyId)}`);
    await run(
      this.db,
      "INSERT INTO company_segments (company_rid, segment_rid) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      [found.rid, segmentRid],
    );
  }

  async segments(ws: Workspace): Promise<Segment[]> {
    const found = await rows<Omit<Segment, "type">>(
      this.db,
      `SELECT id, name, created_at, updated_at, person_type FROM segments WHERE ws = $1 ORDER BY name COLLATE "C"`,
      [ws.rid],
    );
    return found.map((s) => ({ type: "segment", ...s }));
  }

  // ---- scrolls: in the database, so a scroll started on one process continues on another ---

  async saveScroll(id: string, scroll: ScrollState): Promise<void> {
    await run(
      this.db,
      `INSERT INTO scrolls (id, ws, after, until, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET after = excluded.after, expires_at = excluded.expires_at`,
      [id, scroll.ws, scroll.after, scroll.until, scroll.expiresAt],
    );
  }

  async scroll(id: string): Promise<ScrollState | undefined> {
    const found = await row<{ ws: number; after: number; until: number; expires_at: number }>(
      this.db,
      "SELECT ws, after, until, expires_at FROM scrolls WHERE id = $1",
      [id],
    );
    return found
      ? { ws: found.ws, after: found.after, until: found.until, expiresAt: found.expires_at }
      : undefined;
  }

  async deleteScroll(id: string): Promise<void> {
    await run(this.db, "DELETE FROM scrolls WHERE id = $1", [id]);
  }

  /** Forgets the scrolls expired at `nowMs`. */
  async pruneScrolls(nowMs: number): Promise<void> {
    await run(this.db, "DELETE FROM scrolls WHERE expires_at <= $1", [nowMs]);
  }
}
