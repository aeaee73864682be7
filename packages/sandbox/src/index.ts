import type { OpenApiDocument } from "@intercom-toolkit/spec/model";
import type { FastifyListenOptions } from "fastify";
import { buildApp, resolveTimeouts, type Timeouts } from "./app.ts";
import { type ChaosOptions, parseChaos } from "./chaos.ts";
import {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_DEMO_COMPANIES,
  DEFAULT_POOL_SIZE,
  DEFAULT_TOKEN,
} from "./defaults.ts";
import { demoFixtures } from "./demo.ts";
import { loadDocuments } from "./documents.ts";
import { applyFixtures, type Fixtures, readFixtures } from "./fixtures.ts";
import { ConnectionTracker } from "./http/connections.ts";
import { DEFAULT_RATE_LIMIT, parseRateLimit, type RateLimit } from "./rate-limit.ts";
import { specExampleFixtures } from "./spec-examples.ts";
import { hashToken, SqliteStorage } from "./store/index.ts";
import { isPostgresUrl, PostgresStorage, redactUrl } from "./store/postgres/index.ts";
import type { Storage } from "./store/types.ts";

export type { Timeouts } from "./app.ts";
export { DEFAULT_TIMEOUTS } from "./app.ts";
export type { ChaosOptions } from "./chaos.ts";
export { DEFAULT_CHAOS, parseChaos } from "./chaos.ts";
export {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_DEMO_COMPANIES,
  DEFAULT_PORT,
  DEFAULT_TOKEN,
} from "./defaults.ts";
export { additionsPath, specPath } from "./documents.ts";
export type { FixtureCompany, FixtureContact, Fixtures } from "./fixtures.ts";
export type { RateLimit } from "./rate-limit.ts";
export { DEFAULT_RATE_LIMIT, parseRateLimit } from "./rate-limit.ts";
export { specExampleFixtures } from "./spec-examples.ts";
export { defaultDatabasePath, hashToken, SqliteStorage } from "./store/index.ts";
export {
  DEFAULT_POOL_SIZE,
  isPostgresUrl,
  MIGRATIONS,
  PostgresStorage,
} from "./store/postgres/index.ts";
export type * from "./store/types.ts";

export interface SandboxOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /**
   * SQLite database file, created if missing; `":memory:"` (the default here) keeps nothing.
   * {@link defaultDatabasePath} gives the CLI's default file. A `postgres://` (or
   * `postgresql://`) URL stores everything in that PostgreSQL database instead, migrated at
   * start: any number of sandbox processes on one such database serve one state.
   */
  db?: string;
  /** Connections in the PostgreSQL pool ({@link DEFAULT_POOL_SIZE} by default). */
  dbPool?: number;
  /**
   * Listen with SO_REUSEPORT (Linux), so that several processes share one `port` and the
   * kernel spreads connections over them: with one PostgreSQL `db`, one sandbox on many cores.
   */
  reusePort?: boolean;
  /** Seed of everything random on purpose: demo data and chaos. Default 1. */
  seed?: number;
  /**
   * Fill the workspace of `token` with realistic demo data (`true`: 50 companies, or this many)
   * when that workspace has no company yet, so a file-backed sandbox keeps your changes.
   */
  demo?: boolean | number;
  /** Token of the workspace that receives demo data and fixtures. Default `sandbox-token`. */
  token?: string;
  /** Fixtures to load at start: a JSON file's path or the data itself. */
  fixtures?: string | Fixtures;
  /** `"100/10s"`, `"10000/1m"` (the default), a {@link RateLimit}, or `false`/`"off"`. */
  rateLimit?: string | RateLimit | false;
  /** Faults to inject: `"on"`, a spec such as `"429=5%,drop=1%"`, options, or `false` (default). */
  chaos?: string | ChaosOptions | false;
  /** Largest request body accepted, in bytes (1 MiB by default); larger ones answer 413. */
  bodyLimit?: number;
  /**
   * Origins a browser may call the sandbox from (CORS), such as the docs site's "try it";
   * {@link DEFAULT_CORS_ORIGINS} by default, `false` for none.
   */
  corsOrigins?: readonly string[] | false;
  /** Connection time limits (headers, whole request, idle), in ms; 0 turns one off. */
  timeouts?: Partial<Timeouts>;
  /**
   * How long `close()` waits for requests in flight before closing their connections (ms).
   * Idle connections are closed at once. Default 10 s.
   */
  shutdownGraceMs?: number;
  /**
   * The storage; a node:sqlite database at `db` by default. Another backend (PostgreSQL...)
   * implements {@link Storage}; `close()` closes it.
   */
  store?: Storage;
  /**
   * The Companies spec to serve instead of the bundled `@intercom-toolkit/spec` (an OpenAPI
   * document, bundled: local `$ref`s only). Fields added to its schemas are stored and answered.
   */
  spec?: OpenApiDocument;
  /** Log every request (pino JSON lines on stdout). Default false. */
  logger?: boolean;
  /** Clock in milliseconds since the epoch, for tests that move time. */
  now?: () => number;
}

