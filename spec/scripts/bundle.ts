// Bundles spec/openapi.yaml (and any file it references) into dist/openapi.json, the one file
// every other package consumes. Fails on any reference or structural problem Redocly reports.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";

const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(specDir, "openapi.yaml");
const output = join(specDir, "dist", "openapi.json");

const config = await createConfig({ extends: [] });
let result: Awaited<ReturnType<typeof bundle>>;
try {
  result = await bundle({ ref: entry, config });
} catch (error) {
  // YAML syntax errors: print the parser's own short message, not the whole document.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`spec: ${entry} could not be read: ${message.split("\n").slice(0, 8).join("\n")}`);
  process.exit(1);
}
const { bundle: document, problems } = result;
const errors = problems.filter((problem) => problem.severity === "error");
if (errors.length > 0) {
  for (const problem of errors) {
    const where = problem.location.map((location) => location.pointer).join(", ");
    console.error(`${where}: ${problem.message}`);
  }
  console.error(`spec: ${errors.length} problem(s) in ${entry}; nothing was written.`);
  process.exit(1);
}
const json = `${JSON.stringify(document.parsed, null, 2)}\n`;
if (process.argv.includes("--check")) {
  // Used by the tests: is the built file what the spec produces now?
  const built = existsSync(output) ? readFileSync(output, "utf8") : "";
  if (built !== json) {
    console.error(
      `spec: ${output} is out of date with ${entry}; run \`pnpm --filter @intercom-toolkit/spec build\`.`,
    );
    process.exit(1);
  }
  console.log(`spec: ${output} is up to date`);
} else {
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, json);
  console.log(`spec: wrote ${output}`);
}
