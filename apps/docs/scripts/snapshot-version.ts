// Freezes the current spec as the reference of the spec package's current version:
// writes versions/<version>/openapi.json. Meant to run right after `changeset version`.
//   node scripts/snapshot-version.ts [--force]
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { snapshotVersion } from "../src/lib/snapshot.ts";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  const { values } = parseArgs({
    options: { force: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(
      "Usage: snapshot-version [--force]\n\nCopies @intercom-toolkit/spec/openapi.json to versions/<spec version>/openapi.json.\n--force  overwrite a snapshot of the same version that differs (a released reference should not change).",
    );
  } else {
    const result = snapshotVersion({ appDir, force: values.force ?? false });
    console.log(result.message);
  }
} catch (error) {
  console.error(`snapshot-version: ${(error as Error).message}`);
  process.exit(1);
}
