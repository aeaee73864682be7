import { type OperationId, operationTable } from "@intercom-toolkit/types";
import type { Attempt, CallState } from "./attempt.ts";
import type { Clock } from "./clock.ts";
import { IntercomNetworkError } from "./errors.ts";
import { SCROLL_RESTART } from "./pagination.ts";
import { msRetryAfter, msUntilReset } from "./rate-limit.ts";

/** What `retry.shouldRetry` is asked about a failed attempt. */
export interface RetryContext {
  /** The operationId of the call (`undefined` for a path the spec does not have). */
  operation: OperationId | undefined;
  /** Whether the spec says repeating the operation is safe (`x-toolkit-idempotent`). */
  idempotent: boolean;
  /** The number of the attempt that failed: 1 for the first. */
  attempt: number;
  /** The status of the answer, or `undefined` when there was none (`error` says why). */
  status: number | undefined;
  /** The network failure, when there was no (complete) answer. */
  error: IntercomNetworkError | undefined;
  /** `false` when the connection failed before any byte of the request was sent. */
  sent: boolean;
}

export interface RetryOptions {
  /** How many times a request is retried after its first attempt (default 3; 0 turns retries off). */
  retries?: number;
  /** The base of the exponential backoff: retry n waits a random time in [0, minDelayMs·2ⁿ⁻¹] (default 500). */
  minDelayMs?: number;
  /**
   * The ceiling of one wait (default 30 000 ms): backoff never waits longer, and an answer that
   * asks to wait longer (`Retry-After`, `X-RateLimit-Reset`) is returned as it is instead.
   */
  maxDelayMs?: number;
  /** The statuses worth another try (default 408, 429, 500, 502, 503, 504); 429 for every operation. */
  statuses?: readonly number[];
  /** Decides instead of the default policy (`true`, `false`), or leaves it to it (`undefined`). */
  shouldRetry?: (context: RetryContext) => boolean | undefined;
}

/** The settings of the retry loop, resolved from `RetryOptions`. */
export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  statuses: readonly number[];
  shouldRetry: RetryOptions["shouldRetry"];
}

export const RETRY_STATUSES = [408, 429, 500, 502, 503, 504] as const;

// Errors that mean the connection was never made, so nothing of the request reached the server.
const UNSENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/** Whether a network error (or one in its `cause` chain) says the request was never sent. */
export function unsent(error: unknown): boolean {
  for (let depth = 0; error && depth < 5; depth++) {
    if (UNSENT.test(String((error as { code?: unknown }).code))) return true;
    error = (error as Error).cause;
  }
  return false;
}

/**
 * The default policy: a 429 and a connection that failed before sending anything are retried for
 * every operation (neither reached the API's logic); another retriable status, or a failure
 * after sending, only when the spec says the operation is safe to repeat.
 */
export function defaultRetry(context: RetryContext): boolean {
  return context.status === 429 || !context.sent || context.idempotent;
}

export type Send = (
  request: Request,
  operation: OperationId | undefined,
  signal: AbortSignal | undefined,
  state: CallState,
) => Promise<Response>;

/**
 * Sends a request, retrying per the policy with exponential backoff and full jitter, honouring
 * `Retry-After` and `X-RateLimit-Reset`; a body cut off while it is read is fetched again too.
 * `onRequest`: each retry's `Request` carries its own signal (for a `fetch` that ignores `init`).
 */
export function withRetry(
  attempt: Attempt,
  policy: RetryPolicy,
  clock: Clock,
  random: () => number,
  onRetry: (message: string) => void,
  onRequest: boolean,
): Send {
  const { retries, minDelayMs, maxDelayMs, statuses, shouldRetry } = policy;
  return (request, operation, signal, state) => {
    const meta = operation && operationTable[operation];
    const idempotent = meta
      ? meta.idempotent
      : request.method !== "POST" && request.method !== "PATCH";
    const scroll = (meta as { pagination?: { style: string } } | undefined)?.pagination?.style;
    // A body can be sent once: keep a copy for the retries.
    const spare = retries && request.body ? request.clone() : undefined;

    const decide = (number: number, response?: Response, error?: IntercomNetworkError) => {
      const context: RetryContext = {
        operation,
        idempotent,
        attempt: number,
        status: response?.status,
        error,
        sent: !error || !unsent(error.cause),
      };
      return number <= retries && (shouldRetry?.(context) ?? defaultRetry(context));
    };

    const again = async (number: number, response?: Response, reason?: string) => {
      const now = clock.now();
      const delay =
        (response &&
          (msRetryAfter(response.headers, now) ??
            (response.status === 429 ? msUntilReset(response.headers, now) : undefined))) ??
        Math.floor(random() * Math.min(maxDelayMs, minDelayMs * 2 ** (number - 1)));
      if (delay > maxDelayMs) return undefined;
      onRetry(`retry ${number}/${retries} in ${delay} ms: ${reason}`);
      await clock.sleep(delay, signal);
      const controller = new AbortController();
      const source = (spare ?? request).clone();
      return run(
        onRequest ? new Request(source, { signal: controller.signal }) : source,
        controller,
        number + 1,
      );
    };

    const run = async (
      current: Request,
      controller: AbortController,
      number: number,
    ): Promise<Response> => {
      let response: Response | undefined;
      let error: IntercomNetworkError | undefined;
      let body = "";
      let draining = false;
      // A body cut off while being read: fetch it again if the operation is safe to repeat.
      const recover = (failure: IntercomNetworkError) =>
        draining || !decide(number, undefined, failure)
          ? undefined
          : again(number, undefined, failure.message);
      try {
        response = await attempt(current, controller, signal, recover);
        state.response = response;
        if (!statuses.includes(response.status)) return response;
        draining = true;
        body = await response.text();
      } catch (caught) {
        if (!(caught instanceof IntercomNetworkError)) throw caught;
        error = caught;
        response = undefined;
      }
      // A scroll that must start over cannot go on from its scroll_param: left to companies.scroll().
      const retried =
        !(scroll === "scroll" && SCROLL_RESTART.test(body)) &&
        decide(number, response, error) &&
        (await again(
          number,
          response,
          response
            ? `${current.method} ${current.url.split("?")[0]} answered ${response.status}`
            : error?.message,
        ));
      if (retried) return retried;
      if (response) return (state.response = new Response(body, response));
      throw error;
    };

    return run(request, state.controller, 1);
  };
}
