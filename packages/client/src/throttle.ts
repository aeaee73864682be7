import type { Clock } from "./clock.ts";
import type { FetchLike } from "./fetch.ts";
import { msUntilReset } from "./rate-limit.ts";

export interface ThrottleOptions {
  /**
   * The longest a request is held waiting for the rate-limit window to reset (default 60 000 ms).
   * When the reset is further away, requests go out and meet the API's 429 (which `retry` handles).
   */
  maxWaitMs?: number;
}

/**
 * Holds requests once an answer says `X-RateLimit-Remaining: 0`, until its `X-RateLimit-Reset`,
 * instead of spending them on 429s. Every client has its own window.
 */
export function withThrottle(fetch: FetchLike, maxWaitMs: number, clock: Clock): FetchLike {
  let pausedUntil = 0;
  return async (request, init) => {
    if (pausedUntil !== 0) {
      const wait = pausedUntil - clock.now();
      if (wait <= 0) pausedUntil = 0;
      else if (wait <= maxWaitMs) await clock.sleep(wait, request.signal);
    }
    const response = await fetch(request, init);
    if (response.headers.get("x-ratelimit-remaining") === "0") {
      const wait = msUntilReset(response.headers, clock.now());
      if (wait !== undefined && wait > 0) pausedUntil = Math.max(pausedUntil, clock.now() + wait);
    }
    return response;
  };
}
