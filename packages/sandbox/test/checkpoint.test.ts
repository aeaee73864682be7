// The background checkpointer: the WAL's pages reach the database file without the writer
// checkpointing in its commits, and the WAL restarts instead of growing without bound.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { hashToken, Store } from "../src/store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writeRound(store: Store, round: number, count: number): void {
  const ws = store.workspace(hashToken("checkpoint-token"));
  for (let i = 0; i < count; i++) {
    // Each upsert is its own transaction: one commit, a few WAL pages.
    store.upsertCompany(ws, `c-${i % 500}`, {
      name: `Company ${round}-${i}`,
      custom_attributes: { round, i },
    });
  }
}

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(50);
  }
}

describe("WAL checkpoints", () => {
  it("move pages into the database file in the background and keep the WAL bounded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "intercom-sandbox-checkpoint-"));
    dirs.push(dir);
    const path = join(dir, "sandbox.db");
    const store = new Store(path, () => 1_700_000_000);
    try {
      const initial = statSync(path).size;
      writeRound(store, 0, 1500);
      // Far below SQLite's own checkpoint threshold now: only the worker can do this.
      await eventually(() => statSync(path).size > initial);

      // A round writes thousands of WAL pages: no checkpoint ran inside the commits (SQLite's
      // own would have, at 1,000 pages, and restarted the WAL). Without restarts between
      // rounds, the WAL would hold them all.
      const pagesPerRound = statSync(`${path}-wal`).size / 4096;
      expect(pagesPerRound).toBeGreaterThan(2000);
      // Under steady load (batches of commits, the event loop turning in between, as in a
      // server) the worker never catches up fully, so the WAL only restarts because the main
      // connection finishes the checkpoint now and then.
      let commits = 0;
      const started = Date.now();
      while (Date.now() - started < 4000) {
        writeRound(store, 1, 50);
        commits += 50;
        await sleep(1);
      }
      const written = (commits * pagesPerRound) / 1500;
      const walPages = statSync(`${path}-wal`).size / 4096;
      expect(written).toBeGreaterThan(walPages * 2);
      // SQLite's own checkpoint, the safety net, would only step in at 20,000 pages.
      expect(walPages).toBeLessThan(16_000);

      // And nothing was lost on the way.
      const ws = store.workspace(hashToken("checkpoint-token"));
      expect(store.companyCount(ws)).toBe(500);
    } finally {
      await store.close();
    }
  });
});
