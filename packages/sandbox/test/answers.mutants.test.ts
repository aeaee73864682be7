// Small answers whose exact content no other test pinned down: CORS headers, the sandbox's
// description, a contact's role and name, a missing contact's words, the next page's link.
import type { FastifyReply, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corsStep } from "../src/http/plugins/cors.ts";
import type { Sandbox } from "../src/index.ts";
import { type Client, startSandbox } from "./helpers.ts";

describe("the CORS step", () => {
  // Made in each test, not once for the file: mutation testing credits a mutant to the tests
  // that run its code.
  function run(method: string, origin?: string) {
    const step = corsStep({
      origins: ["http://localhost:4321"],
      methods: ["GET", "POST"],
      allowedHeaders: ["authorization", "content-type"],
      exposedHeaders: ["x-request-id", "x-ratelimit-limit"],
      maxAgeSeconds: 600,
    });
    const headers: Record<string, string> = {};
    let status: number | undefined;
    let sent = false;
    const reply = {
      header(name: string, value: string) {
        headers[name] = value;
        return reply;
      },
      headers(values: Record<string, string>) {
        Object.assign(headers, values);
        return reply;
      },
      code(code: number) {
        status = code;
        return reply;
      },
      send() {
        sent = true;
        return reply;
      },
    } as unknown as FastifyReply;
    const request = {
      method,
      headers: origin === undefined ? {} : { origin },
    } as unknown as FastifyRequest;
    const answered = step(request, reply);
    return { answered, headers, status, sent };
  }

  it("says only that answers vary by Origin when there is none, or one not allowed", () => {
    for (const origin of [undefined, "http://elsewhere.test"]) {
      expect(run("GET", origin)).toEqual({
        answered: false,
        headers: { vary: "Origin" },
        status: undefined,
        sent: false,
      });
    }
  });

  it("lets an allowed page read the answer and its headers", () => {
    expect(run("GET", "http://localhost:4321")).toEqual({
      answered: false,
      headers: {
        vary: "Origin",
        "access-control-allow-origin": "http://localhost:4321",
        "access-control-expose-headers": "x-request-id, x-ratelimit-limit",
      },
      status: undefined,
      sent: false,
    });
  });

  it("answers an allowed preflight itself", () => {
    expect(run("OPTIONS", "http://localhost:4321")).toEqual({
      answered: true,
      headers: {
        vary: "Origin",
        "access-control-allow-origin": "http://localhost:4321",
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "authorization, content-type",
        "access-control-max-age": "600",
        "content-length": "0",
      },
      status: 204,
      sent: true,
    });
  });
});

describe("over HTTP", () => {
  let sandbox: Sandbox;
  let api: Client;
  beforeAll(async () => {
    ({ sandbox, api } = await startSandbox());
  });
  afterAll(() => sandbox.close());

  it("describes itself to anyone, token or not", async () => {
    const answer = await api.call("GET", "/", { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: "intercom-sandbox",
      description:
        "A stateful local Intercom Companies API: what you create you can find, update, list, scroll, attach and delete.",
      authentication:
        "Send Authorization: Bearer <any token>. Each distinct token is its own, isolated workspace.",
    });
  });

  it("creates a contact as a user unless asked for a lead, with the name it was given", async () => {
    const lead = await api.call("POST", "/contacts", {
      body: { external_id: "lead-1", role: "lead", name: null },
    });
    expect(lead.body).toMatchObject({ role: "lead", name: null });
    const user = await api.call("POST", "/contacts", {
      body: { external_id: "user-1", name: "Ada" },
    });
    expect(user.body).toMatchObject({ role: "user", name: "Ada" });
  });

  it("says a contact it does not have is not found, in Intercom's words", async () => {
    const answer = await api.call("GET", "/contacts/nobody/companies", { allowUndeclared: [404] });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      errors: [{ code: "not_found", message: "User Not Found" }],
    });
  });

  it("links the next page with the page size asked for", async () => {
    const company = await api.call<{ id: string }>("POST", "/companies", {
      body: { company_id: "paged" },
    });
    for (const id of ["p1", "p2", "p3"]) {
      const contact = await api.call<{ id: string }>("POST", "/contacts", {
        body: { external_id: id },
      });
      await api.call("POST", `/contacts/${contact.body.id}/companies`, {
        body: { id: company.body.id },
      });
    }
    const answer = await api.call<{ pages: { next: string | null } }>(
      "GET",
      `/companies/${company.body.id}/contacts`,
      { query: { per_page: 2 } },
    );
    const next = new URL(answer.body.pages.next ?? "");
    expect(next.searchParams.get("page")).toBe("2");
    expect(next.searchParams.get("per_page")).toBe("2");
  });
});
