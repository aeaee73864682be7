// Writes generated/ (per-version OpenAPI documents with code samples, the versions manifest, the
// TypeScript samples) and the changelog pages. Run by `build` and `dev` before Astro.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../src/lib/generate.ts";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  const result = await generate({ appDir, repoDir: join(appDir, "../..") });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  const versions = result.manifest.versions
    .map((v) => `${v.label} at /${v.base}/ (${v.pages.length} pages)`)
    .join(", ");
  console.log(`docs: generated ${versions}; ${result.changelogFiles.length} changelog page(s).`);
} catch (error) {
  console.error(`docs: ${(error as Error).message}`);
  process.exit(1);
}
