// The PostgreSQL storage (the `pg` driver): everything in one database that any number of
// sandbox processes share. Migrations are applied at open, under an advisory lock.
import type { Storage } from "../types.ts";
import { PostgresCompanies } from "./companies.ts";
import { Connection, createPool, redactUrl } from "./connection.ts";
import { PostgresContacts } from "./contacts.ts";
import { migrate } from "./migrations.ts";
import { PostgresRateLimits, PostgresScrolls, PostgresWorkspaces } from "./state.ts";
import { PostgresSegments, PostgresTags } from "./tags.ts";

export { DEFAULT_POOL_SIZE, isPostgresUrl, redactUrl } from "./connection.ts";
export { MIGRATIONS, type Migration, migrate } from "./migrations.ts";

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (libpq-style parameters as `pg` takes them). */
  url: string;
  /** Connections in this process's pool. */
  poolSize: number;
  /** Unix seconds. */
  now: () => number;
}

export class PostgresStorage implements Storage {
  readonly kind = "postgres";
  /** The URL without its password. */
  readonly url: string;
  readonly connection: Connection;
  readonly workspaces: PostgresWorkspaces;
  readonly companies: PostgresCompanies;
  readonly contacts: PostgresContacts;
  readonly tags: PostgresTags;
  readonly segments: PostgresSegments;
  readonly scrolls: PostgresScrolls;
  readonly rateLimits: PostgresRateLimits;

  private constructor(options: PostgresOptions) {
    this.url = redactUrl(options.url);
    this.connection = new Connection(createPool(options.url, options.poolSize));
    const { connection, now } = { connection: this.connection, now: options.now };
    this.workspaces = new PostgresWorkspaces(connection, now);
    this.companies = new PostgresCompanies(connection, now);
    this.contacts = new PostgresContacts(connection, this.companies, now);
    this.tags = new PostgresTags(connection, this.companies);
    this.segments = new PostgresSegments(connection, this.companies, now);
    this.scrolls = new PostgresScrolls(connection);
    this.rateLimits = new PostgresRateLimits(connection);
  }

  /** Connects and applies the migrations the database lacks. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const storage = new PostgresStorage(options);
    try {
      await migrate(storage.connection.pool);
    } catch (error) {
      await storage.close().catch(() => {});
      throw new Error(
        `Could not open the PostgreSQL database ${storage.url}: ${(error as Error).message}`,
      );
    }
    return storage;
  }

  /** The work's store calls run on one connection, in one transaction (AsyncLocalStorage). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.connection.transaction(work);
  }

  private closed: Promise<void> | undefined;

  close(): Promise<void> {
    this.closed ??= this.connection.pool.end();
    return this.closed;
  }
}
