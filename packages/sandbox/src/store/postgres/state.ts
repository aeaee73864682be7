// Workspaces, scroll state and rate-limit counters in PostgreSQL: all in the database, so every
// sandbox process on it sees the same workspaces, continues the same scroll and counts the same
// rate-limit windows.
import { newAppId } from "../ids.ts";
import type {
  RateLimitStore,
  ScrollState,
  ScrollStore,
  Workspace,
  WorkspaceStore,
} from "../types.ts";
import { type Connection, row, run } from "./connection.ts";

/** How many workspaces a process remembers (they never change once created). */
const CACHE_BOUND = 10_000;

export class PostgresWorkspaces implements WorkspaceStore {
  private readonly connection: Connection;
  private readonly now: () => number;
  private readonly cache = new Map<string, Workspace>();

  constructor(connection: Connection, now: () => number) {
    this.connection = connection;
    this.now = now;
  }

  private remember(tokenHash: string, found: { rid: number; app_id: string }): Workspace {
    const workspace = { rid: found.rid, tokenHash, appId: found.app_id };
    if (this.cache.size >= CACHE_BOUND) this.cache.clear();
    this.cache.set(tokenHash, workspace);
    return workspace;
  }

  async find(tokenHash: string): Promise<Workspace | undefined> {
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
    const found = await row<{ rid: number; app_id: string }>(
      this.connection.db,
      "SELECT rid, app_id FROM workspaces WHERE token_hash = $1",
      [tokenHash],
    );
    return found && this.remember(tokenHash, found);
  }

  async ensure(tokenHash: string): Promise<Workspace> {
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
    // One statement: whichever process inserts first wins, the others read its row.
    const found =
      (await row<{ rid: number; app_id: string }>(
        this.connection.db,
        `INSERT INTO workspaces (token_hash, app_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (token_hash) DO NOTHING RETURNING rid, app_id`,
        [tokenHash, newAppId(), this.now()],
      )) ??
      (await row<{ rid: number; app_id: string }>(
        this.connection.db,
        "SELECT rid, app_id FROM workspaces WHERE token_hash = $1",
        [tokenHash],
      ));
    if (!found) throw new Error("A workspace row conflicted on insert, yet cannot be read");
    return this.remember(tokenHash, found);
  }
}

interface ScrollRow {
  id: string;
  ws: number;
  param: string;
  after: number;
  previous_param: string | null;
  previous_after: number;
  until: number;
  expires_at: number;
}

const toState = (r: ScrollRow): ScrollState => ({
  id: r.id,
  ws: r.ws,
  param: r.param,
  after: r.after,
  previousParam: r.previous_param,
  previousAfter: r.previous_after,
  until: r.until,
  expiresAt: r.expires_at,
});

/** One row per workspace (its one open scroll); compare-and-set by statement conditions. */
export class PostgresScrolls implements ScrollStore {
  private readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  async current(ws: number): Promise<ScrollState | undefined> {
    const found = await row<ScrollRow>(this.connection.db, "SELECT * FROM scrolls WHERE ws = $1", [
      ws,
    ]);
    return found && toState(found);
  }

  /** Inserts, or replaces an expired scroll; a live one stays and the answer is false. */
  async open(state: ScrollState, now: number): Promise<boolean> {
    const opened = await run(
      this.connection.db,
      `INSERT INTO scrolls (ws, id, param, after, previous_param, previous_after, until, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (ws) DO UPDATE SET id = excluded.id, param = excluded.param,
         after = excluded.after, previous_param = excluded.previous_param,
         previous_after = excluded.previous_after, until = excluded.until,
         expires_at = excluded.expires_at
       WHERE scrolls.expires_at <= $9`,
      [
        state.ws,
        state.id,
        state.param,
        state.after,
        state.previousParam,
        state.previousAfter,
        state.until,
        state.expiresAt,
        now,
      ],
    );
    return opened > 0;
  }

  async advance(
    ws: number,
    id: string,
    fromParam: string,
    next: { param: string; after: number; expiresAt: number },
  ): Promise<boolean> {
    const moved = await run(
      this.connection.db,
      `UPDATE scrolls SET previous_param = param, previous_after = after, param = $4, after = $5,
         expires_at = $6
       WHERE ws = $1 AND id = $2 AND param = $3`,
      [ws, id, fromParam, next.param, next.after, next.expiresAt],
    );
    return moved > 0;
  }

  async touch(ws: number, id: string, expiresAt: number): Promise<void> {
    await run(this.connection.db, "UPDATE scrolls SET expires_at = $3 WHERE ws = $1 AND id = $2", [
      ws,
      id,
      expiresAt,
    ]);
  }

  async close(ws: number, id: string): Promise<void> {
    await run(this.connection.db, "DELETE FROM scrolls WHERE ws = $1 AND id = $2", [ws, id]);
  }
}

/** One row per key and window, counted up by one atomic statement per request. */
export class PostgresRateLimits implements RateLimitStore {
  private readonly connection: Connection;
  /** The latest window this process has counted in; it forgets older ones once per window. */
  private latest = 0;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  async hit(key: string, windowStart: number): Promise<number> {
    if (windowStart > this.latest) {
      // The window before this one stays: late requests of other processes still count in it.
      const previous = this.latest;
      this.latest = windowStart;
      await run(this.connection.db, "DELETE FROM rate_windows WHERE window_start < $1", [previous]);
    }
    const counted = await row<{ count: number }>(
      this.connection.db,
      `INSERT INTO rate_windows (token_hash, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (token_hash, window_start) DO UPDATE SET count = rate_windows.count + 1
       RETURNING count`,
      [key, windowStart],
    );
    return (counted as { count: number }).count;
  }
}
