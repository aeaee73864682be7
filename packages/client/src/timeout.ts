import { IntercomNetworkError, IntercomTimeoutError } from "./errors.ts";
import type { FetchLike } from "./fetch.ts";
import type { Redactor } from "./redact.ts";

// The readers openapi-fetch calls (`parseAs`); a raw `response.body` stream is cut at the timeout.
const BODY_READERS = ["text", "json", "arrayBuffer", "blob"] as const;

/**
 * One HTTP attempt: aborts after `timeoutMs` (until the body has been read, so a stall mid-body
 * times out too), follows the request's own signal, and turns failures into typed errors.
 */
export function withTimeout(fetch: FetchLike, timeoutMs: number, redact: Redactor): FetchLike {
  return async (request, init) => {
    const userSignal = request.signal;
    if (userSignal.aborted) throw userSignal.reason;
    const controller = new AbortController();
    let timeoutError: IntercomTimeoutError | undefined;
    const onAbort = () => controller.abort(userSignal.reason);
    userSignal.addEventListener("abort", onAbort);
    const timer =
      timeoutMs > 0 && timeoutMs < 2 ** 31
        ? setTimeout(() => {
            timeoutError = new IntercomTimeoutError(request, timeoutMs);
            controller.abort(timeoutError);
          }, timeoutMs)
        : undefined;
    const done = () => {
      clearTimeout(timer);
      userSignal.removeEventListener("abort", onAbort);
    };
    const finish = <T>(value: T): T => {
      done();
      return value;
    };
    const fail = (error: unknown): never => {
      done();
      if (timeoutError) throw timeoutError;
      if (userSignal.aborted) throw userSignal.reason;
      throw new IntercomNetworkError(request, error, redact);
    };

    let response: Response;
    try {
      response = await fetch(
        request,
        init ? { ...init, signal: controller.signal } : { signal: controller.signal },
      );
    } catch (error) {
      return fail(error);
    }
    if (response.body === null) {
      done();
      return response;
    }
    // Keep the timer running until the body is read: wrap the readers of this one response.
    const readers = response as unknown as Record<string, (() => Promise<unknown>) | undefined>;
    for (const name of BODY_READERS) {
      const read = readers[name];
      if (read) readers[name] = () => read.call(response).then(finish, fail);
    }
    return response;
  };
}
