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
