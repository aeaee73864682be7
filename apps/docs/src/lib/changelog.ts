// Turns the CHANGELOG.md files that `changeset version` writes into one docs page per release.
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

/** The index page and one page per release. */
export function changelogPages(
  sources: readonly ChangelogSource[],
  packagesWithoutChangelog: readonly string[],
): ChangelogPage[] {
  const byPackage = sources
    .map((source) => ({ name: source.packageName, releases: parseChangelog(source) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const all = byPackage.flatMap((p) => p.releases);
  const pages: ChangelogPage[] = [];

  const intro =
    "Every release of the toolkit's packages, from the changelogs that Changesets writes when a version is cut.";
  let index: string;
  if (all.length === 0) {
    index = [
      intro,
      "",
      "**No release has been cut yet.** None of the packages has a changelog entry so far: the",
      "first `changeset version` will write them, and a page per release will appear here on the",
      "next build of this site.",
      "",
      packagesWithoutChangelog.length > 0
        ? `Packages without a changelog yet: ${packagesWithoutChangelog.map((name) => `\`${name}\``).join(", ")}.`
        : "",
    ].join("\n");
  } else {
    const sections = byPackage
      .filter((p) => p.releases.length > 0)
      .map((p) =>
        [
          `## ${p.name}`,
          "",
          ...p.releases.map(
            (release) =>
              `- [${release.version}](./${releasePath(release).slice("changelog/".length)}/)`,
          ),
        ].join("\n"),
      );
    index = [intro, "", ...sections].join("\n\n");
  }
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
