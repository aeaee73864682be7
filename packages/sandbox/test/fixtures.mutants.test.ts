// Fixtures in this process: what readFixtures says about a bad file, and what a workspace holds
// once fixtures are applied (every contact field, ids given or made, tags and segments by name).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { afterAll, describe, expect, it } from "vitest";
import { readFixtures } from "../src/fixtures.ts";
import { createSandbox } from "../src/index.ts";
import { freshDb } from "./support/backend.ts";

const model = loadSpecModel();
const dir = mkdtempSync(join(tmpdir(), "sandbox-fixtures-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readFixtures", () => {
  it("says a file that is not JSON is not, naming the file", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ nope");
    expect(() => readFixtures(file, model)).toThrow(
      new RegExp(`^The fixtures file ${file.replaceAll("/", "\\/")} is not valid JSON: `),
    );
  });

  it("names an unknown property and where it is, in a file and in an object", () => {
    const file = join(dir, "extra.json");
    writeFileSync(file, JSON.stringify({ companies: [{ company_id: "a", colour: "red" }] }));
    expect(() => readFixtures(file, model)).toThrow(
      new Error(
        `Invalid ${file}: /companies/0 has an unknown property "colour". See @intercom-toolkit/sandbox/fixtures.schema.json.`,
      ),
    );
    expect(() => readFixtures({ bogus: 1 } as never, model)).toThrow(
      new Error(
        'Invalid fixtures: (top level) has an unknown property "bogus". See @intercom-toolkit/sandbox/fixtures.schema.json.',
      ),
    );
  });

  it("passes on Ajv's words for other mistakes", () => {
    expect(() => readFixtures({ companies: [{ company_id: 5 }] } as never, model)).toThrow(
      new Error(
        "Invalid fixtures: /companies/0/company_id must be string. See @intercom-toolkit/sandbox/fixtures.schema.json.",
      ),
    );
  });
});

describe("applied fixtures", () => {
  it("hold every field of a contact, and the tags and segments named", async () => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      token: "fixtures",
      fixtures: {
        companies: [
          { company_id: "acme", name: "Acme", tags: ["vip", "new"], segments: ["Big"] },
          { company_id: "beta", tags: ["vip"] },
        ],
        contacts: [
          {
            id: "6b0f00000000000000000001",
            external_id: "ada",
            email: "ada@acme.test",
            role: "lead",
            name: "Ada",
            last_seen_at: 1_700_000_000,
            companies: ["acme"],
          },
          { email: "bob@acme.test", companies: ["acme"] },
        ],
        tags: [{ id: "77", name: "vip" }],
        segments: [{ id: "s-big", name: "Big", person_type: "user" }],
      },
    });
    const get = async (path: string) =>
      (await (
        await fetch(`${sandbox.url}${path}`, { headers: { authorization: "Bearer fixtures" } })
      ).json()) as Record<string, unknown>;
    try {
      type Listed = { data: { id: string; tags: { tags: { id: string; name: string }[] } }[] };
      const [found] = ((await get("/companies?company_id=acme")) as Listed).data;
      if (!found) throw new Error("acme is missing");
      expect(found.tags.tags.map((tag) => tag.name).sort()).toEqual(["new", "vip"]);
      expect(found.tags.tags.find((tag) => tag.name === "vip")?.id).toBe("77");
      const segments = (await get(`/companies/${found.id}/segments`)) as {
        data: { id: string; name: string }[];
      };
      expect(segments.data).toMatchObject([{ id: "s-big", name: "Big" }]);
      const contacts = (await get(`/companies/${found.id}/contacts`)) as {
        data: Record<string, unknown>[];
      };
      expect(contacts.data).toHaveLength(2);
      expect(contacts.data).toContainEqual(
        expect.objectContaining({
          id: "6b0f00000000000000000001",
          external_id: "ada",
          email: "ada@acme.test",
          role: "lead",
          name: "Ada",
          last_seen_at: 1_700_000_000,
        }),
      );
      expect(contacts.data).toContainEqual(
        expect.objectContaining({ email: "bob@acme.test", role: "user", name: null }),
      );
      const [beta] = ((await get("/companies?company_id=beta")) as Listed).data;
      expect(beta?.tags.tags.map((tag) => tag.id)).toEqual(["77"]);
    } finally {
      await sandbox.close();
    }
  });

  it("refuses a contact attached to a company the fixtures do not have, naming both", async () => {
    await expect(
      createSandbox({
        db: await freshDb(),
        fixtures: { contacts: [{ external_id: "lost", companies: ["nowhere"] }] },
      }),
    ).rejects.toThrow('Fixture contact lost names company_id "nowhere", which no company has.');
    await expect(
      createSandbox({
        db: await freshDb(),
        fixtures: { tags: [{ name: "t", companies: ["nowhere"] }] },
      }),
    ).rejects.toThrow('Fixture tag "t" names company_id "nowhere", which no company has.');
  });
});
