import type { ErrorItem, ErrorList, OperationId } from "@intercom-toolkit/types";
import { OPERATIONS } from "./operations.ts";
import { type RateLimitState, readRateLimit } from "./rate-limit.ts";
import type { Redactor } from "./redact.ts";

/** The base class of every error this client throws. */
export class IntercomError extends Error {
  override name = "IntercomError";

  /** Plain data for logs: the name, the message and the fields of the subclass (never the token). */
  toJSON(): Record<string, unknown> {
    // `name` and the fields are own properties already; `message` is not enumerable.
    return { ...(this as object), message: this.message };
  }
}

/** Invalid options or arguments, found before any request is sent. */
export class IntercomConfigurationError extends IntercomError {
  override name = "IntercomConfigurationError";
}

/** A request that got no complete answer; `method` and `url` (without its query) say which. */
abstract class IntercomRequestError extends IntercomError {
  declare readonly method: string;
  declare readonly url: string;

  constructor(request: Request, message: string, options?: ErrorOptions) {
    const url = request.url.split("?")[0];
    super(`${request.method} ${url} ${message}`, options);
    Object.assign(this, { method: request.method, url });
  }
}

/** The request failed before an answer came back: DNS, refused or reset connection, TLS. */
export class IntercomNetworkError extends IntercomRequestError {
  override name = "IntercomNetworkError";

  constructor(request: Request, cause: unknown, redact: Redactor) {
    const reason = redact(String((cause as Error | undefined)?.message ?? cause));
    const text = `${cause}${(cause as Error | undefined)?.stack}`;
    // A cause whose text holds the token is left out rather than shown.
    super(request, `failed before Intercom answered: ${reason}`, {
      cause: redact(text) === text ? cause : undefined,
    });
  }
}

/** No answer (or no complete body) within `timeoutMs`. */
export class IntercomTimeoutError extends IntercomRequestError {
  override name = "IntercomTimeoutError";
  declare readonly timeoutMs: number;

  constructor(request: Request, timeoutMs: number) {
    super(request, `got no complete answer within timeoutMs (${timeoutMs} ms)`);
    Object.assign(this, { timeoutMs });
  }
}

/** Intercom answered with a status other than 2xx. */
export class IntercomApiError extends IntercomError {
  override name = "IntercomApiError";
  /** The HTTP status. */
  declare readonly status: number;
  /** Intercom's id of the request, to quote to its support (`request_id`). */
  declare readonly requestId: string | null;
  /** The errors of the `error.list` answer (empty when the body was not one). */
  declare readonly errors: ErrorItem[];
  /** The `code` of the first error, such as `company_not_found`. */
  declare readonly code: string | undefined;
  /** The operationId of the call, such as `retrieveCompany`. */
  declare readonly operation: OperationId;
  declare readonly method: string;
  /** The path template of the call, such as `/companies/{id}`. */
  declare readonly path: string;
  /** The rate-limit headers of the answer (each `undefined` when it lacked it). */
  declare readonly rateLimit: RateLimitState;
  /** The parsed body of the answer, as Intercom sent it. */
  declare readonly body: unknown;

  constructor(
    operation: OperationId,
    response: Pick<Response, "status" | "headers">,
    body: unknown,
    redact: Redactor,
  ) {
    // The answer may echo the token back (a proxy's debug page, say): redact the whole body.
    const text = JSON.stringify(body) ?? "";
    if (redact(text) !== text) body = JSON.parse(redact(text));
    const list = body as Partial<ErrorList> | undefined;
    const errors = (list?.type === "error.list" && list.errors) || [];
    const requestId = list?.request_id ?? null;
    const rateLimit = readRateLimit(response.headers);
    const [method, path] = OPERATIONS[operation];
    let message = `Intercom answered ${response.status} to ${operation} (${method} ${path})`;
    for (const error of errors) message += `; ${error.code}: ${error.message}`;
    if (requestId) message += ` [request_id ${requestId}]`;
    if (response.status === 429 && rateLimit.reset)
      message += `; the rate limit resets at ${new Date(rateLimit.reset * 1000).toISOString()}`;
    super(redact(message));
    Object.assign(this, {
      operation,
      method,
      path,
      status: response.status,
      requestId,
      errors,
      code: errors[0]?.code,
      rateLimit,
      body,
    });
  }
}

/** `companies.list()` was about to pass the 10,000 companies that `POST /companies/list` can reach. */
export class IntercomPaginationLimitError extends IntercomError {
  override name = "IntercomPaginationLimitError";
  /** How many companies the list holds. */
  declare readonly totalCount: number;

  constructor(totalCount: number) {
    super(
      `companies.list() reaches only 10000 of the ${totalCount} companies: use companies.scroll() for all`,
    );
    Object.assign(this, { totalCount });
  }
}
