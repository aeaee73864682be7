// The core client and its plugins: helpers() adds the named helpers; any plugin's namespaces join
// the client's; a plugin's calls go through the client's retries, and a bad plugin is refused.
import { describe, expect, it } from "vitest";
import { helpers } from "../src/helpers.ts";
import {
  createIntercomClient,
  IntercomConfigurationError,
  type IntercomPlugin,
} from "../src/index.ts";
import { company, json, scriptedFetch } from "./support/scripted-fetch.ts";

describe("plugins", () => {
  it("leaves the named helpers out of the core client", () => {
    const client = createIntercomClient({ token: "t", fetch: scriptedFetch([]).fetch });
    expect(Object.keys(client)).not.toContain("companies");
    expect(typeof client.GET).toBe("function");
    expect(typeof client.use).toBe("function");
  });

  it("adds them with helpers(), calls going through the client's retries", async () => {
    const scripted = scriptedFetch([json({}, 503), json(company("c1"))]);
    const client = createIntercomClient({
      token: "t",
      fetch: scripted.fetch,
      retry: { minDelayMs: 0 },
      plugins: [helpers()],
    });
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(scripted.requests).toHaveLength(2);
  });

  it("joins the namespaces of several plugins", () => {
    const extra: IntercomPlugin<{ companies: { count: () => number } }> = () => ({
      companies: { count: () => 1 },
    });
    const client = createIntercomClient({
      token: "t",
      fetch: scriptedFetch([]).fetch,
      plugins: [helpers(), extra],
    });
    expect(client.companies.count()).toBe(1);
    expect(typeof client.companies.find).toBe("function");
    expect(typeof client.contacts.attachCompany).toBe("function");
  });

  it.each([
    ["a plugin that is not a function", { plugins: [{}] }],
    ["a throttle that is not a function", { throttle: true }],
  ])("refuses %s, saying what to pass", (_case, options) => {
    expect(() => createIntercomClient({ token: "t", ...(options as object) })).toThrowError(
      new IntercomConfigurationError(
        "createIntercomClient(): throttle and plugins take what throttle() and helpers() of @intercom-toolkit/client/… return",
      ),
    );
  });
});
