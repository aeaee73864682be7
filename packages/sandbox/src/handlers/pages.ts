// The `pages` object of paginated answers.
import type { FastifyRequest } from "fastify";

export interface PagesObject {
  type: "pages";
  next: string | null;
  page: number;
  per_page: number;
  total_pages: number;
}

/** `next` is this request's URL with the following page, or null on the last page. */
export function pages(
  request: FastifyRequest,
  page: number,
  perPage: number,
  totalPages: number,
): PagesObject {
  let next: string | null = null;
  if (page < totalPages) {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    url.searchParams.set("page", String(page + 1));
    url.searchParams.set("per_page", String(perPage));
    next = url.href;
  }
  return { type: "pages", next, page, per_page: perPage, total_pages: totalPages };
}

/** A list answer of `total` items, `data` being this page. */
export function listOf<T>(
  request: FastifyRequest,
  data: T[],
  total: number,
  page: number,
  perPage: number,
  reachable = total,
) {
  return {
    type: "list" as const,
    data,
    pages: pages(request, page, perPage, Math.ceil(reachable / perPage)),
    total_count: total,
  };
}
