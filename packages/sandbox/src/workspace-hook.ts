// The onRequest hook that finds the request's workspace and applies its rate limit, after the
// authentication hook has set `request.tokenHash` (left empty for requests that need no token:
// describeSandbox, CORS preflights). node:sqlite answers synchronously, so its hook is a
// callback hook (no promise on every request); PostgreSQL's is async, and counts the rate
// limit in the database so that every process on it shares one count.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { SandboxStore } from "./backend.ts";
import { ApiError } from "./errors.ts";
import { PostgresRateLimiter } from "./postgres/index.ts";
import { type RateDecision, type RateLimit, RateLimiter } from "./rate-limit.ts";
import { Store } from "./store.ts";

export function addWorkspaceHook(
  app: FastifyInstance,
  store: SandboxStore,
  rateLimit: RateLimit | null,
  nowMs: () => number,
): void {
  const limit = (reply: FastifyReply, decision: RateDecision) => {
    reply.header("x-ratelimit-limit", decision.limit);
    reply.header("x-ratelimit-remaining", decision.remaining);
    reply.header("x-ratelimit-reset", decision.reset);
    if (!decision.allowed) {
      const retryAfter = Math.max(1, decision.reset - Math.floor(nowMs() / 1000));
      throw new ApiError(429, "rate_limit_exceeded", "Rate Limit Exceeded", undefined, {
        "retry-after": String(retryAfter),
      });
    }
  };
  if (store instanceof Store) {
    const local = rateLimit ? new RateLimiter(rateLimit, nowMs) : null;
    app.addHook("onRequest", (request, reply, done) => {
      if (!request.tokenHash) return done();
      request.workspace = store.workspace(request.tokenHash);
      if (local) limit(reply, local.take(request.tokenHash));
      done();
    });
    return;
  }
  const shared = rateLimit ? new PostgresRateLimiter(store.pool, rateLimit, nowMs) : null;
  app.addHook("onRequest", async (request, reply) => {
    if (!request.tokenHash) return;
    request.workspace = await store.workspace(request.tokenHash);
    if (shared) limit(reply, await shared.take(request.tokenHash));
  });
}
