// Fixtures (survivors of a StrykerJS run in src/fixtures.ts): checking them prints nothing
// (Ajv's strict mode would warn about the schema's union types), a company that
// names no tag or segment gets none, a contact attached to no company loads, and a segment
// naming a company the fixtures lack is refused with words naming both; so are two entries of
// one kind that pin one id (SQLite's own UNIQUE error was all a user got).
import { createSpecModel, readSpecDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it, vi } from "vitest";
import { type Fixtures, readFixtures } from "../src/fixtures.ts";
import { createSandbox } from "../src/index.ts";
import { freshDb } from "./support/backend.ts";

describe("readFixtures", () => {
  it("checks fixtures against a spec without a word on the console", () => {
    const warn = vi.spyOn(console, "warn");
    try {
      // A model of its own: its validator is compiled here, not found compiled already.
      const model = createSpecModel(readSpecDocument());
      const fixtures = { companies: [{ company_id: "a", custom_attributes: { paid: true } }] };
      expect(readFixtures(fixtures, model)).toEqual(fixtures);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe("pinned ids", () => {
  const model = createSpecModel(readSpecDocument());

  it("refuses two entries of one kind that pin one id, naming both", () => {
    const cases: [Fixtures, string][] = [
      [
        {
          companies: [
            { company_id: "acme", id: "c1" },
            { company_id: "globex", id: "c1" },
          ],
        },
        'the companies "acme" and "globex" both pin the id "c1"',
      ],
      [
        {
          contacts: [
            { external_id: "ada", id: "k1" },
            { email: "bob@example.com", id: "k1" },
          ],
        },
        'the contacts "ada" and "bob@example.com" both pin the id "k1"',
      ],
      [
        {
          segments: [
            { name: "Active", id: "s1" },
            { name: "Dormant", id: "s1" },
          ],
        },
        'the segments "Active" and "Dormant" both pin the id "s1"',
      ],
      [
        {
          tags: [
            { name: "VIP", id: "1234567" },
            { name: "Churned", id: "1234567" },
          ],
        },
        'the tags "VIP" and "Churned" both pin the id "1234567"',
      ],
    ];
    for (const [fixtures, words] of cases) {
      expect(() => readFixtures(fixtures, model)).toThrow(
        `Invalid fixtures: ${words}. Give each its own id, or leave the id out.`,
      );
    }
  });

  it("accepts one record listed twice with its id, and ids shared across kinds", () => {
    const fixtures: Fixtures = {
      companies: [{ company_id: "acme", id: "x1" }],
      tags: [
        { name: "VIP", id: "x1", companies: ["acme"] },
        { name: "VIP", id: "x1" },
      ],
      segments: [{ name: "Active", id: "x1" }],
    };
    expect(readFixtures(fixtures, model)).toEqual(fixtures);
  });
});

describe("applied fixtures", () => {
  it("give a company that names no tag or segment none, and load a contact of no company", async () => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      rateLimit: false,
      token: "plain",
      fixtures: {
        companies: [{ company_id: "plain", name: "Plain" }],
        contacts: [{ external_id: "loner", name: "Loner" }],
      },
    });
    const get = async (path: string) =>
      (await (
        await fetch(`${sandbox.url}${path}`, { headers: { authorization: "Bearer plain" } })
      ).json()) as Record<string, unknown>;
    try {
      const listed = (await get("/companies?company_id=plain")) as {
        data: {
          id: string;
          user_count: number;
          tags: { tags: unknown[] };
          segments: { segments: unknown[] };
        }[];
      };
      const [plain] = listed.data;
      if (!plain) throw new Error("the company is missing");
      expect(plain.tags.tags).toEqual([]);
      expect(plain.segments.segments).toEqual([]);
      expect(plain.user_count).toBe(0);
      expect(await get(`/companies/${plain.id}/segments`)).toMatchObject({ data: [] });
    } finally {
      await sandbox.close();
    }
  });

  it("refuse a segment naming a company the fixtures do not have, naming both", async () => {
    await expect(
      createSandbox({
        db: await freshDb(),
        fixtures: { segments: [{ name: "Big", companies: ["nowhere"] }] },
      }),
    ).rejects.toThrow(
      new Error('Fixture segment "Big" names company_id "nowhere", which no company has.'),
    );
  });
});
