import { type OperationId, operationRoutes, type paths } from "@intercom-toolkit/types";
import type { Client } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import { type CallState, createAttempt, endAttempt } from "./attempt.ts";
import type { IntercomPlugin, Invoke, PluginContext } from "./call.ts";
import { systemClock } from "./clock.ts";
import { IntercomApiError, IntercomError, IntercomNetworkError } from "./errors.ts";
import { count, fail } from "./option-checks.ts";
import { type IntercomClientOptions, type Logger, REGIONS, VERSION } from "./options.ts";
import { createRedactor } from "./redact.ts";
import { RETRY_STATUSES, retryPolicy, withRetry } from "./retry.ts";

// From a CommonJS build, Node.js hands over openapi-fetch's whole `exports` as the default
// import; its `default` is the function.
const createClient = ((openapiFetch.default as unknown as { default?: unknown }).default ??
  openapiFetch.default) as typeof openapiFetch.default;

/**
 * openapi-fetch's typed `GET`/`PUT`/`POST`/`DELETE` on the spec's paths (answers as
 * `{ data, error, response }`) and `use()` for middleware, each call through the client's retries,
 * timeouts and typed failures. The named helpers (`companies.find`, ...) come with the `helpers()`
 * plugin of `@intercom-toolkit/client/helpers`.
 */
export type IntercomClient = Client<paths, "application/json">;

/** What the plugins of `options.plugins` add to the client (their namespaces joined). */
export type PluginApis<Plugins extends readonly IntercomPlugin[]> = Plugins extends readonly [
  IntercomPlugin<infer Api>,
  ...infer Rest extends readonly IntercomPlugin[],
]
  ? Api & PluginApis<Rest>
  : unknown;

/** The operationId of each method and path template of the spec. */
const ROUTES = new Map(
  Object.entries(operationRoutes).map(([id, { method, path }]) => [
    method + path,
    id as OperationId,
  ]),
);

type RawInit = Record<string, unknown> & { signal?: AbortSignal };

/**
 * Creates a client for the Intercom Companies API: retry → attempt (timeout, throttle) → your
 * `fetch`, under openapi-fetch with the headers as its defaults.
 *
 * @throws {IntercomConfigurationError} without a token, or with an option out of range.
 */
export function createIntercomClient<const Plugins extends readonly IntercomPlugin[] = []>(
  options: IntercomClientOptions & { plugins?: Plugins } = {},
): IntercomClient & PluginApis<Plugins> {
  const env = globalThis.process?.env;
  const token = options.token ?? env?.INTERCOM_ACCESS_TOKEN;
  if (!token) fail("no token: pass { token } or set INTERCOM_ACCESS_TOKEN");
  if (/\s/.test(token)) fail("pass the token alone, without `Bearer ` or whitespace");
  const {
    region = "us",
    retry,
    throttle,
    clock = systemClock,
    logger = { warn: console.warn } as Logger,
  } = options;
  if (!Object.hasOwn(REGIONS, region)) fail(`region must be us, eu or au, got ${region}`);
  const plugins = options.plugins ?? [];
  for (const plugin of [throttle, ...plugins])
    if (plugin && typeof plugin !== "function")
      fail(
        "throttle and plugins take what throttle() and helpers() of @intercom-toolkit/client/… return",
      );
  const baseUrl = (
    options.baseUrl ??
    (options.region ? undefined : env?.INTERCOM_BASE_URL) ??
    REGIONS[region]
  ).replace(/\/+$/, "");
  if (!/^https?:\/\/./.test(baseUrl)) fail(`baseUrl must be an http(s) URL, got ${baseUrl}`);
  const { statuses = RETRY_STATUSES, shouldRetry } = retry || {};
  if (!statuses.every((status) => Number.isInteger(status) && status > 399 && status < 600))
    fail(`retry.statuses must be 400 to 599, got ${statuses}`);

  const redact = createRedactor(token);
  const log = (level: keyof Logger) => (message: string) => logger[level]?.(redact(message));
  const fetch = options.fetch ?? globalThis.fetch;
  // A fetch that does not declare `init` gets the signal on the Request too.
  const onRequest = fetch !== globalThis.fetch && fetch.length < 2;
  const again = retryPolicy(
    {
      retries: count(retry, "retries", retry === false ? 0 : 3),
      minDelayMs: count(retry, "minDelayMs", 500),
      maxDelayMs: count(retry, "maxDelayMs", 30_000),
      statuses,
      shouldRetry,
    },
    clock,
    options.random ?? Math.random,
    log("debug"),
  );
  const send = withRetry(
    createAttempt(
      fetch,
      count(options, "timeoutMs", 30_000),
      redact,
      throttle ? throttle(clock) : undefined,
    ),
    statuses,
    again,
    onRequest,
  );

  const raw = createClient<paths, "application/json">({
    baseUrl,
    headers: {
      Authorization: `Bearer ${token}`,
      "Intercom-Version": options.version ?? "2.7",
      "User-Agent": options.userAgent ?? `intercom-toolkit-client/${VERSION}`,
    },
  });
  const request = raw.request as unknown as (
    method: string,
    path: string,
    init: object,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  // Every call, helper or raw, goes through here: the operation decides what may be retried.
  // `then` handles the answer in the same step as the failures (one promise, not two).
  const invoke: Invoke = (operation, method, path, init, signal, then) => {
    const meta = operation && operationRoutes[operation];
    const state: CallState = {
      idempotent: meta ? meta.idempotent : !/^P(OS|ATC)/.test(method.toUpperCase()),
      number: 1,
      controller: new AbortController(),
    };
    init.fetch = (request: Request) => send(request, operation, signal, state);
    // A raw stream stays under the timeout until it is read: its attempt is not over yet.
    const stream = init.parseAs === "stream";
    const run = (): Promise<unknown> => {
      init.signal = onRequest ? state.controller.signal : undefined;
      return request(method, path, init).then(
        (answer) => {
          if (!stream) endAttempt(state);
          return then ? then(answer) : answer;
        },
        (error: unknown) => {
          const { request: sent, response } = state;
          endAttempt(state);
          if (error instanceof IntercomError || signal?.aborted) throw error;
          // openapi-fetch parsing a 2xx body that is not JSON.
          if (operation && response && error instanceof SyntaxError)
            throw new IntercomApiError(operation, response, undefined, redact, "invalid_response");
          if (!sent || !response || !(error instanceof TypeError)) throw error;
          // The body was cut off while being read (fetch's TypeError: "terminated"): fetch it
          // again if the operation is safe to repeat.
          const failure = new IntercomNetworkError(sent, error, redact);
          const wait = again(state, operation, signal, undefined, failure);
          if (!wait) throw failure;
          return wait.then(run);
        },
      );
    };
    return run();
  };
  const client: Record<string, unknown> = { ...raw };
  const rawCall = (method: string, path: string, init?: RawInit) =>
    invoke(ROUTES.get(method.toUpperCase() + path), method, path, { ...init }, init?.signal);
  for (const method of ["GET", "PUT", "POST", "DELETE"])
    client[method] = (path: string, init?: RawInit) => rawCall(method, path, init);
  client.request = rawCall;
  const context: PluginContext = { invoke, redact, warn: log("warn"), debug: log("debug") };
  for (const plugin of plugins)
    for (const [name, api] of Object.entries(plugin(context)))
      client[name] = { ...(client[name] as object), ...api };
  return client as unknown as IntercomClient & PluginApis<Plugins>;
}
