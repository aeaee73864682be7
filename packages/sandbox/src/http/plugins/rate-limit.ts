// Per-workspace rate limits with X-RateLimit-* on every authenticated answer.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../errors.ts";
import type { RateLimit } from "../../rate-limit.ts";
import type { Storage } from "../../store/types.ts";

export interface RateLimitOptions {
  rateLimit: RateLimit;
  store: Storage;
  nowMs: () => number;
}

async function rateLimits(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const { limit, windowSeconds } = options.rateLimit;
  const windowMs = windowSeconds * 1000;
  app.addHook("onRequest", async (request, reply) => {
    if (!request.tokenHash) return;
    const now = options.nowMs();
    const start = Math.floor(now / windowMs) * windowMs;
    const count = await options.store.rateLimits.hit(request.tokenHash, start);
    const reset = Math.ceil((start + windowMs) / 1000);
    reply.header("x-ratelimit-limit", limit);
    reply.header("x-ratelimit-remaining", Math.max(0, limit - count));
    reply.header("x-ratelimit-reset", reset);
    if (count > limit) {
      throw new ApiError(429, "rate_limit_exceeded", "Rate Limit Exceeded", undefined, {
        "retry-after": String(Math.max(1, reset - Math.floor(now / 1000))),
      });
    }
  });
}

export const rateLimitPlugin = fp(rateLimits, { name: "intercom-sandbox-rate-limits" });
