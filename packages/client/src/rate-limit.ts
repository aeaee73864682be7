/** The rate-limit headers of an answer, as numbers. */
export interface RateLimitState {
  /** `X-RateLimit-Limit`: requests allowed in the current window. */
  limit: number | undefined;
  /** `X-RateLimit-Remaining`: requests left in the current window. */
  remaining: number | undefined;
  /** `X-RateLimit-Reset`: when the window resets, in Unix seconds. */
  reset: number | undefined;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  return value && Number.isFinite(+value) ? +value : undefined;
}

/** The rate-limit headers of an answer (each `undefined` when the answer lacks it). */
export function readRateLimit(headers: Headers): RateLimitState {
  return {
    limit: numberHeader(headers, "x-ratelimit-limit"),
    remaining: numberHeader(headers, "x-ratelimit-remaining"),
    reset: numberHeader(headers, "x-ratelimit-reset"),
  };
}

/** Milliseconds from `now` until the `X-RateLimit-Reset` of an answer, if it has one. */
export function msUntilReset(headers: Headers, now: number): number | undefined {
  const reset = numberHeader(headers, "x-ratelimit-reset");
  return reset === undefined ? undefined : Math.max(0, reset * 1000 - now);
}

/** Milliseconds a `Retry-After` header (seconds or an HTTP date) asks to wait. */
export function msRetryAfter(headers: Headers, now: number): number | undefined {
  const value = headers.get("retry-after");
  const ms = value && Number.isFinite(+value) ? +value * 1000 : Date.parse(value ?? "") - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
