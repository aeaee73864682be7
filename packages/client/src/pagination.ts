import type { Company, Pages } from "@intercom-toolkit/types";
import { IntercomApiError } from "./errors.ts";

/**
 * A lazy, re-iterable listing: `for await (const item of iterator)` fetches one page at a time,
 * only when the previous one has been used up, and keeps only that page in memory.
 */
export interface PageIterator<Item, Page> extends AsyncIterable<Item> {
  /** The answers page by page, for their `total_count` or `pages`. */
  pages(): AsyncGenerator<Page, void, undefined>;
}

export interface ListPage<Item> {
  data: Item[];
  pages: Pages;
  total_count: number;
}

export interface PageLimit {
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

/** The documented answer after which a scroll cannot go on from its `scroll_param`. */
export const SCROLL_RESTART = /restart the scroll/i;

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
      if (
        !(error instanceof IntercomApiError) ||
        !(
          (error.status === 500 && SCROLL_RESTART.test(error.message)) ||
          (error.status === 404 && scrollParam !== undefined)
        ) ||
        restarts >= maxRestarts
      )
        throw error;
      restarts++;
      onRestart(`companies.scroll() restarts (${restarts}/${maxRestarts}) after: ${error.message}`);
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
