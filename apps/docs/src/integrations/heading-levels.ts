// starlight-openapi 0.26 renders every "Example(s)" heading as an <h5>, whatever the heading above
// it, so pages jump from <h3> to <h5> (axe-core: heading-order; screen-reader users navigate by
// level). This integration lowers those headings to one below the previous heading after the build.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

const HEADING = /<(\/?)h([1-6])\b([^>]*)>/g;
const FIXABLE = /\bclass="[^"]*\bsl-openapi-examples-heading\b/;

/** Rewrites the levels of starlight-openapi's example headings in one HTML document. */
export function fixHeadingLevels(html: string): string {
  let previous = 0;
  let open: number | undefined;
  return html.replace(HEADING, (tag, slash: string, level: string, attributes: string) => {
    if (slash === "/") {
      const closing = open ?? Number(level);
      open = undefined;
      return `</h${closing}>`;
    }
    let fixed = Number(level);
    if (FIXABLE.test(attributes) && previous > 0) fixed = Math.min(fixed, previous + 1);
    previous = fixed;
    open = fixed;
    return fixed === Number(level) ? tag : `<h${fixed}${attributes}>`;
  });
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => join(entry.parentPath, entry.name));
}

export function headingLevels(): AstroIntegration {
  return {
    name: "docs-heading-levels",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        let changed = 0;
        for (const file of htmlFiles(fileURLToPath(dir))) {
          const html = readFileSync(file, "utf8");
          const fixed = fixHeadingLevels(html);
          if (fixed !== html) {
            writeFileSync(file, fixed);
            changed++;
          }
        }
        logger.info(`Fixed example heading levels in ${changed} page(s).`);
      },
    },
  };
}
