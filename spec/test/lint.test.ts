// Spectral lints the bundled spec with spectral:oas and this project's ruleset: zero errors and
// zero warnings. A deliberately broken copy proves each project rule fires.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bundledSpecPath, type JsonObject, loadSpec, specDir } from "./helpers.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const spectralEntry = join(
  dirname(require.resolve("@stoplight/spectral-cli/package.json")),
  "dist",
  "index.js",
);

interface SpectralResult {
  code: string;
  message: string;
  severity: number;
  path: string[];
}

async function lint(file: string): Promise<SpectralResult[]> {
  const args = [
    spectralEntry,
    "lint",
    "--quiet",
    "--format",
    "json",
    "--ruleset",
    join(specDir, ".spectral.yaml"),
    file,
  ];
  // Spectral exits non-zero when it finds errors; its JSON is on stdout either way.
  const { stdout } = await run(process.execPath, args, { cwd: specDir }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout?.trim().startsWith("["))
        throw new Error(`Spectral failed: ${error.stderr}`);
      return { stdout: error.stdout };
    },
  );
  return JSON.parse(stdout.trim() || "[]") as SpectralResult[];
}

describe("Spectral", () => {
  it("finds no error, warning, info or hint in the spec", async () => {
    const results = await lint(bundledSpecPath);
    expect(
      results.map((result) => `${result.code} at ${result.path.join(".")}: ${result.message}`),
    ).toEqual([]);
  });

  it("catches an operation that breaks each project rule", async () => {
    const spec = loadSpec();
    const paths = spec.paths as Record<string, Record<string, JsonObject>>;
    const upsert = paths["/companies"]?.post as JsonObject;
    const retrieve = paths["/companies/{id}"]?.get as JsonObject;
    const update = paths["/companies/{id}"]?.put as JsonObject;
    const upsertResponses = upsert.responses as Record<string, JsonObject>;
    const upsertOk = upsertResponses["200"] as JsonObject;
    delete ((upsertOk.content as JsonObject)["application/json"] as JsonObject).examples;
    delete (retrieve.responses as JsonObject)["429"];
    (retrieve.responses as JsonObject)["404"] = {
      description: "Not found",
      content: { "application/json": { schema: { type: "object" } } },
    };
    delete update.description;
    delete update.operationId;
    delete update["x-toolkit-idempotent"];
    (retrieve as JsonObject)["x-toolkit-helpers"] = ["Companies retrieve"];
    const list = paths["/companies/list"]?.post as JsonObject;
    (list["x-toolkit-pagination"] as JsonObject).style = "cursor";
    const dir = mkdtempSync(join(tmpdir(), "spec-lint-"));
    const broken = join(dir, "openapi.json");
    writeFileSync(broken, JSON.stringify(spec));
    const codes = new Set(
      (await lint(broken).finally(() => rmSync(dir, { recursive: true, force: true }))).map(
        (result) => result.code,
      ),
    );
    expect([...codes]).toEqual(
      expect.arrayContaining([
        "every-operation-has-a-2xx-example",
        "every-operation-declares-errors",
        "error-responses-use-error-list",
        "every-error-response-has-an-example",
        "operation-description",
        "operation-operationId",
        "toolkit-operation-metadata",
        "toolkit-pagination",
      ]),
    );
  });
});
