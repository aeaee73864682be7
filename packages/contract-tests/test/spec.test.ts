import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec, scenarios } from "../src/index.ts";

describe("loadSpec", () => {
  it("lists the 12 operations of the bundled spec with their declared status codes", async () => {
    const spec = await loadSpec();
    expect(spec.operations.map((op) => op.operationId).sort()).toEqual(
      [
        "attachContactToCompany",
        "deleteCompany",
        "detachContactFromCompany",
        "findCompanies",
        "listCompanies",
        "listCompanyContacts",
        "listCompanySegments",
        "listContactCompanies",
        "retrieveCompany",
        "scrollCompanies",
        "updateCompany",
        "upsertCompany",
      ].sort(),
    );
    const scroll = spec.operations.find((op) => op.operationId === "scrollCompanies");
    expect(scroll).toMatchObject({ method: "GET", path: "/companies/scroll" });
    expect(scroll?.statuses).toContain(500);
  });

  it("reads the YAML source as well", async () => {
    const yaml = createRequire(import.meta.url).resolve("@intercom-toolkit/spec/openapi.yaml");
    const [fromYaml, fromJson] = await Promise.all([loadSpec(yaml), loadSpec()]);
    expect(fromYaml.operations).toEqual(fromJson.operations);
  });

  it("says what is wrong with a file that is not a spec", async () => {
    const file = join(tmpdir(), `not-a-spec-${process.pid}.json`);
    writeFileSync(file, '{"hello": "world"}');
    await expect(loadSpec(file)).rejects.toThrow(/is not an OpenAPI 3 document/);
    await expect(loadSpec(join(tmpdir(), "missing-spec.yaml"))).rejects.toThrow(
      /Cannot read the spec/,
    );
  });

  it("has a scenario for every provokable declared status of every operation", async () => {
    const spec = await loadSpec();
    for (const op of spec.operations) {
      for (const status of op.statuses.filter((s) => s !== 429 && s < 500)) {
        expect(
          scenarios.some((s) => s.operationId === op.operationId && s.expect === status),
          `${op.operationId} ${status}`,
        ).toBe(true);
      }
    }
  });
});
