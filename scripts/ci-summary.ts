// Prints CI's last lines from every test-output/junit*.xml in the repository and exits with the
// status of `pnpm test` (1 if that was 0 but a report holds a failure).
// Usage: node scripts/ci-summary.ts <exit status of pnpm test>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ciSummary, type Report } from "./lib/ci-summary.ts";

const skipDirs = new Set(["node_modules", ".git", ".turbo", "dist", ".astro"]);

function findReports(dir: string, found: Report[] = []): Report[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipDirs.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findReports(path, found);
    else if (/^junit.*\.xml$/.test(entry.name) && dir.endsWith("test-output")) {
      found.push({ path, xml: readFileSync(path, "utf8") });
    }
  }
  return found;
}

const status = Number(process.argv[2] ?? 0);
const root = process.cwd();
const summary = ciSummary(findReports(root), status, root);
for (const line of summary.lines) console.log(line);
process.exit(status !== 0 ? status : summary.failed > 0 ? 1 : 0);
