// A small static server for the built site: sirv behind node:http, mounted at the site's base path.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import sirv from "sirv";

export interface StaticServerOptions {
  dir: string;
  port?: number;
  host?: string;
  /** The base path the site was built with (Astro's `base`), e.g. "/" or "/toolkit/docs/". */
  base?: string;
}

export interface StaticServer {
  /** The site's address, base path included, with a trailing slash. */
  url: string;
  close: () => Promise<void>;
}

export function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? "/").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const base = normaliseBase(options.base);
  const host = options.host ?? "127.0.0.1";
  const files = sirv(options.dir, { dev: false, etag: true, dotfiles: false });
  let notFound: Buffer | undefined;
  try {
    notFound = readFileSync(join(options.dir, "404.html"));
  } catch {
    notFound = undefined;
  }
  const sendNotFound = (res: import("node:http").ServerResponse) => {
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(notFound ?? "Not found");
  };
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (base !== "/" && (url === base.slice(0, -1) || url.startsWith(`${base.slice(0, -1)}?`))) {
      res.statusCode = 301;
      res.setHeader("Location", base);
      res.end();
      return;
    }
    if (!url.startsWith(base)) {
      sendNotFound(res);
      return;
    }
    req.url = `/${url.slice(base.length)}`;
    files(req, res, () => sendNotFound(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}${base}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
