// The records the spec's examples show (companies, contacts, tags, segments, with their ids),
// read through the spec model and turned into fixtures, stripe-mock style: a sample that uses
// the spec's example ids (`GET /companies/6657a8066abd0160d35d1e16`) finds them in the demo
// workspace. Nothing here names an id or an operation: everything is read from the examples.
import type { SpecModel } from "@intercom-toolkit/spec/model";
import type { FixtureCompany, FixtureContact, Fixtures } from "./fixtures.ts";

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every example value of the document: response bodies, request bodies, parameters. */
function* examplesOf(model: SpecModel): Generator<unknown> {
  for (const operation of model.operations) {
    for (const response of operation.responses) yield* Object.values(response.examples);
    if (operation.requestBody?.example !== undefined) yield operation.requestBody.example;
  }
}

/** Walks a value depth-first, yielding every object that carries `type`. */
function* typedObjects(value: unknown): Generator<Json> {
  if (Array.isArray(value)) {
    for (const item of value) yield* typedObjects(item);
  } else if (isRecord(value)) {
    if (typeof value.type === "string") yield value;
    for (const child of Object.values(value)) yield* typedObjects(child);
  }
}

/** The properties a client can set on a company: those of the upsert request body's schema. */
function settableCompanyFields(model: SpecModel): string[] {
  const upsert = model.operations.find(
    (operation) =>
      operation.requestBody &&
      Array.isArray(model.deref(operation.requestBody.schema).required) &&
      (model.deref(operation.requestBody.schema).required as string[]).includes("company_id"),
  );
  if (!upsert?.requestBody) return [];
  return Object.keys((model.deref(upsert.requestBody.schema).properties ?? {}) as Json);
}

/**
 * Fixtures holding every company, contact, tag and segment that the spec's examples show, with
 * the examples' ids. Rules, where the examples leave something open:
 * - the first example of an id wins; a later example reusing a `company_id` another company
 *   already has (the examples come from separate requests) gets its own `id` as `company_id`;
 * - example contacts are attached to every example company whose `user_count` is above 0;
 * - a company's example `tags` and `segments` are applied to it.
 */
export function specExampleFixtures(model: SpecModel): Fixtures {
  const settable = settableCompanyFields(model).filter(
    (field) => field !== "company_id" && field !== "plan" && field !== "custom_attributes",
  );
  const companies = new Map<string, FixtureCompany>();
  const companyIds = new Set<string>();
  const contacts = new Map<string, FixtureContact>();
  const tags = new Map<string, { id: string; name: string; companies: string[] }>();
  const segments = new Map<
    string,
    { id: string; name: string; person_type: "user" | "contact"; companies: string[] }
  >();
  const attached: string[] = [];

  for (const example of examplesOf(model)) {
    for (const record of typedObjects(example)) {
      const id = record.id;
      if (typeof id !== "string") continue;
      if (record.type === "company" && typeof record.company_id === "string") {
        if (companies.has(id)) continue;
        const companyId = companyIds.has(record.company_id) ? id : record.company_id;
        companyIds.add(companyId);
        const company: FixtureCompany = { id, company_id: companyId };
        const fields = company as unknown as Json;
        for (const field of settable) {
          const value = record[field];
          if (typeof value === "string" || typeof value === "number") fields[field] = value;
        }
        if (isRecord(record.plan) && typeof record.plan.name === "string") {
          company.plan = record.plan.name;
        }
        if (isRecord(record.custom_attributes)) {
          const attributes: Record<string, string | number | boolean> = {};
          for (const [key, value] of Object.entries(record.custom_attributes)) {
            if (["string", "number", "boolean"].includes(typeof value)) {
              attributes[key] = value as string | number | boolean;
            }
          }
          company.custom_attributes = attributes;
        }
        companies.set(id, company);
        if (typeof record.user_count === "number" && record.user_count > 0) {
          attached.push(companyId);
        }
        const tagList =
          isRecord(record.tags) && Array.isArray(record.tags.tags) ? record.tags.tags : [];
        for (const tag of tagList) {
          if (!isRecord(tag) || typeof tag.id !== "string" || typeof tag.name !== "string")
            continue;
          const entry = tags.get(tag.id) ?? { id: tag.id, name: tag.name, companies: [] };
          entry.companies.push(companyId);
          tags.set(tag.id, entry);
        }
        const segmentList =
          isRecord(record.segments) && Array.isArray(record.segments.segments)
            ? record.segments.segments
            : [];
        for (const segment of segmentList) {
          if (!isRecord(segment) || typeof segment.id !== "string") continue;
          if (typeof segment.name !== "string") continue;
          const entry = segments.get(segment.id) ?? {
            id: segment.id,
            name: segment.name,
            person_type: segment.person_type === "contact" ? "contact" : "user",
            companies: [],
          };
          entry.companies.push(companyId);
          segments.set(segment.id, entry);
        }
      } else if (record.type === "contact" && !contacts.has(id)) {
        const contact: FixtureContact = { id };
        for (const field of ["external_id", "email", "name"] as const) {
          const value = record[field];
          if (typeof value === "string") contact[field] = value;
        }
        if (record.role === "user" || record.role === "lead") contact.role = record.role;
        if (typeof record.last_seen_at === "number") contact.last_seen_at = record.last_seen_at;
        // A contact needs a key: its id stands in when the example shows neither.
        if (contact.external_id === undefined && contact.email === undefined) {
          contact.external_id = id;
        }
        contacts.set(id, contact);
      } else if (record.type === "tag" && typeof record.name === "string" && !tags.has(id)) {
        tags.set(id, { id, name: record.name, companies: [] });
      } else if (
        record.type === "segment" &&
        typeof record.name === "string" &&
        !segments.has(id)
      ) {
        segments.set(id, {
          id,
          name: record.name,
          person_type: record.person_type === "contact" ? "contact" : "user",
          companies: [],
        });
      }
    }
  }
  return {
    companies: [...companies.values()],
    contacts: [...contacts.values()].map((contact) => ({ ...contact, companies: attached })),
    tags: [...tags.values()],
    segments: [...segments.values()],
  };
}
