// Handlers of the company operations (except the scroll, ./scroll.ts).
import { ApiError } from "../errors.ts";
import { companyChanges, contact, segment } from "../present.ts";
import { listOf } from "./pages.ts";
import type { Services, SpecHandlers } from "./types.ts";

type CompanyHandlers = Pick<
  SpecHandlers,
  | "upsertCompany"
  | "findCompanies"
  | "retrieveCompany"
  | "updateCompany"
  | "deleteCompany"
  | "listCompanyContacts"
  | "listCompanySegments"
  | "listCompanies"
>;

export function companyHandlers(services: Services): CompanyHandlers {
  const { store, presenter } = services;
  // How far paging reaches, from the spec (x-toolkit-pagination.maxReach).
  const listReach =
    services.documents.spec.operation("listCompanies").pagination?.maxReach ??
    Number.POSITIVE_INFINITY;
  return {
    async upsertCompany({ body, writable }) {
      const ws = await writable();
      const { company_id, ...rest } = body;
      const record = await store.companies.upsert(ws, company_id, companyChanges(rest), {
        // A company created through the API says so, as Intercom's does.
        customAttributes: { creation_source: "api" },
      });
      return presenter.company(ws, record);
    },

    async findCompanies({ request, query, ws }) {
      const page = query.page ?? 1;
      const perPage = query.per_page ?? 15;
      const filter = {
        ...(query.company_id !== undefined ? { companyId: query.company_id } : {}),
        ...(query.name !== undefined ? { name: query.name } : {}),
        ...(query.tag_id !== undefined ? { tagId: query.tag_id } : {}),
        ...(query.segment_id !== undefined ? { segmentId: query.segment_id } : {}),
      };
      const result = await store.companies.find(ws, filter, { page, perPage });
      const lookUp = filter.companyId !== undefined || filter.name !== undefined;
      if (lookUp && result.total === 0) {
        throw new ApiError(404, "company_not_found", "Company Not Found");
      }
      const data = result.data.map((record) => presenter.company(ws, record));
      return listOf(request, data, result.total, page, perPage);
    },

    retrieveCompany({ params, ws }) {
      const record = store.companies.get(ws, params.id);
      return record instanceof Promise
        ? record.then((found) => presenter.company(ws, found))
        : presenter.company(ws, record);
    },

    async updateCompany({ params, body, ws }) {
      // No row yet: no company either (and nothing to create).
      const record = await store.companies.update(ws, params.id, companyChanges(body ?? {}));
      return presenter.company(ws, record);
    },

    async deleteCompany({ params, ws }) {
      await store.companies.delete(ws, params.id);
      return { id: params.id, object: "company", deleted: true };
    },

    async listCompanyContacts({ request, params, query, ws }) {
      const page = query.page ?? 1;
      const perPage = query.per_page ?? 50;
      const result = await store.contacts.ofCompany(ws, params.id, { page, perPage });
      return listOf(
        request,
        result.data.map((record) => contact(ws, record)),
        result.total,
        page,
        perPage,
      );
    },

    async listCompanySegments({ params, ws }) {
      const segments = await store.segments.ofCompany(ws, params.id);
      return { type: "list", data: segments.map(segment) };
    },

    async listCompanies({ request, query, ws }) {
      const page = query.page ?? 1;
      const perPage = query.per_page ?? 15;
      if ((page - 1) * perPage >= listReach) {
        const reach = listReach.toLocaleString("en");
        throw new ApiError(
          400,
          "bad_request",
          `Page ${page} of ${perPage} starts past the ${reach}th company: paging reaches at most ${reach} companies. Use the Scroll API (GET /companies/scroll) to go further.`,
          "page",
        );
      }
      const result = await store.companies.list(ws, query.order === "asc" ? "asc" : "desc", {
        page,
        perPage,
      });
      const data = result.data.map((record) => presenter.company(ws, record));
      return listOf(request, data, result.total, page, perPage, Math.min(result.total, listReach));
    },
  };
}
