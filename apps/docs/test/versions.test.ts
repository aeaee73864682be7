import { createSpecModel } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import {
  describeVersion,
  referencePages,
  sortVersions,
  switchTarget,
  type VersionsManifest,
  versionNotice,
  versionOfPath,
  versionSlug,
} from "../src/lib/versions.ts";

const version = {
  name: "Intercom-Version",
  in: "header",
  schema: { type: "string" },
  example: "2.7",
};
const doc = (ids: string[], tag = "Companies") =>
  createSpecModel({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: Object.fromEntries(
      ids.map((id) => [`/${id}`, { get: { operationId: id, tags: [tag], parameters: [version] } }]),
    ),
  });

const manifest: VersionsManifest = {
  versions: [
    describeVersion({
      version: "1.1.0",
      latest: true,
      model: doc(["retrieveCompany", "scrollCompanies"]),
    }),
    describeVersion({ version: "1.0.0", latest: false, model: doc(["retrieveCompany"]) }),
  ],
};

describe("versions", () => {
  it("turns versions into path segments without dots and refuses non-versions", () => {
    expect(versionSlug("1.0.0")).toBe("1-0-0");
    expect(versionSlug("2.0.0-beta.1")).toBe("2-0-0-beta-1");
    expect(versionSlug("next")).toBe("next");
    expect(() => versionSlug("latest")).toThrow(/not a semantic version/);
  });

  it("says which toolkit version and which Intercom-Version each version documents", () => {
    const next = describeVersion({
      version: "next",
      latest: false,
      toolkitVersion: "1.1.0",
      model: doc(["retrieveCompany"]),
    });
    expect([next.kind, next.base, next.label, next.toolkitVersion, next.intercomVersion]).toEqual([
      "next",
      "next/api",
      "next (unreleased)",
      "1.1.0",
      "2.7",
    ]);
    const withNext = { versions: [...manifest.versions, next] };
    expect(versionNotice(withNext, next)?.text).toContain("after toolkit 1.1.0, not released yet");
    const older = manifest.versions[1];
    if (!older) throw new Error("two versions");
    expect(versionNotice(manifest, older)).toEqual({
      kind: "older",
      text: "You are reading an older release: toolkit 1.0.0 (Intercom-Version 2.7).",
      link: { label: "the latest release, 1.1.0", path: "api/" },
    });
    expect(versionNotice(manifest, manifest.versions[0] ?? older)).toBeUndefined();
    expect(() =>
      describeVersion({
        version: "1.0.0",
        latest: true,
        model: createSpecModel({
          openapi: "3.1.0",
          info: { title: "t", version: "1" },
          paths: { "/a": { get: { operationId: "a" } } },
        }),
      }),
    ).toThrow(/No operation declares an Intercom-Version header/);
  });

  it("sorts newest first, by semver rather than by text", () => {
    expect(sortVersions(["0.9.0", "0.10.0", "1.0.0-rc.1", "1.0.0"])).toEqual([
      "1.0.0",
      "1.0.0-rc.1",
      "0.10.0",
      "0.9.0",
    ]);
  });

  it("lists the pages starlight-openapi builds, duplicate operationIds by method", () => {
    expect(
      referencePages(
        "api",
        createSpecModel({
          openapi: "3.1.0",
          info: { title: "t", version: "1" },
          paths: {
            "/a": {
              get: { operationId: "GetThing", tags: ["Things"] },
              post: { operationId: "GetThing" },
            },
          },
        }),
      ),
    ).toEqual([
      "api/",
      "api/operations/getthing/get/",
      "api/operations/getthing/post/",
      "api/operations/tags/things/",
    ]);
  });

  it("serves the latest without prefix and the others under v/<slug>/", () => {
    expect(manifest.versions.map((v) => v.base)).toEqual(["api", "v/1-0-0/api"]);
    expect(versionOfPath(manifest, "/v/1-0-0/api/").version).toBe("1.0.0");
    expect(versionOfPath(manifest, "/guides/quick-start/").version).toBe("1.1.0");
  });

  it("keeps the page when the other version has it", () => {
    const [latest, older] = manifest.versions;
    if (!latest || !older) throw new Error("two versions");
    expect(switchTarget(manifest, "/api/operations/retrievecompany/", older)).toEqual({
      path: "v/1-0-0/api/operations/retrievecompany/",
      samePage: true,
    });
    expect(
      switchTarget(manifest, "v/1-0-0/api/operations/retrievecompany/index.html", latest),
    ).toEqual({
      path: "api/operations/retrievecompany/",
      samePage: true,
    });
  });

  it("falls back to the other version's overview when the page is missing there", () => {
    const older = manifest.versions[1];
    if (!older) throw new Error("two versions");
    expect(switchTarget(manifest, "/api/operations/scrollcompanies/", older)).toEqual({
      path: "v/1-0-0/api/",
      samePage: false,
    });
    // Guides are not versioned: an older version starts at its overview, the latest keeps them.
    expect(switchTarget(manifest, "/guides/errors/", older).path).toBe("v/1-0-0/api/");
    const latest = manifest.versions[0];
    if (!latest) throw new Error("two versions");
    expect(switchTarget(manifest, "/guides/errors/", latest)).toEqual({
      path: "guides/errors/",
      samePage: true,
    });
    expect(switchTarget(manifest, "/404.html", latest)).toEqual({ path: "api/", samePage: false });
  });
});
