import { IntercomNetworkError, IntercomTimeoutError } from "./errors.ts";
import type { FetchLike } from "./fetch.ts";
import type { Redactor } from "./redact.ts";
import type { Throttle } from "./throttle.ts";

// The readers openapi-fetch calls (`parseAs`); a raw `response.body` stream is cut at the timeout.
const BODY_READERS = ["text", "json", "arrayBuffer", "blob"] as const;

/**
 * One HTTP attempt: waits for the throttle, aborts after `timeoutMs` (until the body has been
 * read, so a stall mid-body times out too), follows the request's own signal when `listen` (the
 * helpers' pipeline for calls without a signal skips it: nothing could abort), and turns failures
 * into typed errors.
 */
export function withTimeout(
  fetch: FetchLike,
  timeoutMs: number,
  redact: Redactor,
  throttle: Throttle | undefined,
  listen: boolean,
): FetchLike {
  // One timer serves one attempt at a time: re-arming it (`refresh`, in Node.js) costs far less
  // than a new one. An attempt that overlaps it gets a timer of its own.
  let owner: (() => void) | undefined;
  let shared: ReturnType<typeof setTimeout> | undefined;
  return async (request) => {
    const userSignal = request.signal;
    if (userSignal.aborted) throw userSignal.reason;
    const hold = throttle?.hold(userSignal);
    if (hold) await hold;
    const controller = new AbortController();
    const { signal } = controller;
    // Each attempt has its own request (retries send copies), whose signal goes with it when the
    // attempt is over: no listener to remove.
    if (listen) userSignal.addEventListener("abort", () => controller.abort(userSignal.reason));
    const expire = () => controller.abort(new IntercomTimeoutError(request, timeoutMs));
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutMs > 0 && timeoutMs < 2 ** 31) {
      // Firing frees it too: an answer whose body is never read (a 200 with Content-Length: 0,
      // a raw stream) never calls done().
      shared ??= setTimeout(() => {
        const expired = owner;
        owner = undefined;
        expired?.();
      }, timeoutMs);
      // (`refresh` is Node.js's: elsewhere each attempt has its own timer.)
      if (!owner && (shared as { refresh?: unknown }).refresh) {
        owner = expire;
        shared.refresh().ref();
      } else timer = setTimeout(expire, timeoutMs);
    }
    const done = () => {
      clearTimeout(timer);
      // Leave the shared timer armed, unref'd: it fires for nobody unless an attempt re-arms it.
      if (owner === expire) owner = void shared?.unref();
    };
    const fail = (error: unknown): never => {
      done();
      throw signal.aborted ? signal.reason : new IntercomNetworkError(request, error, redact);
    };
    let response: Response;
    try {
      response = await fetch(request, { signal });
    } catch (error) {
      return fail(error);
    }
    throttle?.watch(response);
    if (response.body === null) done();
    else
      for (const name of BODY_READERS) {
        const readers = response as unknown as Record<string, () => Promise<unknown>>;
        const read = readers[name];
        if (read)
          readers[name] = () =>
            read.call(response).then((value) => {
              done();
              return value;
            }, fail);
      }
    return response;
  };
}
