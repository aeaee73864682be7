import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@intercom-toolkit/server-process";
import type { TestProject } from "vitest/node";
import { startMock } from "../src/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
    sandboxUrl: string;
  }
}

/** Bodies above this size answer 413 from the sandbox of the tests (its --body-limit). */
export const SANDBOX_BODY_LIMIT = 65_536;

// The real sandbox of this repository, run from its build as a user runs it (turbo builds it first).
const sandboxCli = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "sandbox",
  "dist",
  "cli.mjs",
);

export default async function setup(project: TestProject) {
  const [mock, sandbox] = await Promise.all([
    startMock(),
    startServer({
      name: "Intercom sandbox",
      entry: sandboxCli,
      args: ["--port", "0", "--db", ":memory:", "--body-limit", String(SANDBOX_BODY_LIMIT)],
      readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    }),
  ]);
  project.provide("mockUrl", mock.url);
  project.provide("sandboxUrl", sandbox.url);
  return async () => {
    await Promise.all([mock.stop(), sandbox.stop()]);
  };
}
