// The paging machinery of the helpers: page iterators bounded by the spec's
// `x-toolkit-pagination`, and a scroll that restarts without yielding a company twice.
import {
  type Company,
  operationPagination,
  type Pages,
  type PathParams,
  type QueryParams,
  type SuccessBody,
} from "@intercom-toolkit/types";
import { type CallOptions, call, type Init, type PluginContext } from "./call.ts";
import { IntercomConfigurationError, IntercomError } from "./errors.ts";
import { SCROLL_RESTART } from "./retry.ts";

/** Options of the paginated helpers. */
export interface PageOptions extends CallOptions {
  /** How many results each request asks for (default: the endpoint's maximum, for fewer requests). */
  perPage?: number;
}

/**
 * A lazy, re-iterable listing: `for await (const item of iterator)` fetches one page at a time,
 * only when the previous one has been used up, and keeps only that page in memory.
 */
export interface PageIterator<Item, Page> extends AsyncIterable<Item> {
  /** The answers page by page, for their `total_count` or `pages`. */
  pages(): AsyncGenerator<Page, void, undefined>;
}

/** `companies.list()` was about to pass the companies that `POST /companies/list` can reach. */
export class IntercomPaginationLimitError extends IntercomError {
  override name = "IntercomPaginationLimitError";
  /** How many companies the list holds. */
  declare readonly totalCount: number;

  constructor(totalCount: number, maxReach: number) {
    super(
      `companies.list() reaches only ${maxReach} of the ${totalCount} companies: use companies.scroll() for all`,
      "pagination_limit",
    );
    Object.assign(this, { totalCount });
  }
}

interface ListPage<Item> {
  data: Item[];
  pages: Pages;
  total_count: number;
}

interface PageLimit {
  /** How many results the endpoint can reach at most. */
  maxResults: number;
  /** Called when the first page says there are more results than that: warns or throws. */
  onExceeded: (totalCount: number, maxResults: number) => void;
}

export function pageIterator<Item, Page extends ListPage<Item>>(
  fetchPage: (page: number) => Promise<Page>,
  perPage: number,
  items: string,
  limit?: PageLimit,
): PageIterator<Item, Page> {
  const max = limit?.maxResults ?? Infinity;
  async function* pages(): AsyncGenerator<Page, void, undefined> {
    // Never ask for a page that starts past what the endpoint can reach: it answers 400.
    for (let page = 1; (page - 1) * perPage < max; page++) {
      const answer = await fetchPage(page);
      if (page === 1 && limit && answer.total_count > max)
        limit.onExceeded(answer.total_count, max);
      yield answer;
      if ((answer[items as "data"] ?? []).length === 0 || page >= answer.pages.total_pages) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      let left = max;
      for await (const page of pages())
        for (const item of page[items as "data"] ?? []) {
          // The last page may reach past the limit: what lies beyond it is not yielded.
          if (left-- <= 0) return;
          yield item;
        }
    },
  };
}

export function perPage(value: number | undefined, max: number): number {
  if (value === undefined) return max;
  if (Number.isInteger(value) && value >= 1 && value <= max) return value;
  throw new IntercomConfigurationError(
    `perPage must be an integer from 1 to ${max}, got ${value}.`,
  );
}

type Paging = typeof operationPagination;

/** The operations that page with `page` and `per_page`, per the spec's `x-toolkit-pagination`. */
export type PagedOperation = {
  [Op in keyof Paging]: Paging[Op] extends { style: "pages" } ? Op : never;
}[keyof Paging];

/** The item type of a paged operation: the elements of its answer's `items` key. */
export type ItemOf<Op extends PagedOperation> = SuccessBody<Op>[Paging[Op]["items"] &
  keyof SuccessBody<Op>] extends readonly (infer Item)[]
  ? Item
  : never;

/**
 * A lazy iterator over every page of a paginated operation, `perPage` results at a time (default
 * and ceiling: the spec's `maxPerPage`), never past the spec's `maxReach`.
 */
export function paged<Op extends PagedOperation>(
  context: PluginContext,
  operation: Op,
  options: PageOptions | undefined,
  params: { path?: PathParams<Op>; query?: Omit<QueryParams<Op>, "page" | "per_page"> },
  onExceeded?: PageLimit["onExceeded"],
): PageIterator<ItemOf<Op>, SuccessBody<Op>> {
  const paging: { items: string; maxPerPage: number; maxReach?: number } =
    operationPagination[operation];
  const size = perPage(options?.perPage, paging.maxPerPage);
  return pageIterator(
    (page) =>
      call(
        context,
        operation,
        () =>
          ({ params: { ...params, query: { ...params.query, page, per_page: size } } }) as Init<Op>,
        options,
      ) as Promise<SuccessBody<Op> & ListPage<ItemOf<Op>>>,
    size,
    paging.items,
    paging.maxReach && onExceeded ? { maxResults: paging.maxReach, onExceeded } : undefined,
  );
}

export interface ScrollPage {
  data: Company[];
  scroll_param: string;
}

/**
 * Follows `scroll_param` to the end (an empty page); the retry layer has already retried a
 * failed page with the same `scroll_param`. After the documented restart answer ("Please
 * restart the scroll operation"), or when the `scroll_param` expired (404), the scroll cannot go
 * on: it starts again from the beginning, skipping the companies it already yielded.
 */
export async function* scrollCompanies(
  fetchPage: (scrollParam: string | undefined) => Promise<ScrollPage>,
  maxRestarts: number,
  onRestart: (message: string) => void,
): AsyncGenerator<Company, void, undefined> {
  // Ids already yielded: what makes a restart free of duplicates (about 100 bytes per company).
  const seen = new Set<string>();
  let scrollParam: string | undefined;
  let restarts = 0;
  for (;;) {
    let page: ScrollPage;
    try {
      page = await fetchPage(scrollParam);
    } catch (error) {
      // By its fields, not `instanceof`: the plugin may be loaded from the other module format.
      const { status, message } = error as { status?: unknown; message?: string };
      if (
        !(error instanceof Error && error.name === "IntercomApiError") ||
        !(
          (status === 500 && SCROLL_RESTART.test(`${message}`)) ||
          (status === 404 && scrollParam !== undefined)
        ) ||
        restarts >= maxRestarts
      )
        throw error;
      restarts++;
      onRestart(`companies.scroll() restarts (${restarts}/${maxRestarts}) after: ${message}`);
      scrollParam = undefined;
      continue;
    }
    if (page.data.length === 0) return;
    for (const company of page.data) {
      if (seen.has(company.id)) continue;
      seen.add(company.id);
      yield company;
    }
    scrollParam = page.scroll_param;
  }
}
