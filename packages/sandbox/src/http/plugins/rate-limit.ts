// Per-workspace rate limits with X-RateLimit-* on every authenticated answer.
import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../../errors.ts";
import type { RateLimit } from "../../rate-limit.ts";
import type { Storage } from "../../store/types.ts";

export interface RateLimitOptions {
  rateLimit: RateLimit;
  store: Storage;
  nowMs: () => number;
}

/** Counts an authenticated request in its window: sets the headers, rejects past the limit. */
export type CountRequest = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function rateLimiter(options: RateLimitOptions): CountRequest {
  const { limit, windowSeconds } = options.rateLimit;
  const windowMs = windowSeconds * 1000;
  return async (request, reply) => {
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
  };
}
