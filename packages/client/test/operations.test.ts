import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../src/operations.ts";

const spec = JSON.parse(
  readFileSync(
    createRequire(import.meta.url).resolve("@intercom-toolkit/spec/openapi.json"),
    "utf8",
  ),
) as { paths: Record<string, Record<string, { operationId?: string }>> };

const fromSpec = Object.entries(spec.paths)
  .flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map(([method, operation]) => [operation.operationId, [method.toUpperCase(), path]] as const),
  )
  .sort(([a], [b]) => String(a).localeCompare(String(b)));

describe("the helpers' operation table", () => {
  it("names every operation of the spec with its method and path, and nothing else", () => {
    const table = Object.entries(OPERATIONS).sort(([a], [b]) => a.localeCompare(b));
    expect(table).toEqual(fromSpec.map(([id, target]) => [id, [...target]]));
    expect(table).toHaveLength(12);
  });
});
