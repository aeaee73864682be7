// CONTRIBUTING.md's "add a field", walked on a copy of the repository: an optional property added
// to Company and to both company request bodies in spec/openapi.yaml, then the build. The types
// carry it, the docs show it, spec:diff calls it compatible, the contract suite still passes
// against the sandbox, the sandbox stores and answers it, and no other file needed an edit.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  copyWorkspace,
  type WorkspaceCopy,
} from "../../packages/release-tools/test/workspace-copy.ts";
import { command, copyEnv, mustRun } from "./commands.ts";

const FIELD = "region";
const DESCRIPTION = "The region the company is based in, as the customer names it.";
const SCHEMAS = ["Company", "CreateOrUpdateCompanyRequest", "UpdateCompanyRequest"];

let copy: WorkspaceCopy;

/** Adds the optional property to a component schema, right under its `properties:`. */
function addProperty(yaml: string, schema: string): string {
  const start = yaml.indexOf(`\n    ${schema}:\n`);
  const properties = yaml.indexOf("\n      properties:\n", start);
  if (start === -1 || properties === -1) {
    throw new Error(
      `spec/openapi.yaml has no components.schemas.${schema}.properties; update this test.`,
    );
  }
  const at = properties + "\n      properties:\n".length;
  const property = [
    `        ${FIELD}:`,
    "          type: string",
    `          description: ${DESCRIPTION}`,
    "          examples: [EMEA]",
    "",
  ].join("\n");
  return yaml.slice(0, at) + property + yaml.slice(at);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  // The files git would commit, installed from pnpm's store, committed in a repository of its own.
  copy = await copyWorkspace(copyEnv);
  const specFile = join(copy.root, "spec", "openapi.yaml");
  writeFileSync(specFile, SCHEMAS.reduce(addProperty, readFileSync(specFile, "utf8")));
  // `pnpm build` of everything the checks below use (the client is not among them).
  mustRun(copy.root, "pnpm", [
    "run",
    "build",
    "--filter=@intercom-toolkit/types",
    "--filter=docs",
    "--filter=@intercom-toolkit/sandbox",
    "--filter=@intercom-toolkit/contract-tests",
  ]);
}, 900_000);
afterAll(() => copy?.remove());

describe("adding an optional field to Company and its request bodies", () => {
  it("needs no edit but the spec: the build regenerates the types and the fixtures schema, nothing else changes", () => {
    const changed = [
      ...copy.git("diff", "--name-only", "HEAD").split("\n"),
      ...copy.git("ls-files", "--others", "--exclude-standard").split("\n"),
    ].filter((file) => file !== "");
    expect(changed.sort()).toEqual([
      "packages/sandbox/fixtures.schema.json",
      "packages/types/src/generated/openapi.ts",
      "spec/openapi.yaml",
    ]);
  });

  it("the types carry it, optional, on the company and both request bodies", () => {
    const generated = readFileSync(
      join(copy.root, "packages", "types", "src", "generated", "openapi.ts"),
      "utf8",
    );
    expect(generated.match(new RegExp(`^\\s+${FIELD}\\?: string;$`, "gm"))).toHaveLength(
      SCHEMAS.length,
    );
    const declarations = readFileSync(
      join(copy.root, "packages", "types", "dist", "index.d.mts"),
      "utf8",
    );
    expect(declarations).toContain(`${FIELD}?: string;`);
  });

  it("the docs show it", () => {
    const pages = filesUnder(join(copy.root, "apps", "docs", "dist")).filter((file) =>
      file.endsWith(".html"),
    );
    const showing = pages.filter((file) => readFileSync(file, "utf8").includes(DESCRIPTION));
    expect(showing.length, "no built docs page shows the new field's description").toBeGreaterThan(
      0,
    );
  });

  it("spec:diff calls it compatible", () => {
    const diff = command(copy.root, process.execPath, [
      "packages/release-tools/src/cli.ts",
      "spec-diff",
      "HEAD",
    ]);
    expect(diff.stderr).toBe("");
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/ 0 breaking, [1-9]\d* non-breaking/);
    for (const schema of SCHEMAS)
      expect(diff.stdout).toContain(`+ ${schema}.${FIELD}: optional property added`);
  });

  describe("against the copy's sandbox", () => {
    let sandbox: RunningServer;
    beforeAll(async () => {
      sandbox = await startServer({
        name: "intercom-sandbox",
        entry: join(copy.root, "packages", "sandbox", "bin", "intercom-sandbox.js"),
        args: ["--port", "0", "--db", ":memory:"],
        env: copyEnv,
        readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
      });
    }, 60_000);
    afterAll(() => sandbox?.stop());

    it("the contract suite still passes", () => {
      const contract = command(copy.root, process.execPath, [
        "packages/contract-tests/bin/intercom-contract.js",
        "--target",
        sandbox.url,
        "--token",
        "add-a-field",
        "--quiet",
      ]);
      expect(contract.code, contract.stdout + contract.stderr).toBe(0);
    }, 300_000);

    it("the sandbox stores the field and answers it", async () => {
      const headers = {
        Authorization: "Bearer add-a-field-store",
        "Intercom-Version": "2.7",
        "Content-Type": "application/json",
      };
      const created = await fetch(`${sandbox.url}/companies`, {
        method: "POST",
        headers,
        body: JSON.stringify({ company_id: "regional", name: "Regional", [FIELD]: "EMEA" }),
      });
      expect(created.status).toBe(200);
      const { id } = (await created.json()) as { id: string };
      const read = await fetch(`${sandbox.url}/companies/${id}`, { headers });
      expect(((await read.json()) as Record<string, unknown>)[FIELD]).toBe("EMEA");
    });
  });
});
