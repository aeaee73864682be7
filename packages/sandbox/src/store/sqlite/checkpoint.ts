// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
// crosses 1,000 WAL pages: it copies pages into the database file and fsyncs twice, stalling
// every request in flight for milliseconds (tens of them on slow disks), many times a second
// under write load. Here a worker thread with its own connection checkpoints PASSIVE-ly (never
// blocking the writer) every 100 ms; the main connection only finishes the job when the WAL
// has grown, with little left to copy, so the WAL can restart and stays bounded. Durability is
// unchanged: commits still reach the WAL exactly as before.
import type { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";

/** How often the worker checkpoints. */
const WORKER_INTERVAL_MS = 100;
/** How often the main connection looks at the WAL's size. */
const MAIN_INTERVAL_MS = 500;
/** WAL pages past which the main connection checkpoints (so the WAL can restart). */
const MAIN_THRESHOLD_PAGES = 1000;
/** SQLite's own automatic checkpoint stays as a safety net, far above the usual size. */
const SAFETY_NET_PAGES = 20_000;
/** SQLite's default, restored if the worker fails. */
const DEFAULT_AUTOCHECKPOINT = 1000;

// CommonJS, evaluated as the worker's script: no file to locate from src/ or dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(workerData.path);
db.exec("PRAGMA busy_timeout = 0");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    parentPort.postMessage(Number(checkpoint.get().log));
  } catch {
    // Busy or locked: the next round tries again.
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  private readonly db: DatabaseSync;
  private readonly worker: Worker;
  /** Settles when the worker thread has exited, its connection closed. */
  private readonly exited: Promise<void>;
  private readonly timer: NodeJS.Timeout;
  private walPages = 0;
  private stopped = false;

  constructor(db: DatabaseSync, path: string) {
    this.db = db;
    db.exec(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, intervalMs: WORKER_INTERVAL_MS },
    });
    this.worker.unref();
    this.worker.on("message", (pages: number) => {
      this.walPages = pages;
    });
    this.worker.on("error", () => this.fallBack());
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.on("exit", () => this.fallBack());
    const finish = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
    this.timer = setInterval(() => {
      if (this.walPages < MAIN_THRESHOLD_PAGES || !db.isOpen) return;
      try {
        finish.get();
        this.walPages = 0;
      } catch {
        // Busy: the next round tries again.
      }
    }, MAIN_INTERVAL_MS);
    this.timer.unref();
  }

  /** Without the worker, SQLite checkpoints by itself again, as it does by default. */
  private fallBack(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    if (this.db.isOpen) this.db.exec(`PRAGMA wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  }

  /** Stops both; resolves once the worker has closed its connection and exited. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      clearInterval(this.timer);
      // Referenced again, so that the process waits for the worker's exit this promise awaits.
      this.worker.ref();
      this.worker.postMessage("stop");
    }
    return this.exited;
  }
}
