// A consumer sending requests, as code built on the generated types does.
import type { components, operations } from "./api.ts";

export const created: components["schemas"]["CreateOrUpdateCompanyRequest"] = {
  company_id: "company_remote_id",
  name: "my company",
  plan: "Pro",
  size: 100,
  website: "https://www.intercom.com",
  industry: "Software",
  remote_created_at: 1374138000,
  monthly_spend: 100,
  custom_attributes: {
    paid_subscriber: true,
    monthly_spend: 155.5,
    team_mascot: "Kona",
    churned_at: null,
  },
};

export const minimalCreate: components["schemas"]["CreateOrUpdateCompanyRequest"] = {
  company_id: "c1",
};

export const update: components["schemas"]["UpdateCompanyRequest"] = {
  name: "company2",
  size: 5,
  custom_attributes: { tier: "gold" },
};

export const attach: components["schemas"]["AttachContactToCompanyRequest"] = {
  id: "6657a8156abd0160d35d1e55",
};

type ListQuery = NonNullable<operations["listCompanies"]["parameters"]["query"]>;
export const listQuery: ListQuery = { page: 2, per_page: 50, order: "asc" };

type FindQuery = NonNullable<operations["findCompanies"]["parameters"]["query"]>;
export const byCompanyId: FindQuery = { company_id: "company_remote_id" };
export const byTag: FindQuery = { tag_id: "2084335", page: 1, per_page: 15 };

type ContactsQuery = NonNullable<operations["listCompanyContacts"]["parameters"]["query"]>;
export const contactsQuery: ContactsQuery = { page: 1, per_page: 150 };

export const retrievePath: operations["retrieveCompany"]["parameters"]["path"] = {
  id: "531ee472cce572a6ec000006",
};
export const detachPath: operations["detachContactFromCompany"]["parameters"]["path"] = {
  contact_id: "c",
  id: "i",
};

type ScrollQuery = NonNullable<operations["scrollCompanies"]["parameters"]["query"]>;
export const scrollQuery: ScrollQuery = { scroll_param: "25b649f7-4d33-4ef6-88f5-60e5b8244309" };

export const versionHeader: NonNullable<operations["retrieveCompany"]["parameters"]["header"]> = {
  "Intercom-Version": "2.7",
};
