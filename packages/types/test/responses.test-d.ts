import { expectTypeOf, test } from "vitest";
import type {
  Company,
  CompanyList,
  CompanyScroll,
  DeletedCompany,
  ErrorItem,
  ErrorList,
  ErrorResponse,
  OperationResponse,
  ResponseBody,
  ResponseStatus,
  SuccessBody,
} from "../src/index.ts";

declare const retrieved: OperationResponse<"retrieveCompany">;
declare const scrolled: OperationResponse<"scrollCompanies">;
declare const company: Company;

test("responses narrow by status", () => {
  if (retrieved.status === 200) {
    const company: Company = retrieved.body;
    const when: number = company.created_at;
    void when;
  } else {
    // Every other documented answer is an error list.
    const errors: ErrorList = retrieved.body;
    const first: ErrorItem | undefined = errors.errors[0];
    void first;
  }

  // @ts-expect-error responses narrow by status: before the check, body may be an ErrorList
  const notNarrowed: Company = retrieved.body;

  if (retrieved.status === 404) {
    // @ts-expect-error responses narrow by status: a 404 body is not a Company
    const wrong: Company = retrieved.body;
    void wrong;
  }

  // @ts-expect-error retrieveCompany documents no 500 answer
  const undocumented: ResponseBody<"retrieveCompany", 500> = { type: "error.list" };

  if (scrolled.status === 500) {
    // The scroll documents its 500: restart the scroll.
    const restart: ErrorList = scrolled.body;
    void restart;
  }

  expectTypeOf<SuccessBody<"deleteCompany">>().toEqualTypeOf<DeletedCompany>();
  expectTypeOf<SuccessBody<"findCompanies">>().toEqualTypeOf<CompanyList>();
  expectTypeOf<SuccessBody<"listCompanies">>().toEqualTypeOf<CompanyList>();
  expectTypeOf<SuccessBody<"scrollCompanies">>().toEqualTypeOf<CompanyScroll>();
  expectTypeOf<ResponseStatus<"upsertCompany">>().toEqualTypeOf<200 | 400 | 401 | 413 | 429>();
  expectTypeOf<ErrorResponse<"deleteCompany">["status"]>().toEqualTypeOf<400 | 401 | 404 | 429>();

  // @ts-expect-error wrong field: a Company has no `title`
  const title = company.title;

  // @ts-expect-error `type` is the constant "company"
  const wrongType: Company["type"] = "contact";

  // @ts-expect-error name may be null
  const name: string = company.name;
});
