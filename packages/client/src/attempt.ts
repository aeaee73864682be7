import { createDeadlines } from "./deadlines.ts";
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

/**
 * Ends the current attempt (its timer and listener) and lets go of its request and answer. V8
 * keeps a finished call's state past young-generation collections for a while; holding the
 * answer there kept its body streams alive too, so nearly every call's objects were promoted
 * (about 100 MB per 30,000 calls, sampled) and a call cost 2 to 3 times the CPU.
 */
export function endAttempt(state: CallState): void {
  state.done?.();
  state.done = state.request = state.response = undefined;
}

/** What the retry layer does with an attempt's answer, or with its failure. */
export interface Outcome {
  answered: (response: Response) => Response | Promise<Response>;
  failed: (error: unknown) => Response | Promise<Response>;
}

/**
 * One HTTP attempt: settles once the answer's headers are in (or it failed, typed), with what
 * `outcome` makes of it, in the same step: one promise per attempt, not one per layer.
 */
export type Attempt = (
  request: Request,
  state: CallState,
  signal: AbortSignal | undefined,
  outcome: Outcome,
) => Promise<Response>;

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
  const watch = timeoutMs > 0 && timeoutMs < 2 ** 31 ? createDeadlines(timeoutMs) : undefined;
  // Not `async`: a call with nothing to wait for spends no promise on the throttle.
  return (request, state, userSignal, outcome) => {
    if (userSignal?.aborted) return Promise.reject(userSignal.reason);
    const hold = throttle?.hold(userSignal);
    if (hold) return hold.then(() => start(request, state, userSignal, outcome));
    return start(request, state, userSignal, outcome);
  };

  function start(
    request: Request,
    state: CallState,
    userSignal: AbortSignal | undefined,
    { answered, failed }: Outcome,
  ): Promise<Response> {
    const { controller } = state;
    // (A listener only when there is a signal to follow: most calls have none.)
    const stop = userSignal && (() => controller.abort(userSignal.reason));
    if (stop) userSignal.addEventListener("abort", stop);
    const deadline = watch?.(() => {
      done();
      controller.abort(new IntercomTimeoutError(request, timeoutMs));
    });
    const done = () => {
      deadline?.release();
      if (stop) userSignal?.removeEventListener("abort", stop);
    };
    state.request = request;
    state.done = done;
    const { signal } = controller;
    return fetch(request, { signal }).then(
      (response) => {
        throttle?.watch(response);
        state.response = response;
        // The headers are in: a body left unread must not keep the process alive.
        if (response.body === null) done();
        else deadline?.answered();
        return answered(response);
      },
      (error: unknown) => {
        done();
        return failed(
          signal.aborted ? signal.reason : new IntercomNetworkError(request, error, redact),
        );
      },
    );
  }
}
