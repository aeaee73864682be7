// What the sandbox adds to fastify's request and route config.
import type { ChaosDecision } from "../chaos.ts";
import type { SandboxOperation } from "../documents.ts";
import type { Workspace } from "../store/types.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The caller's workspace (auth plugin); `null` on routes without authentication. */
    workspace: Workspace | null;
    /** SHA-256 of the caller's token; empty on routes without authentication. */
    tokenHash: string;
    /** The faults drawn for this request (chaos plugin), when chaos is on. */
    chaos: ChaosDecision | null;
  }
  interface FastifyContextConfig {
    operation?: SandboxOperation;
    /** Needs no token (the operation's `security` is empty). */
    public?: boolean;
  }
}
