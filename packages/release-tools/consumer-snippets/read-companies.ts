// A consumer reading companies, as code built on the generated types does.
import type { components, operations } from "./api.ts";

type Company = components["schemas"]["Company"];
type CompanyList = components["schemas"]["CompanyList"];

export function describeCompany(company: Company): string {
  const name: string = company.name ?? "(unnamed)";
  const plan: string = company.plan.name ?? "no plan";
  const tags: string[] = company.tags.tags.map((tag) => `${tag.id}:${tag.name}`);
  const segments: string[] = company.segments.segments.map((segment) => segment.name);
  const size: number | null | undefined = company.size;
  const website: string | null | undefined = company.website;
  const attributes: Record<string, string | number | boolean | null> = company.custom_attributes;
  const counts: number = company.monthly_spend + company.session_count + company.user_count;
  const times: number = company.created_at + company.updated_at;
  return [
    company.type,
    company.id,
    company.app_id,
    company.company_id,
    name,
    plan,
    ...tags,
    ...segments,
    size,
    website,
    counts,
    times,
    Object.keys(attributes).length,
  ].join(" ");
}

export function nextPage(list: CompanyList): number | undefined {
  const next: string | null | undefined = list.pages.next;
  return next ? list.pages.page + 1 : undefined;
}

export function firstOfScroll(scroll: components["schemas"]["CompanyScroll"]): {
  param: string;
  first?: Company;
} {
  const first = scroll.data[0];
  return first ? { param: scroll.scroll_param, first } : { param: scroll.scroll_param };
}

export function wasDeleted(answer: components["schemas"]["DeletedCompany"]): boolean {
  if (answer.object !== "company") return false;
  return answer.deleted === true && answer.id.length > 0;
}

export function errorCodes(answer: components["schemas"]["ErrorList"]): string[] {
  return answer.errors.map(
    (error) =>
      `${error.code}: ${error.message}${error.field ? ` (${error.field})` : ""} [${answer.request_id ?? "?"}]`,
  );
}

export function contactEmails(
  page: components["schemas"]["CompanyAttachedContacts"],
): Array<string | null | undefined> {
  return page.data.map((contact) =>
    contact.role === "user" || contact.role === "lead" ? contact.email : undefined,
  );
}

type RetrieveOk = operations["retrieveCompany"]["responses"][200]["content"]["application/json"];
export const retrievedName = (answer: RetrieveOk): string | null => answer.name;
