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
        // Each page names the next one with a parameter of its own (the empty, last page has
        // no next: it answers with the parameter it was sent).
        if (param && answer.body.data.length > 0) expect(answer.body.scroll_param).not.toBe(param);
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
      // The end expires the scroll: its parameter is gone, and a new scroll may start.
      const after = await api.call("GET", "/companies/scroll", {
        query: { scroll_param: String(param) },
      });
      expect(after.status).toBe(404);
      expect((await api.call("GET", "/companies/scroll")).status).toBe(200);
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
        query: { scroll_param: second.body.scroll_param },
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

  it("keeps one open scroll per workspace: a second start waits for the end or the expiry", async () => {
    let clock = Date.UTC(2025, 0, 1);
    const { sandbox, as } = await startSandbox({
      now: () => clock,
      fixtures: { companies: Array.from({ length: 120 }, (_, i) => ({ company_id: `o-${i}` })) },
      token: "one-scroll",
    });
    try {
      const api = as("one-scroll");
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(first.status).toBe(200);
      const second = await api.call("GET", "/companies/scroll");
      expect(second.status).toBe(400);
      expect(String((second.body.errors as { message: string }[])[0]?.message)).toMatch(
        /only one at a time/,
      );
      // Another workspace is not held up.
      await as("other-scroll").call("POST", "/companies", { body: { company_id: "x" } });
      expect((await as("other-scroll").call("GET", "/companies/scroll")).status).toBe(200);
      // Unused for a minute, the scroll expires and a new one may start.
      clock += 60_001;
      expect((await api.call("GET", "/companies/scroll")).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it("answers a scroll_param sent twice (a retry, or two consumers at once) with the same page: never a split", async () => {
    const { sandbox, as } = await startSandbox({
      fixtures: { companies: Array.from({ length: 160 }, (_, i) => ({ company_id: `r-${i}` })) },
      token: "replay",
    });
    try {
      const api = as("replay");
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      const param = first.body.scroll_param;
      const ids = (page: ScrollBody) => page.data.map((c) => c.company_id);
      // Two continuations of one parameter at once: both get the same page and the same next.
      const [a, b] = await Promise.all([
        api.call<ScrollBody>("GET", "/companies/scroll", { query: { scroll_param: param } }),
        api.call<ScrollBody>("GET", "/companies/scroll", { query: { scroll_param: param } }),
      ]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(ids(a.body)).toEqual(ids(b.body));
      expect(ids(a.body)[0]).toBe("r-50");
      expect(a.body.scroll_param).toBe(b.body.scroll_param);
      // Following the chain reaches every company exactly once.
      const seen = [...ids(first.body), ...ids(a.body)];
      let next = a.body.scroll_param;
      for (;;) {
        const page = await api.call<ScrollBody>("GET", "/companies/scroll", {
          query: { scroll_param: next },
        });
        if (page.body.data.length === 0) break;
        seen.push(...ids(page.body));
        next = page.body.scroll_param;
      }
      expect(seen).toHaveLength(160);
      expect(new Set(seen).size).toBe(160);
      // A parameter older than the last two is gone.
      expect(
        (await api.call("GET", "/companies/scroll", { query: { scroll_param: param } })).status,
      ).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});
