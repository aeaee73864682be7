// The contract tests of @intercom-toolkit/contract-tests, run against the sandbox: every
// operation and every status a client can provoke, through Prism's validation proxy.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runContract } from "@intercom-toolkit/contract-tests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../src/index.ts";
import { freshDb } from "./support/backend.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ rateLimit: false, demo: 5, db: await freshDb() });
});
afterAll(() => sandbox.close());

describe("contract", () => {
  it("honours the spec for every scenario, with full coverage and consistent behaviour", async () => {
    const result = await runContract({
      target: sandbox.url,
      token: "contract-token",
      checkBehaviour: true,
    });
    expect(result.violations).toEqual([]);
    expect(result.scenarios.filter((s) => s.outcome !== "passed")).toEqual([]);
    expect(result.coverage.full).toBe(true);
    expect(result.coverage.operations.exercised).toBe(result.coverage.operations.declared);
    expect(result.ok).toBe(true);
  });

  it("passes the intercom-contract command", async () => {
    const require = createRequire(import.meta.url);
    const cli = join(
      dirname(require.resolve("@intercom-toolkit/contract-tests/package.json")),
      "dist/cli.js",
    );
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          [
            cli,
            "--target",
            sandbox.url,
            "--token",
            "contract-cli-token",
            "--check-behaviour",
            "--quiet",
          ],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr.on("data", (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.on("close", (exitCode) => resolve({ code: exitCode, output }));
      },
    );
    expect(output).toMatch(/PASSED/);
    expect(output).toMatch(/— full/);
    expect(code, output).toBe(0);
  });
});
