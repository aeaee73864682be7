// Realistic demo data, the same for the same seed: companies with plans, spend, custom
// attributes, contacts (some companies have none, so list and scroll differ), tags and segments.
import type { FixtureCompany, FixtureContact, Fixtures } from "./fixtures.ts";

const INDUSTRIES = [
  "Software",
  "Financial Services",
  "Healthcare",
  "Retail",
  "Education",
  "Manufacturing",
  "Media",
  "Logistics",
];
const PLANS = ["Starter", "Pro", "Premium", "Enterprise"];
const TAGS = ["enterprise", "trial", "churn-risk", "vip", "partner"];
const SEGMENTS = ["Active", "New", "Slipping away", "High value"];

/** Builds `companies` demo companies (with contacts, tags and segments) from `seed`. */
export async function demoFixtures(
  seed: number,
  companies: number,
  nowSeconds: number,
): Promise<Fixtures> {
  // Loaded only when demo data is asked for: faker is large.
  const { faker } = await import("@faker-js/faker");
  faker.seed(seed);
  const list: FixtureCompany[] = [];
  const contacts: FixtureContact[] = [];
  for (let i = 1; i <= companies; i++) {
    const name = faker.company.name();
    const domain = `${faker.internet.domainWord()}-${i}.example.com`;
    const companyId = `demo-${String(i).padStart(5, "0")}`;
    const plan = faker.helpers.arrayElement(PLANS);
    const company: FixtureCompany = {
      company_id: companyId,
      name,
      plan,
      size: faker.number.int({ min: 2, max: 5000 }),
      website: `https://www.${domain}`,
      industry: faker.helpers.arrayElement(INDUSTRIES),
      monthly_spend: faker.number.int({ min: 0, max: 20_000 }),
      session_count: faker.number.int({ min: 0, max: 5000 }),
      remote_created_at: nowSeconds - faker.number.int({ min: 86_400, max: 4 * 365 * 86_400 }),
      custom_attributes: {
        paid_subscriber: plan !== "Starter",
        team_mates: faker.number.int({ min: 1, max: 60 }),
        region: faker.helpers.arrayElement(["NA", "EMEA", "APAC", "LATAM"]),
      },
      tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
      segments: faker.helpers.arrayElements(SEGMENTS, { min: 0, max: 2 }),
    };
    list.push(company);
    // About one company in six has no contacts: it is left out of lists, as in Intercom.
    const contactCount = faker.number.int({ min: 0, max: 5 });
    for (let j = 0; j < contactCount; j++) {
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      contacts.push({
        external_id: `${companyId}-user-${j + 1}`,
        email: `${first}.${last}.${i}.${j + 1}@${domain}`
          .toLowerCase()
          .replace(/[^a-z0-9.@-]/g, ""),
        name: `${first} ${last}`,
        role: faker.helpers.weightedArrayElement([
          { weight: 4, value: "user" as const },
          { weight: 1, value: "lead" as const },
        ]),
        last_seen_at: nowSeconds - faker.number.int({ min: 60, max: 90 * 86_400 }),
        companies: [companyId],
      });
    }
  }
  return {
    companies: list,
    contacts,
    tags: TAGS.map((name) => ({ name })),
    segments: SEGMENTS.map((name) => ({ name, person_type: "user" as const })),
  };
}
