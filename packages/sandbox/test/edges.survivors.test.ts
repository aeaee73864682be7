// Edges outside src/http/ for the mutants of the fifth StrykerJS run that no test killed: the
// documents read once per process (a served spec is never kept for the next sandbox; its `$ref`s
// resolve against the document they are in; a property named `$ref` stays one), the start of a
// scroll (no company left answers the empty page at once, even while an earlier scroll is open; a
// scroll being opened is open for another client), a page answered although another process ended
// its scroll meanwhile, `--rate-limit 1/…`, and the URL of a sandbox on a host given by name. Each
// test starts what it checks inside its own `it` (StrykerJS credits code run outside a test to
// none).
import { type OpenApiDocument, readSpecDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { absoluteRefs } from "../src/documents.ts";
import { createSandbox } from "../src/index.ts";
import { parseRateLimit } from "../src/rate-limit.ts";
import { SqliteStorage } from "../src/store/index.ts";
import { type CompanyBody, startSandbox } from "./helpers.ts";
import { freshDb } from "./support/backend.ts";

type Json = Record<string, unknown>;

/** The bundled Companies spec, to edit and serve with the `spec` option. */
function editableSpec(): { paths: Record<string, Record<string, Json & { parameters?: Json[] }>> } {
  return structuredClone(readSpecDocument()) as unknown as {
    paths: Record<string, Record<string, Json & { parameters?: Json[] }>>;
  };
}

interface ScrollBody {
  type: "list";
  data: CompanyBody[];
  scroll_param: string;
}

describe("the documents", () => {
  it("serve the bundled spec to a sandbox started after one with a served spec", async () => {
    const edited = editableSpec();
    const byId = edited.paths["/companies/{id}"];
    if (!byId?.get) throw new Error("The spec has no GET /companies/{id}");
    delete byId.get;
    const served = await startSandbox({ spec: edited as unknown as OpenApiDocument });
    try {
      const missing = await served.api.call<{ errors: unknown[] }>("GET", "/companies/none", {
        allowUndeclared: [404],
      });
      expect(missing.body.errors).toEqual([
        {
          code: "not_found",
          message: "No such operation: GET /companies/none. GET / lists the operations.",
        },
      ]);
    } finally {
      await served.sandbox.close();
    }
    const bundled = await startSandbox();
    try {
      const answer = await bundled.api.call<{ errors: unknown[] }>("GET", "/companies/none");
      expect(answer.status).toBe(404);
      expect(answer.body.errors).toEqual([
        { code: "company_not_found", message: "Company Not Found" },
      ]);
    } finally {
      await bundled.sandbox.close();
    }
  });

  it("resolve a relative $ref to a whole document against the document it is in", async () => {
    const edited = editableSpec();
    const companyId = edited.paths["/companies"]?.get?.parameters?.find(
      (parameter) => parameter.name === "company_id",
    );
    if (!companyId) throw new Error("The spec has no company_id query parameter");
    // The additions document (next to the spec, under the same base) as a schema: any value.
    companyId.schema = { anyOf: [{ $ref: "openapi-additions.json#" }] };
    const { sandbox, api } = await startSandbox({ spec: edited as unknown as OpenApiDocument });
    try {
      const answer = await api.call<{ errors: unknown[] }>("GET", "/companies", {
        query: { company_id: "none" },
      });
      expect(answer.status).toBe(404);
      expect(answer.body.errors).toEqual([
        { code: "company_not_found", message: "Company Not Found" },
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("keep a property named $ref as a schema, not as a reference", () => {
    const schema = {
      type: "object",
      properties: { $ref: { type: "string" }, other: { $ref: "#/components/schemas/Company" } },
    };
    expect(absoluteRefs(schema, "https://example.test/spec.json")).toEqual({
      type: "object",
      properties: {
        $ref: { type: "string" },
        other: { $ref: "https://example.test/spec.json#/components/schemas/Company" },
      },
    });
  });
});

describe("the start of a scroll", () => {
  it("answers the empty page at once when no company is left, even with an earlier scroll open", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const created = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "only" },
      });
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(first.body.data.map((company) => company.company_id)).toEqual(["only"]);
      await api.call("DELETE", `/companies/${created.body.id}`);
      // The first scroll is still open (its empty page was never asked for).
      const again = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual([]);
      expect(again.body.scroll_param).not.toBe(first.body.scroll_param);
    } finally {
      await sandbox.close();
    }
  });

  it("is open for another client while its first page is read: a second start is refused", async () => {
    const store = new SqliteStorage(":memory:", () => Math.floor(Date.now() / 1000));
    const scrollPage = store.companies.scrollPage.bind(store.companies);
    let rival: Promise<{ status: number; body: unknown }> | undefined;
    const { sandbox, api } = await startSandbox({ store });
    // The first start's page is read only once a second start has been answered.
    store.companies.scrollPage = async (...args) => {
      if (!rival) {
        rival = api.call("GET", "/companies/scroll", { allowUndeclared: [400] });
        await rival;
      }
      return scrollPage(...args);
    };
    try {
      await api.call("POST", "/companies", { body: { company_id: "first" } });
      const first = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(first.status).toBe(200);
      expect(first.body.data.map((company) => company.company_id)).toEqual(["first"]);
      const second = await rival;
      expect(second?.status).toBe(400);
      expect(second?.body).toMatchObject({
        errors: [
          {
            code: "bad_request",
            message:
              "A scroll is already open for this workspace, and a workspace can have only one at a time: continue it with its scroll_param until an empty page ends it, or start again once it has expired (one minute after its last use).",
          },
        ],
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe("a scroll page", () => {
  it("is answered once this request moved the scroll on, even if another process ends the scroll right after", async () => {
    const store = new SqliteStorage(":memory:", () => Math.floor(Date.now() / 1000));
    const scrolls = store.scrolls;
    const advance = scrolls.advance.bind(scrolls);
    // Another process (a restart injected by its chaos, say) closes the scroll the moment this
    // one has moved it on.
    scrolls.advance = async (ws, id, fromParam, next) => {
      const moved = await advance(ws, id, fromParam, next);
      if (moved) await scrolls.close(ws, id);
      return moved;
    };
    const { sandbox, api } = await startSandbox({ store });
    try {
      await api.call("POST", "/companies", { body: { company_id: "kept" } });
      const page = await api.call<ScrollBody>("GET", "/companies/scroll");
      expect(page.status).toBe(200);
      expect(page.body.data.map((company) => company.company_id)).toEqual(["kept"]);
      // Its parameter leads nowhere: the scroll is over.
      const next = await api.call<{ errors: unknown[] }>("GET", "/companies/scroll", {
        query: { scroll_param: page.body.scroll_param },
      });
      expect(next.status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});

describe("--rate-limit", () => {
  it.each([
    ["1/10s", 1, 10],
    ["1/s", 1, 1],
  ])("allows a single request: %j is %d in %d-second windows", (text, limit, windowSeconds) => {
    expect(parseRateLimit(text)).toEqual({ limit, windowSeconds });
  });
});

describe("the sandbox's URL", () => {
  it("names the host as given, when it is neither IPv6 nor 0.0.0.0", async () => {
    // 127.1 is 127.0.0.1 written short: the server listens there.
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false, host: "127.1" });
    try {
      expect(sandbox.url).toBe(`http://127.1:${sandbox.port}`);
      const response = await fetch(`${sandbox.url}/companies/none`, {
        headers: { authorization: "Bearer url-host" },
      });
      expect(response.status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});
