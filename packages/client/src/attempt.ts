import { IntercomNetworkError, IntercomTimeoutError } from "./errors.ts";
import type { FetchLike } from "./fetch.ts";
import type { Redactor } from "./redact.ts";
import type { Throttle } from "./throttle.ts";

/** What one call keeps across its attempts. */
export interface CallState {
  /** The operation's retry safety (`x-toolkit-idempotent`, or the method's for a path the spec lacks). */
  idempotent: boolean;
  /** The number of the attempt under way: 1 for the first. */
  number: number;
  /** The current attempt's controller: its signal is the attempt's. */
  controller: AbortController;
  /** The current attempt's request, and its answer once the headers are in. */
  request?: Request;
  response?: Response;
  /** Ends the current attempt: stops its timer and its listener. */
  done?: () => void;
}

/** One HTTP attempt: resolves with the answer once its headers are in. */
export type Attempt = (
  request: Request,
  state: CallState,
  signal: AbortSignal | undefined,
) => Promise<Response>;

type Timer = ReturnType<typeof setTimeout>;

/**
 * One HTTP attempt: waits for the throttle, aborts after `timeoutMs` (until the call is over, body
 * included, so a stall mid-body times out too), follows the caller's signal, and turns failures
 * into typed errors. The timer keeps the process alive only until the answer's headers arrive:
 * an answer whose body is never read (an empty 200, a stream left alone) lets the process exit.
 */
export function createAttempt(
  fetch: FetchLike,
  timeoutMs: number,
  redact: Redactor,
  throttle: Throttle | undefined,
): Attempt {
  // One timer serves one attempt at a time: re-arming it (`refresh`, in Node.js) costs far less
  // than a new one. An attempt that overlaps it gets a timer of its own.
  let owner: (() => void) | undefined;
  let shared: Timer | undefined;
  const timed = timeoutMs > 0 && timeoutMs < 2 ** 31;
  return async (request, state, userSignal) => {
    if (userSignal?.aborted) throw userSignal.reason;
    const hold = throttle?.hold(userSignal);
    if (hold) await hold;
    const { controller } = state;
    // (A listener only when there is a signal to follow: most calls have none.)
    const stop = userSignal && (() => controller.abort(userSignal.reason));
    if (stop) userSignal.addEventListener("abort", stop);
    let timer: Timer | undefined;
    const done = () => {
      clearTimeout(timer);
      if (stop) userSignal?.removeEventListener("abort", stop);
      // Leave the shared timer armed, unref'd: it fires for nobody unless an attempt re-arms it.
      if (owner === expire) owner = void shared?.unref();
    };
    const expire = () => {
      done();
      controller.abort(new IntercomTimeoutError(request, timeoutMs));
    };
    if (timed) {
      shared ??= setTimeout(() => owner?.(), timeoutMs);
      // (`refresh` is Node.js's: elsewhere each attempt has its own timer.)
      if (!owner && (shared as { refresh?: unknown }).refresh) {
        owner = expire;
        shared.refresh().ref();
      } else timer = setTimeout(expire, timeoutMs);
    }
    state.request = request;
    state.done = done;
    const { signal } = controller;
    let response: Response;
    try {
      response = await fetch(request, { signal });
    } catch (error) {
      done();
      throw signal.aborted ? signal.reason : new IntercomNetworkError(request, error, redact);
    }
    throttle?.watch(response);
    state.response = response;
    // The headers are in: a body left unread must not keep the process alive.
    if (response.body === null) done();
    else (owner === expire ? shared : timer)?.unref?.();
    return response;
  };
}
