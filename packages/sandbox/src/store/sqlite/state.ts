// Workspaces, scroll state and rate-limit counters for node:sqlite. Workspaces are rows; scrolls
// and rate-limit counters live in this process's memory: one process owns a SQLite sandbox, so
// nothing else needs to see them (a shared backend keeps them in its database).
import { newAppId } from "../ids.ts";
import type {
  RateLimitStore,
  ScrollState,
  ScrollStore,
  Workspace,
  WorkspaceStore,
} from "../types.ts";
import type { Database } from "./database.ts";

/** How many workspaces, scrolls and rate-limit windows the process keeps in memory at most. */
const MEMORY_BOUND = 10_000;

export class SqliteWorkspaces implements WorkspaceStore {
  private readonly cache = new Map<string, Workspace>();

  private readonly db: Database;
  private readonly now: () => number;

  constructor(db: Database, now: () => number) {
    this.db = db;
    this.now = now;
  }

  private remember(workspace: Workspace): Workspace {
    // Bounded, so a client inventing tokens cannot grow memory without limit.
    if (this.cache.size >= MEMORY_BOUND) this.cache.clear();
    this.cache.set(workspace.tokenHash, workspace);
    return workspace;
  }

  /** Synchronous look-up, for the hot path. */
  findSync(tokenHash: string): Workspace | undefined {
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
    const row = this.db.get<{ rid: number; app_id: string }>(
      "SELECT rid, app_id FROM workspaces WHERE token_hash = ?",
      tokenHash,
    );
    return row ? this.remember({ rid: row.rid, tokenHash, appId: row.app_id }) : undefined;
  }

  async find(tokenHash: string): Promise<Workspace | undefined> {
    return this.findSync(tokenHash);
  }

  async ensure(tokenHash: string): Promise<Workspace> {
    const found = this.findSync(tokenHash);
    if (found) return found;
    this.db.run(
      "INSERT INTO workspaces (token_hash, app_id, created_at) VALUES (?, ?, ?) ON CONFLICT (token_hash) DO NOTHING",
      tokenHash,
      newAppId(),
      this.now(),
    );
    return this.findSync(tokenHash) as Workspace;
  }
}

export class MemoryScrolls implements ScrollStore {
  /** By workspace: one open scroll each. */
  private readonly byWorkspace = new Map<number, ScrollState>();

  async current(ws: number): Promise<ScrollState | undefined> {
    const state = this.byWorkspace.get(ws);
    return state ? { ...state } : undefined;
  }

  async open(state: ScrollState, now: number): Promise<boolean> {
    const open = this.byWorkspace.get(state.ws);
    if (open && open.expiresAt > now) return false;
    if (this.byWorkspace.size >= MEMORY_BOUND) {
      for (const [ws, scroll] of this.byWorkspace) {
        if (scroll.expiresAt <= now) this.byWorkspace.delete(ws);
      }
    }
    this.byWorkspace.set(state.ws, { ...state });
    return true;
  }

  async advance(
    ws: number,
    id: string,
    fromParam: string,
    next: { param: string; after: number; expiresAt: number },
  ): Promise<boolean> {
    const state = this.byWorkspace.get(ws);
    if (!state || state.id !== id || state.param !== fromParam) return false;
    state.previousParam = state.param;
    state.previousAfter = state.after;
    state.param = next.param;
    state.after = next.after;
    state.expiresAt = next.expiresAt;
    return true;
  }

  async touch(ws: number, id: string, expiresAt: number): Promise<void> {
    const state = this.byWorkspace.get(ws);
    if (state?.id === id) state.expiresAt = expiresAt;
  }

  async close(ws: number, id: string): Promise<void> {
    if (this.byWorkspace.get(ws)?.id === id) this.byWorkspace.delete(ws);
  }
}

interface Window {
  start: number;
  count: number;
}
const NO_WINDOW: Window = { start: Number.NEGATIVE_INFINITY, count: 0 };

export class MemoryRateLimits implements RateLimitStore {
  /** Per key, the latest window and the one before it (see RateLimitStore). */
  private readonly windows = new Map<string, { start: number; count: number; before: Window }>();

  /** Synchronous, for the hot path. */
  hitSync(key: string, windowStart: number): number {
    let window = this.windows.get(key);
    if (window?.start === windowStart) return ++window.count;
    if (window?.before.start === windowStart) return ++window.before.count;
    if (!window || windowStart > window.start) {
      if (this.windows.size >= MEMORY_BOUND) {
        for (const [k, w] of this.windows) if (w.start < windowStart) this.windows.delete(k);
      }
      const before = window ? { start: window.start, count: window.count } : NO_WINDOW;
      window = { start: windowStart, count: 0, before };
      this.windows.set(key, window);
      return ++window.count;
    }
    // Older than both: a request more than a window late, counted alone.
    return 1;
  }

  async hit(key: string, windowStart: number): Promise<number> {
    return this.hitSync(key, windowStart);
  }
}
