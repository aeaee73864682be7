// Contacts and their attachments to companies, in node:sqlite.
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
import { COMPANY_COLUMNS, type CompanyTables, toCompanyRecord } from "./companies.ts";
import type { Database } from "./database.ts";

export class SqliteContacts implements ContactStore {
  private readonly db: Database;
  private readonly companies: CompanyTables;
  private readonly now: () => number;

  constructor(db: Database, companies: CompanyTables, now: () => number) {
    this.db = db;
    this.companies = companies;
    this.now = now;
  }

  private row(ws: Workspace, id: string): ContactRow {
    const row = this.db.get<ContactRow>(
      "SELECT * FROM contacts WHERE ws = ? AND id = ?",
      ws.rid,
      id,
    );
    if (!row) throw contactNotFound();
    return row;
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
    return this.db.write(() => {
      for (const [column, field, value] of [
        ["external_id", "external_id", contact.externalId],
        ["email", "email", contact.email],
      ] as const) {
        if (value === undefined) continue;
        const clash = this.db.get<{ id: string }>(
          `SELECT id FROM contacts WHERE ws = ? AND ${column} = ?`,
          ws.rid,
          value,
        );
        if (clash) {
          throw new ApiError(
            409,
            "conflict",
            `A contact matching those details already exists with id=${clash.id}`,
            field,
          );
        }
      }
      const pinned = contact.id;
      if (
        pinned !== undefined &&
        this.db.get("SELECT 1 FROM contacts WHERE ws = ? AND id = ?", ws.rid, pinned)
      ) {
        throw pinnedIdTaken("contact", pinned);
      }
      const now = this.now();
      const { lastId } = this.db.run(
        "INSERT INTO contacts (ws, id, role, external_id, email, name, last_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ws.rid,
        contact.id ?? objectId(now),
        contact.role ?? "user",
        contact.externalId ?? null,
        contact.email ?? null,
        contact.name ?? null,
        contact.lastSeenAt ?? null,
        now,
        now,
      );
      return toContact(
        this.db.get<ContactRow>("SELECT * FROM contacts WHERE rid = ?", lastId) as ContactRow,
      );
    });
  }

  async get(ws: Workspace, id: string): Promise<ContactRecord> {
    return toContact(this.row(ws, id));
  }

  async findByKey(
    ws: Workspace,
    key: { externalId?: string; email?: string },
  ): Promise<ContactRecord | undefined> {
    const row =
      (key.externalId !== undefined
        ? this.db.get<ContactRow>(
            "SELECT * FROM contacts WHERE ws = ? AND external_id = ?",
            ws.rid,
            key.externalId,
          )
        : undefined) ??
      (key.email !== undefined
        ? this.db.get<ContactRow>(
            "SELECT * FROM contacts WHERE ws = ? AND email = ?",
            ws.rid,
            key.email,
          )
        : undefined);
    return row ? toContact(row) : undefined;
  }

  async attach(ws: Workspace, contactId: string, companyId: string): Promise<CompanyRecord> {
    return this.db.write(() => {
      const contact = this.row(ws, contactId);
      const companyRid = this.companies.ridOf(ws, companyId);
      const { changes } = this.db.run(
        "INSERT OR IGNORE INTO company_contacts (company_rid, contact_rid, attached_at) VALUES (?, ?, ?)",
        companyRid,
        contact.rid,
        this.now(),
      );
      if (changes > 0) {
        this.db.run(
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
      return this.companies.byRid(companyRid);
    });
  }

  async detach(ws: Workspace, contactId: string, companyId: string): Promise<CompanyRecord> {
    return this.db.write(() => {
      const contact = this.row(ws, contactId);
      const companyRid = this.companies.ridOf(ws, companyId);
      const { changes } = this.db.run(
        "DELETE FROM company_contacts WHERE company_rid = ? AND contact_rid = ?",
        companyRid,
        contact.rid,
      );
      if (changes === 0) {
        throw new ApiError(404, "not_found", "The contact is not attached to this company");
      }
      this.db.run(
        `UPDATE companies SET user_count = user_count - 1, updated_at = ?,
           last_request_at = (SELECT max(k.last_seen_at) FROM company_contacts cc
             JOIN contacts k ON k.rid = cc.contact_rid WHERE cc.company_rid = ?)
         WHERE rid = ?`,
        this.now(),
        companyRid,
        companyRid,
      );
      return this.companies.byRid(companyRid);
    });
  }

  async ofCompany(
    ws: Workspace,
    companyId: string,
    page: PageRequest,
  ): Promise<Page<ContactRecord>> {
    const rid = this.companies.ridOf(ws, companyId);
    const total = this.db.count(
      "SELECT count(*) AS n FROM company_contacts WHERE company_rid = ?",
      rid,
    );
    const rows = this.db.all<ContactRow>(
      `SELECT k.* FROM company_contacts cc JOIN contacts k ON k.rid = cc.contact_rid
       WHERE cc.company_rid = ? ORDER BY cc.attached_at, k.rid LIMIT ? OFFSET ?`,
      rid,
      page.perPage,
      (page.page - 1) * page.perPage,
    );
    return { total, data: rows.map(toContact) };
  }

  async companiesOf(
    ws: Workspace,
    contactId: string,
    page: PageRequest,
  ): Promise<Page<CompanyRecord>> {
    const contact = this.row(ws, contactId);
    const total = this.db.count(
      "SELECT count(*) AS n FROM company_contacts WHERE contact_rid = ?",
      contact.rid,
    );
    const rows = this.db.rows<Parameters<typeof toCompanyRecord>[0]>(
      `SELECT ${COMPANY_COLUMNS} FROM company_contacts cc JOIN companies c ON c.rid = cc.company_rid
       LEFT JOIN plans p ON p.rid = c.plan_rid WHERE cc.contact_rid = ? ORDER BY cc.attached_at, c.rid LIMIT ? OFFSET ?`,
      contact.rid,
      page.perPage,
      (page.page - 1) * page.perPage,
    );
    return { total, data: rows.map(toCompanyRecord) };
  }
}
