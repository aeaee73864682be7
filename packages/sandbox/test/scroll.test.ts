import { describe, expect, it } from "vitest";
import type { Fixtures } from "../src/index.ts";
import { type CompanyBody, startSandbox } from "./helpers.ts";

interface ScrollBody {
  type: "list";
  data: CompanyBody[];
  pages: null;
  total_count: null;
  scroll_param: string;
}

describe("GET /companies/scroll", () => {
  it("yields each of 25,000 companies exactly once, while companies are updated and created", async () => {
    const total = 25_000;
    const fixtures: Fixtures = {
      token: "scroll-token",
      companies: Array.from({ length: total }, (_, i) => ({
        company_id: `c-${i}`,
        name: `Company ${i}`,
      })),
    };
    const { sandbox, as } = await startSandbox({ fixtures });
    try {
      const api = as("scroll-token");
      const seen = new Map<string, number>();
      let param: string | undefined;
      let pages = 0;
      for (;;) {
        const answer = await api.call<ScrollBody>("GET", "/companies/scroll", {
          ...(param ? { query: { scroll_param: param } } : {}),
        });
        expect(answer.status).toBe(200);
        if (param) expect(answer.body.scroll_param).toBe(param);
        param = answer.body.scroll_param;
        if (answer.body.data.length === 0) break;
        pages++;
        for (const company of answer.body.data) {
          seen.set(company.company_id, (seen.get(company.company_id) ?? 0) + 1);
        }
        if (pages % 50 === 0) {
          // Writes during the scroll neither repeat nor skip companies, and new ones wait for
          // the next scroll.
          const first = answer.body.data[0] as CompanyBody;
          await api.call("PUT", `/companies/${first.id}`, { body: { name: "renamed" } });
          await api.call("POST", "/companies", { body: { company_id: `new-${pages}` } });
        }
      }
      expect(pages).toBe(total / 50);
      expect(seen.size).toBe(total);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      for (let i = 0; i < total; i += 997) expect(seen.has(`c-${i}`)).toBe(true);
      expect([...seen.keys()].some((id) => id.startsWith("new-"))).toBe(false);
      // After the end the scroll stays empty until it expires.
      const after = await api.call<ScrollBody>("GET", "/companies/scroll", {
        query: { scroll_param: String(param) },
      });
      expect(after.body.data).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it("expires a scroll_param one minute after the request that returned it, and keeps it per workspace", async () => {
    let clock = Date.UTC(2025, 0, 1);
    const { sandbox, api, as } = await startSandbox({
      now: () => clock,
      fixtures: {
        companies: Array.from({ length: 120 }, (_, i) => ({ company_id: `e-${i}` })),
      },
      token: "expiry-token",
    });
    try {
      const owner = as("expiry-token");
      const first = await owner.call<ScrollBody>("GET", "/companies/scroll");
      expect(first.body).toMatchObject({ type: "list", pages: null, total_count: null });
      expect(first.body.data).toHaveLength(50);
      const param = first.body.scroll_param;

      // Another workspace cannot use it.
      const stolen = await api.call("GET", "/companies/scroll", { query: { scroll_param: param } });
      expect(stolen.status).toBe(404);

      clock += 59_000;
      const second = await owner.call<ScrollBody>("GET", "/companies/scroll", {
        query: { scroll_param: param },
      });
      expect(second.body.data[0]?.company_id).toBe("e-50");
      clock += 60_001;
      const expired = await owner.call("GET", "/companies/scroll", {
        query: { scroll_param: param },
      });
      expect(expired.status).toBe(404);
      expect(expired.body.errors).toEqual([
        {
          code: "not_found",
          message:
            "Scroll parameter not found or expired. Start a new scroll without scroll_param.",
          field: "scroll_param",
        },
      ]);
      const unknown = await owner.call("GET", "/companies/scroll", {
        query: { scroll_param: "made-up" },
      });
      expect(unknown.status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });

  it("includes companies without contacts, unlike the lists", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      await api.call("POST", "/companies", { body: { company_id: "alone" } });
      const scroll = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(scroll.body.data.map((c) => c.company_id)).toEqual(["alone"]);
      const listed = await api.call<{ total_count: number }>("POST", "/companies/list");
      expect(listed.body.total_count).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
