import type { OperationId } from "@intercom-toolkit/types";
import type { Attempt, CallState } from "./attempt.ts";
import type { Clock } from "./clock.ts";
import { IntercomNetworkError } from "./errors.ts";
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

/**
 * The documented answer after which a scroll cannot go on from its `scroll_param` ("Please restart
 * the scroll operation"): sending the same request again cannot help, so it is never retried.
 */
export const SCROLL_RESTART = /restart the scroll/i;

// Errors that mean the connection was never made, so nothing of the request reached the server.
const UNSENT = /^E(CONNREFUSED|NOTFOUND|AI_AGAIN|(HOST|NET)UNREACH)$|CONNECT_TIMEOUT$/;

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

/** Whether to try again after a failed attempt; if so, resolves when it is time to. */
export type Again = (
  state: CallState,
  operation: OperationId | undefined,
  signal: AbortSignal | undefined,
  response?: Response,
  error?: IntercomNetworkError,
) => Promise<void> | undefined;

/**
 * The retry policy: whether a failed attempt is tried again (see `defaultRetry`, or the
 * `shouldRetry` hook), and after how long: exponential backoff with full jitter, unless the
 * answer says (`Retry-After`, `X-RateLimit-Reset` on a 429); never longer than `maxDelayMs`.
 */
export function retryPolicy(
  { retries, minDelayMs, maxDelayMs, shouldRetry }: RetryPolicy,
  clock: Clock,
  random: () => number,
  onRetry: (message: string) => void,
): Again {
  return (state, operation, signal, response, error) => {
    const { number, idempotent } = state;
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
    const { method, url } = state.request ?? {};
    onRetry(
      `retry ${number}/${retries} in ${delay} ms: ${error ? error.message : `${method} ${url?.split("?")[0]} answered ${response?.status}`}`,
    );
    state.number++;
    state.controller = new AbortController();
    return clock.sleep(delay, signal);
  };
}

/**
 * Sends a request, and again per the policy after a retriable status or a network failure
 * (a copy of it: a body can be sent once). `onRequest`: each retry's `Request` carries its own
 * signal (for a `fetch` that ignores `init`).
 */
export function withRetry(
  attempt: Attempt,
  statuses: readonly number[],
  again: Again,
  onRequest: boolean,
): Send {
  const send: Send = (request, operation, signal, state) => {
    // A body can be sent once: keep a copy for the retries.
    const spare = request.body ? request.clone() : undefined;
    const retry = async (
      body: string,
      response?: Response,
      error?: IntercomNetworkError,
    ): Promise<Response> => {
      // After the documented restart answer a scroll cannot go on: companies.scroll() starts over.
      const wait = !SCROLL_RESTART.test(body) && again(state, operation, signal, response, error);
      if (wait) {
        await wait;
        const copy = (spare ?? request).clone();
        return send(
          onRequest ? new Request(copy, { signal: state.controller.signal }) : copy,
          operation,
          signal,
          state,
        );
      }
      if (error) throw error;
      state.response = new Response(body, response);
      return state.response;
    };
    // (Handlers, not `async`: an answer that needs no retry costs no extra promise.)
    return attempt(request, state, signal, {
      answered: (response) =>
        statuses.includes(response.status)
          ? response.text().then((body) => {
              state.done?.();
              return retry(body, response);
            })
          : response,
      failed: (caught) => {
        if (!(caught instanceof IntercomNetworkError)) throw caught;
        return retry("", undefined, caught);
      },
    });
  };
  return send;
}
