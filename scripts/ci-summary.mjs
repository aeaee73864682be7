// Sums the JUnit reports that every package's tests write to test-output/junit*.xml and prints
// "N passed, N failed". A failed `pnpm test` with no failing test case (a crash, a lint error, a
// build failure) still counts as one failure, so the line never hides a red run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const status = Number(process.argv[2] ?? 0);
const reports = [];
const skipDirs = new Set(["node_modules", ".git", ".turbo", "dist", ".astro"]);
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    if (skipDirs.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (/^junit.*\.xml$/.test(entry) && dir.endsWith("test-output")) reports.push(path);
  }
}
walk(process.cwd());

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of reports) {
  const xml = readFileSync(report, "utf8");
  // Count test cases directly: suites' totals differ between reporters.
  for (const [, body] of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    if (body && /<(failure|error)\b/.test(body)) failed++;
    else if (body && /<skipped\b/.test(body)) skipped++;
    else passed++;
  }
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status);
