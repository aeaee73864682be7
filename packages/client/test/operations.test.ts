// The helpers are hand-written; the spec's x-toolkit-helpers says which operation each wraps.
// These tests fail, naming the operation, when one is missing or stale.
import { readFileSync } from "node:fs";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { operationTable } from "@intercom-toolkit/types";
import { describe, expect, it } from "vitest";
import { createIntercomClient } from "./support/client.ts";
import { scriptedFetch } from "./support/scripted-fetch.ts";

const model = loadSpecModel();
const client = createIntercomClient({
  token: "t",
  fetch: scriptedFetch([]).fetch,
}) as unknown as Record<string, Record<string, unknown>>;
const namespaces = ["companies", "contacts"];
const clientHelpers = namespaces.flatMap((namespace) =>
  Object.keys(client[namespace] ?? {}).map((name) => `${namespace}.${name}`),
);
const named = model.operations.flatMap((operation) =>
  operation.helpers.map((helper) => ({ operationId: operation.operationId, helper })),
);

describe("the helpers and the spec's x-toolkit-helpers", () => {
  it.each(named)("$operationId names $helper, which the client has", ({ operationId, helper }) => {
    const [namespace = "", name = ""] = helper.split(".");
    expect(
      typeof client[namespace]?.[name],
      `${operationId}: x-toolkit-helpers names ${helper}, which the client lacks`,
    ).toBe("function");
  });

  it("has no helper that no operation's x-toolkit-helpers names", () => {
    const stale = clientHelpers.filter((helper) => !named.some((entry) => entry.helper === helper));
    expect(
      stale,
      "helpers no operation names: add them to x-toolkit-helpers or remove them",
    ).toEqual([]);
  });

  it("runs on the generated operation table, which matches the model", () => {
    expect(Object.keys(operationTable).sort()).toEqual(
      model.operations.map((operation) => operation.operationId).sort(),
    );
    for (const operation of model.operations)
      expect(operationTable[operation.operationId as keyof typeof operationTable]).toMatchObject({
        method: operation.method,
        path: operation.path,
        idempotent: operation.idempotent,
      });
  });
});

describe("the helpers' documentation", () => {
  // What editors show: the JSDoc of each helper in the published declarations.
  const declarations = readFileSync(new URL("../dist/helpers.d.mts", import.meta.url), "utf8");
  const apis: Record<string, string> = { companies: "CompaniesApi", contacts: "ContactsApi" };

  it.each(named)("$operationId: $helper has an @example and a @throws", ({ helper }) => {
    const [namespace = "", name = ""] = helper.split(".");
    const api = declarations.slice(declarations.indexOf(`interface ${apis[namespace]} {`));
    const body = api.slice(0, api.indexOf("\n}"));
    const member = body.indexOf(`\n  ${name}(`);
    expect(member, `${helper} is declared in ${apis[namespace]}`).toBeGreaterThan(0);
    const doc = body.slice(body.lastIndexOf("/**", member), member);
    expect(doc).toContain("@example");
    expect(doc).toContain("@throws");
  });
});
