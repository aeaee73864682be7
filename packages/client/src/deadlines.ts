/** An attempt under a time limit, as `Deadlines.watch` returns it. */
export interface Deadline {
  /** The answer's headers are in: this attempt no longer keeps the process alive. */
  answered(): void;
  /** The attempt is over: its deadline no longer applies. */
  release(): void;
}

interface Watched extends Deadline {
  at: number;
  waiting: boolean;
  expire: () => void;
}

/**
 * The time limits of a client's attempts, all under one timer. Every attempt of a client has the
 * same `timeoutMs`, so deadlines fall in the order the attempts start and the timer only waits for
 * the oldest. A `setTimeout` per attempt made and dropped one of Node's timer lists per call, the
 * largest of the client's own costs in-process.
 *
 * The timer keeps the process alive only while an attempt waits for its answer's headers: an
 * answer whose body is never read lets the process exit. It reads `performance.now()`, which
 * never jumps with the system clock.
 */
export function createDeadlines(timeoutMs: number): (expire: () => void) => Deadline {
  // Insertion order is deadline order.
  const watched = new Set<Watched>();
  let waiting = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const holdProcess = () => {
    if (waiting > 0) timer?.ref?.();
    else timer?.unref?.();
  };
  const schedule = (ms: number) => {
    timer = setTimeout(sweep, Math.max(ms, 1));
    holdProcess();
  };
  function sweep() {
    timer = undefined;
    const now = performance.now();
    for (const entry of watched) {
      if (entry.at > now) {
        schedule(entry.at - now);
        return;
      }
      entry.release();
      entry.expire();
    }
  }

  return (expire) => {
    const entry: Watched = {
      at: performance.now() + timeoutMs,
      waiting: true,
      expire,
      answered() {
        if (!entry.waiting) return;
        entry.waiting = false;
        if (--waiting === 0) holdProcess();
      },
      release() {
        entry.answered();
        watched.delete(entry);
      },
    };
    watched.add(entry);
    if (++waiting === 1) holdProcess();
    if (!timer) schedule(timeoutMs);
    return entry;
  };
}