export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** The token of the workspace that received demo data and fixtures. */
  token: string;
  /** The database file, `":memory:"`, or the PostgreSQL URL without its password. */
  db: string;
  /** How many companies the token's workspace holds after start. */
  companies: number;
  /**
   * Stops accepting connections, closes idle ones at once, waits for requests in flight (up to
   * the grace period, then closes their connections too), then closes the storage.
   */
  close: () => Promise<void>;
}

/** Starts a sandbox and resolves once it listens. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const nowMs = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  const rateLimit =
    options.rateLimit === false
      ? null
      : typeof options.rateLimit === "object"
        ? options.rateLimit
        : parseRateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const chaosOptions =
    options.chaos === undefined || options.chaos === false
      ? null
      : typeof options.chaos === "string"
        ? parseChaos(options.chaos)
        : options.chaos;
  const timeouts = resolveTimeouts(options.timeouts);
  const documents = loadDocuments(options.spec);
  const fixtures =
    options.fixtures === undefined ? undefined : readFixtures(options.fixtures, documents.spec);
  const db = options.db ?? ":memory:";
  const now = () => Math.floor(nowMs() / 1000);
  const store =
    options.store ??
    (isPostgresUrl(db)
      ? await PostgresStorage.open({ url: db, poolSize: options.dbPool ?? DEFAULT_POOL_SIZE, now })
      : new SqliteStorage(db, now));
  const token = options.token ?? DEFAULT_TOKEN;
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const connections = new ConnectionTracker();
  try {
    const tokenHash = hashToken(token);
    if (fixtures) {
      const target = await store.workspaces.ensure(
        fixtures.token ? hashToken(fixtures.token) : tokenHash,
      );
      await applyFixtures(store, target, fixtures);
    }
    const existing = await store.workspaces.find(tokenHash);
    if (options.demo && (!existing || (await store.companies.count(existing)) === 0)) {
      const ws = await store.workspaces.ensure(tokenHash);
      const count = options.demo === true ? DEFAULT_DEMO_COMPANIES : options.demo;
      // First the records of the spec's examples, with their ids, so that samples written with
      // those ids answer; then the generated companies.
      await applyFixtures(store, ws, specExampleFixtures(documents.spec));
      await applyFixtures(store, ws, await demoFixtures(seed, count, Math.floor(nowMs() / 1000)));
    }
    const app = await buildApp({
      store,
      documents,
      rateLimit,
      chaos: chaosOptions ? { options: chaosOptions, seed } : null,
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
      corsOrigins: options.corsOrigins === undefined ? DEFAULT_CORS_ORIGINS : options.corsOrigins,
      timeouts,
      connections,
      nowMs,
      logger: options.logger ?? false,
    });
    const host = options.host ?? "127.0.0.1";
    // reusePort reaches net.Server#listen (Node >= 22.12); fastify's types do not list it yet.
    await app.listen({
      port: options.port ?? 0,
      host,
      ...(options.reusePort ? { reusePort: true } : {}),
    } as FastifyListenOptions);
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
    const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
    const ws = await store.workspaces.find(tokenHash);
    let closed: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      token,
      db: isPostgresUrl(db) ? redactUrl(db) : db,
      companies: ws ? await store.companies.count(ws) : 0,
      close: () => {
        closed ??= (async () => {
          // Stop accepting, close idle connections at once, let requests in flight finish;
          // past the grace period, close whatever is left.
          const timer = setTimeout(() => connections.closeAll(), graceMs);
          try {
            const closing = app.close();
            connections.closeIdle();
            await closing;
          } finally {
            clearTimeout(timer);
            await store.close();
          }
        })();
        return closed;
      },
    };
  } catch (error) {
    void store.close();
    throw error;
  }
}
