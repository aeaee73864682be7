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

/**
 * The company properties whose values the sandbox computes or treats by their own rules (ids,
 * times, counts, the plan by name, merged custom attributes, tags and segments). Every other
 * property is a plain field: stored as sent, answered as stored.
 */
const COMPUTED = new Set([
  "type",
  "id",
  "company_id",
  "app_id",
  "name",
  "plan",
  "created_at",
  "updated_at",
  "last_request_at",
  "user_count",
  "custom_attributes",
  "tags",
  "segments",
]);

interface FieldRule {
  key: string;
  computed: boolean;
  /** What a required plain field answers while unset. */
  unset?: unknown;
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
  /** The `Company` schema's properties, in its order (the order of the answer's keys). */
  private readonly rules: FieldRule[];

  constructor(model: SpecModel) {
    const company = model.deref(model.schemas.Company ?? {});
    const properties = (company.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((company.required ?? []) as string[]);
    this.rules = Object.entries(properties).map(([key, schema]) => ({
      key,
      computed: COMPUTED.has(key),
      ...(required.has(key) && !COMPUTED.has(key) ? { unset: unsetValue(schema) } : {}),
    }));
  }

  company(ws: Workspace, record: CompanyRecord): Company {
    const out: Record<string, unknown> = {};
    for (const rule of this.rules) {
      if (!rule.computed) {
        const value = record.fields[rule.key];
        if (value !== undefined && value !== null) out[rule.key] = value;
        else if ("unset" in rule) out[rule.key] = rule.unset;
        continue;
      }
      switch (rule.key) {
        case "type":
          out.type = "company";
          break;
        case "id":
          out.id = record.id;
          break;
        case "company_id":
          out.company_id = record.companyId;
          break;
        case "app_id":
          out.app_id = ws.appId;
          break;
        case "name":
          out.name = record.name;
          break;
        case "plan":
          out.plan = record.plan ? { type: "plan", ...record.plan } : {};
          break;
        case "created_at":
          out.created_at = record.createdAt;
          break;
        case "updated_at":
          out.updated_at = record.updatedAt;
          break;
        case "last_request_at":
          // Left out until a contact was seen, as the API does.
          if (record.lastRequestAt !== null) out.last_request_at = record.lastRequestAt;
          break;
        case "user_count":
          out.user_count = record.userCount;
          break;
        case "custom_attributes":
          out.custom_attributes = record.customAttributes;
          break;
        case "tags":
          out.tags = { type: "tag.list", tags: record.tags.map(tag) };
          break;
        case "segments":
          out.segments = { type: "segment.list", segments: record.segments.map(segment) };
          break;
      }
    }
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
