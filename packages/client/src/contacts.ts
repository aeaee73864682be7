import type { Company, ContactAttachedCompanies } from "@intercom-toolkit/types";
import {
  type CallOptions,
  call,
  type HelperContext,
  type PageOptions,
  paged,
  requireId,
} from "./call.ts";
import type { PageIterator } from "./pagination.ts";

export interface ContactsApi {
  /** Attaches the contact to the company with this Intercom id (`POST /contacts/{id}/companies`). */
  attachCompany(contactId: string, companyId: string, options?: CallOptions): Promise<Company>;
  /** Every company the contact is attached to, page by page (`GET /contacts/{id}/companies`). */
  listCompanies(
    contactId: string,
    options?: PageOptions,
  ): PageIterator<Company, ContactAttachedCompanies>;
  /** Detaches the contact from the company (`DELETE /contacts/{contact_id}/companies/{id}`). */
  detachCompany(contactId: string, companyId: string, options?: CallOptions): Promise<Company>;
}

export function contactsApi(context: HelperContext): ContactsApi {
  return {
    attachCompany: async (contactId, companyId, options) =>
      call(
        context,
        "attachContactToCompany",
        {
          params: { path: { id: requireId(contactId, "contactId") } },
          body: { id: requireId(companyId, "companyId") },
        },
        options,
      ),

    listCompanies: (contactId, options) =>
      paged(context, "listContactCompanies", options, 150, {
        path: { id: requireId(contactId, "contactId") },
      }),

    detachCompany: async (contactId, companyId, options) =>
      call(
        context,
        "detachContactFromCompany",
        {
          params: {
            path: {
              contact_id: requireId(contactId, "contactId"),
              id: requireId(companyId, "companyId"),
            },
          },
        },
        options,
      ),
  };
}
