/// <reference types="astro/client" />
import { defineRouteMiddleware, type StarlightRouteData } from "@astrojs/starlight/route-data";
import manifestJson from "../../generated/versions.json" with { type: "json" };
import type { VersionsManifest } from "../lib/versions.ts";
import { versionOfPath } from "../lib/versions.ts";
import { referenceLabel } from "./version-sidebar.ts";

const manifest = manifestJson as VersionsManifest;

type Sidebar = StarlightRouteData["sidebar"];
type Entry = Sidebar[number];
type Link = Extract<Entry, { type: "link" }>;

function flatten(entries: Sidebar): Link[] {
  return entries.flatMap((entry) => (entry.type === "group" ? flatten(entry.entries) : [entry]));
}

export const onRequest = defineRouteMiddleware((context) => {
  // Typed by Starlight in Astro's own check; spelled out for the plain TypeScript check.
  const route: StarlightRouteData = (context.locals as { starlightRoute: StarlightRouteData })
    .starlightRoute;
  const sitePath = context.url.pathname.slice(import.meta.env.BASE_URL.replace(/\/$/, "").length);
  // Operation pages use the width for their two columns (text, then samples and Try it).
  if (/\/operations\/(?!tags\/)[^/]+\/$/.test(sitePath)) route.toc = undefined;
  const shown = referenceLabel(versionOfPath(manifest, sitePath));
  const hidden = new Set(
    manifest.versions.map((version) => referenceLabel(version)).filter((label) => label !== shown),
  );
  route.sidebar = route.sidebar.filter(
    (entry) => !(entry.type === "group" && hidden.has(entry.label)),
  );
  // Previous/next follow the sidebar the reader sees, unless the page sets them itself.
  const links = flatten(route.sidebar);
  const current = links.findIndex((link) => link.isCurrent);
  if (current === -1) return;
  const { prev, next } = route.entry.data;
  if (prev === undefined) route.pagination.prev = links[current - 1];
  if (next === undefined) route.pagination.next = links[current + 1];
});
