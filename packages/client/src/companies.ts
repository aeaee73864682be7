import type {
  Company,
  CompanyAttachedContacts,
  CompanyList,
  Contact,
  CreateOrUpdateCompanyRequest,
  DeletedCompany,
  Segment,
  UpdateCompanyRequest,
} from "@intercom-toolkit/types";
import {
  type CallOptions,
  call,
  type HelperContext,
  type PageOptions,
  paged,
  requireId,
} from "./call.ts";
import { IntercomApiError, IntercomPaginationLimitError } from "./errors.ts";
import { type PageIterator, scrollCompanies } from "./pagination.ts";

/** The most companies `POST /companies/list` reaches. */
export const LIST_LIMIT = 10_000;

export type FindCompanyBy =
  | { companyId: string; name?: never }
  | { name: string; companyId?: never };

export type SearchCompaniesOptions = PageOptions &
  ({ tagId: string; segmentId?: never } | { segmentId: string; tagId?: never });

export interface ListCompaniesOptions extends PageOptions {
  /** By `last_request_at`: `desc` (default, most recent first) or `asc`. */
  order?: "asc" | "desc";
  /**
   * When the list holds more than the 10,000 companies it can reach: `"warn"` (default) logs a
   * warning and stops after 10,000; `"throw"` throws an `IntercomPaginationLimitError` at once.
   */
  onLimit?: "warn" | "throw";
}

export interface ScrollCompaniesOptions extends CallOptions {
  /** How many times a scroll that fails with the documented 500 starts over (default 3). */
  maxRestarts?: number;
}

export interface CompaniesApi {
  /** Creates a company, or updates the one with this `company_id` (`POST /companies`). */
  upsert(body: CreateOrUpdateCompanyRequest, options?: CallOptions): Promise<Company>;
  /** The company with this `company_id` or name (`GET /companies`); a miss throws a 404 `company_not_found`. */
  find(by: FindCompanyBy, options?: CallOptions): Promise<Company>;
  /** The company with this Intercom id (`GET /companies/{id}`). */
  retrieve(id: string, options?: CallOptions): Promise<Company>;
  /** Changes the fields sent on the company with this Intercom id (`PUT /companies/{id}`). */
  update(id: string, body?: UpdateCompanyRequest, options?: CallOptions): Promise<Company>;
  /** Deletes the company with this Intercom id (`DELETE /companies/{id}`). */
  delete(id: string, options?: CallOptions): Promise<DeletedCompany>;
  /** Every contact of the company, page by page (`GET /companies/{id}/contacts`). */
  listContacts(id: string, options?: PageOptions): PageIterator<Contact, CompanyAttachedContacts>;
  /** The segments of the company (`GET /companies/{id}/segments`). */
  listSegments(id: string, options?: CallOptions): Promise<Segment[]>;
  /** Companies with contacts, by `last_request_at` (`POST /companies/list`), up to 10,000. */
  list(options?: ListCompaniesOptions): PageIterator<Company, CompanyList>;
  /** Companies with a tag or in a segment (`GET /companies?tag_id=` or `?segment_id=`). */
  search(options: SearchCompaniesOptions): PageIterator<Company, CompanyList>;
  /** Every company of the workspace through the Scroll API (`GET /companies/scroll`). */
  scroll(options?: ScrollCompaniesOptions): AsyncIterable<Company>;
}

export function companiesApi(context: HelperContext): CompaniesApi {
  const byId = (id: unknown) => ({ params: { path: { id: requireId(id, "id") } } });
  return {
    upsert: async (body, options) => call(context, "upsertCompany", { body }, options),

    async find(by, options) {
      const query =
        typeof by?.companyId === "string"
          ? { company_id: requireId(by.companyId, "companyId") }
          : { name: requireId(by?.name, "companyId or name") };
      const list = await call(context, "findCompanies", { params: { query } }, options);
      const company = list.data[0];
      if (company) return company;
      // The API answers 404 for a miss; an empty list means the same.
      throw new IntercomApiError(
        "findCompanies",
        { status: 404, headers: new Headers() },
        undefined,
        context.redact,
      );
    },

    retrieve: async (id, options) => call(context, "retrieveCompany", byId(id), options),

    update: async (id, body, options) =>
      call(context, "updateCompany", { ...byId(id), body }, options),

    delete: async (id, options) => call(context, "deleteCompany", byId(id), options),

    listContacts: (id, options) =>
      paged(context, "listCompanyContacts", options, 150, { path: { id: requireId(id, "id") } }),

    listSegments: async (id, options) =>
      (await call(context, "listCompanySegments", byId(id), options)).data,

    list: (options) =>
      paged(
        context,
        "listCompanies",
        options,
        60,
        { query: { order: options?.order ?? "desc" } },
        {
          maxResults: LIST_LIMIT,
          onExceeded(totalCount) {
            const error = new IntercomPaginationLimitError(totalCount);
            if (options?.onLimit === "throw") throw error;
            context.warn(error.message);
          },
        },
      ),

    search: (options) =>
      paged(context, "findCompanies", options, 60, {
        query:
          typeof options?.tagId === "string"
            ? { tag_id: requireId(options.tagId, "tagId") }
            : { segment_id: requireId(options?.segmentId, "tagId or segmentId") },
      }),

    scroll(options) {
      const maxRestarts = options?.maxRestarts ?? 3;
      return {
        [Symbol.asyncIterator]: () =>
          scrollCompanies(
            (scrollParam) =>
              call(
                context,
                "scrollCompanies",
                {
                  params: { query: scrollParam === undefined ? {} : { scroll_param: scrollParam } },
                },
                options,
              ),
            maxRestarts,
            context.debug,
          ),
      };
    },
  };
}
