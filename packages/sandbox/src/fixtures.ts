// Fixtures: data loaded into a workspace at start. Validated against fixtures.schema.json, then
// applied idempotently, so a file-backed sandbox can load the same file at every start.
import { readFileSync } from "node:fs";
import type { SpecModel } from "@intercom-toolkit/spec/model";
import type { Company, CreateOrUpdateCompanyRequest } from "@intercom-toolkit/types";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { fixturesSchema } from "./fixtures-schema.ts";
import { type ComputedCompanyProperty, companyChanges } from "./present.ts";
import type { Storage, Workspace } from "./store/types.ts";

/**
 * A company of a fixture: what the upsert takes and the `Company` schema's other plain fields
 * (read-only through the API, such as `session_count`; fixtures may set them for realism), from
 * the spec's types; and where it belongs.
 */
export type FixtureCompany = CreateOrUpdateCompanyRequest &
  Partial<Omit<Company, ComputedCompanyProperty | keyof CreateOrUpdateCompanyRequest>> & {
    /** The company's Intercom-style `id`; the sandbox makes one when left out. */
    id?: string;
    /** Names of tags to apply (created when missing). */
    tags?: string[];
    /** Names of segments the company belongs to (created when missing). */
    segments?: string[];
  };

export interface FixtureContact {
  /** The contact's id; the sandbox makes one when left out. */
  id?: string;
  external_id?: string;
  email?: string;
  role?: "user" | "lead";
  name?: string;
  last_seen_at?: number;
  /** `company_id`s of the companies to attach the contact to. */
  companies?: string[];
}

export interface Fixtures {
  /** The token of the workspace to fill; the sandbox's `token` option when left out. */
  token?: string;
  companies?: FixtureCompany[];
  contacts?: FixtureContact[];
  segments?: {
    /** The segment's id; the sandbox makes one when left out. */
    id?: string;
    name: string;
    person_type?: "user" | "contact";
    companies?: string[];
  }[];
  tags?: {
    /** The tag's id; the sandbox makes one when left out. */
    id?: string;
    name: string;
    companies?: string[];
  }[];
}

/** The fixtures validator of each spec (./fixtures-schema.ts). */
const validators = new WeakMap<SpecModel, ValidateFunction>();

function validator(model: SpecModel): ValidateFunction {
  let validate = validators.get(model);
  if (!validate) {
    validate = new Ajv2020({ allErrors: false, allowUnionTypes: true, strict: false }).compile(
      fixturesSchema(model),
    );
    validators.set(model, validate);
  }
  return validate;
}

/**
 * Reads and checks a fixtures file against the fixtures schema of `model` (the spec served);
 * the error says where the file is wrong.
 */
