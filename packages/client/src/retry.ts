import type { Clock } from "./clock.ts";
import { IntercomNetworkError } from "./errors.ts";
import type { FetchLike } from "./fetch.ts";
import { msRetryAfter, msUntilReset } from "./rate-limit.ts";

export interface RetryOptions {
  /** How many times a request is retried after its first attempt (default 3; 0 turns retries off). */
  retries?: number;
  /** The base of the exponential backoff: retry n waits a random time in [0, minDelayMs·2ⁿ] (default 500). */
  minDelayMs?: number;
  /**
   * The ceiling of one wait (default 30 000 ms): backoff never waits longer, and an answer that
   * asks to wait longer (`Retry-After`, `X-RateLimit-Reset`) is returned as it is instead.
   */
  maxDelayMs?: number;
}

/** The statuses worth another try: timeouts, rate limits and server or gateway failures. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Retries idempotent requests (GET, PUT, DELETE, and the upsert `POST /companies`, idempotent by
 * `company_id`) on network errors and on the statuses above, with exponential backoff and full
 * jitter, honouring `Retry-After` and `X-RateLimit-Reset`. The request's signal stops a wait at once.
 */
export function withRetry(
  fetch: FetchLike,
  retries: number,
  minDelayMs: number,
  maxDelayMs: number,
  baseUrl: string,
  clock: Clock,
  random: () => number,
  onRetry: (message: string) => void,
): FetchLike {
  const pathOf = (request: Request) => request.url.slice(baseUrl.length).split("?")[0];
  const idempotent = (request: Request) =>
    request.method !== "POST" || pathOf(request) === "/companies";
  return async (request) => {
    // A body can be sent once: keep a copy for the retry (only writes pay for it).
    const spare = request.body && idempotent(request) ? request.clone() : undefined;
    let current = request;
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await fetch(current);
        // A scroll that failed cannot go on from its scroll_param: companies.scroll() restarts it.
        if (
          !RETRY_STATUSES.has(response.status) ||
          (response.status === 500 && pathOf(request) === "/companies/scroll")
        )
          return response;
      } catch (error) {
        if (!(error instanceof IntercomNetworkError)) throw error;
        failure = error;
      }
      const now = clock.now();
      const delay =
        (response &&
          (msRetryAfter(response.headers, now) ??
            (response.status === 429 ? msUntilReset(response.headers, now) : undefined))) ??
        Math.floor(random() * Math.min(maxDelayMs, minDelayMs * 2 ** attempt));
      if (attempt >= retries || delay > maxDelayMs || !idempotent(request)) {
        if (response) return response;
        throw failure;
      }
      // Drain the answer so the connection can be reused (and its timeout stops).
      await response?.arrayBuffer().catch(() => {});
      onRetry(
        `retry ${attempt + 1}/${retries} in ${delay} ms: ${response ? `${request.method} ${pathOf(request)} answered ${response.status}` : (failure as Error).message}`,
      );
      await clock.sleep(delay, request.signal);
      // A fresh copy for each attempt: a body can be sent once, and a signal is followed per attempt.
      current = (spare ?? request).clone();
    }
  };
}
