// Fault injection (--chaos): before a request is processed (429, 500, a dropped connection, a
// delay) and after a write is committed (the answer lost: the connection dropped, or a 500).
// The faults after the write are applied by the route (../routes.ts) once the handler is done.
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Chaos } from "../../chaos.ts";
import { ApiError } from "../../errors.ts";
import type { RateLimit } from "../../rate-limit.ts";

export interface ChaosStepOptions {
  chaos: Chaos;
  /** For the headers of an injected 429. */
  rateLimit: RateLimit;
  nowMs: () => number;
}

/** Draws an authenticated request's faults (`request.chaos`) and applies those before processing. */
export type InjectFaults = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function faultInjector(options: ChaosStepOptions): InjectFaults {
  return async (request, reply) => {
    const decision = options.chaos.decide(request.tokenHash);
    request.chaos = decision;
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.fault === "rate_limit") {
      // Looks like a real 429, headers included, even when rate limiting is off.
      reply.header("x-ratelimit-limit", options.rateLimit.limit);
      reply.header("x-ratelimit-remaining", 0);
      reply.header("x-ratelimit-reset", Math.floor(options.nowMs() / 1000) + 1);
      throw new ApiError(
        429,
        "rate_limit_exceeded",
        "Rate Limit Exceeded (injected by --chaos)",
        undefined,
        { "retry-after": "1" },
      );
    }
    if (decision.fault === "server_error") {
      throw new ApiError(500, "server_error", "Internal server error (injected by --chaos)");
    }
    if (decision.fault === "drop") {
      // Dropped before it is processed: the route sees the hijacked reply and does nothing.
      reply.hijack();
      request.raw.socket.destroy();
    }
  };
}
