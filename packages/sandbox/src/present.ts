// Records (store/types.ts) turned into the API's JSON, and request bodies into store changes. The
// company's fields come from the spec's schemas: a property added to `Company` and to the company
// request bodies is stored and answered with no edit here.
import type { JsonSchema, SpecModel } from "@intercom-toolkit/spec/model";
import type { Company, Contact, Segment, Tag } from "@intercom-toolkit/types";
import type {
  AttributeValue,
  CompanyChanges,
  CompanyRecord,
  ContactRecord,
  SegmentRecord,
  TagRecord,
  Workspace,
} from "./store/types.ts";

/** Writes one property of a company answer (or leaves it out). */
type Writer = (out: Record<string, unknown>, ws: Workspace, record: CompanyRecord) => void;

/**
 * The company properties whose values the sandbox computes or treats by their own rules (ids,
 * times, counts, the plan by name, merged custom attributes, tags and segments), with their
 * writers. Every other property is a plain field: stored as sent, answered as stored.
 */
const COMPUTED = {
  type: (out) => {
    out.type = "company";
  },
  id: (out, _ws, record) => {
    out.id = record.id;
  },
  company_id: (out, _ws, record) => {
    out.company_id = record.companyId;
  },
  app_id: (out, ws) => {
    out.app_id = ws.appId;
  },
  name: (out, _ws, record) => {
    out.name = record.name;
  },
  plan: (out, _ws, record) => {
    const plan = record.plan;
    out.plan = plan ? { type: "plan", id: plan.id, name: plan.name } : {};
  },
  created_at: (out, _ws, record) => {
    out.created_at = record.createdAt;
  },
  updated_at: (out, _ws, record) => {
    out.updated_at = record.updatedAt;
  },
  last_request_at: (out, _ws, record) => {
    // Left out until a contact was seen, as the API does.
    if (record.lastRequestAt !== null) out.last_request_at = record.lastRequestAt;
  },
  user_count: (out, _ws, record) => {
    out.user_count = record.userCount;
  },
  custom_attributes: (out, _ws, record) => {
    out.custom_attributes = record.customAttributes;
  },
  tags: (out, _ws, record) => {
    out.tags = { type: "tag.list", tags: record.tags.map(tag) };
  },
  segments: (out, _ws, record) => {
    out.segments = { type: "segment.list", segments: record.segments.map(segment) };
  },
} satisfies Record<string, Writer>;

/** The `Company` properties the sandbox computes. */
export type ComputedCompanyProperty = keyof typeof COMPUTED;

/** Whether the sandbox computes a `Company` property (else it is a plain field, stored as sent). */
export const isComputedCompanyProperty = (key: string): boolean => Object.hasOwn(COMPUTED, key);

/** A plain field: answered as stored; while unset, left out, or `unset` if it is required. */
function fieldWriter(key: string, required: boolean, schema: JsonSchema): Writer {
  if (!required) {
    return (out, _ws, record) => {
      const value = record.fields[key];
      if (value !== undefined && value !== null) out[key] = value;
    };
  }
  const unset = unsetValue(schema);
  return (out, _ws, record) => {
    const value = record.fields[key];
    out[key] = value !== undefined && value !== null ? value : unset;
  };
}

/** What a required property answers while unset: its default, `null`, or its type's zero. */
function unsetValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  if (types.includes("null")) return null;
  const zero: Record<string, unknown> = { integer: 0, number: 0, string: "", boolean: false };
  return zero[String(types[0])] ?? null;
}

export class Presenter {
  /** One writer per property of the `Company` schema, in its order (the answer's key order). */
  private readonly writers: Writer[];

  constructor(model: SpecModel) {
    const company = model.deref(model.schemas.Company ?? {});
    const properties = (company.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((company.required ?? []) as string[]);
    this.writers = Object.entries(properties).map(
      ([key, schema]) =>
        (isComputedCompanyProperty(key) ? COMPUTED[key as ComputedCompanyProperty] : undefined) ??
        fieldWriter(key, required.has(key), schema),
    );
  }

  company(ws: Workspace, record: CompanyRecord): Company {
    const out: Record<string, unknown> = {};
    for (const write of this.writers) write(out, ws, record);
    return out as unknown as Company;
  }
}

export const tag = (record: TagRecord): Tag => ({ type: "tag", id: record.id, name: record.name });

export const segment = (record: SegmentRecord): Segment => ({
  type: "segment",
  id: record.id,
  name: record.name,
  created_at: record.createdAt,
  updated_at: record.updatedAt,
  person_type: record.personType,
});

/** A contact; `last_seen_at` is one of the Contacts API's fields the schema does not list. */
export const contact = (
  ws: Workspace,
  record: ContactRecord,
): Contact & { last_seen_at: number | null } => ({
  type: "contact",
  id: record.id,
  workspace_id: ws.appId,
  external_id: record.externalId,
  role: record.role,
  email: record.email,
  name: record.name,
  created_at: record.createdAt,
  updated_at: record.updatedAt,
  last_seen_at: record.lastSeenAt,
});

/** Keys of a company body that are not plain fields. */
const NOT_FIELDS = new Set(["company_id", "name", "plan", "custom_attributes"]);

/**
 * A validated company body (upsert, update, fixture) as store changes: `name`, `plan` and
 * `custom_attributes` by their rules, every other property a plain field.
 */
export function companyChanges(body: Record<string, unknown>): CompanyChanges {
  const changes: CompanyChanges = {};
  let fields: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (!NOT_FIELDS.has(key)) {
      fields ??= {};
      fields[key] = value;
    }
  }
  if (typeof body.name === "string") changes.name = body.name;
  if (typeof body.plan === "string") changes.plan = body.plan;
  if (body.custom_attributes && typeof body.custom_attributes === "object") {
    changes.customAttributes = body.custom_attributes as Record<string, AttributeValue>;
  }
  if (fields) changes.fields = fields;
  return changes;
}
