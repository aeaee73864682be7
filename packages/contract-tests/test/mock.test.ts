import { isAlive } from "@intercom-toolkit/server-process";
import { describe, expect, inject, it } from "vitest";
import { startMock } from "../src/index.ts";

const auth = { Authorization: "Bearer t" };

describe("startMock", () => {
  it("serves the spec's examples (the mock from the global setup)", async () => {
    const res = await fetch(`${inject("mockUrl")}/companies/6657a8066abd0160d35d1e16`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      type: "company",
      id: "6657a8066abd0160d35d1e16",
      name: "company1",
    });
  });

  it("fails loudly on requests that break the spec", async () => {
    const url = inject("mockUrl");
    const noToken = await fetch(`${url}/companies/6657a8066abd0160d35d1e16`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("sl-violations")).toMatch(/Invalid security scheme/);
    const badBody = await fetch(`${url}/companies/6657a8066abd0160d35d1e16`, {
      method: "PUT",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ company_id: "not allowed here" }),
    });
    expect(badBody.status).toBe(400);
    expect(badBody.headers.get("sl-violations")).toMatch(
      /additional properties; found 'company_id'/,
    );
    const badQuery = await fetch(`${url}/companies?per_page=1000`, { headers: auth });
    expect(badQuery.status).toBe(400);
    expect(badQuery.headers.get("sl-violations")).toMatch(/per_page/);
  });

  it("generates answers from the schemas with dynamic, and stops completely", async () => {
    const mock = await startMock({ dynamic: true });
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${mock.url}/companies/6657a8066abd0160d35d1e16`, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get("sl-violations")).toBeNull();
      const body = (await res.json()) as { type: string; id: string };
      expect(body.type).toBe("company");
      expect(body.id).not.toBe("6657a8066abd0160d35d1e16"); // generated, not the example
    } finally {
      await mock.stop();
    }
    expect(isAlive(mock.pid)).toBe(false);
    await expect(fetch(mock.url)).rejects.toThrow();
  });

  it("listens on the port asked for (a port in use makes it fail, saying so)", async () => {
    // The global mock holds its port: asking for it proves the option reaches Prism, with no
    // port freed and re-bound.
    const taken = Number(new URL(inject("mockUrl")).port);
    await expect(startMock({ port: taken, startTimeoutSeconds: 20 })).rejects.toThrow(
      /EADDRINUSE|address already in use/i,
    );
  });

  it("says why when Prism cannot start", async () => {
    await expect(
      startMock({ spec: "/nonexistent/openapi.yaml", startTimeoutSeconds: 20 }),
    ).rejects.toThrow(/Prism mock exited before it was ready/);
  });
});
