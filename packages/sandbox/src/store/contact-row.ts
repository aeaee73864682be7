// A contacts table row, as both backends read it, and the record the store answers.
import type { ContactRecord } from "./types.ts";

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

export const toContact = (row: ContactRow): ContactRecord => ({
  rid: row.rid,
  id: row.id,
  role: row.role,
  externalId: row.external_id,
  email: row.email,
  name: row.name,
  lastSeenAt: row.last_seen_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
