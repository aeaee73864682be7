import { expectTypeOf, test } from "vitest";
import type { operations, PathParams, paths, QueryParams } from "../src/index.ts";

declare const update: operations["updateCompany"];

test("paths, operations and their parameters", () => {
  // Every path of the spec is a key of `paths`.
  type Known =
    | paths["/companies"]["post"]
    | paths["/companies/{id}"]["get"]
    | paths["/companies/{id}/contacts"]["get"]
    | paths["/companies/{id}/segments"]["get"]
    | paths["/companies/list"]["post"]
    | paths["/companies/scroll"]["get"]
    | paths["/contacts/{id}/companies"]["post"]
    | paths["/contacts/{contact_id}/companies/{id}"]["delete"];

  // @ts-expect-error wrong path: /company/{id} is not in the spec
  type WrongPath = paths["/company/{id}"];

  // @ts-expect-error wrong method: there is no PATCH /companies/{id}
  const wrongMethod: paths["/companies/{id}"]["patch"] = update;

  // @ts-expect-error unknown operationId
  type WrongOperation = operations["getCompany"];

  const retrieve: PathParams<"retrieveCompany"> = { id: "6657a8066abd0160d35d1e16" };

  // @ts-expect-error missing path parameter: id is required
  const missingId: PathParams<"retrieveCompany"> = {};

  // @ts-expect-error missing path parameter: contact_id is required to detach
  const missingContactId: PathParams<"detachContactFromCompany"> = { id: "c1" };

  // @ts-expect-error path parameters are strings
  const numericId: PathParams<"deleteCompany"> = { id: 42 };

  const list: QueryParams<"listCompanies"> = { order: "asc", page: 2, per_page: 60 };

  // @ts-expect-error wrong enum value: order is asc or desc
  const wrongOrder: QueryParams<"listCompanies"> = { order: "ascending" };

  // @ts-expect-error wrong query parameter: scroll takes scroll_param, not cursor
  const wrongQuery: QueryParams<"scrollCompanies"> = { cursor: "x" };

  // @ts-expect-error page is an integer, not a string
  const pageAsString: QueryParams<"findCompanies"> = { page: "2" };

  const wrongVersion: operations["retrieveCompany"]["parameters"]["header"] = {
    // @ts-expect-error wrong enum value: Intercom-Version is "2.7"
    "Intercom-Version": "2.8",
  };

  expectTypeOf<QueryParams<"listCompanies">["order"]>().toEqualTypeOf<"asc" | "desc" | undefined>();
  expectTypeOf<PathParams<"detachContactFromCompany">>().toEqualTypeOf<{
    contact_id: string;
    id: string;
  }>();
});
