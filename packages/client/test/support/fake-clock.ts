// A clock whose waits are recorded instead of slept, so backoff and throttling are tested without time.
import type { Clock } from "../../src/index.ts";

export interface FakeClock extends Clock {
  /** Every wait asked for, in ms, in order. */
  waits: number[];
}

/** Waits resolve at once and move the clock forward; `hold` keeps them pending until aborted. */
export function fakeClock(
  start = Date.UTC(2024, 4, 30, 0, 0, 0),
  options: { hold?: boolean } = {},
): FakeClock {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep(ms, signal) {
      waits.push(ms);
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        if (options.hold) return;
        now += ms;
        resolve();
      });
    },
  };
}