export function readFixtures(source: string | Fixtures, model: SpecModel): Fixtures {
  let data: unknown = source;
  const where = typeof source === "string" ? source : "fixtures";
  if (typeof source === "string") {
    let text: string;
    try {
      text = readFileSync(source, "utf8");
    } catch (error) {
      throw new Error(`Could not read the fixtures file ${source}: ${(error as Error).message}`);
    }
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`The fixtures file ${source} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const check = validator(model);
  if (!check(data)) {
    const [first] = check.errors ?? [];
    // Ajv's message does not name the unknown property; the answer does.
    const extra = (first?.params as { additionalProperty?: string } | undefined)
      ?.additionalProperty;
    const message = extra ? `has an unknown property "${extra}"` : (first?.message ?? "is invalid");
    throw new Error(
      `Invalid ${where}: ${first?.instancePath || "(top level)"} ${message}. See @intercom-toolkit/sandbox/fixtures.schema.json.`,
    );
  }
  checkPinnedIds(data as Fixtures, where);
  return data as Fixtures;
}

/** Refuses two entries of one kind that pin the same id to different records, naming both. */
function checkPinnedIds(fixtures: Fixtures, where: string): void {
  // [the id pinned, the key the entry is found by]
  const kinds: Record<string, [string | undefined, string | undefined][]> = {
    companies: (fixtures.companies ?? []).map((company) => [company.id, company.company_id]),
    contacts: (fixtures.contacts ?? []).map((contact) => [
      contact.id,
      contact.external_id ?? contact.email,
    ]),
    segments: (fixtures.segments ?? []).map((segment) => [segment.id, segment.name]),
    tags: (fixtures.tags ?? []).map((tag) => [tag.id, tag.name]),
  };
  for (const [kind, entries] of Object.entries(kinds)) {
    const holders = new Map<string, string | undefined>();
    for (const [id, key] of entries) {
      if (id === undefined) continue;
      if (holders.has(id) && holders.get(id) !== key) {
        throw new Error(
          `Invalid ${where}: the ${kind} ${JSON.stringify(holders.get(id))} and ${JSON.stringify(key)} both pin the id ${JSON.stringify(id)}. Give each its own id, or leave the id out.`,
        );
      }
      holders.set(id, key);
    }
  }
}

/** Loads fixtures into a workspace in one transaction. */
export async function applyFixtures(
  store: Storage,
  ws: Workspace,
  fixtures: Fixtures,
): Promise<void> {
  await store.transaction(async () => {
    for (const {
      tags: _tags,
      segments: _segments,
      company_id,
      id,
      ...fields
    } of fixtures.companies ?? []) {
      await store.companies.upsert(ws, company_id, companyChanges(fields), id ? { id } : {});
    }
    // By name: the first entry that pins an id gives the tag or segment its id.
    const tagged = new Map<string, { id?: string; companies: string[] }>();
    const segmented = new Map<
      string,
      { id?: string; personType: "user" | "contact"; companies: string[] }
    >();
    for (const tag of fixtures.tags ?? []) {
      const entry = tagged.get(tag.name) ?? { companies: [] };
      entry.id ??= tag.id;
      entry.companies.push(...(tag.companies ?? []));
      tagged.set(tag.name, entry);
    }
    for (const segment of fixtures.segments ?? []) {
      const entry = segmented.get(segment.name) ?? {
        personType: segment.person_type ?? "user",
        companies: [],
      };
      entry.id ??= segment.id;
      entry.companies.push(...(segment.companies ?? []));
      segmented.set(segment.name, entry);
    }
    for (const company of fixtures.companies ?? []) {
      for (const name of company.tags ?? []) {
        const entry = tagged.get(name) ?? { companies: [] };
        entry.companies.push(company.company_id);
        tagged.set(name, entry);
      }
      for (const name of company.segments ?? []) {
        const entry = segmented.get(name) ?? { personType: "user", companies: [] };
        entry.companies.push(company.company_id);
        segmented.set(name, entry);
      }
    }
    const known = async (companyId: string, what: string) => {
      const found = await store.companies.find(ws, { companyId }, { page: 1, perPage: 1 });
      const company = found.data[0];
      if (!company) {
        throw new Error(
          `${what} names company_id ${JSON.stringify(companyId)}, which no company has.`,
        );
      }
      return company;
    };
    for (const [name, { id, companies }] of tagged) {
      for (const companyId of companies) await known(companyId, `Fixture tag "${name}"`);
      await store.tags.apply(
        ws,
        name,
        companies.map((company_id) => ({ company_id })),
        id,
      );
    }
    for (const [name, { id, personType, companies }] of segmented) {
      for (const companyId of companies) await known(companyId, `Fixture segment "${name}"`);
      await store.segments.ensure(ws, { ...(id ? { id } : {}), name, personType }, companies);
    }
    for (const { companies, ...fields } of fixtures.contacts ?? []) {
      const key = {
        ...(fields.external_id !== undefined ? { externalId: fields.external_id } : {}),
        ...(fields.email !== undefined ? { email: fields.email } : {}),
      };
      const contact =
        (await store.contacts.findByKey(ws, key)) ??
        (await store.contacts.create(ws, {
          ...key,
          ...(fields.id !== undefined ? { id: fields.id } : {}),
          ...(fields.role !== undefined ? { role: fields.role } : {}),
          ...(fields.name !== undefined ? { name: fields.name } : {}),
          ...(fields.last_seen_at !== undefined ? { lastSeenAt: fields.last_seen_at } : {}),
        }));
      for (const companyId of companies ?? []) {
        const company = await known(
          companyId,
          `Fixture contact ${fields.external_id ?? fields.email}`,
        );
        await store.contacts.attach(ws, contact.id, company.id);
      }
    }
  });
}
