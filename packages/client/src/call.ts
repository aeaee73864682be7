import type {
  Company,
  Contact,
  OperationId,
  PathParams,
  paths,
  QueryParams,
  RequestBody,
  SuccessBody,
} from "@intercom-toolkit/types";
import type { Client } from "openapi-fetch";
import { IntercomApiError, IntercomConfigurationError } from "./errors.ts";
import type { FetchLike } from "./fetch.ts";
import { OPERATIONS } from "./operations.ts";
import { type ListPage, type PageIterator, type PageLimit, pageIterator } from "./pagination.ts";
import type { Redactor } from "./redact.ts";

/** Options every helper takes. */
export interface CallOptions {
  /** Aborts the call, including any wait for a retry or for the rate-limit window. */
  signal?: AbortSignal;
}

/** Options of the paginated helpers. */
export interface PageOptions extends CallOptions {
  /** How many results each request asks for (default: the endpoint's maximum, for fewer requests). */
  perPage?: number;
}

/** What the helpers share. */
export interface HelperContext {
  raw: Client<paths, "application/json">;
  redact: Redactor;
  /** Log lines, with the token redacted. */
  warn: (message: string) => void;
  debug: (message: string) => void;
  /** The client's `fetch` for calls without a signal: it does not listen for an abort. */
  quiet: FetchLike;
}

interface Init<Op extends OperationId> {
  params?: { path?: PathParams<Op>; query?: QueryParams<Op> };
  body?: RequestBody<Op>;
  signal?: AbortSignal | undefined;
  fetch?: FetchLike | undefined;
}

type Untyped = (
  method: string,
  path: string,
  init: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Calls an operation through openapi-fetch; the data of a 2xx answer, or an `IntercomApiError`. */
export function call<Op extends OperationId>(
  context: HelperContext,
  operation: Op,
  init: Init<Op>,
  options: CallOptions | undefined,
): Promise<SuccessBody<Op>> {
  // `request` takes any method and path; the types of `init` come from the operation instead.
  const [method, path] = OPERATIONS[operation];
  // Every helper builds a fresh `init`: adding to it spares a copy.
  init.signal = options?.signal;
  if (!init.signal) init.fetch = context.quiet;
  return (context.raw.request as Untyped)(method, path, init).then(({ data, error, response }) => {
    if (response.ok) return data as SuccessBody<Op>;
    throw new IntercomApiError(operation, response, error, context.redact);
  });
}

export function requireId(value: unknown, name: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new IntercomConfigurationError(
    `${name} must be a non-empty string, got ${JSON.stringify(value)}.`,
  );
}

export function perPage(value: number | undefined, max: number): number {
  if (value === undefined) return max;
  if (Number.isInteger(value) && value >= 1 && value <= max) return value;
  throw new IntercomConfigurationError(
    `perPage must be an integer from 1 to ${max}, got ${value}.`,
  );
}

/** The item type of each paginated operation. */
interface PagedItems {
  findCompanies: Company;
  listCompanies: Company;
  listCompanyContacts: Contact;
  listContactCompanies: Company;
}

/** A lazy iterator over every page of a paginated operation, `perPage` results at a time. */
export function paged<Op extends keyof PagedItems>(
  context: HelperContext,
  operation: Op,
  options: PageOptions | undefined,
  max: number,
  params: { path?: PathParams<Op>; query?: Omit<QueryParams<Op>, "page" | "per_page"> },
  limit?: PageLimit,
): PageIterator<PagedItems[Op], SuccessBody<Op>> {
  const size = perPage(options?.perPage, max);
  return pageIterator(
    (page) =>
      call(
        context,
        operation,
        { params: { ...params, query: { ...params.query, page, per_page: size } } } as Init<Op>,
        options,
      ) as Promise<SuccessBody<Op> & ListPage<PagedItems[Op]>>,
    size,
    limit,
  );
}
