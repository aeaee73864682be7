// A throwaway npm registry (Verdaccio) on 127.0.0.1, for publishing for real without leaving the
// machine: temporary storage, no uplinks (a package it does not hold is a 404, never a fetch from
// elsewhere), a user created on start whose token publishes, and optionally an offline mirror of
// third-party packages written into its storage before it starts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { type InstalledPackage, type MirrorSummary, writeMirror } from "./offline-mirror.ts";

export interface VerdaccioOptions {
  /**
   * Third-party packages to serve (see `installedClosure`), so installs need no other registry.
   * A package it does not hold stays a 404.
   */
  mirror?: readonly InstalledPackage[];
}

export interface LocalRegistry {
  /** The registry's URL, with a trailing slash (`http://127.0.0.1:<port>/`). */
  url: string;
  /** A token that may publish, for `//127.0.0.1:<port>/:_authToken`. */
  token: string;
  /** The `.npmrc` line that authenticates with this registry. */
  authLine: string;
  /** Verdaccio's process id (its process group is stopped as a whole). */
  pid: number;
  /** Everything Verdaccio printed, for diagnostics. */
  output: () => string;
  /** What the offline mirror holds, when one was asked for. */
  mirror?: MirrorSummary;
  stop: () => Promise<void>;
}

const require = createRequire(import.meta.url);

/** Throws, saying how to install it, when Verdaccio is not installed. */
function requireVerdaccio(): void {
  try {
    require.resolve("verdaccio/package.json");
  } catch {
    throw new Error(
      "verdaccio is not installed: add it to @intercom-toolkit/release-tools (`pnpm --filter @intercom-toolkit/release-tools add -D verdaccio@6.8.0`; its verdaccio-audit dependency needs the pnpm override `verdaccio-audit>node-fetch: 2.7.0`).",
    );
  }
}

function config(dir: string): string {
  return `# Written by @intercom-toolkit/release-tools for one test run.
storage: ${JSON.stringify(join(dir, "storage"))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, "htpasswd"))}
    max_users: 10
uplinks: {}
packages:
  "@intercom-toolkit/*":
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  "**":
    access: $all
    publish: $authenticated
web:
  enable: false
max_body_size: 200mb
log:
  type: stdout
  format: pretty
  level: info
`;
}

export async function startVerdaccio(options: VerdaccioOptions = {}): Promise<LocalRegistry> {
  requireVerdaccio();
  const dir = mkdtempSync(join(tmpdir(), "verdaccio-"));
  mkdirSync(join(dir, "storage"));
  const configFile = join(dir, "config.yaml");
  writeFileSync(configFile, config(dir));
  let server: RunningServer;
  let mirror: MirrorSummary | undefined;
  try {
    // The tarball URLs' host does not matter: Verdaccio rewrites them to its own when serving.
    if (options.mirror)
      mirror = await writeMirror(join(dir, "storage"), options.mirror, "http://127.0.0.1/");
    // Verdaccio's require() must resolve from this package: the entry runs with its cwd in `dir`.
    server = await startServer({
      name: "verdaccio",
      entry: fileURLToPath(new URL("./verdaccio-server.ts", import.meta.url)),
      args: [configFile],
      cwd: dir,
      readyWhen: (line) => /verdaccio listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1],
      timeoutMs: 60_000,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Registering a user answers with a bearer token, as `npm adduser` would get.
    const user = "release-test";
    const response = await fetch(new URL(`-/user/org.couchdb.user:${user}`, server.url), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: user,
        password: `pw-${process.pid}-${Date.now()}`,
        email: "release-test@example.invalid",
      }),
    });
    const body = (await response.json()) as { token?: string; error?: string };
    if (!response.ok || !body.token) {
      throw new Error(
        `Verdaccio refused to create a user (${response.status}): ${body.error ?? JSON.stringify(body)}`,
      );
    }
    const host = server.url.replace(/^http:/, "");
    return {
      url: server.url,
      token: body.token,
      authLine: `${host}:_authToken=${body.token}`,
      pid: server.pid,
      output: server.output,
      ...(mirror ? { mirror } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
