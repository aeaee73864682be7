/** The token whose workspace receives demo data and fixtures unless `token` says otherwise. */
export const DEFAULT_TOKEN = "sandbox-token";
/** How many companies `demo: true` creates. */
export const DEFAULT_DEMO_COMPANIES = 50;
/** The port the command listens on unless `--port` says otherwise. */
export const DEFAULT_PORT = 4010;
/** Connections in a PostgreSQL store's pool. */
export const DEFAULT_POOL_SIZE = 10;
