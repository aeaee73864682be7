// How stored companies are answered (present.ts), for the mutants the other tests left alive:
// `last_request_at` left out until a contact is seen; a field that a storage of one's own (the
// `store` option) keeps as null; what a required property added to `Company` answers while
// unset (its default, null, or its type's zero); and a property left undefined in fixtures
// given as an object, which changes nothing.
import {
  type OpenApiDocument,
  readSpecDocument,
  type JsonSchema as SpecSchema,
} from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { createSandbox } from "../src/index.ts";
import { companyChanges } from "../src/present.ts";
import { SqliteStorage } from "../src/store/index.ts";
import { type CompanyBody, client, type ListBody, startSandbox } from "./helpers.ts";
import { freshDb } from "./support/backend.ts";

/** The bundled spec with properties added to `Company`, `required` there when asked. */
function specWithCompanyProperties(
  properties: Record<string, { schema: SpecSchema; required: boolean }>,
): OpenApiDocument {
  const document = structuredClone(readSpecDocument()) as OpenApiDocument & {
    components: {
      schemas: Record<string, { properties: Record<string, unknown>; required: string[] }>;
    };
  };
  const company = document.components.schemas.Company;
  if (!company) throw new Error("The spec has no Company schema");
  for (const [name, { schema, required }] of Object.entries(properties)) {
    company.properties[name] = schema;
    if (required) company.required.push(name);
  }
  return document;
}

describe("a company's answer", () => {
  it("leaves last_request_at out until one of its contacts was seen", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const created = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "unseen" },
      });
      expect(created.body).not.toHaveProperty("last_request_at");
      const fetched = await api.call<CompanyBody>("GET", `/companies/${created.body.id}`);
      expect(Object.keys(fetched.body)).not.toContain("last_request_at");
      const contact = await api.call<{ id: string }>("POST", "/contacts", {
        body: { external_id: "seen", last_seen_at: 1_700_000_000 },
      });
      const attached = await api.call<CompanyBody>(
        "POST",
        `/contacts/${contact.body.id}/companies`,
        { body: { id: created.body.id } },
      );
      expect(attached.body.last_request_at).toBe(1_700_000_000);
    } finally {
      await sandbox.close();
    }
  });

  it("answers a field its storage keeps as null like an unset one: left out, or 0 if required", async () => {
    // A storage of one's own (the `store` option) that keeps unset fields as null.
    const storage = new SqliteStorage(":memory:", () => Math.floor(Date.now() / 1000));
    const get = storage.companies.get.bind(storage.companies);
    storage.companies.get = (ws, id) => {
      const record = get(ws, id);
      return {
        ...record,
        fields: { ...record.fields, size: null, monthly_spend: null, industry: undefined },
      };
    };
    const sandbox = await createSandbox({ store: storage, rateLimit: false });
    try {
      const api = client(sandbox.url, "null-fields");
      const created = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "nulls", size: 12, monthly_spend: 99, industry: "Software" },
      });
      expect(created.body).toMatchObject({ size: 12, monthly_spend: 99, industry: "Software" });
      const fetched = await api.call<CompanyBody>("GET", `/companies/${created.body.id}`);
      expect(fetched.body).not.toHaveProperty("size");
      expect(fetched.body).not.toHaveProperty("industry");
      expect(fetched.body.monthly_spend).toBe(0);
      expect(fetched.body.session_count).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it("answers a required property a spec adds, while unset: its default, null, or its type's zero", async () => {
    const document = specWithCompanyProperties({
      tier: { schema: { type: "string", default: "free" }, required: true },
      region: { schema: { type: ["string", "null"] }, required: true },
      headline: { schema: { type: "string" }, required: true },
      verified: { schema: { type: "boolean" }, required: true },
      score: { schema: { type: "number" }, required: true },
      profile: { schema: { type: "object" }, required: true },
      motto: { schema: { type: ["string", "null"] }, required: false },
    });
    const { sandbox, api } = await startSandbox({ spec: document });
    try {
      const created = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "unset" },
      });
      expect(created.body).toMatchObject({
        tier: "free",
        region: null,
        headline: "",
        verified: false,
        score: 0,
        profile: null,
      });
      expect(Object.keys(created.body)).toContain("profile");
      expect(created.body).not.toHaveProperty("motto");
      // After the spec's own properties, in the order the schema lists them.
      expect(Object.keys(created.body).slice(-6)).toEqual([
        "tier",
        "region",
        "headline",
        "verified",
        "score",
        "profile",
      ]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("a company body as changes", () => {
  it("carries only what the body set: no field left undefined, no empty `fields`", () => {
    // What a storage of one's own receives (Storage is public): exactly these keys.
    expect(companyChanges({ company_id: "a" })).toStrictEqual({});
    expect(companyChanges({ company_id: "a", name: "Acme", website: undefined })).toStrictEqual({
      name: "Acme",
    });
    expect(companyChanges({ size: 3, website: undefined })).toStrictEqual({ fields: { size: 3 } });
  });

  it("keeps a stored field that fixtures given as an object leave undefined", async () => {
    const website: string | undefined = undefined;
    const sandbox = await createSandbox({
      db: await freshDb(),
      rateLimit: false,
      token: "fixtures-undefined",
      fixtures: {
        companies: [
          { company_id: "kept", website: "https://kept.example", industry: "Retail" },
          // The same company again, built from data that has no website.
          { company_id: "kept", name: "Kept", website, industry: "Software" },
        ],
      },
    });
    try {
      const api = client(sandbox.url, "fixtures-undefined");
      const found = await api.call<ListBody>("GET", "/companies", {
        query: { company_id: "kept" },
      });
      expect(found.body.data[0]).toMatchObject({
        name: "Kept",
        website: "https://kept.example",
        industry: "Software",
      });
    } finally {
      await sandbox.close();
    }
  });
});
