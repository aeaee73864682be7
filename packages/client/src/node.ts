// `@intercom-toolkit/client/node`: a faster transport for Node.js, a plugin that stays out of the
// main entry's bundle unless it is imported. WHATWG `fetch` spends most of a small call on web
// streams; this sends through the same connection pool (Node's global undici dispatcher, so
// `setGlobalDispatcher` and proxy agents still apply) with undici's plain `request` API.
import type { FetchLike } from "./fetch.ts";

interface DispatcherAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: { arrayBuffer(): Promise<ArrayBuffer> };
}

interface Dispatcher {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: Uint8Array;
    signal?: AbortSignal;
  }): Promise<DispatcherAnswer>;
}

// Where Node.js keeps the dispatcher its `fetch` uses (undici's documented cross-version key); it
// exists once `fetch` has run in the process.
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

// Statuses whose answer has no body: a `Response` refuses one.
const BODILESS = [101, 103, 204, 205, 304];

/** Whether `fetch` is Node.js's own (not replaced by a mock such as MSW, or a polyfill). */
function isNodeOwnFetch(fetch: unknown): boolean {
  return (
    typeof fetch === "function" &&
    Function.prototype.toString.call(fetch).includes("internal/deps/undici")
  );
}

/** Undoes the `Content-Encoding` the server applied, as `fetch` does (gzip, deflate, br). */
async function decode(
  body: ArrayBuffer,
  contentEncoding: string | undefined,
): Promise<ArrayBuffer> {
  const codings = (contentEncoding ?? "")
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0 || body.byteLength === 0) return body;
  const zlib = await import("node:zlib");
  let bytes: Uint8Array = new Uint8Array(body);
  // Applied in the order listed: undone from the last.
  for (const coding of codings.reverse()) {
    const inflate =
      coding === "gzip" || coding === "x-gzip"
        ? zlib.gunzip
        : coding === "br"
          ? zlib.brotliDecompress
          : coding === "deflate"
            ? // A zlib header (low nibble 8), or the raw deflate some servers send.
              ((bytes[0] ?? 0) & 0x0f) === 0x08
              ? zlib.inflate
              : zlib.inflateRaw
            : undefined;
    // A coding Node.js's fetch does not know either: the body as it came.
    if (!inflate) return body;
    const input = bytes;
    bytes = await new Promise<Uint8Array>((resolve, reject) =>
      inflate(input, (error, result) => (error ? reject(error) : resolve(result))),
    );
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * A `fetch` for `createIntercomClient({ fetch })` on Node.js: the same requests and answers,
 * through undici's dispatcher without web streams (about 1.7x the calls per second of `fetch` over
 * loopback, see the package's `pnpm bench`). On Node.js it is the client's default: the `node`
 * export condition resolves `@intercom-toolkit/client` to an entry that uses it.
 *
 * Like `fetch`, it asks for compressed answers and decodes them (a `Content-Encoding` list is read
 * as RFC 9110 says: `identity` and empty items are skipped, where Node's `fetch` would hand such a
 * body over undecoded); the body is read whole before it resolves, within the attempt's timeout. It follows no redirect (the API sends none). It sends
 * through `globalThis.fetch` instead when that is not Node.js's own (a mock such as MSW replaced
 * it, so mocks keep working), before the process's first `fetch` (which makes the dispatcher),
 * and outside Node.js (Deno, Bun, browsers).
 *
 * @example
 * import { createIntercomClient } from "@intercom-toolkit/client";
 * import { nodeFetch } from "@intercom-toolkit/client/node";
 * const intercom = createIntercomClient({ fetch: nodeFetch() });
 */
export function nodeFetch(): FetchLike {
  // Checked again only when `globalThis.fetch` changes.
  let seen: unknown;
  let ownFetch = false;
  return async (input, init) => {
    if (globalThis.fetch !== seen) {
      seen = globalThis.fetch;
      ownFetch = isNodeOwnFetch(seen);
    }
    const dispatcher = (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
    // Before the process's first `fetch` there is no dispatcher yet: this call makes it.
    if (!ownFetch || typeof dispatcher?.request !== "function")
      return globalThis.fetch(input, init);
    const request = input instanceof Request ? input : new Request(input, init);
    const { origin, pathname, search, protocol } = new URL(request.url);
    const headers: Record<string, string> = {
      // What Node.js's fetch asks for (brotli only over TLS, as it does).
      "accept-encoding": protocol === "https:" ? "br, gzip, deflate" : "gzip, deflate",
    };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const answer = await dispatcher.request({
      origin,
      path: pathname + search,
      method: request.method,
      headers,
      body: request.body ? new Uint8Array(await request.arrayBuffer()) : undefined,
      signal: init?.signal ?? request.signal,
    });
    const coding = answer.headers["content-encoding"];
    const body = await decode(
      await answer.body.arrayBuffer(),
      Array.isArray(coding) ? coding.join(",") : coding,
    );
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers))
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
        responseHeaders.append(name, item);
    return new Response(BODILESS.includes(answer.statusCode) ? null : body, {
      status: answer.statusCode,
      headers: responseHeaders,
    });
  };
}
