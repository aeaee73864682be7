// Bearer authentication: each token is its own workspace, found by the token's SHA-256. A token
// that never wrote has no workspace row: it reads an empty workspace (rid 0).
import type { FastifyRequest } from "fastify";
import { ApiError } from "../../errors.ts";
import { hashToken } from "../../store/ids.ts";
import type { Storage, Workspace } from "../../store/types.ts";

const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const BEARER = /^Bearer +(\S+)\s*$/i;
/** How many headers and workspaces are kept. */
const CACHE_BOUND = 10_000;

/**
 * Authenticates a request: sets `request.tokenHash` and `request.workspace`, or throws the 401.
 * Answers at once (no promise) for a token whose workspace it has seen.
 */
export type Authenticate = (request: FastifyRequest) => Workspace | Promise<Workspace>;

export function authenticator(store: Storage): Authenticate {
  // Authorization headers seen lately, with their token's hash: a client's header is parsed,
  // checked and hashed once, not on every request.
  const hashes = new Map<string, string>();
  const hashOf = (header: string | undefined): string => {
    const hash = header === undefined ? undefined : hashes.get(header);
    if (hash !== undefined) return hash;
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!header || !token || token.length > 1024 || !TOKEN.test(token)) {
      throw new ApiError(
        401,
        "unauthorized",
        header
          ? "Access Token Invalid"
          : "Access Token Invalid: send Authorization: Bearer <token>",
      );
    }
    const made = hashToken(token);
    if (hashes.size >= CACHE_BOUND) hashes.clear();
    hashes.set(header, made);
    return made;
  };
  // Workspaces never change once they exist (a row, an app_id): found ones are kept, so a known
  // token is answered without a round trip to the storage.
  const known = new Map<string, Workspace>();

  return (request) => {
    const tokenHash = hashOf(request.headers.authorization);
    request.tokenHash = tokenHash;
    const cached = known.get(tokenHash);
    if (cached) {
      request.workspace = cached;
      return cached;
    }
    return store.workspaces.find(tokenHash).then((found) => {
      if (found) {
        if (known.size >= CACHE_BOUND) known.clear();
        known.set(tokenHash, found);
      }
      const workspace = found ?? { rid: 0, tokenHash, appId: "" };
      request.workspace = workspace;
      return workspace;
    });
  };
}
