// specExampleFixtures on a small document of its own, so every rule of spec-examples.ts is seen
// at work: which records become fixtures, which of their fields are kept, and what the
// examples leave open (a company_id seen twice, a contact without a key, attachments).
import { createSpecModel, type OpenApiDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { specExampleFixtures } from "../src/spec-examples.ts";

const json = (example: unknown) => ({
  description: "ok",
  content: { "application/json": { schema: { type: "object" }, example } },
});

const document = {
  openapi: "3.1.0",
  info: { title: "examples", version: "2.7" },
  paths: {
    "/companies": {
      post: {
        operationId: "upsert",
        requestBody: {
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/Upsert" },
              example: { company_id: "request-only", name: "Not a record: no type, no id" },
            },
          },
        },
        responses: { "200": json({ ok: true }) },
      },
      get: {
        operationId: "list",
        responses: {
          "200": json({
            type: "list",
            data: [
              {
                type: "company",
                id: "c1",
                company_id: "acme",
                name: "Acme",
                size: 10,
                website: "https://acme.test",
                industry: "Not settable here",
                session_count: 3,
                plan: { type: "plan", id: "p1", name: "Pro" },
                custom_attributes: {
                  paid: true,
                  seats: 9,
                  tier: "gold",
                  nested: { no: 1 },
                  none: null,
                },
                user_count: 2,
                tags: {
                  type: "tag.list",
                  tags: [
                    { type: "tag", id: "t1", name: "vip" },
                    { type: "tag", id: "t-broken" },
                  ],
                },
                segments: {
                  type: "segment.list",
                  segments: [
                    { type: "segment", id: "s1", name: "Leads", person_type: "contact" },
                    { type: "segment", id: "s2", name: "Users", person_type: "user" },
                    { type: "segment", id: "s-broken" },
                  ],
                },
              },
              { type: "company", id: "c1", company_id: "changed", name: "Second sight of c1" },
              {
                type: "company",
                id: "c2",
                company_id: "acme",
                user_count: 0,
                tags: { type: "tag.list", tags: [{ type: "tag", id: "t1", name: "vip" }] },
              },
              { type: "company", id: "c3", company_id: 42 },
              { type: "company", company_id: "no-id" },
              {
                type: "contact",
                id: "u1",
                external_id: "ext-1",
                email: "a@x.test",
                name: "Ada",
                role: "lead",
                last_seen_at: 5,
              },
              { type: "contact", id: "u2", role: "admin" },
              { type: "contact", id: "u3", email: "only@x.test", role: "user" },
              { type: "contact", id: "u1", external_id: "second-sight" },
              { type: "tag", id: "t2", name: "standalone" },
              { type: "tag", id: "t1", name: "renamed later" },
              { type: "tag", id: "t3" },
              { type: "segment", id: "s3", name: "Everyone" },
              { type: "segment", id: "s4", name: "People", person_type: "contact" },
              { type: "segment", id: "s1", name: "renamed later" },
            ],
          }),
        },
      },
    },
  },
  components: {
    schemas: {
      Upsert: {
        type: "object",
        required: ["company_id"],
        properties: {
          company_id: { type: "string" },
          name: { type: "string" },
          size: { type: "integer" },
          website: { type: "string" },
          plan: { type: "string" },
          custom_attributes: { type: "object" },
          session_count: { type: "integer" },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

describe("specExampleFixtures", () => {
  // Built in each test, not once for the file: mutation testing credits a mutant to the tests
  // that run its code.
  const build = () => specExampleFixtures(createSpecModel(document));

  it("keeps each example company once, with the fields a client can set", () => {
    expect(build().companies).toEqual([
      {
        id: "c1",
        company_id: "acme",
        name: "Acme",
        size: 10,
        website: "https://acme.test",
        session_count: 3,
        plan: "Pro",
        custom_attributes: { paid: true, seats: 9, tier: "gold" },
      },
      // Its company_id was taken: its id stands in.
      { id: "c2", company_id: "c2" },
    ]);
  });

  it("makes every example contact, keyed, attached to the companies with users", () => {
    expect(build().contacts).toEqual([
      {
        id: "u1",
        external_id: "ext-1",
        email: "a@x.test",
        name: "Ada",
        role: "lead",
        last_seen_at: 5,
        companies: ["acme"],
      },
      { id: "u2", external_id: "u2", companies: ["acme"] },
      { id: "u3", email: "only@x.test", role: "user", companies: ["acme"] },
    ]);
  });

  it("makes the tags and segments the companies carry and those shown alone", () => {
    expect(build().tags).toEqual([
      { id: "t1", name: "vip", companies: ["acme", "c2"] },
      { id: "t2", name: "standalone", companies: [] },
    ]);
    expect(build().segments).toEqual([
      { id: "s1", name: "Leads", person_type: "contact", companies: ["acme"] },
      { id: "s2", name: "Users", person_type: "user", companies: ["acme"] },
      { id: "s3", name: "Everyone", person_type: "user", companies: [] },
      { id: "s4", name: "People", person_type: "contact", companies: [] },
    ]);
  });

  it("makes nothing of a document whose examples show no records", () => {
    const bare = {
      openapi: "3.1.0",
      info: { title: "bare", version: "1" },
      paths: { "/x": { get: { operationId: "x", responses: { "204": { description: "none" } } } } },
    } as unknown as OpenApiDocument;
    expect(specExampleFixtures(createSpecModel(bare))).toEqual({
      companies: [],
      contacts: [],
      tags: [],
      segments: [],
    });
  });
});
