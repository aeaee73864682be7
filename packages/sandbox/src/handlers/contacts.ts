// Handlers of the contact operations: attachments (Companies spec) and contacts (additions).
import { contact } from "../present.ts";
import { listOf } from "./pages.ts";
import type { AdditionHandlers, Services, SpecHandlers } from "./types.ts";

export function contactHandlers(
  services: Services,
): Pick<
  SpecHandlers,
  "attachContactToCompany" | "listContactCompanies" | "detachContactFromCompany"
> &
  Pick<AdditionHandlers, "createContact" | "retrieveContact"> {
  const { store, presenter } = services;
  return {
    async attachContactToCompany({ params, body, ws }) {
      return presenter.company(ws, await store.contacts.attach(ws, params.id, body.id));
    },

    async listContactCompanies({ request, params, query, ws }) {
      const page = query.page ?? 1;
      const perPage = query.per_page ?? 50;
      const result = await store.contacts.companiesOf(ws, params.id, { page, perPage });
      const data = result.data.map((record) => presenter.company(ws, record));
      return listOf(request, data, result.total, page, perPage);
    },

    async detachContactFromCompany({ params, ws }) {
      return presenter.company(ws, await store.contacts.detach(ws, params.contact_id, params.id));
    },

    async createContact({ body, writable }) {
      const ws = await writable();
      const role = body.role === "lead" ? "lead" : "user";
      const record = await store.contacts.create(ws, {
        role,
        ...(typeof body.external_id === "string" ? { externalId: body.external_id } : {}),
        ...(typeof body.email === "string" ? { email: body.email } : {}),
        ...(typeof body.name === "string" || body.name === null ? { name: body.name } : {}),
        ...(typeof body.last_seen_at === "number" ? { lastSeenAt: body.last_seen_at } : {}),
      });
      return contact(ws, record);
    },

    async retrieveContact({ params, ws }) {
      return contact(ws, await store.contacts.get(ws, String(params.id)));
    },
  };
}
