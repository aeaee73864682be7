// Every error answers an `error.list`: the sandbox's own (ApiError), request validation, and the
// rejections of fastify and of Node's HTTP parser (bad URL, body too large, bad content type).
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ApiError, errorList } from "../../errors.ts";
import { validationError } from "../../validation.ts";

export interface ErrorOptions {
  bodyLimit: number;
  /** The `request_id` of an error answer (also sent as `X-Request-Id`). */
  requestId: (request: FastifyRequest) => string;
}

export const bodyTooLarge = (limit: number): ApiError =>
  new ApiError(413, "bad_request", `The request body is larger than ${limit} bytes`);

/** A fastify error as the API's answer. */
export function frameworkError(
  error: FastifyError,
  bodyLimit: number,
  contentType?: string,
): ApiError {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return bodyTooLarge(bodyLimit);
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new ApiError(
      400,
      "bad_request",
      `Unsupported Content-Type ${JSON.stringify(contentType ?? "")}: send the body as application/json`,
    );
  }
  if (error.code === "FST_ERR_BAD_URL") {
    return new ApiError(
      400,
      "bad_request",
      "The URL is malformed (bad percent-encoding): encode each path and query value with encodeURIComponent.",
    );
  }
  const status = typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 500) {
    return new ApiError(500, "server_error", "Internal server error");
  }
  return new ApiError(
    status === 413 ? 413 : status === 404 ? 404 : 400,
    status === 404 ? "not_found" : "bad_request",
    error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError
      ? `The request body is not valid JSON: ${error.message}`
      : error.message,
  );
}

async function errors(app: FastifyInstance, options: ErrorOptions): Promise<void> {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    let answer: ApiError;
    if (error instanceof ApiError) answer = error;
    else if (error.validation) {
      answer = validationError(
        error.validation as never,
        error.validationContext ?? "body",
        request.routeOptions.config.operation,
      );
    } else {
      answer = frameworkError(error, options.bodyLimit, request.headers["content-type"]);
      if (answer.status >= 500) {
        // A bug of the sandbox: say so even when request logging is off.
        process.stderr.write(
          `intercom-sandbox: ${request.method} ${request.url} failed: ${error.stack ?? error.message}\n`,
        );
      }
    }
    const id = options.requestId(request);
    reply
      .code(answer.status)
      .headers(answer.headers)
      .header("x-request-id", id)
      .send(errorList(id, answer));
  });

  app.setNotFoundHandler((request) => {
    throw new ApiError(
      404,
      "not_found",
      `No such operation: ${request.method} ${request.url.split("?")[0]}. GET / lists the operations.`,
    );
  });
}

export const errorsPlugin = fp(errors, { name: "intercom-sandbox-errors" });
