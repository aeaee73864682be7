import type { ApiVersion } from "@intercom-toolkit/types";
import type { IntercomPlugin } from "./call.ts";
import type { Clock } from "./clock.ts";
import type { FetchLike } from "./fetch.ts";
import type { RetryOptions } from "./retry.ts";
import type { ThrottlePlugin } from "./throttle.ts";

// Replaced at build time (tsdown and vitest `define`) by the version in package.json.
declare const __CLIENT_VERSION__: string;
export const VERSION = __CLIENT_VERSION__;

/** The regions Intercom hosts workspaces in, and their API servers. */
export const REGIONS = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
} as const;

export type Region = keyof typeof REGIONS;

/** Where log lines go. Every line has the token redacted. */
export interface Logger {
  /** Things to act on, such as `companies.list()` running into its 10,000-company limit. */
  warn?: (message: string) => void;
  /** Retries, throttling and scroll restarts. */
  debug?: (message: string) => void;
}

export interface IntercomClientOptions {
  /** The access token. Default: the `INTERCOM_ACCESS_TOKEN` environment variable. */
  token?: string;
  /** The region of the workspace: `us` (default), `eu` or `au`. */
  region?: Region;
  /**
   * A base URL instead of a region's, such as a proxy's or a mock server's. Default: the
   * `INTERCOM_BASE_URL` environment variable unless `region` is given, else the region's.
   */
  baseUrl?: string;
  /** The API version sent as `Intercom-Version` (default `"2.7"`, which the types describe). */
  version?: ApiVersion | (string & {});
  /**
   * The `fetch` to send requests with (default: `nodeFetch()` on Node.js, `globalThis.fetch`
   * elsewhere). The attempt's signal is in `init.signal`, and also on the `Request` when the
   * function does not declare `init`.
   */
  fetch?: FetchLike;
  /** What is retried and how (see `RetryOptions`), or `false` to turn retries off. */
  retry?: RetryOptions | false;
  /**
   * Client-side throttling on `X-RateLimit-Remaining: 0`: `throttle()` from
   * `@intercom-toolkit/client/throttle` (default off: a 429 is retried after its reset anyway).
   */
  throttle?: ThrottlePlugin | false;
  /**
   * Plugins that add to the client, such as `helpers()` from `@intercom-toolkit/client/helpers`
   * (the named helpers, `companies.find` and the rest); the client's type gains what each adds.
   */
  plugins?: readonly IntercomPlugin[];
  /** How long one attempt may take, body included, in ms (default 30 000; 0 turns it off). */
  timeoutMs?: number;
  /** The `User-Agent` header (default `intercom-toolkit-client/<version>`). */
  userAgent?: string;
  /** Where warnings and debug lines go (default: warnings to `console.warn`). */
  logger?: Logger;
  /** The clock for backoff and throttling waits; replace it in tests. */
  clock?: Clock;
  /** The source of backoff jitter, a number in [0, 1) (default `Math.random`). */
  random?: () => number;
}
