// Written to kill a mutant the suite let live: a run with no violation but incomplete coverage
// must fail (`ok: false`, and the CLI exits 1, as the README says). The spec given to the suite
// declares one more status for an operation than any scenario can provoke.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { describe, expect, inject, it } from "vitest";
import { runContract } from "../src/index.ts";

const contactId = "6657a8126abd0160d35d1e4b";
// The first operation the spec reads by path id; its 404 answer is the template of the new status.
const operation = loadSpecModel().operations.find(
  (candidate) =>
    candidate.method === "GET" && candidate.responses.some((answer) => answer.status === "404"),
);
if (!operation) throw new Error("the spec has no GET operation that declares a 404");
const EXTRA_STATUS = "409";

function specWithExtraStatus(): string {
  const bundled = createRequire(import.meta.url).resolve("@intercom-toolkit/spec/openapi.json");
  const document = JSON.parse(readFileSync(bundled, "utf8"));
  const responses = document.paths[operation?.path ?? ""][(operation?.method ?? "").toLowerCase()]
    .responses as Record<string, unknown>;
  responses[EXTRA_STATUS] = structuredClone(responses["404"]);
  const file = join(mkdtempSync(join(tmpdir(), "contract-coverage-")), "openapi.json");
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe("a run with no violation but a declared status nothing provoked", () => {
  const spec = specWithExtraStatus();
  const only = [operation.operationId];

  it("is not ok: coverage is not full", async () => {
    // The mock is stateless: shapes only, so the one thing wrong is the coverage.
    const result = await runContract({
      target: inject("mockUrl"),
      contactId,
      spec,
      only,
      checkBehaviour: false,
    });
    expect(result.violations).toEqual([]);
    expect(result.coverage.notCovered).toEqual([
      expect.objectContaining({ operationId: operation.operationId, status: Number(EXTRA_STATUS) }),
    ]);
    expect(result.coverage.full).toBe(false);
    expect(result.ok).toBe(false);
  });

  it("makes the CLI exit 1 and say why", async () => {
    const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");
    const args = [
      bin,
      "--target",
      inject("mockUrl"),
      "--contact-id",
      contactId,
      "--spec",
      spec,
      "--only",
      only.join(","),
      "--no-check-behaviour",
      "--quiet",
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(stdout).toContain("incomplete coverage");
    expect(code).toBe(1);
  });
});
