// Group commit: the writes requested while the event loop handles one round of I/O share one
// transaction, each in a savepoint of its own. A commit costs as much as the writes it holds
// (WAL frames, locks, the write system call): on the POST bench it was a third of the server's
// time with one commit per write. Every write still answers only after its commit, and one that
// throws is rolled back alone, so atomicity and durability are as before; only the number of
// commits changes.
import type { DatabaseSync, StatementSync } from "node:sqlite";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; reason: unknown };

export class GroupCommit {
  private readonly db: DatabaseSync;
  private readonly statement: (sql: string) => StatementSync;
  private queue: Pending[] = [];

  constructor(db: DatabaseSync, statement: (sql: string) => StatementSync) {
    this.db = db;
    this.statement = statement;
  }

  /** Writes waiting for the next commit. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Runs `work` in the next group's transaction (or at once in one already open, which it then
   * joins); settles after the commit with what `work` returned or threw.
   */
  write<T>(work: () => T): Promise<T> {
    if (this.db.isTransaction) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      // After the I/O callbacks of this round, so that the requests read in it join one group.
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Commits what is queued now; the database's close calls it so that nothing queued is lost. */
  flush(): void {
    const group = this.queue;
    if (group.length === 0) return;
    // A transaction of the storage's own is open (it never is across rounds): after it, then.
    if (this.db.isOpen && this.db.isTransaction) {
      setImmediate(() => this.flush());
      return;
    }
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(group);
    } catch (error) {
      // BEGIN or COMMIT failed (busy past the timeout, disk full, closed): nothing was kept.
      if (this.db.isOpen && this.db.isTransaction) this.statement("ROLLBACK").run();
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, index) => {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.reason);
    });
  }

  private commit(group: Pending[]): Outcome[] {
    const outcomes: Outcome[] = [];
    this.statement("BEGIN IMMEDIATE").run();
    for (const { work } of group) {
      this.statement("SAVEPOINT group_write").run();
      try {
        outcomes.push({ ok: true, value: work() });
        this.statement("RELEASE group_write").run();
      } catch (reason) {
        this.statement("ROLLBACK TO group_write").run();
        this.statement("RELEASE group_write").run();
        outcomes.push({ ok: false, reason });
      }
    }
    this.statement("COMMIT").run();
    return outcomes;
  }
}
