// A trip-wire for traffic leaving 127.0.0.1: an HTTP proxy on 127.0.0.1 that refuses every request
// and records where it was headed. Child processes get it as their proxy (npm, pnpm, turbo and
// Node itself with NODE_USE_ENV_PROXY honour these variables) with 127.0.0.1 exempt, so anything
// reaching for another host fails at once with a clear 403 instead of going out, and the test can
// name it. Clients that ignore proxy settings are not covered.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface EgressTripwire {
  /** Every destination something tried to reach (`https://host:443`, `http://host/path`). */
  attempts: string[];
  /** Environment variables that route traffic for any host but 127.0.0.1 to the trip-wire. */
  env: Record<string, string>;
  /** A sentence naming the attempts so far, or "" when there were none. */
  report: () => string;
  stop: () => Promise<void>;
}

const LOCAL = "127.0.0.1,localhost,::1";

export async function startEgressTripwire(): Promise<EgressTripwire> {
  const attempts: string[] = [];
  const refusal = (target: string) =>
    `Blocked by the release-flow test: no test may reach ${target} (only 127.0.0.1).`;
  const server = createServer((request, response) => {
    const target = request.url ?? "(unknown)";
    attempts.push(target);
    response.writeHead(403, { "content-type": "text/plain" }).end(refusal(target));
  });
  // HTTPS goes through CONNECT tunnels: refuse the tunnel.
  server.on("connect", (request, socket) => {
    const target = `https://${request.url ?? "(unknown)"}`;
    attempts.push(target);
    socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${refusal(target)}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    attempts,
    env: {
      HTTP_PROXY: url,
      HTTPS_PROXY: url,
      http_proxy: url,
      https_proxy: url,
      NO_PROXY: LOCAL,
      no_proxy: LOCAL,
      npm_config_proxy: url,
      npm_config_https_proxy: url,
      npm_config_noproxy: LOCAL,
      NODE_USE_ENV_PROXY: "1",
    },
    report: () =>
      attempts.length === 0
        ? ""
        : `Something tried to reach beyond 127.0.0.1 (refused): ${[...new Set(attempts)].join(", ")}.`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
