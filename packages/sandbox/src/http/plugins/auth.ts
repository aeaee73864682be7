// Bearer authentication: each token is its own workspace, found by the token's SHA-256. A token
// that never wrote has no workspace row: it reads an empty workspace (rid 0).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../errors.ts";
import { hashToken } from "../../store/ids.ts";
import type { Storage, Workspace } from "../../store/types.ts";

export interface AuthOptions {
  store: Storage;
}

const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Tokens hashed lately: a client's token is hashed once, not on every request. */
const CACHE_BOUND = 10_000;

async function auth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const hashes = new Map<string, string>();
  const hashOf = (token: string) => {
    let hash = hashes.get(token);
    if (hash === undefined) {
      hash = hashToken(token);
      if (hashes.size >= CACHE_BOUND) hashes.clear();
      hashes.set(token, hash);
    }
    return hash;
  };

  // Workspaces never change once they exist (a row, an app_id): found ones are kept, so the
  // hook answers without a round trip to the storage for a token it has seen write.
  const known = new Map<string, Workspace>();

  app.decorateRequest("workspace", null);
  app.decorateRequest("tokenHash", "");
  // A callback hook: no promise on the hot path (a known workspace).
  app.addHook("onRequest", (request, _reply, done) => {
    if (request.routeOptions.config.public) return done();
    // A CORS preflight (answered by the CORS hook when CORS is on) carries no token.
    if (request.method === "OPTIONS") return done();
    const header = request.headers.authorization;
    const match = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null;
    const token = match?.[1];
    if (!token || token.length > 1024 || !TOKEN.test(token)) {
      return done(
        new ApiError(
          401,
          "unauthorized",
          header
            ? "Access Token Invalid"
            : "Access Token Invalid: send Authorization: Bearer <token>",
        ),
      );
    }
    const tokenHash = hashOf(token);
    request.tokenHash = tokenHash;
    const cached = known.get(tokenHash);
    if (cached) {
      request.workspace = cached;
      return done();
    }
    options.store.workspaces.find(tokenHash).then((found) => {
      if (found) {
        if (known.size >= CACHE_BOUND) known.clear();
        known.set(tokenHash, found);
      }
      request.workspace = found ?? { rid: 0, tokenHash, appId: "" };
      done();
    }, done);
  });
}

export const authPlugin = fp(auth, { name: "intercom-sandbox-auth" });
