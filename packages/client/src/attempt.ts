import { IntercomNetworkError, IntercomTimeoutError } from "./errors.ts";
import type { FetchLike } from "./fetch.ts";
import type { Redactor } from "./redact.ts";
import type { Throttle } from "./throttle.ts";

/** What one call keeps across its attempts: the first attempt's controller, the last answer. */
export interface CallState {
  controller: AbortController;
  /** openapi-fetch's `parseAs`: the reader it calls on a 2xx answer (`text` on the others). */
  parseAs: string;
  response?: Response;
}

/**
 * One HTTP attempt. `recover` is asked when the body fails while being read: a new answer to read
 * the same way instead, or `undefined` to fail.
 */
export type Attempt = (
  request: Request,
  controller: AbortController,
  signal: AbortSignal | undefined,
  recover: (error: IntercomNetworkError) => Promise<Response | undefined> | undefined,
  parseAs: string,
) => Promise<Response>;

// The readers openapi-fetch calls (`parseAs`); a raw `response.body` stream is cut at the timeout.
const BODY_READERS = new Set(["json", "arrayBuffer", "blob"]);

type Timer = ReturnType<typeof setTimeout>;

/**
 * One HTTP attempt: waits for the throttle, aborts after `timeoutMs` (until the body has been
 * read, so a stall mid-body times out too), follows the caller's signal, and turns failures into
 * typed errors. The timer keeps the process alive only until the answer's headers arrive: an
 * answer whose body is never read (an empty 200, a stream left alone) lets the process exit.
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
  return async (request, controller, userSignal, recover, parseAs) => {
    if (userSignal?.aborted) throw userSignal.reason;
    const hold = throttle?.hold(userSignal);
    if (hold) await hold;
    const { signal } = controller;
    const stop = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener("abort", stop);
    let timer: Timer | undefined;
    const done = () => {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", stop);
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
    const failure = (error: unknown): IntercomNetworkError | undefined => {
      done();
      if (signal.aborted) throw signal.reason;
      return new IntercomNetworkError(request, error, redact);
    };
    let response: Response;
    try {
      response = await fetch(request, { signal });
    } catch (error) {
      throw failure(error);
    }
    throttle?.watch(response);
    if (response.body === null) {
      done();
      return response;
    }
    // The headers are in: a body left unread must not keep the process alive.
    (owner === expire ? shared : timer)?.unref?.();
    const { status } = response;
    const readers = response as unknown as Record<string, () => Promise<unknown>>;
    // Only the readers openapi-fetch will call: fewer properties added to the answer.
    for (const name of BODY_READERS.has(parseAs) ? ["text", parseAs] : ["text"]) {
      const read = readers[name];
      if (read)
        readers[name] = () =>
          read.call(response).then(
            (value) => {
              done();
              return value;
            },
            (caught) => {
              const error = failure(caught) as IntercomNetworkError;
              const next = recover(error);
              if (!next) throw error;
              return next.then((fresh) =>
                fresh?.status === status
                  ? (fresh as unknown as Record<string, () => Promise<unknown>>)[name]?.()
                  : Promise.reject(error),
              );
            },
          );
    }
    return response;
  };
}
