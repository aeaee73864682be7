import { type OperationId, operationTable, type paths } from "@intercom-toolkit/types";
import type { Client } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import { type CallState, createAttempt } from "./attempt.ts";
import type { HelperContext, Invoke } from "./call.ts";
import { systemClock } from "./clock.ts";
import { type CompaniesApi, companiesApi } from "./companies.ts";
import { type ContactsApi, contactsApi } from "./contacts.ts";
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
 * openapi-fetch's typed `GET`/`POST`/`PUT`/`DELETE` on the spec's paths (answers as
 * `{ data, error, response }`) and `use()` for middleware, plus named helpers that return the
 * data and throw `IntercomApiError`.
 */
export interface IntercomClient extends Client<paths, "application/json"> {
  companies: CompaniesApi;
  contacts: ContactsApi;
}

/** The operationId of each method and path template of the spec. */
const ROUTES = new Map(
  Object.entries(operationTable).map(([id, { method, path }]) => [
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
export function createIntercomClient(options: IntercomClientOptions = {}): IntercomClient {
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
  if (throttle && typeof throttle !== "function")
    fail("throttle takes throttle() of @intercom-toolkit/client/throttle");
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
    const meta = operation && operationTable[operation];
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
          if (!stream) state.done?.();
          return then ? then(answer) : answer;
        },
        (error: unknown) => {
          state.done?.();
          if (error instanceof IntercomError || signal?.aborted) throw error;
          const { request: sent, response } = state;
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
  const client = {
    ...raw,
    companies: undefined as unknown as CompaniesApi,
    contacts: undefined as unknown as ContactsApi,
  } as Record<string, unknown>;
  const rawCall = (method: string, path: string, init?: RawInit) =>
    invoke(ROUTES.get(method.toUpperCase() + path), method, path, { ...init }, init?.signal);
  for (const method of ["GET", "PUT", "POST", "DELETE"])
    client[method] = (path: string, init?: RawInit) => rawCall(method, path, init);
  client.request = rawCall;
  const context: HelperContext = { invoke, redact, warn: log("warn"), debug: log("debug") };
  client.companies = companiesApi(context);
  client.contacts = contactsApi(context);
  return client as unknown as IntercomClient;
}
