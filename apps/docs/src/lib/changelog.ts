// Turns the CHANGELOG.md files that `changeset version` writes into one docs page per release.
import { groupChanges, type SpecChange } from "@intercom-toolkit/release-tools";
import semver from "semver";

export interface Release {
  /** The package's name, e.g. "@intercom-toolkit/client". */
  packageName: string;
  version: string;
  /** The release's notes as Changesets wrote them, with headings moved up one level. */
  body: string;
}

export interface ChangelogSource {
  packageName: string;
  /** The text of the package's CHANGELOG.md. */
  text: string;
}

/** Reads the `## <version>` sections of a Changesets changelog, newest first. */
export function parseChangelog(source: ChangelogSource): Release[] {
  const releases: Release[] = [];
  const sections = source.text.split(/^## /m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf("\n");
    const heading = (newline === -1 ? section : section.slice(0, newline)).trim();
    // Changesets writes the bare version; tolerate "v1.2.0" and "1.2.0 (2025-01-01)".
    const version = semver.valid(semver.coerce(heading, { includePrerelease: true }));
    if (version === null) continue;
    const body = (newline === -1 ? "" : section.slice(newline + 1))
      .replace(/^(#{3,6}) /gm, (_, hashes: string) => `${hashes.slice(1)} `)
      .trim();
    releases.push({ packageName: source.packageName, version, body });
  }
  return releases.sort((a, b) => semver.rcompare(a.version, b.version));
}

/** "@intercom-toolkit/client" → "client"; the folder of a package's release pages. */
export function packageSlug(packageName: string): string {
  return packageName
    .replace(/^@intercom-toolkit\//, "")
    .replace(/^@/, "")
    .replace(/[^a-z0-9-]+/gi, "-")
    .toLowerCase();
}

export function releasePath(release: Release): string {
  return `changelog/${packageSlug(release.packageName)}/${release.version.replace(/[^0-9A-Za-z-]/g, "-")}`;
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}

export interface ChangelogPage {
  /** Path of the Markdown file below src/content/docs/. */
  file: string;
  content: string;
}

/** One version of the spec on the changelog: a release, or "next" (unreleased). */
export interface SpecVersionChanges {
  /** "1.0.0", or "next". */
  version: string;
  /** The heading, e.g. "1.0.0" or "next (unreleased)". */
  title: string;
  /** The version compared with, or undefined for the first release. */
  previous?: string;
  /** What `spec:diff` finds from `previous` to this version, breaking first. */
  changes: readonly SpecChange[];
  /** How many operations the version's spec has (said of a first release). */
  operations: number;
}

const CLASS_HEADINGS: Record<SpecChange["classification"], string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  annotation: "Documentation only",
};

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A version's spec changes in Markdown, grouped by class, breaking ones first. */
export function specChangesMarkdown(entry: SpecVersionChanges): string {
  if (entry.previous === undefined) {
    return `The first release of the spec, with ${entry.operations} operations: nothing to compare with.`;
  }
  if (entry.changes.length === 0) return `No change to the spec since ${entry.previous}.`;
  const lines: string[] = [
    `Spec changes since ${entry.previous}, as \`pnpm spec:diff\` classifies them:`,
  ];
  const groups = groupChanges(entry.changes);
  for (const classification of ["breaking", "non-breaking", "annotation"] as const) {
    const inClass = groups.filter((g) => g.change.classification === classification);
    if (inClass.length === 0) continue;
    lines.push("", `**${CLASS_HEADINGS[classification]} (${inClass.length})**`, "");
    for (const { change, operations } of inClass) {
      const subject = change.subject ? `${code(change.subject)}: ` : "";
      const where =
        operations.length > 0
          ? ` in ${operations.map((o) => code(o.split(" ")[0] ?? o)).join(", ")}`
          : "";
      const fromTo =
        change.before !== undefined || change.after !== undefined
          ? ` (${change.before === undefined ? "" : `was ${code(change.before)}`}${change.before !== undefined && change.after !== undefined ? ", " : ""}${change.after === undefined ? "" : `now ${code(change.after)}`})`
          : "";
      lines.push(`- ${subject}${change.what}, ${change.area}${where}${fromTo}`);
    }
  }
  return lines.join("\n");
}

/** The index page (per version: its spec changes and its packages' entries) and one page per release. */
export function changelogPages(
  sources: readonly ChangelogSource[],
  packagesWithoutChangelog: readonly string[],
  specVersions: readonly SpecVersionChanges[] = [],
): ChangelogPage[] {
  const byPackage = sources
    .map((source) => ({ name: source.packageName, releases: parseChangelog(source) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const all = byPackage.flatMap((p) => p.releases);
  const pages: ChangelogPage[] = [];

  const intro =
    "Every version of the toolkit: what changed in the spec between release snapshots (as `spec:diff` classifies it, breaking changes first) and the packages' changelog entries that Changesets writes.";
  const sections: string[] = [];
  const versions = [...specVersions.map((v) => v.version)];
  for (const release of all)
    if (!versions.includes(release.version)) versions.push(release.version);
  for (const version of versions) {
    const spec = specVersions.find((v) => v.version === version);
    const entries = all.filter((r) => r.version === version);
    const packageLines =
      entries.length > 0
        ? entries.map(
            (r) =>
              `- [${r.packageName} ${r.version}](./${releasePath(r).slice("changelog/".length)}/)`,
          )
        : [
            spec?.version === "next"
              ? "No package changelog entries yet: `changeset version` writes them when this is released."
              : "No package changelog entry was recorded for this version.",
          ];
    sections.push(
      [
        `## ${spec?.title ?? version}`,
        "",
        "### Spec",
        "",
        spec ? specChangesMarkdown(spec) : "The spec of this version is not kept on this site.",
        "",
        "### Packages",
        "",
        ...packageLines,
      ].join("\n"),
    );
  }
  if (versions.length === 0) {
    sections.push(
      "**No release has been cut yet.** The first `changeset version` writes the packages' changelogs and the first spec snapshot; this page lists them on the next build of the site.",
    );
  }
  if (all.length === 0 && packagesWithoutChangelog.length > 0) {
    sections.push(
      `Packages without a changelog yet: ${packagesWithoutChangelog.map((name) => `\`${name}\``).join(", ")}.`,
    );
  }
  const index = [intro, "", ...sections].join("\n\n");
  pages.push({
    file: "changelog/index.md",
    content: `---\ntitle: Changelog\ndescription: ${yamlString(intro)}\nsidebar:\n  order: 0\n---\n\n${index.trim()}\n`,
  });

  // Newest release first in the sidebar, whatever the package.
  const ordered = [...all].sort(
    (a, b) => semver.rcompare(a.version, b.version) || a.packageName.localeCompare(b.packageName),
  );
  ordered.forEach((release, position) => {
    const title = `${release.packageName} ${release.version}`;
    const body = release.body === "" ? "This release has no notes." : release.body;
    pages.push({
      file: `${releasePath(release)}.md`,
      content: `---\ntitle: ${yamlString(title)}\ndescription: ${yamlString(`What changed in ${title}.`)}\nsidebar:\n  order: ${position + 1}\n  label: ${yamlString(title)}\n---\n\n${body}\n`,
    });
  });
  return pages;
}
