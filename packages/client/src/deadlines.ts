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
export class Deadlines {
  /** Insertion order is deadline order. */
  readonly watched = new Set<Deadline>();
  /** Attempts still waiting for their answer's headers. */
  waiting = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly timeoutMs: number) {}

  /** Watches an attempt: `expire` runs at its deadline unless `release()` ran first. */
  watch(expire: () => void): Deadline {
    const deadline = new Deadline(this, performance.now() + this.timeoutMs, expire);
    this.watched.add(deadline);
    if (++this.waiting === 1) this.holdProcess();
    if (!this.timer) this.schedule(this.timeoutMs);
    return deadline;
  }

  /** Refs the timer while an attempt waits for headers, unrefs it otherwise. */
  holdProcess(): void {
    if (this.waiting > 0) this.timer?.ref?.();
    else this.timer?.unref?.();
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.sweep(), Math.max(ms, 1));
    this.holdProcess();
  }

  private sweep(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const deadline of this.watched) {
      if (deadline.at > now) {
        this.schedule(deadline.at - now);
        return;
      }
      deadline.release();
      deadline.expire();
    }
  }
}

/** An attempt under a time limit, as `Deadlines.watch` returns it. */
export class Deadline {
  private waiting = true;

  constructor(
    private readonly owner: Deadlines,
    readonly at: number,
    readonly expire: () => void,
  ) {}

  /** The answer's headers are in: this attempt no longer keeps the process alive. */
  answered(): void {
    if (!this.waiting) return;
    this.waiting = false;
    if (--this.owner.waiting === 0) this.owner.holdProcess();
  }

  /** The attempt is over: its deadline no longer applies. */
  release(): void {
    this.answered();
    this.owner.watched.delete(this);
  }
}
