#!/usr/bin/env node
// The `intercom-contract` command. A committed file, so `pnpm install` links it before anything is built
// (a bin pointing into dist/ is not linked on a fresh clone); it runs the built CLI.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error(
    "intercom-contract: the CLI is not built yet (no dist/cli.js). Run `pnpm build` (or `pnpm start`) at the repository root, then try again.",
  );
  process.exit(1);
}
await import(cli.href);
