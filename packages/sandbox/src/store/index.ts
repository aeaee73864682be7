// Storage: the interface (./types.ts) and the default node:sqlite backend (./sqlite/).
export { hashToken, newAppId, newTagId, objectId } from "./ids.ts";
export { SqliteStorage } from "./sqlite/index.ts";
export type * from "./types.ts";

/** The default database file: `$XDG_DATA_HOME/intercom-sandbox/sandbox.db` or `~/.local/share/...`. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME ?? env.USERPROFILE ?? ".";
  const dataHome = env.XDG_DATA_HOME || `${home}/.local/share`;
  return `${dataHome}/intercom-sandbox/sandbox.db`;
}
