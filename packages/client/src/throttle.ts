// `@intercom-toolkit/client/throttle`: client-side throttling, a plugin that stays out of the
// main entry's bundle unless it is imported.
import type { Clock } from "./clock.ts";
import { count } from "./option-checks.ts";
import { msUntilReset } from "./rate-limit.ts";

export interface ThrottleOptions {
  /**
   * The longest a request is held waiting for the rate-limit window to reset (default 60 000 ms).
   * When the reset is further away, requests go out and meet the API's 429 (which `retry` handles).
   */
  maxWaitMs?: number;
}

/** The hooks each attempt calls: `hold` before sending, `watch` on the answer. */
export interface Throttle {
  hold(signal: AbortSignal | undefined): Promise<void> | false;
  watch(response: Response): void;
}

/** What `throttle()` returns, for `createIntercomClient({ throttle })`: one window per client. */
export type ThrottlePlugin = (clock: Clock) => Throttle;

/**
 * Holds requests once an answer says `X-RateLimit-Remaining: 0`, until its `X-RateLimit-Reset`,
 * instead of spending them on 429s. Every client has its own window. Hooks rather than a `fetch`
 * wrapper: an open window then costs one header look-up, not an extra async step.
 *
 * @example
 * import { throttle } from "@intercom-toolkit/client/throttle";
 * const intercom = createIntercomClient({ throttle: throttle({ maxWaitMs: 10_000 }) });
 * @throws {IntercomConfigurationError} for a `maxWaitMs` that is not a whole number ≥ 0.
 */
export function throttle(options?: ThrottleOptions): ThrottlePlugin {
  const maxWaitMs = count(options, "maxWaitMs", 60_000);
  return (clock) => {
    let pausedUntil = 0;
    return {
      hold(signal) {
        const wait = pausedUntil - clock.now();
        return wait > 0 && wait <= maxWaitMs && clock.sleep(wait, signal);
      },
      watch({ headers }) {
        const wait =
          headers.get("x-ratelimit-remaining") === "0" && msUntilReset(headers, clock.now());
        if (wait) pausedUntil = Math.max(pausedUntil, clock.now() + wait);
      },
    };
  };
}
