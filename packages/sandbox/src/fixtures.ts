// Fixtures: data loaded into a workspace at start. Validated against fixtures.schema.json, then
// applied idempotently, so a file-backed sandbox can load the same file at every start.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { SandboxStore } from "./backend.ts";
import { Store, type Workspace } from "./store.ts";

export interface FixtureCompany {
  /** The company's Intercom-style `id`; the sandbox makes one when left out. */
  id?: string;
  company_id: string;
  name?: string;
  plan?: string;
  size?: number;
  website?: string;
  industry?: string;
  monthly_spend?: number;
  session_count?: number;
  remote_created_at?: number;
  custom_attributes?: Record<string, string | number | boolean>;
  /** Names of tags to apply (created when missing). */
  tags?: string[];
  /** Names of segments the company belongs to (created when missing). */
  segments?: string[];
}

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

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!validate) {
    const schema = JSON.parse(
      readFileSync(new URL("../fixtures.schema.json", import.meta.url), "utf8"),
    ) as Record<string, unknown>;
    validate = new Ajv2020({ allErrors: false, allowUnionTypes: true }).compile(schema);
  }
  return validate;
}

/** Reads and checks a fixtures file; the error says where the file is wrong. */
export function readFixtures(source: string | Fixtures): Fixtures {
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
  const check = validator();
  if (!check(data)) {
    const [first] = check.errors ?? [];
    throw new Error(
      `Invalid ${where}: ${first?.instancePath || "(top level)"} ${first?.message ?? "is invalid"}. See @intercom-toolkit/sandbox/fixtures.schema.json.`,
    );
  }
  return data as Fixtures;
}

/** Loads fixtures into a workspace in one transaction. */
export async function applyFixtures(
  store: SandboxStore,
  ws: Workspace,
  fixtures: Fixtures,
): Promise<void> {
  // The same steps on either store; `await` is a no-op on node:sqlite's synchronous answers.
  const transaction = <T>(work: () => Promise<T>): Promise<T> =>
    store instanceof Store
      ? new Promise<T>((resolve, reject) => {
          // node:sqlite: a synchronous transaction cannot span awaits, so the work runs in
          // one BEGIN ... COMMIT that commits once the work's promise settles.
          store.db.exec("BEGIN IMMEDIATE");
          work().then(
            (value) => {
              store.db.exec("COMMIT");
              resolve(value);
            },
            (error: unknown) => {
              store.db.exec("ROLLBACK");
              reject(error);
            },
          );
        })
      : store.transaction(work);
  await transaction(async () => {
    for (const {
      tags: _tags,
      segments: _segments,
      company_id,
      id,
      ...fields
    } of fixtures.companies ?? []) {
      await store.upsertCompany(ws, company_id, fields, {}, id);
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
    for (const [name, { id, companies: companyIds }] of tagged) {
      for (const companyId of companyIds) {
        if (!(await store.findCompanies(ws, { companyId }, 1, 1)).data[0]) {
          throw new Error(
            `Fixture tag "${name}" names company_id "${companyId}", which no company has.`,
          );
        }
      }
      await store.tagCompanies(
        ws,
        name,
        companyIds.map((company_id) => ({ company_id })),
        id,
      );
    }
    for (const [name, { id, personType, companies }] of segmented) {
      const rid = await store.ensureSegment(ws, name, personType, id);
      for (const companyId of companies) await store.addToSegment(ws, rid, companyId);
    }
    for (const { companies, ...fields } of fixtures.contacts ?? []) {
      const contact =
        (await store.contactByKey(ws, fields)) ?? (await store.createContact(ws, fields));
      for (const companyId of companies ?? []) {
        const company = (await store.findCompanies(ws, { companyId }, 1, 1)).data[0];
        if (!company) {
          throw new Error(
            `Fixture contact ${fields.external_id ?? fields.email} names company_id ${JSON.stringify(companyId)}, which no company has.`,
          );
        }
        await store.attachContact(ws, contact.id, company.id);
      }
    }
  });
}
