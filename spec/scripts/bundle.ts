// Bundles spec/openapi.yaml (and any file it references) into dist/openapi.json, the one file
// every other package consumes. Fails on any reference or structural problem Redocly reports.
// `bundleSpec()` is the one bundling function of the repository: release-tools imports it to
// bundle the spec of the working tree or of a git revision.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";

const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
/** spec/openapi.yaml of this checkout. */
export const specEntry: string = join(specDir, "openapi.yaml");
const output = join(specDir, "dist", "openapi.json");

/** A bundled OpenAPI document: plain JSON with local `$ref`s only. */
export type BundledSpec = Record<string, unknown>;

export class SpecBundleError extends Error {
  override name = "SpecBundleError";
}

/** Bundles `entry` and every file it references; a YAML or reference problem throws, naming it. */
export async function bundleSpec(entry: string = specEntry): Promise<BundledSpec> {
  if (!existsSync(entry)) throw new SpecBundleError(`The spec entry ${entry} does not exist.`);
  const config = await createConfig({ extends: [] });
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: entry, config });
  } catch (error) {
    // YAML syntax errors: the parser's own short message, not the whole document.
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecBundleError(
      `${entry} could not be read: ${message.split("\n").slice(0, 8).join("\n")}`,
    );
  }
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((problem) => {
      const where = problem.location.map((location) => location.pointer).join(", ");
      return `  ${where}: ${problem.message}`;
    });
    throw new SpecBundleError(
      `${errors.length} problem(s) in ${entry}; fix them first:\n${lines.join("\n")}`,
    );
  }
  return result.bundle.parsed as BundledSpec;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let document: BundledSpec;
  try {
    document = await bundleSpec();
  } catch (error) {
    console.error(`spec: ${error instanceof Error ? error.message : String(error)}`);
    console.error("spec: nothing was written.");
    process.exit(1);
  }
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (process.argv.includes("--check")) {
    // Used by the tests: is the built file what the spec produces now?
    const built = existsSync(output) ? readFileSync(output, "utf8") : "";
    if (built !== json) {
      console.error(
        `spec: ${output} is out of date with ${specEntry}; run \`pnpm --filter @intercom-toolkit/spec build\`.`,
      );
      process.exit(1);
    }
    console.log(`spec: ${output} is up to date`);
  } else {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, json);
    console.log(`spec: wrote ${output}`);
  }
}
