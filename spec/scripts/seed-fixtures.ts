// Derives the repository's fixtures from the seed API reference: every curl (method, path, query
// parameter names, JSON body) and every JSON example line, with the line it stands on and the curl
// before it. The spec's tests read these fixtures, never the seed itself, so a clone of the
// repository alone runs them. Re-derive when a (new) seed is given:
//   pnpm --filter @intercom-toolkit/spec seed:fixtures /path/to/intercom-companies-api-2.7.txt
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface SeedCurl {
  method: string;
  path: string;
  query: string[];
  body?: { [key: string]: Json };
}

export interface SeedExample {
  /** 1-based line in the seed. */
  line: number;
  text: string;
  /** False when the seed elides nested content with "…". */
  complete: boolean;
  /** The curl the example answers; none for the Company object shown before any curl. */
  curl?: SeedCurl;
}

export interface SeedFixtures {
  source: string;
  curls: SeedCurl[];
  examples: SeedExample[];
}

export const fixturesDir: string = fileURLToPath(
  new URL("../test/fixtures/seed/", import.meta.url),
);
export const fixturesFile: string = join(fixturesDir, "seed.json");

const CURL = /^curl -i -X (\w+) \\ '?https:\/\/api\.intercom\.io([^'\s?]*)(?:\?([^'\s]*))?'?/;

/** The curls and JSON examples of a seed text. */
export function deriveSeedFixtures(text: string, source: string): SeedFixtures {
  const curls: SeedCurl[] = [];
  const examples: SeedExample[] = [];
  let lastCurl: SeedCurl | undefined;
  text.split("\n").forEach((line, index) => {
    const curl = CURL.exec(line);
    if (curl) {
      const body = /-d '(.*)'\s*$/.exec(line)?.[1];
      lastCurl = {
        method: curl[1] ?? "",
        path: curl[2] ?? "",
        query: (curl[3] ?? "")
          .split("&")
          .filter(Boolean)
          .map((pair) => pair.split("=")[0] ?? ""),
        ...(body ? { body: JSON.parse(body) as { [key: string]: Json } } : {}),
      };
      curls.push(lastCurl);
    } else if (line.startsWith("{")) {
      const complete = !line.includes("…");
      examples.push({
        line: index + 1,
        text: line,
        complete,
        ...(lastCurl ? { curl: lastCurl } : {}),
      });
    }
  });
  if (curls.length === 0) {
    throw new Error(
      `${source} holds no "curl -i -X METHOD \\ https://api.intercom.io/..." line: is it the seed?`,
    );
  }
  return { source, curls, examples };
}

export function readSeedFixtures(): SeedFixtures {
  return JSON.parse(readFileSync(fixturesFile, "utf8")) as SeedFixtures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seed = process.argv[2];
  if (!seed) {
    console.error(
      "Usage: node scripts/seed-fixtures.ts <path to the seed, e.g. intercom-companies-api-2.7.txt>",
    );
    process.exit(2);
  }
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (error) {
    console.error(`seed-fixtures: cannot read ${seed}: ${(error as Error).message}`);
    process.exit(2);
  }
  const fixtures = deriveSeedFixtures(text, basename(seed));
  mkdirSync(fixturesDir, { recursive: true });
  writeFileSync(fixturesFile, `${JSON.stringify(fixtures, null, 2)}\n`);
  console.log(
    `seed-fixtures: wrote ${fixtures.curls.length} curls and ${fixtures.examples.length} examples to ${fixturesFile}`,
  );
}
