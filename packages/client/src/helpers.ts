// `@intercom-toolkit/client/helpers`: the named helpers (`companies.find`, `companies.scroll`, ...),
// a plugin like Octokit's endpoint methods: an app that makes only typed raw calls does not bundle
// them.
import type { IntercomPlugin } from "./call.ts";
import type { IntercomClient } from "./client.ts";
import { type CompaniesApi, companiesApi } from "./companies.ts";
import { type ContactsApi, contactsApi } from "./contacts.ts";

export type {
  CompaniesApi,
  FindCompanyBy,
  ListCompaniesOptions,
  ScrollCompaniesOptions,
  SearchCompaniesOptions,
} from "./companies.ts";
export type { ContactsApi } from "./contacts.ts";
export { IntercomPaginationLimitError, type PageIterator, type PageOptions } from "./pagination.ts";

/** What `helpers()` adds to the client. */
export interface HelpersApi {
  companies: CompaniesApi;
  contacts: ContactsApi;
}

/** A client with the named helpers: what `createIntercomClient({ plugins: [helpers()] })` returns. */
export type IntercomHelpersClient = IntercomClient & HelpersApi;

/**
 * The named helpers of the Companies API and of the Contacts API's company calls: each returns the
 * answer's data (or a lazy page iterator) and throws an `IntercomError` on any failure, through the
 * client's retries, timeouts and redaction. Which operation each wraps is the spec's
 * `x-toolkit-helpers`.
 *
 * @example
 * import { createIntercomClient } from "@intercom-toolkit/client";
 * import { helpers } from "@intercom-toolkit/client/helpers";
 * const intercom = createIntercomClient({ plugins: [helpers()] });
 * const company = await intercom.companies.find({ companyId: "acme" });
 */
export function helpers(): IntercomPlugin<HelpersApi> {
  return (context) => ({ companies: companiesApi(context), contacts: contactsApi(context) });
}
