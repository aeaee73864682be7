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
import { withThrottle } from "./throttle.ts";
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
 * retry → throttle → timeout → your `fetch`; the headers are openapi-fetch defaults.
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
  const retryOptions = retry || undefined;
  const retries = count(retryOptions, "retries", retry === false ? 0 : 3);
  const minDelayMs = count(retryOptions, "minDelayMs", 500);
  const maxDelayMs = count(retryOptions, "maxDelayMs", 30_000);
  const maxWaitMs = count(
    throttle === true ? undefined : throttle || undefined,
    "maxWaitMs",
    60_000,
  );

  const redact = createRedactor(token);
  const log = (level: keyof Logger) => (message: string) => logger[level]?.(redact(message));
  const debug = log("debug");

  let fetch = withTimeout(
    options.fetch ?? globalThis.fetch,
    count(options, "timeoutMs", 30_000),
    redact,
  );
  if (throttle) fetch = withThrottle(fetch, maxWaitMs, clock);
  if (retries)
    fetch = withRetry(
      fetch,
      { retries, minDelayMs, maxDelayMs },
      baseUrl,
      clock,
      options.random ?? Math.random,
      debug,
    );

  const raw = createClient<paths, "application/json">({
    baseUrl,
    fetch,
    headers: {
      Authorization: `Bearer ${token}`,
      "Intercom-Version": options.version ?? "2.7",
      "User-Agent": options.userAgent ?? `intercom-toolkit-client/${VERSION}`,
    },
  });
  const context: HelperContext = { raw, redact, warn: log("warn"), debug };
  return { ...raw, companies: companiesApi(context), contacts: contactsApi(context) };
}
