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
const UNSENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

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
  { retries, minDelayMs, maxDelayMs, statuses, shouldRetry }: RetryPolicy,
  clock: Clock,
  random: () => number,
  onRetry: (message: string) => void,
  onRequest: boolean,
): Send {
  const send: Send = async (request, operation, signal, state, number = 1) => {
    const meta = operation && operationTable[operation];
    const idempotent = meta ? meta.idempotent : !/^P(OS|ATC)/.test(request.method);
    // A body can be sent once: keep a copy for the retries.
    const spare = number <= retries && request.body ? request.clone() : undefined;
    // Whether to try again, and after how long (`undefined`: no).
    const retry = (response?: Response, error?: IntercomNetworkError) => {
      const context: RetryContext = {
        operation,
        idempotent,
        attempt: number,
        status: response?.status,
        error,
        sent: !error || !unsent(error.cause),
      };
      if (number > retries || !(shouldRetry?.(context) ?? defaultRetry(context))) return;
      const now = clock.now();
      const delay =
        (response &&
          (msRetryAfter(response.headers, now) ??
            (response.status === 429 ? msUntilReset(response.headers, now) : undefined))) ??
        Math.floor(random() * Math.min(maxDelayMs, minDelayMs * 2 ** (number - 1)));
      if (delay > maxDelayMs) return;
      onRetry(
        `retry ${number}/${retries} in ${delay} ms: ${error ? error.message : `${request.method} ${request.url.split("?")[0]} answered ${response?.status}`}`,
      );
      return clock.sleep(delay, signal).then(() => {
        const controller = new AbortController();
        const copy = (spare ?? request).clone();
        return (send as Retry)(
          onRequest ? new Request(copy, { signal: controller.signal }) : copy,
          operation,
          signal,
          { controller, parseAs: state.parseAs },
          number + 1,
        ).then((response) => (state.response = response));
      });
    };
    let response: Response | undefined;
    let error: IntercomNetworkError | undefined;
    let body = "";
    try {
      // A body cut off while being read is fetched again if the operation is safe to repeat.
      response = await attempt(
        request,
        state.controller,
        signal,
        (failure) => (body === "" ? retry(undefined, failure) : undefined),
        state.parseAs,
      );
      state.response = response;
      if (!statuses.includes(response.status)) return response;
      body = " ";
      body = await response.text();
    } catch (caught) {
      if (!(caught instanceof IntercomNetworkError)) throw caught;
      error = caught;
      response = undefined;
    }
    // After the documented restart answer a scroll cannot go on: companies.scroll() starts over.
    const again =
      !(
        (meta as { pagination?: { style: string } })?.pagination?.style === "scroll" &&
        SCROLL_RESTART.test(body)
      ) && retry(response, error);
    if (again) return again;
    if (error) throw error;
    state.response = new Response(body, response);
    return state.response;
  };
  return send;
}

type Retry = (...args: [...Parameters<Send>, number]) => Promise<Response>;
