// Which storage backend this test run uses: the vitest project sets SANDBOX_TEST_BACKEND
// (vitest.config.ts runs every test file once per backend). A sandbox started by a test gets
// a database of its own: `:memory:` or a file for node:sqlite, a new database in the run's
// throwaway cluster for PostgreSQL.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { inject } from "vitest";

export type Backend = "sqlite" | "postgres";

export const backend: Backend =
  process.env.SANDBOX_TEST_BACKEND === "postgres" ? "postgres" : "sqlite";

let created = 0;

async function newPostgresDatabase(): Promise<string> {
  const admin = new URL(inject("postgresUrl"));
  const name = `sandbox_${process.pid}_${++created}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  admin.pathname = `/${name}`;
  return admin.href;
}

/** A fresh, empty database for one sandbox that keeps nothing afterwards. */
export function freshDb(): Promise<string> {
  return backend === "postgres" ? newPostgresDatabase() : Promise.resolve(":memory:");
}

/** A fresh database that outlives the sandbox: a restart on it finds what was written. */
export function persistentDb(): Promise<string> {
  return backend === "postgres"
    ? newPostgresDatabase()
    : Promise.resolve(join(mkdtempSync(join(tmpdir(), "intercom-sandbox-")), "sandbox.db"));
}

/** Runs a `SELECT count(*) AS n ...` on a test database of either backend, read-only. */
export async function countRows(db: string, sql: string): Promise<number> {
  if (backend === "postgres") {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  }
  const reader = new DatabaseSync(db, { readOnly: true });
  try {
    return Number((reader.prepare(sql).get() as { n: number }).n);
  } finally {
    reader.close();
  }
}
