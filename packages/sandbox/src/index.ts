import { loadSpecModel } from "@intercom-toolkit/spec/model";
import type { FastifyListenOptions } from "fastify";
import { buildApp } from "./app.ts";
import { openStore } from "./backend.ts";
import { Chaos, type ChaosOptions, parseChaos } from "./chaos.ts";
import { DEFAULT_CORS_ORIGINS, DEFAULT_DEMO_COMPANIES, DEFAULT_TOKEN } from "./defaults.ts";
import { demoFixtures } from "./demo.ts";
import { applyFixtures, type Fixtures, readFixtures } from "./fixtures.ts";
import { DEFAULT_RATE_LIMIT, parseRateLimit, type RateLimit } from "./rate-limit.ts";
import { loadSpecs } from "./spec.ts";
import { specExampleFixtures } from "./spec-examples.ts";
import { hashToken } from "./store.ts";

export type { ChaosOptions } from "./chaos.ts";
export { DEFAULT_CHAOS, parseChaos } from "./chaos.ts";
export {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_DEMO_COMPANIES,
  DEFAULT_PORT,
  DEFAULT_TOKEN,
} from "./defaults.ts";
export type { FixtureCompany, FixtureContact, Fixtures } from "./fixtures.ts";
export { DEFAULT_POOL_SIZE, isPostgresUrl, MIGRATIONS } from "./postgres/index.ts";
export type { RateLimit } from "./rate-limit.ts";
export { DEFAULT_RATE_LIMIT, parseRateLimit } from "./rate-limit.ts";
export { additionsPath, specPath } from "./spec.ts";
export { specExampleFixtures } from "./spec-examples.ts";
export { defaultDatabasePath } from "./store.ts";

export interface SandboxOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /**
   * SQLite database file, created if missing; `":memory:"` (the default here) keeps nothing.
   * {@link defaultDatabasePath} gives the CLI's default file. A `postgres://` URL stores
   * everything in that PostgreSQL database instead (migrated at start), which several sandbox
   * processes can share.
   */
  db?: string;
  /** Connections in the PostgreSQL pool (default {@link DEFAULT_POOL_SIZE}); SQLite ignores it. */
  dbPool?: number;
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
   * Let several processes listen on the same port (SO_REUSEPORT, Linux): the kernel spreads
   * connections over them. With a `postgres://` `db` they serve one state. Default false.
   */
  reusePort?: boolean;
  /**
   * Origins a browser may call the sandbox from (CORS), such as the docs site's "try it";
   * {@link DEFAULT_CORS_ORIGINS} by default, `false` for none.
   */
  corsOrigins?: readonly string[] | false;
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
  /** Stops accepting requests, waits for those in flight, closes the database. */
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
  const fixtures = options.fixtures === undefined ? undefined : readFixtures(options.fixtures);
  const specs = loadSpecs();
  const db = options.db ?? ":memory:";
  const store = await openStore(db, {
    now: () => Math.floor(nowMs() / 1000),
    ...(options.dbPool !== undefined ? { poolSize: options.dbPool } : {}),
  });
  const token = options.token ?? DEFAULT_TOKEN;
  try {
    const ws = await store.workspace(hashToken(token));
    if (fixtures) {
      const target = fixtures.token ? await store.workspace(hashToken(fixtures.token)) : ws;
      await applyFixtures(store, target, fixtures);
    }
    if (options.demo && (await store.companyCount(ws)) === 0) {
      const count = options.demo === true ? DEFAULT_DEMO_COMPANIES : options.demo;
      // First the records of the spec's examples, with their ids, so that samples written with
      // those ids answer; then the generated companies.
      await applyFixtures(store, ws, specExampleFixtures(loadSpecModel()));
      await applyFixtures(store, ws, await demoFixtures(seed, count, Math.floor(nowMs() / 1000)));
    }
    const app = await buildApp({
      corsOrigins: options.corsOrigins === undefined ? DEFAULT_CORS_ORIGINS : options.corsOrigins,
      store,
      specs,
      rateLimit,
      chaos: chaosOptions ? new Chaos(chaosOptions, seed) : null,
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
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
    let closed: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      token,
      db: store.path,
      companies: await store.companyCount(ws),
      close: () => {
        closed ??= app.close().then(() => store.close());
        return closed;
      },
    };
  } catch (error) {
    void store.close();
    throw error;
  }
}
