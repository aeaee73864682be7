// The pool and the query plumbing of the PostgreSQL backend (the `pg` driver).
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import pg from "pg";

/** A pool or a client holding a transaction: both run queries. */
export type Db = pg.Pool | pg.PoolClient;

/** bigint (int8) and count(*) as numbers: every value the sandbox stores fits a double. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

export { DEFAULT_POOL_SIZE } from "../../defaults.ts";

/** True for `postgres://` and `postgresql://` URLs: those select the PostgreSQL backend. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return url.replace(/:[^:@/]*@/, ":***@");
  }
}

export function createPool(url: string, size: number): pg.Pool {
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`The database pool size must be an integer of at least 1, got ${size}.`);
  }
  const pool = new pg.Pool({ connectionString: url, max: size, types });
  // An idle connection the server drops (restart, admin kill) must not crash the process.
  pool.on("error", (error) => {
    process.stderr.write(`intercom-sandbox: PostgreSQL connection lost: ${error.message}\n`);
  });
  return pool;
}

const names = new Map<string, string>();
/** A prepared-statement name per SQL text: each connection parses a statement once. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `s${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

export async function rows<T>(db: Db, text: string, values: unknown[] = []): Promise<T[]> {
  const result = await db.query({ name: nameOf(text), text, values });
  return result.rows as T[];
}

export async function row<T>(db: Db, text: string, values: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, text, values))[0];
}

export async function run(db: Db, text: string, values: unknown[] = []): Promise<number> {
  const result = await db.query({ name: nameOf(text), text, values });
  return result.rowCount ?? 0;
}

const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock

/**
 * The pool, and the transaction the current async call chain is in (AsyncLocalStorage): store
 * methods query `db`, which is that transaction's connection inside {@link transaction} and the
 * pool outside, so a method works alone or as part of a larger transaction (fixtures).
 */
export class Connection {
  readonly pool: pg.Pool;
  private readonly current = new AsyncLocalStorage<pg.PoolClient>();

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  get db(): Db {
    return this.current.getStore() ?? this.pool;
  }

  /** Runs `work` in one transaction, or in the one already open; retried on a deadlock. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await this.current.run(client, work);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollback: Error) => {
          broken = rollback;
        });
        const code = (error as { code?: string }).code;
        if (code !== undefined && RETRYABLE.has(code) && attempt < 5) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }
}

/** The unique-violation code, for "someone else inserted it first". */
export const UNIQUE_VIOLATION = "23505";
