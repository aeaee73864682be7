import type { operations, PathParams, paths, QueryParams } from "../../src/index.ts";
import { assertType, type Equal } from "./equal.ts";

// Every path of the spec is a key of `paths`.
export type Known =
  | paths["/companies"]["post"]
  | paths["/companies/{id}"]["get"]
  | paths["/companies/{id}/contacts"]["get"]
  | paths["/companies/{id}/segments"]["get"]
  | paths["/companies/list"]["post"]
  | paths["/companies/scroll"]["get"]
  | paths["/contacts/{id}/companies"]["post"]
  | paths["/contacts/{contact_id}/companies/{id}"]["delete"];

// @ts-expect-error wrong path: /company/{id} is not in the spec
export type WrongPath = paths["/company/{id}"];

declare const update: operations["updateCompany"];
// @ts-expect-error wrong method: there is no PATCH /companies/{id}
export const wrongMethod: paths["/companies/{id}"]["patch"] = update;

// @ts-expect-error unknown operationId
export type WrongOperation = operations["getCompany"];

export const retrieve: PathParams<"retrieveCompany"> = { id: "6657a8066abd0160d35d1e16" };

// @ts-expect-error missing path parameter: id is required
export const missingId: PathParams<"retrieveCompany"> = {};

// @ts-expect-error missing path parameter: contact_id is required to detach
export const missingContactId: PathParams<"detachContactFromCompany"> = { id: "c1" };

// @ts-expect-error path parameters are strings
export const numericId: PathParams<"deleteCompany"> = { id: 42 };

export const list: QueryParams<"listCompanies"> = { order: "asc", page: 2, per_page: 60 };

// @ts-expect-error wrong enum value: order is asc or desc
export const wrongOrder: QueryParams<"listCompanies"> = { order: "ascending" };

// @ts-expect-error wrong query parameter: scroll takes scroll_param, not cursor
export const wrongQuery: QueryParams<"scrollCompanies"> = { cursor: "x" };

// @ts-expect-error page is an integer, not a string
export const pageAsString: QueryParams<"findCompanies"> = { page: "2" };

export const wrongVersion: operations["retrieveCompany"]["parameters"]["header"] = {
  // @ts-expect-error wrong enum value: Intercom-Version is "2.7"
  "Intercom-Version": "2.8",
};

assertType<Equal<QueryParams<"listCompanies">["order"], "asc" | "desc" | undefined>>();
assertType<Equal<PathParams<"detachContactFromCompany">, { contact_id: string; id: string }>>();
