import type { paths } from "@intercom-toolkit/types";
import createClient, { type Client } from "openapi-fetch";
import type { HelperContext } from "./call.ts";
import { systemClock } from "./clock.ts";
import { type CompaniesApi, companiesApi } from "./companies.ts";
import { type ContactsApi, contactsApi } from "./contacts.ts";
import {
  count,
  fail,
  type IntercomClientOptions,
  type Logger,
  REGIONS,
  VERSION,
} from "./options.ts";
import { createRedactor } from "./redact.ts";
import { withRetry } from "./retry.ts";
import { createThrottle } from "./throttle.ts";
import { withTimeout } from "./timeout.ts";

/**
 * openapi-fetch's typed `GET`/`POST`/`PUT`/`DELETE` on the spec's paths (answers as
 * `{ data, error, response }`), plus named helpers that return the data and throw `IntercomApiError`.
 */
export interface IntercomClient extends Client<paths, "application/json"> {
  companies: CompaniesApi;
  contacts: ContactsApi;
}

/**
 * Creates a client for the Intercom Companies API. Each plugin wraps the `fetch` below it:
 * retry → timeout (with the throttle's hooks) → your `fetch`; the headers are openapi-fetch defaults.
 */
export function createIntercomClient(options: IntercomClientOptions = {}): IntercomClient {
  const token = options.token ?? globalThis.process?.env?.INTERCOM_ACCESS_TOKEN;
  if (!token)
    fail(
      "no access token: pass { token } or set INTERCOM_ACCESS_TOKEN to an access token of your Intercom app (Developer Hub > Authentication)",
    );
  if (/\s/.test(token))
    fail("the token holds whitespace: pass the access token alone, without `Bearer `");
  const {
    region = "us",
    retry,
    throttle = true,
    clock = systemClock,
    logger = { warn: console.warn } as Logger,
  } = options;
  if (!Object.hasOwn(REGIONS, region)) fail(`region must be us, eu or au, got ${region}`);
  const baseUrl = (options.baseUrl ?? REGIONS[region]).replace(/\/+$/, "");
  if (!/^https?:\/\/./.test(baseUrl)) fail(`baseUrl must be an http(s) URL, got ${baseUrl}`);
  const retries = count(retry, "retries", retry === false ? 0 : 3);
  const minDelayMs = count(retry, "minDelayMs", 500);
  const maxDelayMs = count(retry, "maxDelayMs", 30_000);
  const maxWaitMs = count(throttle, "maxWaitMs", 60_000);

  const redact = createRedactor(token);
  const log = (level: keyof Logger) => (message: string) => logger[level]?.(redact(message));
  const debug = log("debug");

  const throttler = throttle ? createThrottle(maxWaitMs, clock) : undefined;
  const timeoutMs = count(options, "timeoutMs", 30_000);
  // retry → timeout (with the throttle's hooks) → your fetch; `listen`: see withTimeout.
  const pipeline = (listen: boolean) => {
    const fetch = withTimeout(
      options.fetch ?? globalThis.fetch,
      timeoutMs,
      redact,
      throttler,
      listen,
    );
    return retries
      ? withRetry(
          fetch,
          retries,
          minDelayMs,
          maxDelayMs,
          baseUrl,
          clock,
          options.random ?? Math.random,
          debug,
        )
      : fetch;
  };

  const raw = createClient<paths, "application/json">({
    baseUrl,
    fetch: pipeline(true),
    headers: {
      Authorization: `Bearer ${token}`,
      "Intercom-Version": options.version ?? "2.7",
      "User-Agent": options.userAgent ?? `intercom-toolkit-client/${VERSION}`,
    },
  });
  const context: HelperContext = { raw, redact, warn: log("warn"), debug, quiet: pipeline(false) };
  return { ...raw, companies: companiesApi(context), contacts: contactsApi(context) };
}
