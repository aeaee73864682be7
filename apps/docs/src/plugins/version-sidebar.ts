// A Starlight plugin that keeps one version of the reference in the sidebar: the one of the page
// being read (the latest outside the reference), so older versions never crowd the navigation.
import type { StarlightPlugin } from "@astrojs/starlight/types";
import type { DocsVersion } from "../lib/versions.ts";

export function referenceLabel(version: Pick<DocsVersion, "latest" | "version">): string {
  return version.latest ? "API reference" : `API reference ${version.version}`;
}

/** Registers the route middleware (sidebar of the version being read, no TOC on operation pages). */
export function versionSidebar(): StarlightPlugin {
  return {
    name: "docs-version-sidebar",
    hooks: {
      "config:setup": ({ addRouteMiddleware }) => {
        addRouteMiddleware({
          entrypoint: new URL("./version-sidebar-middleware.ts", import.meta.url).pathname,
          order: "post",
        });
      },
    },
  };
}
