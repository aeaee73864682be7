import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Client, type CompanyBody, type ListBody, pool, startSandbox } from "./helpers.ts";

/** Every company of a scroll, from its start or (with `from`) from an open scroll's parameter. */
async function scrollAll(api: Client, from?: string): Promise<CompanyBody[]> {
  const all: CompanyBody[] = [];
  let param: string | undefined = from;
  for (;;) {
    const page = await api.call<{ data: CompanyBody[]; scroll_param: string }>(
      "GET",
      "/companies/scroll",
      {
        ...(param ? { query: { scroll_param: param } } : {}),
      },
    );
    if (page.body.data.length === 0) return all;
    all.push(...page.body.data);
    param = page.body.scroll_param;
  }
}

describe("concurrency", () => {
  it("200 concurrent upserts over 20 company_ids leave exactly 20 companies", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          api.call<CompanyBody>("POST", "/companies", {
            body: {
              company_id: `race-${i % 20}`,
              name: `writer ${i}`,
              custom_attributes: { [`w${i}`]: i },
            },
          }),
        ),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const idsByCompanyId = new Map<string, Set<string>>();
      for (const { body } of answers) {
        const ids = idsByCompanyId.get(body.company_id) ?? new Set();
        ids.add(body.id);
        idsByCompanyId.set(body.company_id, ids);
      }
      expect(idsByCompanyId.size).toBe(20);
      expect([...idsByCompanyId.values()].every((ids) => ids.size === 1)).toBe(true);
      const stored = await scrollAll(api);
      expect(stored).toHaveLength(20);
      // Every writer's custom attribute was merged in, none lost to a race.
      for (const company of stored) {
        const n = Number(company.company_id.slice("race-".length));
        const expected = Array.from({ length: 10 }, (_, k) => `w${n + 20 * k}`);
        expect(Object.keys(company.custom_attributes).sort()).toEqual(
          [...expected, "creation_source"].sort(),
        );
      }
    } finally {
      await sandbox.close();
    }
  });

  it("concurrent attaches of 60 contacts leave user_count at 60", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const company = (
        await api.call<CompanyBody>("POST", "/companies", { body: { company_id: "crowd" } })
      ).body;
      const contacts = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          api.call<{ id: string }>("POST", "/contacts", { body: { external_id: `p${i}` } }),
        ),
      );
      await Promise.all(
        contacts.flatMap(({ body }) => [
          api.call("POST", `/contacts/${body.id}/companies`, { body: { id: company.id } }),
          api.call("POST", `/contacts/${body.id}/companies`, { body: { id: company.id } }),
        ]),
      );
      const after = await api.call<CompanyBody>("GET", `/companies/${company.id}`);
      expect(after.body.user_count).toBe(60);
      const listed = await api.call<ListBody>("GET", `/companies/${company.id}/contacts`, {
        query: { per_page: 150 },
      });
      expect(listed.body.total_count).toBe(60);
    } finally {
      await sandbox.close();
    }
  });
});

describe("workspace isolation", () => {
  it("1,000 random cross-token probes see and change nothing of another workspace", async () => {
    const { sandbox, as } = await startSandbox();
    try {
      const owner = as("owner-token");
      const companies: CompanyBody[] = [];
      for (let i = 0; i < 10; i++) {
        companies.push(
          (
            await owner.call<CompanyBody>("POST", "/companies", {
              body: { company_id: `secret-${i}`, name: `Secret ${i}` },
            })
          ).body,
        );
      }
      const person = (
        await owner.call<{ id: string }>("POST", "/contacts", {
          body: { external_id: "secret-person" },
        })
      ).body;
      for (const c of companies.slice(0, 5)) {
        await owner.call("POST", `/contacts/${person.id}/companies`, { body: { id: c.id } });
      }
      const tag = (
        await owner.call<{ id: string }>("POST", "/tags", {
          body: { name: "secret-tag", companies: companies.map((c) => ({ id: c.id })) },
        })
      ).body;
      const before = JSON.stringify(await scrollAll(owner));
      // A scroll left open while the intruder probes its parameter (one per workspace).
      const scroll = (await owner.call<{ scroll_param: string }>("GET", "/companies/scroll")).body
        .scroll_param;

      const intruder = as("intruder-token");
      const intruderContact = (
        await intruder.call<{ id: string }>("POST", "/contacts", {
          body: { external_id: "secret-person" },
        })
      ).body;
      const secrets = [
        ...companies.map((c) => c.id),
        person.id,
        tag.id,
        companies[0]?.app_id as string,
      ];

      const companyArb = fc.constantFrom(...companies);
      const probe = fc.oneof(
        companyArb.map((c) => ["GET", `/companies/${c.id}`, undefined] as const),
        companyArb.map((c) => ["PUT", `/companies/${c.id}`, { name: "pwned" }] as const),
        companyArb.map((c) => ["DELETE", `/companies/${c.id}`, undefined] as const),
        companyArb.map((c) => ["GET", `/companies/${c.id}/contacts`, undefined] as const),
        companyArb.map((c) => ["GET", `/companies/${c.id}/segments`, undefined] as const),
        companyArb.map((c) => ["GET", `/companies?company_id=${c.company_id}`, undefined] as const),
        companyArb.map(
          (c) =>
            ["GET", `/companies?name=${encodeURIComponent(String(c.name))}`, undefined] as const,
        ),
        companyArb.map(
          (c) => ["POST", `/contacts/${intruderContact.id}/companies`, { id: c.id }] as const,
        ),
        companyArb.map(
          (c) => ["DELETE", `/contacts/${person.id}/companies/${c.id}`, undefined] as const,
        ),
        companyArb.map(
          (c) => ["POST", "/tags", { name: "mine", companies: [{ id: c.id }] }] as const,
        ),
        fc.constant(["GET", `/companies?tag_id=${tag.id}`, undefined] as const),
        fc.constant(["GET", `/contacts/${person.id}`, undefined] as const),
        fc.constant(["GET", `/contacts/${person.id}/companies`, undefined] as const),
        fc.constant(["GET", `/companies/scroll?scroll_param=${scroll}`, undefined] as const),
        fc.constant(["POST", "/companies/list", undefined] as const),
        fc.constant(["GET", "/companies/scroll", undefined] as const),
        fc.constant(["GET", "/tags", undefined] as const),
      );
      const tokens = fc.oneof(
        fc.constant("intruder-token"),
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
      );
      const probes = fc.sample(fc.tuple(probe, tokens), { numRuns: 1000, seed: 42 });
      const answers = await pool(
        16,
        probes.map(([[method, path, body], token]) => () => {
          const [pathname = path, search] = path.split("?");
          const query = search ? Object.fromEntries(new URLSearchParams(search)) : undefined;
          return as(token === "owner-token" ? "intruder-token" : token).call(method, pathname, {
            ...(body ? { body } : {}),
            ...(query ? { query } : {}),
          });
        }),
      );
      for (const answer of answers) {
        const text = JSON.stringify(answer.body);
        for (const secret of secrets) expect(text).not.toContain(secret);
        expect(answer.status === 200 || answer.status === 404).toBe(true);
      }
      expect(answers.filter((a) => a.status === 404).length).toBeGreaterThan(500);
      // The owner's workspace is exactly as it was (its open scroll ended first).
      await scrollAll(owner, scroll);
      expect(JSON.stringify(await scrollAll(owner))).toBe(before);
      expect((await owner.call<{ data: unknown[] }>("GET", "/tags")).body.data).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  });
});
