import type { Company, ContactAttachedCompanies } from "@intercom-toolkit/types";
import { type CallOptions, call, type PluginContext, requireId } from "./call.ts";
import { type PageIterator, type PageOptions, paged } from "./pagination.ts";

/**
 * The helpers of the Contacts API that touch companies. Each throws an `IntercomError` on any
 * failure, like the companies helpers.
 */
export interface ContactsApi {
  /**
   * Attaches the contact to the company with this Intercom id (`POST /contacts/{id}/companies`).
   * @example const company = await intercom.contacts.attachCompany(contact.id, company.id);
   * @throws {IntercomApiError} 404 `not_found` or `company_not_found` when either is missing.
   */
  attachCompany(contactId: string, companyId: string, options?: CallOptions): Promise<Company>;
  /**
   * Every company the contact is attached to, page by page (`GET /contacts/{id}/companies`).
   * @example for await (const company of intercom.contacts.listCompanies(contact.id)) console.log(company.name);
   * @throws {IntercomConfigurationError} at once for a `perPage` out of range.
   * @throws {IntercomApiError} while iterating: 404 `not_found` when the contact is missing.
   */
  listCompanies(
    contactId: string,
    options?: PageOptions,
  ): PageIterator<Company, ContactAttachedCompanies>;
  /**
   * Detaches the contact from the company (`DELETE /contacts/{contact_id}/companies/{id}`).
   * @example await intercom.contacts.detachCompany(contact.id, company.id);
   * @throws {IntercomApiError} 404 `not_found` or `company_not_found` when either is missing.
   */
  detachCompany(contactId: string, companyId: string, options?: CallOptions): Promise<Company>;
}

export function contactsApi(context: PluginContext): ContactsApi {
  return {
    attachCompany: (contactId, companyId, options) =>
      call(
        context,
        "attachContactToCompany",
        () => ({
          params: { path: { id: requireId(contactId, "contactId") } },
          body: { id: requireId(companyId, "companyId") },
        }),
        options,
      ),

    listCompanies: (contactId, options) =>
      paged(context, "listContactCompanies", options, {
        path: { id: requireId(contactId, "contactId") },
      }),

    detachCompany: (contactId, companyId, options) =>
      call(
        context,
        "detachContactFromCompany",
        () => ({
          params: {
            path: {
              contact_id: requireId(contactId, "contactId"),
              id: requireId(companyId, "companyId"),
            },
          },
        }),
        options,
      ),
  };
}
