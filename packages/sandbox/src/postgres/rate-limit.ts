// Rate limits counted in the database, so N processes on one PostgreSQL allow what one process
// allows: the same fixed windows aligned on the clock as RateLimiter (../rate-limit.ts), one row
// per workspace and window, counted up by one atomic statement per request.
import type pg from "pg";
import type { RateDecision, RateLimit } from "../rate-limit.ts";
import { row, run } from "./connection.ts";

export class PostgresRateLimiter {
  private readonly pool: pg.Pool;
  private readonly config: RateLimit;
  private readonly now: () => number;
  private prunedBefore = 0;

  constructor(pool: pg.Pool, config: RateLimit, nowMs: () => number) {
    this.pool = pool;
    this.config = config;
    this.now = nowMs;
  }

  async take(workspace: string): Promise<RateDecision> {
    const { limit, windowSeconds } = this.config;
    const windowMs = windowSeconds * 1000;
    const start = Math.floor(this.now() / windowMs) * windowMs;
    const reset = Math.ceil((start + windowMs) / 1000);
    if (start > this.prunedBefore) {
      // Once per window and process: past windows are never read again.
      this.prunedBefore = start;
      await run(this.pool, "DELETE FROM rate_windows WHERE window_start < $1", [start]);
    }
    // Counts the request unless the window is full (a refused request is not counted, as in
    // the in-process limiter); no row back means refused.
    const counted = await row<{ count: number }>(
      this.pool,
      `INSERT INTO rate_windows (token_hash, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (token_hash, window_start) DO UPDATE SET count = rate_windows.count + 1
       WHERE rate_windows.count < $3 RETURNING count`,
      [workspace, start, limit],
    );
    if (!counted) return { allowed: false, limit, remaining: 0, reset };
    return { allowed: true, limit, remaining: limit - counted.count, reset };
  }
}
