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
  onExceeded: (totalCount: number) => void;
}

export function pageIterator<Item, Page extends ListPage<Item>>(
  fetchPage: (page: number) => Promise<Page>,
  perPage: number,
  limit?: PageLimit,
): PageIterator<Item, Page> {
  async function* pages(): AsyncGenerator<Page, void, undefined> {
    for (let page = 1; ; page++) {
      // Never ask for a page that starts past what the endpoint can reach: it answers 400.
      if (limit && (page - 1) * perPage >= limit.maxResults) return;
      const answer = await fetchPage(page);
      if (page === 1 && limit && answer.total_count > limit.maxResults)
        limit.onExceeded(answer.total_count);
      yield answer;
      if (answer.data.length === 0 || page >= answer.pages.total_pages) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.data;
    },
  };
}

export interface ScrollPage {
  data: Company[];
  scroll_param: string;
}

/**
 * Follows `scroll_param` to the end (an empty page). On the documented 500 the scroll cannot go
 * on, so it starts again from the beginning, skipping the companies it already yielded.
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
      if (!(error instanceof IntercomApiError) || error.status !== 500 || restarts >= maxRestarts)
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
