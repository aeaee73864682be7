// The demo data (`--demo`) as data: what each company and contact holds, within which bounds,
// and that a seed gives the same workspace every time.
import { describe, expect, it } from "vitest";
import { demoFixtures } from "../src/demo.ts";

const NOW = 1_700_000_000;
const DAY = 86_400;

describe("demoFixtures", () => {
  it("makes the companies asked for, numbered, with realistic fields", async () => {
    const companies = (await demoFixtures(1, 40, NOW)).companies ?? [];
    expect(companies.map((c) => c.company_id)).toEqual(
      Array.from({ length: 40 }, (_, i) => `demo-${String(i + 1).padStart(5, "0")}`),
    );
    for (const [index, company] of companies.entries()) {
      expect(company.name).toMatch(/\S/);
      expect(company.website).toMatch(
        new RegExp(`^https://www\\.[a-z0-9-]+-${index + 1}\\.example\\.com$`),
      );
      expect(company.size).toBeGreaterThanOrEqual(2);
      expect(company.size).toBeLessThanOrEqual(5000);
      expect(company.monthly_spend).toBeGreaterThanOrEqual(0);
      expect(company.monthly_spend).toBeLessThanOrEqual(20_000);
      expect(company.session_count).toBeGreaterThanOrEqual(0);
      expect(company.session_count).toBeLessThanOrEqual(5000);
      expect(company.remote_created_at).toBeLessThanOrEqual(NOW - DAY);
      expect(company.remote_created_at).toBeGreaterThanOrEqual(NOW - 4 * 365 * DAY);
      const attributes = company.custom_attributes as Record<string, unknown>;
      expect(attributes.paid_subscriber).toBe(company.plan !== "Starter");
      expect(attributes.team_mates).toBeGreaterThanOrEqual(1);
      expect(attributes.team_mates).toBeLessThanOrEqual(60);
      expect(["NA", "EMEA", "APAC", "LATAM"]).toContain(attributes.region);
    }
    // Every plan and region comes up in 40 companies.
    expect(new Set(companies.map((c) => c.plan)).has("Starter")).toBe(true);
    expect(
      new Set(companies.map((c) => (c.custom_attributes as { region: string }).region)).size,
    ).toBe(4);
  });

  it("gives most companies a few contacts of their own", async () => {
    const fixtures = await demoFixtures(1, 40, NOW);
    const companies = fixtures.companies ?? [];
    const contacts = fixtures.contacts ?? [];
    expect(contacts.length).toBeGreaterThan(40);
    const byCompany = new Map<string, number>();
    for (const contact of contacts) {
      const [companyId] = contact.companies ?? [];
      expect(contact.companies).toHaveLength(1);
      const count = (byCompany.get(String(companyId)) ?? 0) + 1;
      byCompany.set(String(companyId), count);
      expect(contact.external_id).toBe(`${companyId}-user-${count}`);
      const index = Number(String(companyId).slice(5));
      expect(contact.email).toMatch(
        new RegExp(`^[a-z0-9.@-]+\\.${index}\\.${count}@[a-z0-9-]+-${index}\\.example\\.com$`),
      );
      expect(contact.name).toMatch(/^\S+( \S+)+$/);
      expect(["user", "lead"]).toContain(contact.role);
      expect(contact.last_seen_at).toBeLessThanOrEqual(NOW - 60);
      expect(contact.last_seen_at).toBeGreaterThanOrEqual(NOW - 90 * DAY);
    }
    for (const count of byCompany.values()) expect(count).toBeLessThanOrEqual(5);
    // Some companies have none: lists leave them out, as Intercom's do.
    expect(byCompany.size).toBeLessThan(companies.length);
    expect(byCompany.size).toBeGreaterThan(companies.length / 2);
  });

  it("is the same for the same seed, and another for another seed", async () => {
    const one = await demoFixtures(7, 5, NOW);
    expect(await demoFixtures(7, 5, NOW)).toEqual(one);
    expect((await demoFixtures(8, 5, NOW)).companies?.map((c) => c.name)).not.toEqual(
      one.companies?.map((c) => c.name),
    );
  });

  it("makes nothing for 0 companies", async () => {
    const empty = await demoFixtures(1, 0, NOW);
    expect(empty.companies).toEqual([]);
    expect(empty.contacts).toEqual([]);
  });
});
