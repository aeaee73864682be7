import { expectTypeOf, test } from "vitest";
import type {
  AttachContactToCompanyRequest,
  CreateOrUpdateCompanyRequest,
  RequestBody,
  UpdateCompanyRequest,
} from "../src/index.ts";

test("request bodies", () => {
  const upsert: RequestBody<"upsertCompany"> = {
    company_id: "acme",
    name: "Acme",
    size: 120,
    custom_attributes: { paid: true, seats: 12, region: "eu", legacy: null },
  };

  const wrongField: RequestBody<"upsertCompany"> = {
    company_id: "acme",
    // @ts-expect-error wrong body field: company_name is not a field of CreateOrUpdateCompanyRequest
    company_name: "Acme",
  };

  // @ts-expect-error missing body field: company_id is required to upsert
  const missingCompanyId: RequestBody<"upsertCompany"> = { name: "Acme" };

  // @ts-expect-error wrong body type: size is an integer
  const sizeAsString: CreateOrUpdateCompanyRequest = { company_id: "acme", size: "120" };

  // @ts-expect-error update does not accept company_id (it cannot be changed)
  const updateCompanyId: UpdateCompanyRequest = { company_id: "acme" };

  // @ts-expect-error custom attribute values are strings, numbers, booleans or null, not objects
  const nestedAttribute: UpdateCompanyRequest = { custom_attributes: { nested: { a: 1 } } };

  // @ts-expect-error attach takes the company's id, not company_id
  const attachWrong: AttachContactToCompanyRequest = { company_id: "acme" };

  // @ts-expect-error GET /companies/{id} takes no body
  const noBody: RequestBody<"retrieveCompany"> = {};

  expectTypeOf<RequestBody<"updateCompany">>().toEqualTypeOf<UpdateCompanyRequest>();
  expectTypeOf<
    RequestBody<"attachContactToCompany">
  >().toEqualTypeOf<AttachContactToCompanyRequest>();
});
