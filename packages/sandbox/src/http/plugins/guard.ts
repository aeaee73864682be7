// One onRequest hook in front of every route: CORS, authentication, then the rate limit, then
// chaos (CORS and the last two when they are on). One hook instead of one per concern: fastify runs each hook
// through its runner, and a known token with rate limits and chaos off passes with no promise.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../errors.ts";
import type { Authenticate } from "./auth.ts";
import type { InjectFaults } from "./chaos.ts";
import type { CorsStep } from "./cors.ts";
import type { CountRequest } from "./rate-limit.ts";

export interface GuardOptions {
  /** CORS (./cors.ts), or `null` when it is off. */
  cors: CorsStep | null;
  authenticate: Authenticate;
  /** Rate limits (./rate-limit.ts), or `null` when they are off. */
  countRequest: CountRequest | null;
  /** Chaos (./chaos.ts), or `null` when it is off. */
  injectFaults: InjectFaults | null;
}

/** The answer to a request that arrives once shutdown has begun (fastify's own is no error.list). */
function shuttingDown(): ApiError {
  return new ApiError(
    503,
    "server_error",
    "The sandbox is shutting down: send the request again once it is back.",
    undefined,
    { connection: "close" },
  );
}

type Step = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

async function guard(app: FastifyInstance, options: GuardOptions): Promise<void> {
  const { cors, authenticate, countRequest, injectFaults } = options;
  app.decorateRequest("workspace", null);
  app.decorateRequest("tokenHash", "");
  app.decorateRequest("chaos", null);
  // Set when close() begins; the requests that arrive after it are answered 503.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });

  // What runs once the caller is known.
  const then: Step | null =
    countRequest && injectFaults
      ? async (request, reply) => {
          await countRequest(request, reply);
          await injectFaults(request, reply);
        }
      : (countRequest ?? injectFaults);

  app.addHook("onRequest", (request, reply, done) => {
    if (closing) return done(shuttingDown());
    // A preflight from an allowed origin is answered here; a preflight carries no token.
    if (cors?.(request, reply)) return;
    if (request.method === "OPTIONS" || request.routeOptions.config.public) return done();
    let known: unknown;
    try {
      known = authenticate(request);
    } catch (error) {
      return done(error as Error);
    }
    const next = () => {
      if (then === null) done();
      else then(request, reply).then(() => done(), done);
    };
    if (known instanceof Promise) known.then(next, done);
    else next();
  });
}

export const guardPlugin = fp(guard, { name: "intercom-sandbox-guard" });
