// Two columns on operation pages: after the build, the request samples (with their picker) move
// from the top of the text into the page's side column, and a copy of the success answer's
// example joins them there, above "Try it". Wide screens show the column sticky beside the text
// (src/styles/custom.css); phones show it after the text. Pages without a side column are left
// as they are.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { parse } from "node-html-parser";

const PARSE = { blockTextElements: { script: true, noscript: true, style: true, pre: true } };

/** Rearranges one operation page; returns undefined when the page has no side column. */
export function arrangeOperationPage(html: string): string | undefined {
  const root = parse(html, PARSE);
  const aside = root.querySelector("aside.api-aside");
  if (aside === null) return undefined;
  const samples = root.querySelector(".sl-openapi-snippets");
  const picker = root.querySelector("sl-openapi-snippet-picker");
  const blocks: string[] = [];
  if (samples !== null) {
    const pickerHtml = picker?.toString() ?? "";
    picker?.remove();
    samples.remove();
    blocks.push(
      `<section class="api-aside-samples not-content" aria-label="Request samples"><div class="api-aside-picker">${pickerHtml}</div>${samples.toString()}</section>`,
    );
  }
  const success = root
    .querySelectorAll("h3.sl-openapi-heading")
    .find((heading) => /^2\d\d$/.test(heading.getAttribute("id") ?? ""));
  const section = success?.closest("section");
  const examples = section?.querySelector(".sl-openapi-examples");
  if (success && examples) {
    const copy = parse(examples.toString(), PARSE);
    // The copy carries no heading or id of its own: the text column keeps the originals.
    for (const heading of copy.querySelectorAll("h1, h2, h3, h4, h5, h6")) heading.remove();
    for (const element of copy.querySelectorAll("[id]")) element.removeAttribute("id");
    blocks.push(
      `<section class="api-aside-response not-content" aria-label="Example response ${success.text.trim()}"><p class="api-aside-title">Response <strong>${success.text.trim()}</strong></p>${copy.toString()}</section>`,
    );
  }
  aside.set_content(`${blocks.join("")}${aside.innerHTML}`);
  return root.toString();
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => join(entry.parentPath, entry.name));
}

export function apiLayout(): AstroIntegration {
  return {
    name: "docs-api-layout",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        let changed = 0;
        for (const file of htmlFiles(fileURLToPath(dir))) {
          const html = readFileSync(file, "utf8");
          if (!html.includes("api-aside")) continue;
          const arranged = arrangeOperationPage(html);
          if (arranged !== undefined && arranged !== html) {
            writeFileSync(file, arranged);
            changed++;
          }
        }
        logger.info(`Put samples and examples beside the text on ${changed} operation page(s).`);
      },
    },
  };
}
