// Contacts and their attachments to companies, in PostgreSQL.
import { ApiError, contactNotFound } from "../../errors.ts";
import { type ContactRow, toContact } from "../contact-row.ts";
import { objectId, pinnedIdTaken } from "../ids.ts";
import type {
  CompanyRecord,
  ContactRecord,
  ContactStore,
  NewContact,
  Page,
  PageRequest,
  Workspace,
} from "../types.ts";
import {
  COMPANY_COLUMNS,
  type CompanyRow,
  type PostgresCompanies,
  toCompanyRecord,
} from "./companies.ts";
import { type Connection, row, rows, run } from "./connection.ts";

export class PostgresContacts implements ContactStore {
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

  private async row(ws: Workspace, id: string): Promise<ContactRow> {
    const found = await row<ContactRow>(
      this.db,
      "SELECT * FROM contacts WHERE ws = $1 AND id = $2",
      [ws.rid, id],
    );
    if (!found) throw contactNotFound();
    return found;
  }

  /** Throws the 409 of the first key another contact of the workspace already has. */
  private async clash(ws: Workspace, contact: NewContact): Promise<void> {
    for (const [column, value] of [
      ["external_id", contact.externalId],
      ["email", contact.email],
    ] as const) {
      if (value === undefined) continue;
      const other = await row<{ id: string }>(
        this.db,
        `SELECT id FROM contacts WHERE ws = $1 AND ${column} = $2`,
        [ws.rid, value],
      );
      if (other) {
        throw new ApiError(
          409,
          "conflict",
          `A contact matching those details already exists with id=${other.id}`,
          column,
        );
      }
    }
  }

  async create(ws: Workspace, contact: NewContact): Promise<ContactRecord> {
    if (contact.externalId === undefined && contact.email === undefined) {
      throw new ApiError(
        400,
        "parameter_not_found",
        "Send email or external_id to create a contact",
        "email",
      );
    }
    await this.clash(ws, contact);
    const now = this.now();
    const created = await row<ContactRow>(
      this.db,
      `INSERT INTO contacts (ws, id, role, external_id, email, name, last_seen_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING *`,
      [
        ws.rid,
        contact.id ?? objectId(now),
        contact.role ?? "user",
        contact.externalId ?? null,
        contact.email ?? null,
        contact.name ?? null,
        contact.lastSeenAt ?? null,
        now,
        now,
      ],
    );
    if (created) return toContact(created);
    // A concurrent request created a contact with the same key in between: the same 409.
    await this.clash(ws, contact);
    // Else its id is another contact's: only a fixture pins one.
    throw pinnedIdTaken("contact", String(contact.id));
  }

  async get(ws: Workspace, id: string): Promise<ContactRecord> {
    return toContact(await this.row(ws, id));
  }

  async findByKey(
    ws: Workspace,
    key: { externalId?: string; email?: string },
  ): Promise<ContactRecord | undefined> {
    for (const [column, value] of [
      ["external_id", key.externalId],
      ["email", key.email],
    ] as const) {
      if (value === undefined) continue;
      const found = await row<ContactRow>(
        this.db,
        `SELECT * FROM contacts WHERE ws = $1 AND ${column} = $2`,
        [ws.rid, value],
      );
      if (found) return toContact(found);
    }
    return undefined;
  }

  /** Locks the company's row first: its user_count moves by one attachment at a time. */
  attach(ws: Workspace, contactId: string, companyId: string): Promise<CompanyRecord> {
    return this.connection.transaction(async () => {
      const contact = await this.row(ws, contactId);
      const companyRid = await this.companies.ridOf(ws, companyId, true);
      const attached = await run(
        this.db,
        "INSERT INTO company_contacts (company_rid, contact_rid, attached_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        [companyRid, contact.rid, this.now()],
      );
      if (attached > 0) {
        await run(
          this.db,
          `UPDATE companies SET user_count = user_count + 1, updated_at = $1,
             last_request_at = CASE WHEN $2::bigint IS NULL THEN last_request_at
               ELSE greatest(coalesce(last_request_at, 0), $2::bigint) END
           WHERE rid = $3`,
          [this.now(), contact.last_seen_at, companyRid],
        );
      }
      return this.companies.byRid(companyRid);
    });
  }

  detach(ws: Workspace, contactId: string, companyId: string): Promise<CompanyRecord> {
    return this.connection.transaction(async () => {
      const contact = await this.row(ws, contactId);
      const companyRid = await this.companies.ridOf(ws, companyId, true);
      const detached = await run(
        this.db,
        "DELETE FROM company_contacts WHERE company_rid = $1 AND contact_rid = $2",
        [companyRid, contact.rid],
      );
      if (detached === 0) {
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
      return this.companies.byRid(companyRid);
    });
  }

  async ofCompany(
    ws: Workspace,
    companyId: string,
    page: PageRequest,
  ): Promise<Page<ContactRecord>> {
    const rid = await this.companies.ridOf(ws, companyId);
    const [counted, found] = await Promise.all([
      row<{ n: number }>(
        this.db,
        "SELECT count(*) AS n FROM company_contacts WHERE company_rid = $1",
        [rid],
      ),
      rows<ContactRow>(
        this.db,
        `SELECT k.* FROM company_contacts cc JOIN contacts k ON k.rid = cc.contact_rid
         WHERE cc.company_rid = $1 ORDER BY cc.attached_at, k.rid LIMIT $2 OFFSET $3`,
        [rid, page.perPage, (page.page - 1) * page.perPage],
      ),
    ]);
    return { total: counted?.n ?? 0, data: found.map(toContact) };
  }

  async companiesOf(
    ws: Workspace,
    contactId: string,
    page: PageRequest,
  ): Promise<Page<CompanyRecord>> {
    const contact = await this.row(ws, contactId);
    const [counted, found] = await Promise.all([
      row<{ n: number }>(
        this.db,
        "SELECT count(*) AS n FROM company_contacts WHERE contact_rid = $1",
        [contact.rid],
      ),
      rows<CompanyRow>(
        this.db,
        `SELECT ${COMPANY_COLUMNS} FROM company_contacts cc JOIN companies c ON c.rid = cc.company_rid
         LEFT JOIN plans p ON p.rid = c.plan_rid WHERE cc.contact_rid = $1
         ORDER BY cc.attached_at, c.rid LIMIT $2 OFFSET $3`,
        [contact.rid, page.perPage, (page.page - 1) * page.perPage],
      ),
    ]);
    return { total: counted?.n ?? 0, data: found.map(toCompanyRecord) };
  }
}
