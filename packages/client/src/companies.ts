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
import { type CallOptions, call, type PluginContext, requireId } from "./call.ts";
import { IntercomApiError } from "./errors.ts";
import {
  IntercomPaginationLimitError,
  type PageIterator,
  type PageOptions,
  paged,
  scrollCompanies,
} from "./pagination.ts";

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
  /** How many times a scroll that must start over (the documented 500, an expired `scroll_param`) does so (default 3). */
  maxRestarts?: number;
}

/**
 * The helpers of the Companies API. Each returns the answer's data and throws an `IntercomError`
 * on any failure: `IntercomApiError` for a non-2xx answer (after the retries), `IntercomNetworkError`,
 * `IntercomTimeoutError`, or `IntercomConfigurationError` for a bad argument, before sending.
 */
export interface CompaniesApi {
  /**
   * Creates a company, or updates the one with this `company_id` (`POST /companies`).
   * @example const company = await intercom.companies.upsert({ company_id: "acme", name: "Acme" });
   * @throws {IntercomApiError} `bad_request` or `parameter_not_found` for an invalid body.
   */
  upsert(body: CreateOrUpdateCompanyRequest, options?: CallOptions): Promise<Company>;
  /**
   * The company with this `company_id` or name (`GET /companies`).
   * @example const company = await intercom.companies.find({ companyId: "acme" });
   * @throws {IntercomApiError} 404 `company_not_found` when there is none.
   */
  find(by: FindCompanyBy, options?: CallOptions): Promise<Company>;
  /**
   * The company with this Intercom id (`GET /companies/{id}`).
   * @example const company = await intercom.companies.retrieve("6657a8066abd0160d35d1e16");
   * @throws {IntercomApiError} 404 `company_not_found` when there is none.
   */
  retrieve(id: string, options?: CallOptions): Promise<Company>;
  /**
   * Changes the fields sent on the company with this Intercom id (`PUT /companies/{id}`).
   * @example await intercom.companies.update(company.id, { plan: "Enterprise" });
   * @throws {IntercomApiError} 404 `company_not_found` when there is none.
   */
  update(id: string, body?: UpdateCompanyRequest, options?: CallOptions): Promise<Company>;
  /**
   * Deletes the company with this Intercom id (`DELETE /companies/{id}`).
   * @example const { deleted } = await intercom.companies.delete(company.id);
   * @throws {IntercomApiError} 404 `company_not_found` when there is none.
   */
  delete(id: string, options?: CallOptions): Promise<DeletedCompany>;
  /**
   * Every contact of the company, page by page (`GET /companies/{id}/contacts`).
   * @example for await (const contact of intercom.companies.listContacts(company.id)) console.log(contact.id);
   * @throws {IntercomConfigurationError} at once for a `perPage` out of range.
   * @throws {IntercomApiError} while iterating: 404 `company_not_found` when there is none.
   */
  listContacts(id: string, options?: PageOptions): PageIterator<Contact, CompanyAttachedContacts>;
  /**
   * The segments of the company (`GET /companies/{id}/segments`).
   * @example const segments = await intercom.companies.listSegments(company.id);
   * @throws {IntercomApiError} 404 `company_not_found` when there is none.
   */
  listSegments(id: string, options?: CallOptions): Promise<Segment[]>;
  /**
   * Companies with contacts, by `last_request_at` (`POST /companies/list`), up to the 10,000 it reaches.
   * @example for await (const company of intercom.companies.list({ order: "asc" })) console.log(company.name);
   * @throws {IntercomPaginationLimitError} while iterating, with `onLimit: "throw"`, past 10,000 companies.
   * @throws {IntercomApiError} while iterating, for an answer other than 2xx.
   */
  list(options?: ListCompaniesOptions): PageIterator<Company, CompanyList>;
  /**
   * Companies with a tag or in a segment (`GET /companies?tag_id=` or `?segment_id=`).
   * @example for await (const company of intercom.companies.search({ tagId: "2084335" })) console.log(company.name);
   * @throws {IntercomConfigurationError} at once without a `tagId` or `segmentId`.
   * @throws {IntercomApiError} while iterating, for an answer other than 2xx.
   */
  search(options: SearchCompaniesOptions): PageIterator<Company, CompanyList>;
  /**
   * Every company of the workspace through the Scroll API (`GET /companies/scroll`), each once.
   * @example for await (const company of intercom.companies.scroll()) console.log(company.id);
   * @throws {IntercomApiError} while iterating, once retries and `maxRestarts` are used up.
   */
  scroll(options?: ScrollCompaniesOptions): AsyncIterable<Company>;
}

export function companiesApi(context: PluginContext): CompaniesApi {
  const byId = (id: unknown) => ({ params: { path: { id: requireId(id, "id") } } });
  return {
    upsert: (body, options) => call(context, "upsertCompany", () => ({ body }), options),

    find: (by, options) =>
      call(
        context,
        "findCompanies",
        () => ({
          params: {
            query:
              typeof by?.companyId === "string"
                ? { company_id: requireId(by.companyId, "companyId") }
                : { name: requireId(by?.name, "companyId or name") },
          },
        }),
        options,
        (list) => {
          const company = list.data[0];
          if (company) return company;
          // The API answers 404 for a miss; an empty list means the same.
          throw new IntercomApiError(
            "findCompanies",
            { status: 404, headers: new Headers() },
            undefined,
            context.redact,
            "company_not_found",
          );
        },
      ),

    retrieve: (id, options) => call(context, "retrieveCompany", () => byId(id), options),

    update: (id, body, options) =>
      call(context, "updateCompany", () => ({ ...byId(id), body }), options),

    delete: (id, options) => call(context, "deleteCompany", () => byId(id), options),

    listContacts: (id, options) =>
      paged(context, "listCompanyContacts", options, { path: { id: requireId(id, "id") } }),

    listSegments: (id, options) =>
      call(
        context,
        "listCompanySegments",
        () => byId(id),
        options,
        (list) => list.data,
      ),

    list: (options) =>
      paged(
        context,
        "listCompanies",
        options,
        { query: { order: options?.order ?? "desc" } },
        (totalCount, maxReach) => {
          const error = new IntercomPaginationLimitError(totalCount, maxReach);
          if (options?.onLimit === "throw") throw error;
          context.warn(error.message);
        },
      ),

    search: (options) =>
      paged(context, "findCompanies", options, {
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
                () => ({
                  params: { query: scrollParam === undefined ? {} : { scroll_param: scrollParam } },
                }),
                options,
              ),
            maxRestarts,
            context.debug,
          ),
      };
    },
  };
}
