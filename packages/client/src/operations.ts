import type { OperationId, paths } from "@intercom-toolkit/types";

/** The method and path template of every operation the helpers call (checked against the spec). */
export const OPERATIONS = {
  upsertCompany: ["POST", "/companies"],
  findCompanies: ["GET", "/companies"],
  retrieveCompany: ["GET", "/companies/{id}"],
  updateCompany: ["PUT", "/companies/{id}"],
  deleteCompany: ["DELETE", "/companies/{id}"],
  listCompanyContacts: ["GET", "/companies/{id}/contacts"],
  listCompanySegments: ["GET", "/companies/{id}/segments"],
  listCompanies: ["POST", "/companies/list"],
  scrollCompanies: ["GET", "/companies/scroll"],
  attachContactToCompany: ["POST", "/contacts/{id}/companies"],
  listContactCompanies: ["GET", "/contacts/{id}/companies"],
  detachContactFromCompany: ["DELETE", "/contacts/{contact_id}/companies/{id}"],
} as const satisfies Record<OperationId, readonly [string, keyof paths]>;
