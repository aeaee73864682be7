// Which store a `db` selects: a `postgres://` URL opens the PostgreSQL store (shared by every
// process on that database), anything else a node:sqlite file (or `:memory:`).

import {
  DEFAULT_POOL_SIZE,
  isPostgresUrl,
  PostgresStore,
  type ScrollState,
} from "./postgres/index.ts";
import { Store } from "./store.ts";

export type SandboxStore = Store | PostgresStore;

export interface OpenStoreOptions {
  /** Connections in the PostgreSQL pool (ignored for SQLite). */
  poolSize?: number;
  /** Unix seconds. */
  now: () => number;
}

export async function openStore(db: string, options: OpenStoreOptions): Promise<SandboxStore> {
  if (isPostgresUrl(db)) {
    return PostgresStore.open({
      url: db,
      poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
      now: options.now,
    });
  }
  return new Store(db, options.now);
}

/** Scrolls in progress: in the database for PostgreSQL, in this process for SQLite. */
export interface Scrolls {
  get(id: string): Promise<ScrollState | undefined>;
  save(id: string, scroll: ScrollState): Promise<void>;
  delete(id: string): Promise<void>;
  /** Forgets the expired ones (called now and then). */
  prune(nowMs: number): Promise<void>;
}

export function scrollsFor(store: SandboxStore): Scrolls {
  if (store instanceof PostgresStore) {
    return {
      get: (id) => store.scroll(id),
      save: (id, scroll) => store.saveScroll(id, scroll),
      delete: (id) => store.deleteScroll(id),
      prune: (nowMs) => store.pruneScrolls(nowMs),
    };
  }
  const scrolls = new Map<string, ScrollState>();
  return {
    get: async (id) => scrolls.get(id),
    save: async (id, scroll) => {
      scrolls.set(id, scroll);
    },
    delete: async (id) => {
      scrolls.delete(id);
    },
    prune: async (nowMs) => {
      for (const [key, value] of scrolls) if (value.expiresAt <= nowMs) scrolls.delete(key);
    },
  };
}
