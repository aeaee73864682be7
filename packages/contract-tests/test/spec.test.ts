import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { declaredStatuses, isProvokable, loadSpec, scenarios } from "../src/index.ts";

const model = loadSpecModel();

describe("loadSpec", () => {
  it("reads the bundled spec through the spec model", async () => {
    const spec = await loadSpec();
    expect(spec.model.operations.map((op) => op.operationId)).toEqual(
      model.operations.map((op) => op.operationId),
    );
    expect(spec.file).toMatch(/openapi\.json$/);
  });

  it("reads a YAML document given by the user into the same model", async () => {
    const yaml = createRequire(import.meta.url).resolve("@intercom-toolkit/spec/openapi.yaml");
    const [fromYaml, fromJson] = await Promise.all([loadSpec(yaml), loadSpec()]);
    expect(fromYaml.file).toBe(yaml);
    const shape = (s: typeof fromJson) =>
      s.model.operations.map((op) => [op.operationId, op.method, op.path, declaredStatuses(op)]);
    expect(shape(fromYaml)).toEqual(shape(fromJson));
  });

  it("says what is wrong with a file that is not a spec", async () => {
    const file = join(tmpdir(), `not-a-spec-${process.pid}.json`);
    writeFileSync(file, '{"hello": "world"}');
    await expect(loadSpec(file)).rejects.toThrow(/cannot be read: Not an OpenAPI 3 document/);
    await expect(loadSpec(join(tmpdir(), "missing-spec.yaml"))).rejects.toThrow(
      /Cannot read the spec/,
    );
  });
});

describe("the scenarios", () => {
  it("find their operation in the spec", () => {
    const unknown = scenarios.filter(
      (s) => !model.operations.some((op) => op.operationId === s.operationId),
    );
    expect(unknown.map((s) => `${s.id} (${s.operationId})`)).toEqual([]);
  });

  it("provoke every provokable declared status of every operation", () => {
    const missing = model.operations.flatMap((op) =>
      declaredStatuses(op)
        .filter(isProvokable)
        .filter(
          (status) =>
            !scenarios.some((s) => s.operationId === op.operationId && s.expect === status),
        )
        .map((status) => `${op.operationId} ${status}`),
    );
    expect(missing, "operations and statuses without a scenario").toEqual([]);
  });

  it("have unique ids of the form <operationId>.<name>", () => {
    const ids = scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of scenarios) expect(s.id.startsWith(`${s.operationId}.`), s.id).toBe(true);
  });
});

describe("the README", () => {
  it("lists exactly the scenarios that write (those --shapes-only skips)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const listed = /<!-- writes:start -->(.*)<!-- writes:end -->/s.exec(readme)?.[1] ?? "";
    expect([...listed.matchAll(/`([\w.]+)`/g)].map((m) => m[1])).toEqual(
      scenarios.filter((s) => s.writes).map((s) => s.id),
    );
  });
});
