// Static checks of a built site: resources from outside hosts, and internal links that lead nowhere.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { listFiles, readText } from "./site.ts";

/** Parses HTML with <pre> as elements too (node-html-parser keeps it as raw text by default). */
export function parseHtml(html: string): HTMLElement {
  return parse(html, { blockTextElements: { script: true, noscript: true, style: true } });
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/** Attributes that make a browser fetch something (as opposed to links a reader may follow). */
const LOADING: [selector: string, attribute: string][] = [
  ["script[src]", "src"],
  ["img[src]", "src"],
  ["img[srcset]", "srcset"],
  ["source[src]", "src"],
  ["source[srcset]", "srcset"],
  ["iframe[src]", "src"],
  ["video[src]", "src"],
  ["video[poster]", "poster"],
  ["audio[src]", "src"],
  ["embed[src]", "src"],
  ["object[data]", "data"],
  ["link[href]", "href"],
  ["image[href]", "href"],
  ["use[href]", "href"],
];

/** Link relations a browser does not fetch by itself (canonical, alternate, sitemap). */
const NON_FETCHING_RELS = new Set(["canonical", "alternate", "sitemap", "author", "license", "me"]);

function cssUrls(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2] ?? "");
  const imports = [...css.matchAll(/@import\s+(['"])([^'"]+)\1/g)].map((m) => m[2] ?? "");
  return [...urls, ...imports];
}

export interface ExternalLoad {
  file: string;
  what: string;
  url: string;
}

/** Everything in the built HTML and CSS that would be loaded from another host. */
export function externalLoads(dir: string): ExternalLoad[] {
  const found: ExternalLoad[] = [];
  for (const file of listFiles(dir)) {
    if (file.endsWith(".css")) {
      for (const url of cssUrls(readText(dir, file))) {
        if (EXTERNAL.test(url)) found.push({ file, what: "css url()", url });
      }
    }
    if (!file.endsWith(".html")) continue;
    const root = parseHtml(readText(dir, file));
    for (const [selector, attribute] of LOADING) {
      for (const element of root.querySelectorAll(selector)) {
        if (selector.startsWith("link")) {
          const rels = (element.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
          if (rels.every((rel) => NON_FETCHING_RELS.has(rel))) continue;
        }
        const value = element.getAttribute(attribute) ?? "";
        for (const url of value.split(",").map((part) => part.trim().split(/\s+/)[0] ?? "")) {
          if (EXTERNAL.test(url)) found.push({ file, what: `<${selector}>`, url });
        }
      }
    }
    for (const style of root.querySelectorAll("style")) {
      for (const url of cssUrls(style.text)) {
        if (EXTERNAL.test(url)) found.push({ file, what: "<style> url()", url });
      }
    }
    for (const element of root.querySelectorAll("[style]")) {
      for (const url of cssUrls(element.getAttribute("style") ?? "")) {
        if (EXTERNAL.test(url)) found.push({ file, what: "style attribute url()", url });
      }
    }
  }
  return found;
}

export interface BrokenLink {
  file: string;
  href: string;
  reason: string;
}

function idsOf(root: HTMLElement): Set<string> {
  return new Set(root.querySelectorAll("[id]").map((element) => element.getAttribute("id") ?? ""));
}

/**
 * Every internal `href`/`src` of every page must lead to a file of the site (and to an element with
 * the fragment's id when it has one). Links are resolved like a browser does, against the page's
 * URL under `base`, so links that forget the base path are caught.
 */
export function brokenLinks(dir: string, base: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const pages = new Map<string, HTMLElement>();
  const files = listFiles(dir);
  const htmlFiles = files.filter((file) => file.endsWith(".html"));
  const page = (file: string) => {
    let root = pages.get(file);
    if (root === undefined) {
      root = parseHtml(readText(dir, file));
      pages.set(file, root);
    }
    return root;
  };
  const origin = "http://site.invalid";
  for (const file of htmlFiles) {
    const pagePath = file === "index.html" ? "" : file.replace(/index\.html$/, "");
    const pageUrl = new URL(`${base}${pagePath}`, origin);
    const root = page(file);
    const targets = [
      ...root.querySelectorAll("a[href]").map((a) => a.getAttribute("href") ?? ""),
      ...root.querySelectorAll("link[href]").map((l) => l.getAttribute("href") ?? ""),
      ...root.querySelectorAll("script[src], img[src]").map((s) => s.getAttribute("src") ?? ""),
    ];
    for (const href of targets) {
      if (href === "" || /^(?:mailto|tel|data|javascript):/i.test(href)) continue;
      const url = new URL(href, pageUrl);
      if (url.origin !== origin) continue; // a link for the reader to another site
      if (!url.pathname.startsWith(base)) {
        broken.push({ file, href, reason: `outside the base path ${base}` });
        continue;
      }
      const sitePath = decodeURIComponent(url.pathname.slice(base.length));
      let target = sitePath;
      if (target === "" || target.endsWith("/")) target = `${target}index.html`;
      if (!existsSync(join(dir, target))) {
        broken.push({ file, href, reason: `no file ${target}` });
        continue;
      }
      if (url.hash.length > 1 && target.endsWith(".html")) {
        const id = decodeURIComponent(url.hash.slice(1));
        if (!idsOf(page(target)).has(id))
          broken.push({ file, href, reason: `no element #${id} in ${target}` });
      }
    }
  }
  return broken;
}
