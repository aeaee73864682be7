import {
  type OperationId,
  operationRoutes,
  type PathParams,
  type QueryParams,
  type RequestBody,
  type SuccessBody,
} from "@intercom-toolkit/types";
import { IntercomApiError, IntercomConfigurationError } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/** Options every helper takes. */
export interface CallOptions {
  /** Aborts the call, including any wait for a retry or for the rate-limit window. */
  signal?: AbortSignal;
}

/** What openapi-fetch answers. */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Sends one call of an operation (or of a path the spec lacks) through openapi-fetch. */
export type Invoke = (
  operation: OperationId | undefined,
  method: string,
  path: string,
  init: Record<string, unknown>,
  signal: AbortSignal | undefined,
  then?: (answer: Answer) => unknown,
) => Promise<unknown>;

/**
 * What the helpers share, and what a plugin of `createIntercomClient({ plugins })` is given: every
 * call it makes goes through the client's retries, timeouts, throttle and redaction.
 */
export interface PluginContext {
  invoke: Invoke;
  redact: Redactor;
  /** Log lines, with the token redacted. */
  warn: (message: string) => void;
  debug: (message: string) => void;
}

/**
 * A plugin of `createIntercomClient({ plugins })`, such as `helpers()`: given the client's
 * context, the helpers it adds, by namespace (`{ companies: { list } }` joins `intercom.companies`).
 */
export type IntercomPlugin<Api extends object = object> = (context: PluginContext) => Api;

export interface Init<Op extends OperationId> {
  params?: { path?: PathParams<Op>; query?: QueryParams<Op> };
  body?: RequestBody<Op>;
}

/**
 * Calls an operation: the data of a 2xx answer (through `pick`, in the same step), or an
 * `IntercomApiError`. `init` builds the request here, so a bad argument rejects the promise, as
 * a failed call does; no `async` wrapper, which would cost each call two more promise turns.
 */
export function call<Op extends OperationId, Result = SuccessBody<Op>>(
  context: PluginContext,
  operation: Op,
  init: () => Init<Op>,
  options: CallOptions | undefined,
  pick?: (data: SuccessBody<Op>) => Result,
): Promise<Result> {
  const { method, path } = operationRoutes[operation];
  let request: Init<Op>;
  try {
    request = init();
  } catch (error) {
    return Promise.reject(error);
  }
  return context.invoke(
    operation,
    method,
    path,
    request as Record<string, unknown>,
    options?.signal,
    ({ data, error, response }) => {
      if (response.ok && data !== undefined)
        return pick ? pick(data as SuccessBody<Op>) : (data as Result);
      // A 2xx without a body (openapi-fetch leaves `data` undefined) is not what the spec documents.
      throw new IntercomApiError(
        operation,
        response,
        error,
        context.redact,
        response.ok ? "invalid_response" : undefined,
      );
    },
  ) as Promise<Result>;
}

export function requireId(value: unknown, name: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new IntercomConfigurationError(
    `${name} must be a non-empty string, got ${JSON.stringify(value)}.`,
  );
}
