import {
  type OperationId,
  operationTable,
  type PathParams,
  type QueryParams,
  type RequestBody,
  type SuccessBody,
} from "@intercom-toolkit/types";
import { IntercomApiError, IntercomConfigurationError } from "./errors.ts";
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

/** What openapi-fetch answers. */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Sends one call of an operation (or of a path the spec lacks) through openapi-fetch. */
export type Invoke = (
  operation: OperationId | undefined,
  method: string,
  path: string,
  init: Record<string, unknown>,
  signal: AbortSignal | undefined,
  then?: (answer: Answer) => unknown,
) => Promise<unknown>;

/** What the helpers share. */
export interface HelperContext {
  invoke: Invoke;
  redact: Redactor;
  /** Log lines, with the token redacted. */
  warn: (message: string) => void;
  debug: (message: string) => void;
}

interface Init<Op extends OperationId> {
  params?: { path?: PathParams<Op>; query?: QueryParams<Op> };
  body?: RequestBody<Op>;
}

/** Calls an operation; the data of a 2xx answer, or an `IntercomApiError`. */
export function call<Op extends OperationId>(
  context: HelperContext,
  operation: Op,
  init: Init<Op>,
  options: CallOptions | undefined,
): Promise<SuccessBody<Op>> {
  const { method, path } = operationTable[operation];
  return context.invoke(
    operation,
    method,
    path,
    init as Record<string, unknown>,
    options?.signal,
    ({ data, error, response }) => {
      if (response.ok && data !== undefined) return data as SuccessBody<Op>;
      // A 2xx without a body (openapi-fetch leaves `data` undefined) is not what the spec documents.
      throw new IntercomApiError(
        operation,
        response,
        error,
        context.redact,
        response.ok ? "invalid_response" : undefined,
      );
    },
  ) as Promise<SuccessBody<Op>>;
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

type Table = typeof operationTable;

/** The operations that page with `page` and `per_page`, per the spec's `x-toolkit-pagination`. */
export type PagedOperation = {
  [Op in OperationId]: Table[Op] extends { pagination: { style: "pages" } } ? Op : never;
}[OperationId];

type Paging<Op extends PagedOperation> = Table[Op] extends {
  pagination: infer P extends { items: string; maxPerPage: number };
}
  ? P
  : never;

/** The item type of a paged operation: the elements of its answer's `items` key. */
export type ItemOf<Op extends PagedOperation> = SuccessBody<Op>[Paging<Op>["items"] &
  keyof SuccessBody<Op>] extends readonly (infer Item)[]
  ? Item
  : never;

/**
 * A lazy iterator over every page of a paginated operation, `perPage` results at a time (default
 * and ceiling: the spec's `maxPerPage`), never past the spec's `maxReach`.
 */
export function paged<Op extends PagedOperation>(
  context: HelperContext,
  operation: Op,
  options: PageOptions | undefined,
  params: { path?: PathParams<Op>; query?: Omit<QueryParams<Op>, "page" | "per_page"> },
  onExceeded?: PageLimit["onExceeded"],
): PageIterator<ItemOf<Op>, SuccessBody<Op>> {
  const paging = operationTable[operation].pagination as {
    items: string;
    maxPerPage: number;
    maxReach?: number;
  };
  const size = perPage(options?.perPage, paging.maxPerPage);
  return pageIterator(
    (page) =>
      call(
        context,
        operation,
        { params: { ...params, query: { ...params.query, page, per_page: size } } } as Init<Op>,
        options,
      ) as Promise<SuccessBody<Op> & ListPage<ItemOf<Op>>>,
    size,
    paging.items,
    paging.maxReach && onExceeded ? { maxResults: paging.maxReach, onExceeded } : undefined,
  );
}
