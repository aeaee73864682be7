/** The token whose workspace receives demo data and fixtures unless `token` says otherwise. */
export const DEFAULT_TOKEN = "sandbox-token";
/** How many companies `demo: true` creates. */
export const DEFAULT_DEMO_COMPANIES = 50;
/** The port the command listens on unless `--port` says otherwise. */
export const DEFAULT_PORT = 4010;
/** Connections in a PostgreSQL store's pool. */
export const DEFAULT_POOL_SIZE = 10;
/** Origins allowed to call the sandbox from a browser: the docs site as `pnpm start` serves it. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = [
  "http://127.0.0.1:4321",
  "http://localhost:4321",
];
