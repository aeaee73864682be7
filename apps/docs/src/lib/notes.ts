// The spec's decisions (spec/NOTES.md) as a page of the site, and which operations each one
// affects, so every operation page can link the decisions behind what it shows.
import type { OperationModel } from "@intercom-toolkit/spec/model";
import { slug } from "github-slugger";

/** Where the page lives, site-relative. */
export const DECISIONS_PATH = "decisions/";

export interface Decision {
  /** "1", "2", ... as NOTES.md numbers them. */
  number: string;
  /** The heading without its number, Markdown kept: "`per_page` default: 15, not 20". */
  title: string;
  /** The heading's id on the page, as Starlight slugs it. */
  anchor: string;
  /** The section's text below its heading. */
  body: string;
  /** The operationIds it names (`METHOD /path` in backticks), or every operation when it names none. */
  operations: string[];
  /** True when the section names no operation and so applies to all of them. */
  general: boolean;
}

/** Reads the `## <n>. <title>` sections of NOTES.md and the operations each one names. */
export function parseDecisions(notes: string, operations: readonly OperationModel[]): Decision[] {
  const decisions: Decision[] = [];
  for (const section of notes.split(/^## /m).slice(1)) {
    const newline = section.indexOf("\n");
    const heading = (newline === -1 ? section : section.slice(0, newline)).trim();
    const match = /^(\d+)\.\s+(.*)$/.exec(heading);
    if (match === null) continue;
    const body = newline === -1 ? "" : section.slice(newline + 1).trim();
    const text = `${heading}\n${body}`;
    const named = operations.filter((operation) => {
      const path = escapeRegExp(operation.path);
      return (
        new RegExp(`\`${operation.method} ${path}(?:\\?[^\`]*)?\``).test(text) ||
        text.includes(`\`${operation.operationId}\``)
      );
    });
    decisions.push({
      number: match[1] ?? "",
      title: match[2] ?? "",
      anchor: slug(heading.replaceAll("`", "")),
      body,
      operations: (named.length > 0 ? named : operations).map((o) => o.operationId),
      general: named.length === 0,
    });
  }
  return decisions;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The decisions page: each section as NOTES.md has it, with links to the operations it affects. */
export function decisionsPage(
  decisions: readonly Decision[],
  operationPage: (operationId: string) => string,
): string {
  const intro =
    "Where Intercom's reference for the Companies API (Intercom-Version 2.7) is silent or contradicts itself, the spec decides, and the client, the sandbox and the contract tests follow. Each decision quotes the reference and says what was decided. It is generated from `spec/NOTES.md`.";
  const sections = decisions.map((decision) => {
    const affects = decision.general
      ? "Applies to every operation."
      : `Affects: ${decision.operations.map((id) => `[${id}](${operationPage(id)})`).join(", ")}.`;
    return `## ${decision.number}. ${decision.title}\n\n${demoteHeadings(decision.body)}\n\n${affects}`;
  });
  return [
    "---",
    "title: Spec decisions",
    `description: ${JSON.stringify(intro.split(". ")[0])}`,
    "---",
    "",
    intro,
    "",
    ...sections.flatMap((s) => [s, ""]),
  ].join("\n");
}

function demoteHeadings(markdown: string): string {
  return markdown.replace(/^(#{2,5}) /gm, (_, hashes: string) => `#${hashes} `);
}

/** The note added to an operation's description: the decisions that shape it, linked. */
export function decisionLinks(
  decisions: readonly Decision[],
  operationId: string,
  decisionsHref: string,
): string | undefined {
  const specific = decisions.filter((d) => !d.general && d.operations.includes(operationId));
  if (specific.length === 0) return undefined;
  const links = specific.map((d) => `[${d.number}. ${d.title}](${decisionsHref}#${d.anchor})`);
  return `**Spec decisions behind this operation:** ${links.join(" · ")} (and the [general ones](${decisionsHref}) on errors, versions and servers).`;
}
