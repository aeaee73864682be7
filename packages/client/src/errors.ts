import type { ErrorCode, ErrorItem, ErrorList, OperationId } from "@intercom-toolkit/types";
import { operationRoutes } from "@intercom-toolkit/types";
import { type RateLimitState, readRateLimit } from "./rate-limit.ts";
import type { Redactor } from "./redact.ts";

/**
 * The `code` of every error this client throws: the API's codes (`company_not_found`, ...), and
 * the client's own for what the API never says (no answer, a timeout, an answer that is not JSON).
 */
export type IntercomErrorCode =
  | ErrorCode
  | "network_error"
  | "timeout"
  | "invalid_response"
  | "invalid_argument"
  | "pagination_limit";

/** The base class of every error this client throws: a `code`, and the HTTP `status` if any. */
export class IntercomError extends Error {
  override name = "IntercomError";
  /** What went wrong, such as `company_not_found`, `rate_limit_exceeded` or `network_error`. */
  declare readonly code: IntercomErrorCode;
  /** The HTTP status of the answer, `undefined` when there was none. */
  declare readonly status: number | undefined;

  constructor(message: string, code: IntercomErrorCode, status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, { code, status });
  }

  /** Plain data for logs: the name, the message and the fields of the subclass (never the token). */
  toJSON(): Record<string, unknown> {
    // `name` and the fields are own properties already; `message` is not enumerable.
    return { ...(this as object), message: this.message };
  }
}

/** Invalid options or arguments, found before any request is sent. */
export class IntercomConfigurationError extends IntercomError {
  override name = "IntercomConfigurationError";

  constructor(message: string) {
    super(message, "invalid_argument");
  }
}

/** A request that got no complete answer; `method` and `url` (without its query) say which. */
abstract class IntercomRequestError extends IntercomError {
  declare readonly method: string;
  declare readonly url: string;

  constructor(request: Request, message: string, code: IntercomErrorCode, cause?: unknown) {
    const url = request.url.split("?")[0];
    super(`${request.method} ${url} ${message}`, code, undefined, cause);
    Object.assign(this, { method: request.method, url });
  }
}

/**
 * A copy of an error made of plain data, redacted: its name, message, `code` and stack, and its
 * cause the same way. Whatever else it carried (a request with its headers, a socket) is left
 * out, so no token can hide in it.
 */
function scrub(error: unknown, redact: Redactor, depth = 0): Error | undefined {
  if (error == null || depth > 4) return;
  const { name, message = error, code, cause } = error as Error & { code?: unknown };
  // A new Error: its stack is made here, from the redacted message.
  return Object.assign(
    new Error(redact(`${message}`), { cause: scrub(cause, redact, depth + 1) }),
    {
      name: redact(`${name}`),
      code: typeof code === "string" ? redact(code) : undefined,
    },
  );
}

/** The request failed before an answer came back: DNS, refused or reset connection, TLS. */
export class IntercomNetworkError extends IntercomRequestError {
  override name = "IntercomNetworkError";

  constructor(request: Request, cause: unknown, redact: Redactor) {
    const reason = redact(String((cause as Error | undefined)?.message ?? cause));
    super(request, `failed: ${reason}`, "network_error", scrub(cause, redact));
  }
}

/** No answer (or no complete body) within `timeoutMs`. */
export class IntercomTimeoutError extends IntercomRequestError {
  override name = "IntercomTimeoutError";
  declare readonly timeoutMs: number;

  constructor(request: Request, timeoutMs: number) {
    super(request, `timed out (timeoutMs: ${timeoutMs})`, "timeout");
    Object.assign(this, { timeoutMs });
  }
}

/** The code of an answer that is not an `error.list`, from its status. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  404: "not_found",
  429: "rate_limit_exceeded",
};

/**
 * Intercom answered with a status other than 2xx, or a 2xx whose body is not the JSON the spec
 * documents (`code: "invalid_response"`).
 */
export class IntercomApiError extends IntercomError {
  override name = "IntercomApiError";
  /** The HTTP status. */
  declare readonly status: number;
  /** Intercom's id of the request, to quote to its support (`request_id`). */
  declare readonly requestId: string | null;
  /** The errors of the `error.list` answer (empty when the body was not one). */
  declare readonly errors: ErrorItem[];
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
    code?: IntercomErrorCode,
  ) {
    // The answer may echo the token back (a proxy's debug page, say): redact the whole body.
    const text = JSON.stringify(body) ?? "";
    if (redact(text) !== text) body = JSON.parse(redact(text));
    const list = body as Partial<ErrorList> | undefined;
    const errors = (list?.type === "error.list" && list.errors) || [];
    const requestId = list?.request_id ?? null;
    const rateLimit = readRateLimit(response.headers);
    const { status } = response;
    const { method, path } = operationRoutes[operation];
    let message = `Intercom answered ${status} to ${operation} (${method} ${path})`;
    for (const error of errors) message += `; ${error.code}: ${error.message}`;
    if (requestId) message += ` [request_id ${requestId}]`;
    super(
      redact(message),
      code ??
        errors[0]?.code ??
        STATUS_CODES[status] ??
        (status < 500 ? "invalid_response" : "server_error"),
      status,
    );
    Object.assign(this, { operation, method, path, requestId, errors, rateLimit, body });
  }
}
