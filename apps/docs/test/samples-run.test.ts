// Every sample runs as shown: each curl and TypeScript sample of every operation page (every
// version), and every runnable block of the guides, against a fresh sandbox holding the demo data
// of `pnpm start`, with INTERCOM_BASE_URL and INTERCOM_ACCESS_TOKEN set as the pages say. Each
// operation sample must answer the status its page promises (the operation's first 2xx), and
// nothing else; each guide block must exit 0. A summary is written to test-output/samples-run.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HelperProbe, probeClient } from "../src/lib/client-shape.ts";
import { withCodeSamples } from "../src/lib/generate.ts";
import { promisedStatus } from "../src/lib/samples.ts";
import {
  runShell,
  runTypeScript,
  runVitest,
  type SampleRun,
  startDemoSandbox,
} from "./support/run-samples.ts";
import { APP_DIR, expectedVersions, OUTPUT } from "./support/site.ts";

const versions = expectedVersions();
const next = versions.find((v) => v.entry.kind === "next")?.model;
const GUIDES = join(APP_DIR, "src/content/docs/guides");
let probe: HelperProbe;
const summary: {
  page: string;
  sample: string;
  expected: string;
  statuses: number[];
  exitCode: number;
}[] = [];

beforeAll(async () => {
  probe = await probeClient();
});
afterAll(() => {
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(join(OUTPUT, "samples-run.json"), `${JSON.stringify(summary, null, 2)}\n`);
});

/** The same sample text on two versions' pages is run once, on its own fresh sandbox. */
const runs = new Map<string, Promise<SampleRun>>();
function runOnFreshSandbox(name: string, lang: string, source: string): Promise<SampleRun> {
  const cached = runs.get(`${lang}\n${source}`);
  if (cached) return cached;
  const result = (async () => {
    const sandbox = await startDemoSandbox();
    try {
      return lang === "ts"
        ? await runTypeScript(name, source, sandbox.url, sandbox.token)
        : await runShell(source, sandbox.url, sandbox.token);
    } finally {
      await sandbox.stop();
    }
  })();
  runs.set(`${lang}\n${source}`, result);
  return result;
}

function explain(run: SampleRun): string {
  return `exit ${run.exitCode}, statuses ${run.statuses.join(",")}\nstdout: ${run.stdout.slice(0, 800)}\nstderr: ${run.stderr.slice(0, 800)}`;
}

describe("operation samples run as shown against the sandbox of pnpm start", () => {
  for (const { entry, model } of versions) {
    describe(entry.label, () => {
      for (const operation of model.operations) {
        it(`${operation.operationId}: every sample answers ${promisedStatus(operation)}`, async () => {
          const { samples } = withCodeSamples(model, probe, next ? { helpersFrom: next } : {});
          const shown = samples.get(operation.operationId) ?? [];
          expect(shown.map((s) => s.lang)).toContain("ts");
          expect(shown.map((s) => s.lang)).toContain("bash");
          const expected = promisedStatus(operation);
          for (const sample of shown) {
            const name = `${entry.slug}-${operation.operationId}-${sample.label}`;
            const run = await runOnFreshSandbox(name, sample.lang, sample.source);
            summary.push({
              page: `${entry.base}/operations/${operation.operationId.toLowerCase()}/`,
              sample: sample.label,
              expected: String(expected),
              statuses: run.statuses,
              exitCode: run.exitCode,
            });
            expect(run.exitCode, `${sample.label}: ${explain(run)}`).toBe(0);
            expect(
              run.statuses.length,
              `${sample.label} sent no request: ${explain(run)}`,
            ).toBeGreaterThan(0);
            for (const status of run.statuses) {
              expect(status, `${sample.label}: ${explain(run)}`).toBe(expected);
            }
            if (sample.lang === "bash") {
              // What curl prints is the API's JSON answer, not an error list.
              const last = run.stdout.trim();
              expect(JSON.parse(last).type, `${sample.label}: ${explain(run)}`).not.toBe(
                "error.list",
              );
            }
          }
        }, 180_000);
      }
    });
  }
});

interface GuideBlock {
  name: string;
  lang: "ts" | "sh";
  code: string;
}

/** Every ```ts block of the guides, and every ```sh block that is a curl call. */
function guideBlocks(): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  for (const entry of readdirSync(GUIDES)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()) {
    const text = readFileSync(join(GUIDES, entry), "utf8");
    let index = 0;
    for (const match of text.matchAll(/^```(ts|typescript|sh|bash)\b[^\n]*\n([\s\S]*?)^```/gm)) {
      index++;
      const code = match[2] ?? "";
      const lang = match[1] === "ts" || match[1] === "typescript" ? "ts" : "sh";
      if (lang === "sh" && !code.trimStart().startsWith("curl ")) continue;
      blocks.push({ name: `${entry.replace(/\.mdx?$/, "")} block ${index}`, lang, code });
    }
  }
  return blocks;
}

describe("the guides' blocks run as shown", () => {
  const blocks = guideBlocks();
  it("has curl and TypeScript blocks to run", () => {
    expect(blocks.some((b) => b.lang === "ts")).toBe(true);
    expect(blocks.some((b) => b.lang === "sh")).toBe(true);
  });
  for (const block of blocks) {
    it(`${block.name} (${block.lang}) exits 0`, async () => {
      const sandbox = await startDemoSandbox();
      let run: SampleRun;
      try {
        if (block.lang === "sh") run = await runShell(block.code, sandbox.url, sandbox.token);
        else if (/from "vitest"/.test(block.code))
          run = await runVitest(block.name, block.code, sandbox.url, sandbox.token);
        else
          run = await runTypeScript(`guide-${block.name}`, block.code, sandbox.url, sandbox.token);
      } finally {
        await sandbox.stop();
      }
      summary.push({
        page: `guides/${block.name}`,
        sample: block.lang,
        expected: "exit 0",
        statuses: run.statuses,
        exitCode: run.exitCode,
      });
      expect(run.exitCode, explain(run)).toBe(0);
      if (block.lang === "sh") {
        expect(run.statuses.length).toBeGreaterThan(0);
        for (const status of run.statuses) expect(status, explain(run)).toBeLessThan(400);
      }
    }, 180_000);
  }
});
