import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isAlive } from "@intercom-toolkit/server-process";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { HELP, options } from "../src/cli-options.ts";
import type { ContractResult } from "../src/index.ts";
import type { Fault } from "./fixtures/fault-layer.ts";
import { faults } from "./fixtures/faults-more.ts";
import {
  combine,
  companiesOf,
  faultLayer,
  freshToken,
  noContactsApi,
  OVERSIZED_BYTES,
} from "./helpers.ts";

// The published bin, run with plain node as a user would.
const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");
const out = mkdtempSync(join(tmpdir(), "intercom-contract-"));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(
  args: string[],
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, INTERCOM_ACCESS_TOKEN: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const fault = (id: string): Fault => {
  const found = faults.find((f) => f.id === id);
  if (!found) throw new Error(`No fault ${id}`);
  return found;
};
const small = ["--oversized-bytes", String(OVERSIZED_BYTES)];

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "pnpm build" first`);
});

describe("intercom-contract", () => {
  it("documents every flag in --help", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toBe(HELP);
    for (const [name, spec] of Object.entries(options)) {
      expect(stdout, name).toContain(`--${name}`);
      if ("short" in spec) expect(stdout).toContain(`-${spec.short}, --${name}`);
    }
  });

  it("prints its version", async () => {
    const { code, stdout } = await cli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [
      ["--target", "http://127.0.0.1:9", "--frobnicate"],
      /^intercom-contract: Unknown option '--frobnicate' \(see intercom-contract --help\)$/m,
    ],
    [[], /--target <url> is required/],
    [["--target", "not a url"], /is not a URL/],
    [["--target", "http://127.0.0.1:9", "--report", "out.html"], /use a \.json or \.xml file name/],
    [
      ["--target", "http://127.0.0.1:9", "--timeout", "soon"],
      /--timeout must be a positive number/,
    ],
    [
      ["--target", "http://127.0.0.1:9", "--oversized-bytes", "lots"],
      /--oversized-bytes must be a positive number of bytes/,
    ],
    [
      ["--target", "http://127.0.0.1:9", "--shapes-only", "--check-behaviour"],
      /--shapes-only checks no behaviour: drop --check-behaviour/,
    ],
  ])("rejects bad flags %j with one line and exit code 2", async (args, message) => {
    const { code, stderr, stdout } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout).toBe("");
  });

  it("reports a target that is down in one line, exit code 2", async () => {
    // Ports below 1024 need root to listen on: nothing listens on 4.
    const url = "http://127.0.0.1:4";
    const { code, stderr } = await cli(["--target", url]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `intercom-contract: The target ${url}/ is not reachable (ECONNREFUSED): start the server or check --target.`,
    );
  });

  it("passes against the Prism mock of the spec, with progress, table, coverage, times and reports", async () => {
    const json = join(out, "mock.json");
    const xml = join(out, "mock.xml");
    const run = await cli([
      "--target",
      inject("mockUrl"),
      "--contact-id",
      "6657a8126abd0160d35d1e4b",
      "--no-check-behaviour",
      ...small,
      "--report",
      json,
      "--report",
      xml,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Checking http:\/\/127\.0\.0\.1:\d+ through a Prism validation proxy \(pid \d+\) on http:\/\/127\.0\.0\.1:\d+, started in \d+ ms/,
    );
    expect(run.stdout).toMatch(
      /✓ upsertCompany create a company, writing every field of the request body: POST \/companies expects 200 → 200 \(\d+ ms\)/,
    );
    expect(run.stdout).toMatch(/│ detachContactFromCompany +│ 200 400 401 404 \(429\) +│ passed/);
    const operations = loadSpecModel().operations.length;
    expect(run.stdout).toMatch(
      new RegExp(
        `Coverage: ${operations}/${operations} operations, (\\d+)/\\1 provokable status codes exercised \\(\\d+ declared; \\d+ not provokable: 429, 500\\) — full`,
      ),
    );
    expect(run.stdout).toMatch(
      /Time: Prism started in .+, \d+ scenarios in .+ each on average\), total /,
    );
    expect(run.stdout).toMatch(/PASSED/);
    const report = JSON.parse(readFileSync(json, "utf8")) as ContractResult;
    expect(report.ok).toBe(true);
    expect(report.scenarios.length).toBeGreaterThan(40);
    const junit = readFileSync(xml, "utf8");
    expect(junit).toMatch(/^<\?xml/);
    expect(junit.match(/<testsuite /g)).toHaveLength(operations);
    expect(junit).not.toContain("<failure");
    expect(junit).toMatch(/not provokable: 429, 500/);
  });

  it("passes against the sandbox with every behaviour check (the default)", async () => {
    const layer = await faultLayer();
    const token = freshToken("cli-honest");
    const run = await cli(["--target", layer.url, "--token", token, ...small]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/PASSED/);
    expect(run.code).toBe(0);
    // The contact it created is deleted, or named as left behind (the sandbox has no DELETE /contacts/{id}).
    const contact = /created (\S+) through the target's POST \/contacts/.exec(run.stdout)?.[1];
    expect(contact).toBeDefined();
    if (run.stdout.includes("clean-up:"))
      expect(run.stdout).toMatch(new RegExp(`clean-up: could not delete contact ${contact}`));
    expect(await companiesOf(token)).toEqual([]);
  });

  it("exits 1 on incomplete coverage even with no violation, as its README says", async () => {
    const layer = await faultLayer(noContactsApi);
    const json = join(out, "incomplete.json");
    const run = await cli([
      "--target",
      layer.url,
      "--token",
      freshToken("cli-incomplete"),
      ...small,
      "--report",
      json,
    ]);
    const report = JSON.parse(readFileSync(json, "utf8")) as ContractResult;
    expect(report.violations).toEqual([]);
    expect(report.coverage.full).toBe(false);
    expect(run.stdout).toMatch(/FAILED: incomplete coverage\./);
    expect(run.code).toBe(1);
  });

  it("fails against a faulty server, naming every planted fault in the reports", async () => {
    const planted = [
      "created-at-string",
      "delete-answers-204",
      "industry-dropped",
      "html-404",
      "401-code-bad-request",
    ].map(fault);
    const layer = await faultLayer(combine("several", planted));
    const json = join(out, "faulty.json");
    const xml = join(out, "faulty.xml");
    const run = await cli([
      "--target",
      layer.url,
      "--token",
      freshToken("cli-faulty"),
      ...small,
      "--report",
      json,
      "--report",
      xml,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED: \d+ violation\(s\)/);
    const report = JSON.parse(readFileSync(json, "utf8")) as ContractResult;
    for (const f of planted) {
      const expected = f.expect;
      expect(
        report.violations.some(
          (v) =>
            v.scenario === expected?.scenario &&
            v.kind === expected.kind &&
            expected.message.test(v.message),
        ),
        `${f.description}: ${JSON.stringify(report.violations, null, 1)}`,
      ).toBe(true);
      // The table names it too, on its operation's row.
      expect(run.stdout).toContain(expected?.scenario.split(".")[1]);
    }
    const junit = readFileSync(xml, "utf8");
    expect(junit).toContain("204 is not declared for deleteCompany");
    expect(junit).toMatch(/answered 404 with a body that is not JSON/);
  });

  it("stops Prism on Ctrl-C and exits 130, leaving no process behind", async () => {
    const layer = await faultLayer(undefined, { delayMs: 200 });
    const token = freshToken("cli-sigint");
    let sent = false;
    const run = await cli(["--target", layer.url, "--token", token], (stdout, child) => {
      if (!sent && /✓ upsertCompany/.test(stdout)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGINT, stopping Prism/);
    const pid = Number(/Prism validation proxy \(pid (\d+)\)/.exec(run.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
    expect(await companiesOf(token)).toEqual([]);
  });
});
