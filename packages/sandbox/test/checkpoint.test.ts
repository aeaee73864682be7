// The background checkpointer: the WAL's pages reach the database file without the writer
// checkpointing in its commits, and the WAL restarts instead of growing without bound.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { hashToken, SqliteStorage } from "../src/store/index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function writeRound(store: SqliteStorage, round: number, count: number): Promise<void> {
  const ws = await store.workspaces.ensure(hashToken("checkpoint-token"));
  for (let i = 0; i < count; i++) {
    // Each upsert is its own transaction: one commit, a few WAL pages.
    await store.companies.upsert(ws, `c-${i % 500}`, {
      name: `Company ${round}-${i}`,
      customAttributes: { round, i },
    });
  }
}

/** Polls `check` every 50 ms, at most `polls` times. */
async function eventually(check: () => boolean, polls = 300): Promise<void> {
  for (let poll = 0; !check(); poll++) {
    if (poll >= polls) throw new Error(`condition not met after ${polls} polls`);
    await sleep(50);
  }
}

describe("WAL checkpoints", () => {
  it("move pages into the database file in the background and keep the WAL bounded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "intercom-sandbox-checkpoint-"));
    dirs.push(dir);
    const path = join(dir, "sandbox.db");
    const store = new SqliteStorage(path, () => 1_700_000_000);
    try {
      const initial = statSync(path).size;
      await writeRound(store, 0, 1500);
      // Far below SQLite's own checkpoint threshold now: only the worker can do this.
      await eventually(() => statSync(path).size > initial);

      // A round writes thousands of WAL pages: no checkpoint ran inside the commits (SQLite's
      // own would have, at 1,000 pages, and restarted the WAL). Without restarts between
      // rounds, the WAL would hold them all.
      const pagesPerRound = statSync(`${path}-wal`).size / 4096;
      expect(pagesPerRound).toBeGreaterThan(2000);
      // Under steady load (batches of commits, the event loop turning in between, as in a
      // server) the worker never catches up fully, so the WAL only restarts because the main
      // connection finishes the checkpoint now and then. Rounds of 50 commits go on until the
      // WAL has been reused twice over (pages written against pages it holds), for at most
      // 2,000 rounds: a count, not a clock.
      let commits = 0;
      let walPages = 0;
      for (let rounds = 0; ; rounds++) {
        await writeRound(store, 1, 50);
        commits += 50;
        await sleep(1);
        walPages = statSync(`${path}-wal`).size / 4096;
        if ((commits * pagesPerRound) / 1500 > walPages * 2 || walPages >= 16_000) break;
        if (rounds >= 2000) {
          throw new Error(
            `The WAL holds ${walPages} pages after ${commits} commits: it never restarted`,
          );
        }
      }
      // SQLite's own checkpoint, the safety net, would only step in at 20,000 pages.
      expect(walPages).toBeLessThan(16_000);

      // And nothing was lost on the way.
      const ws = await store.workspaces.ensure(hashToken("checkpoint-token"));
      expect(await store.companies.count(ws)).toBe(500);
    } finally {
      await store.close();
    }
  });
});
