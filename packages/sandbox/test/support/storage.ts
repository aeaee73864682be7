// A storage of the backend under test, used directly (no HTTP), for the behaviours both backends
// must share.
import { SqliteStorage, type Storage } from "../../src/store/index.ts";
import { PostgresStorage } from "../../src/store/postgres/index.ts";
import { backend, freshDb } from "./backend.ts";

/** A storage on a fresh, empty database; its clock reads `now()` (Unix seconds). */
export async function openStorage(now: () => number = () => 1): Promise<Storage> {
  return backend === "postgres"
    ? PostgresStorage.open({ url: await freshDb(), poolSize: 2, now })
    : new SqliteStorage(":memory:", now);
}

/** Runs `test` on a fresh storage (clock from 1,700,000,000, one second a call), then closes it. */
export async function withStorage(test: (store: Storage) => Promise<void>): Promise<void> {
  let now = 1_700_000_000;
  const store = await openStorage(() => now++);
  try {
    await test(store);
  } finally {
    await store.close();
  }
}
