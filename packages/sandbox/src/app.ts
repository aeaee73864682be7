// The HTTP side: a fastify app whose routes come from the OpenAPI documents, with CORS,
// authentication, rate limits, chaos and `error.list` answers as plugins around handlers that
// read and write the storage.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { Chaos, type ChaosOptions } from "./chaos.ts";
import type { Documents } from "./documents.ts";
import { ApiError, errorList } from "./errors.ts";
import { handlers } from "./handlers/index.ts";
import "./http/augment.ts";
import type { ConnectionTracker } from "./http/connections.ts";
import { authenticator } from "./http/plugins/auth.ts";
import { faultInjector } from "./http/plugins/chaos.ts";
import { corsStep } from "./http/plugins/cors.ts";
import { errorsPlugin, frameworkError } from "./http/plugins/errors.ts";
import { guardPlugin } from "./http/plugins/guard.ts";
import { rateLimiter } from "./http/plugins/rate-limit.ts";
import { routes } from "./http/routes.ts";
import { Presenter } from "./present.ts";
import { DEFAULT_RATE_LIMIT, parseRateLimit, type RateLimit } from "./rate-limit.ts";
import type { Storage } from "./store/types.ts";

/** Connection time limits, in milliseconds (0: none). */
export interface Timeouts {
  /** From a connection's opening (or a request's first byte) to the end of the request's headers. */
  headersMs: number;
  /** From a connection's opening (or a request's first byte) to the end of the request's body. */
  requestMs: number;
  /** Keep-alive time between requests; also how long an unread answer may wait. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 30_000 };

/**
 * The limits given over the defaults. The headers are part of the request, so their limit is
 * at most the request's (Node refuses otherwise): a shorter request limit given alone shortens
 * the headers' default too, and both given the wrong way round are refused, saying so.
 */
export function resolveTimeouts(given: Partial<Timeouts> = {}): Timeouts {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...given };
  const { headersMs, requestMs } = timeouts;
  if (requestMs > 0 && headersMs > requestMs) {
    if (given.headersMs === undefined) return { ...timeouts, headersMs: requestMs };
    throw new Error(
      `The headers timeout (${headersMs} ms) is longer than the request timeout (${requestMs} ms), which includes the headers: make --headers-timeout at most --request-timeout.`,
    );
  }
  return timeouts;
}

export interface AppOptions {
  store: Storage;
  documents: Documents;
  rateLimit: RateLimit | null;
  chaos: { options: ChaosOptions; seed: number } | null;
  bodyLimit: number;
  /** Origins allowed by CORS; `false` for none. */
  corsOrigins: readonly string[] | false;
  timeouts: Timeouts;
  /** Tracks connections for shutdown. */
  connections: ConnectionTracker;
  /** Milliseconds since the epoch: injectable so tests can move time. */
  nowMs: () => number;
  logger: boolean;
}

/** Request headers a browser client sends, allowed in CORS preflights. */
const CORS_REQUEST_HEADERS = ["Authorization", "Intercom-Version", "Content-Type", "Accept"];
/** Answer headers a browser client may read. */
const CORS_EXPOSED_HEADERS = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "Retry-After",
  "X-Request-Id",
];
const DEFAULT_LIMIT = parseRateLimit(DEFAULT_RATE_LIMIT) as RateLimit;

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  413: "Payload Too Large",
  431: "Request Header Fields Too Large",
};

/**
 * Node's HTTP parser rejects some requests before fastify sees them (too many or too large
 * headers, Content-Length with Transfer-Encoding, a request that took too long): they answer an
 * `error.list` too, written on the socket.
 */
export function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const code = String(error.code ?? "");
  const status =
    code === "HPE_HEADER_OVERFLOW" ? 431 : code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "The request's headers are too large or too many: send fewer or shorter headers."
      : status === 408
        ? "The request took too long to arrive: send its headers and body without pausing."
        : `The request is malformed (${code || error.message}): send one Content-Length or Transfer-Encoding, and well-formed headers.`;
  const body = JSON.stringify(
    errorList(randomUUID(), new ApiError(status, "bad_request", message)),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, documents, timeouts } = options;
  // Only error answers carry a request id (a fresh UUID, as `request_id` and `X-Request-Id`), so
  // it is made when an error is answered, not for every request. With logging on, each request
  // gets its UUID up front, so that the log lines and the error answer name the same id.
  const requestId = options.logger ? (request: FastifyRequest) => request.id : () => randomUUID();
  const app = Fastify({
    logger: options.logger,
    bodyLimit: options.bodyLimit,
    ...(options.logger ? { genReqId: () => randomUUID() } : {}),
    // Long path parameters reach the handler (an unknown id answers its 404), up to the URL size
    // Node accepts at all (16 KiB of headers).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // The guard answers requests that arrive during shutdown with an error.list 503 instead.
    return503OnClosing: false,
    // Shutdown closes connections itself (ConnectionTracker): idle ones at once, the rest after
    // the grace period.
    forceCloseConnections: false,
    // Time limits on every connection (0 turns one off), checked every 250 ms; the tracker closes
    // a silent connection and one whose answer is not read after the idle time.
    serverFactory: (handler) => {
      const server: Server = createServer(
        {
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          keepAliveTimeout: timeouts.idleMs,
          connectionsCheckingInterval: 250,
        },
        handler,
      );
      options.connections.attach(server, timeouts.idleMs);
      return server;
    },
    clientErrorHandler: clientError,
    frameworkErrors: (error, request, reply) => {
      const answer = frameworkError(error as FastifyError, options.bodyLimit);
      const id = requestId(request as unknown as FastifyRequest);
      (reply as unknown as FastifyReply)
        .code(answer.status)
        .header("x-request-id", id)
        .send(errorList(id, answer));
    },
  });

  await app.register(errorsPlugin, { bodyLimit: options.bodyLimit, requestId });
  // CORS first in the guard, so that preflights (which carry no token) are answered before
  // authentication, and its headers are on every answer, errors included.
  await app.register(guardPlugin, {
    cors:
      options.corsOrigins === false
        ? null
        : corsStep({
            origins: options.corsOrigins,
            methods: [...new Set(documents.operations.map((operation) => operation.method))],
            allowedHeaders: CORS_REQUEST_HEADERS,
            exposedHeaders: CORS_EXPOSED_HEADERS,
            maxAgeSeconds: 600,
          }),
    authenticate: authenticator(store),
    countRequest: options.rateLimit
      ? rateLimiter({ rateLimit: options.rateLimit, store, nowMs: options.nowMs })
      : null,
    injectFaults: options.chaos
      ? faultInjector({
          chaos: new Chaos(options.chaos.options, options.chaos.seed),
          rateLimit: options.rateLimit ?? DEFAULT_LIMIT,
          nowMs: options.nowMs,
        })
      : null,
  });
  const services = {
    store,
    documents,
    presenter: new Presenter(documents.spec),
    nowMs: options.nowMs,
    rateLimit: options.rateLimit,
    chaos: options.chaos?.options ?? null,
  };
  await app.register(routes, {
    documents,
    handlers: handlers(services),
    store,
    bodyLimit: options.bodyLimit,
  });
  return app;
}
