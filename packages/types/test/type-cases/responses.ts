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
} from "../../src/index.ts";
import { assertType, type Equal } from "./equal.ts";

declare const retrieved: OperationResponse<"retrieveCompany">;

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
export const notNarrowed: Company = retrieved.body;

if (retrieved.status === 404) {
  // @ts-expect-error responses narrow by status: a 404 body is not a Company
  const wrong: Company = retrieved.body;
  void wrong;
}

// @ts-expect-error retrieveCompany documents no 500 answer
export const undocumented: ResponseBody<"retrieveCompany", 500> = { type: "error.list" };

declare const scrolled: OperationResponse<"scrollCompanies">;
if (scrolled.status === 500) {
  // The scroll documents its 500: restart the scroll.
  const restart: ErrorList = scrolled.body;
  void restart;
}

assertType<Equal<SuccessBody<"deleteCompany">, DeletedCompany>>();
assertType<Equal<SuccessBody<"findCompanies">, CompanyList>>();
assertType<Equal<SuccessBody<"listCompanies">, CompanyList>>();
assertType<Equal<SuccessBody<"scrollCompanies">, CompanyScroll>>();
assertType<Equal<ResponseStatus<"upsertCompany">, 200 | 400 | 401 | 413 | 429>>();
assertType<Equal<ErrorResponse<"deleteCompany">["status"], 400 | 401 | 404 | 429>>();

declare const company: Company;
// @ts-expect-error wrong field: a Company has no `title`
export const title = company.title;

// @ts-expect-error `type` is the constant "company"
export const wrongType: Company["type"] = "contact";

// @ts-expect-error name may be null
export const name: string = company.name;
