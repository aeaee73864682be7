// Handlers' answers (survivors of a StrykerJS run in src/handlers/): the pages of POST
// /companies/list and their `next` link, and the Scroll API's rules (spec/NOTES.md, decision 19):
// a parameter that is not the scroll's answers 404, a scroll expires one minute after its last
// use to the millisecond, and a page another process moved the scroll on from first (a shared
// storage) answers as a repeat of that page, unless the scroll has moved on again since.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Fixtures } from "../src/index.ts";
import { SqliteStorage } from "../src/store/index.ts";
import { type CompanyBody, startSandbox } from "./helpers.ts";

interface ScrollBody {
  type: "list";
  data: CompanyBody[];
  scroll_param: string;
}

interface ErrorBody {
  type: "error.list";
  errors: { code: string; message: string; field?: string }[];
}

const NOT_FOUND = {
  code: "not_found",
  message: "Scroll parameter not found or expired. Start a new scroll without scroll_param.",
  field: "scroll_param",
};

/** Three companies, each with a contact (POST /companies/list shows only those). */
const fixtures = (token: string): Fixtures => ({
  token,
  companies: ["a", "b", "c"].map((name) => ({ company_id: name, name })),
  contacts: ["a", "b", "c"].map((name) => ({ external_id: `u-${name}`, companies: [name] })),
});

describe("POST /companies/list", () => {
  it("counts its pages from the companies there are, and links the next one", async () => {
    const { sandbox, as } = await startSandbox({ fixtures: fixtures("pages") });
    try {
      const api = as("pages");
      const first = await api.call("POST", "/companies/list", { query: { per_page: 2 } });
      expect(first.status).toBe(200);
      expect(first.body.total_count).toBe(3);
      expect(first.body.pages).toEqual({
        type: "pages",
        next: `${sandbox.url}/companies/list?per_page=2&page=2`,
        page: 1,
        per_page: 2,
        total_pages: 2,
      });
      const last = await api.call("POST", "/companies/list", { query: { per_page: 2, page: 2 } });
      expect(last.body.pages).toEqual({
        type: "pages",
        next: null,
        page: 2,
        per_page: 2,
        total_pages: 2,
      });
      expect((last.body.data as unknown[]).length).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});

describe("GET /companies/scroll", () => {
  it("answers 404 to a scroll_param that is not the open scroll's", async () => {
    const { sandbox, as } = await startSandbox({ fixtures: fixtures("wrong-param") });
    try {
      const api = as("wrong-param");
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(first.body.data).toHaveLength(3);
      const wrong = await api.call<ErrorBody>("GET", "/companies/scroll", {
        query: { scroll_param: "00000000-0000-4000-8000-000000000000" },
      });
      expect(wrong.status).toBe(404);
      expect(wrong.body.errors).toEqual([NOT_FOUND]);
      // The scroll is still open, its own parameter still ends it.
      const end = await api.call<ScrollBody>("GET", "/companies/scroll", {
        query: { scroll_param: first.body.scroll_param },
      });
      expect(end.status).toBe(200);
      expect(end.body.data).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it("expires a scroll_param one minute after the answer that gave it, to the millisecond", async () => {
    let clock = 1_800_000_000_000;
    const { sandbox, as } = await startSandbox({ fixtures: fixtures("expiry"), now: () => clock });
    try {
      const api = as("expiry");
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      clock += 60_000;
      const late = await api.call<ErrorBody>("GET", "/companies/scroll", {
        query: { scroll_param: first.body.scroll_param },
      });
      expect(late.status).toBe(404);
      expect(late.body.errors).toEqual([NOT_FOUND]);
    } finally {
      await sandbox.close();
    }
  });

  /**
   * A storage whose scroll is moved on by "another process" `rivals` times, from the parameter
   * this process is about to move it on from, just before it does: what a shared backend may see.
   */
  function contestedStorage() {
    const store = new SqliteStorage(":memory:", () => Math.floor(Date.now() / 1000));
    const scrolls = store.scrolls;
    const advance = scrolls.advance.bind(scrolls);
    const rival = { moves: 0, params: [] as string[] };
    scrolls.advance = async (ws, id, fromParam, next) => {
      for (; rival.moves > 0; rival.moves--) {
        const current = await scrolls.current(ws);
        const param = randomUUID();
        rival.params.push(param);
        if (current) await advance(ws, id, current.param, { ...next, param });
      }
      return advance(ws, id, fromParam, next);
    };
    return { store, rival };
  }

  it("answers a page another process answered first as a repeat, with that process's next parameter", async () => {
    const { store, rival } = contestedStorage();
    const { sandbox, as } = await startSandbox({ store, fixtures: fixtures("contested") });
    try {
      const api = as("contested");
      rival.moves = 1;
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(first.status).toBe(200);
      expect(first.body.data.map((company) => company.company_id).sort()).toEqual(["a", "b", "c"]);
      expect(first.body.scroll_param).toBe(rival.params[0]);
    } finally {
      await sandbox.close();
    }
  });

  it("answers 404 when another process moved the scroll on twice meanwhile", async () => {
    const { store, rival } = contestedStorage();
    const { sandbox, as } = await startSandbox({ store, fixtures: fixtures("overtaken") });
    try {
      const api = as("overtaken");
      rival.moves = 2;
      const first = await api.call<ErrorBody>("GET", "/companies/scroll");
      expect(first.status).toBe(404);
      expect(first.body.errors).toEqual([NOT_FOUND]);
    } finally {
      await sandbox.close();
    }
  });
});
