// The throwaway registry itself: it starts on 127.0.0.1, takes a publish with its token, serves
// it and an offline mirror, holds nothing it was not given, and leaves no process behind.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "@intercom-toolkit/server-process";
import { describe, expect, it } from "vitest";
import { startEgressTripwire } from "./egress-tripwire.ts";
import { makeFixtureStore } from "./fixture-store.ts";
import { installedClosure } from "./offline-mirror.ts";
import { run } from "./run.ts";
import { startVerdaccio } from "./verdaccio.ts";

describe("startVerdaccio", () => {
  it("publishes and serves a package, proxies nothing, and stops", async () => {
    const tripwire = await startEgressTripwire();
    const registry = await startVerdaccio();
    const dir = mkdtempSync(join(tmpdir(), "verdaccio-pkg-"));
    try {
      expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({ name: "@intercom-toolkit/probe", version: "1.2.3", license: "MIT" }),
      );
      writeFileSync(join(dir, "index.js"), "export const probe = true;\n");
      writeFileSync(join(dir, ".npmrc"), `registry=${registry.url}\n${registry.authLine}\n`);
      const env = {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
        ),
        ...tripwire.env,
      };
      await run("npm", ["publish", "--userconfig", join(dir, ".npmrc")], {
        cwd: dir,
        env,
        capture: true,
      });

      const served = (await (
        await fetch(new URL("@intercom-toolkit%2fprobe", registry.url))
      ).json()) as { versions: Record<string, unknown> };
      expect(Object.keys(served.versions)).toEqual(["1.2.3"]);
      // No uplink: a package it was not given is a 404, not a fetch from the public registry.
      expect((await fetch(new URL("lodash", registry.url))).status).toBe(404);
      // Publishing needs the token.
      const anonymous = await fetch(new URL("@intercom-toolkit%2fprobe", registry.url), {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(anonymous.status).toBeGreaterThanOrEqual(400);
      expect(tripwire.attempts).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await registry.stop();
      await tripwire.stop();
    }
    expect(isAlive(registry.pid)).toBe(false);
    await expect(fetch(registry.url)).rejects.toThrow();
  });

  it("serves an offline mirror that npm installs from, and a 404 for what it lacks", async () => {
    const fixture = makeFixtureStore(
      [
        {
          folder: "app",
          manifest: {
            name: "@fx/app",
            version: "1.0.0",
            dependencies: { "mirror-left": "^1.0.0" },
          },
          links: { "mirror-left": "mirror-left@1.2.0" },
        },
      ],
      [
        {
          name: "mirror-left",
          version: "1.2.0",
          manifest: {
            bin: { "mirror-left": "bin/cli.js" },
            dependencies: { "@mirror/deep": "^3.0.0" },
          },
          files: { "bin/cli.js": "#!/usr/bin/env node\nconsole.log(require('@mirror/deep'));\n" },
          executables: ["bin/cli.js"],
          links: { "@mirror/deep": "@mirror/deep@3.1.0" },
        },
        {
          name: "@mirror/deep",
          version: "3.1.0",
          files: { "index.js": "module.exports = 'deep 3.1.0';\n" },
        },
      ],
    );
    const project = mkdtempSync(join(tmpdir(), "verdaccio-mirror-"));
    const tripwire = await startEgressTripwire();
    const { packages } = await installedClosure({ root: fixture.root, packages: ["@fx/app"] });
    const registry = await startVerdaccio({ mirror: packages });
    try {
      expect(registry.mirror).toMatchObject({ packages: 2, versions: 2 });
      writeFileSync(join(project, "package.json"), '{ "name": "consumer", "private": true }');
      writeFileSync(
        join(project, ".npmrc"),
        `registry=${registry.url}\nomit-lockfile-registry-resolved=false\n`,
      );
      const env = {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
        ),
        ...tripwire.env,
        npm_config_userconfig: join(project, ".npmrc"),
        npm_config_cache: join(project, ".npm-cache"),
      };
      await run("npm", ["install", "--no-audit", "--no-fund", "mirror-left@^1.0.0"], {
        cwd: project,
        env,
        capture: true,
      });
      const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
        packages: Record<string, { resolved?: string }>;
      };
      expect(lock.packages["node_modules/mirror-left"]?.resolved).toBe(
        `${registry.url}mirror-left/-/mirror-left-1.2.0.tgz`,
      );
      expect(lock.packages["node_modules/@mirror/deep"]?.resolved).toBe(
        `${registry.url}@mirror/deep/-/deep-3.1.0.tgz`,
      );
      expect(existsSync(join(project, "node_modules", ".bin", "mirror-left"))).toBe(true);
      const printed = await run(
        process.execPath,
        [join(project, "node_modules", "mirror-left", "bin", "cli.js")],
        { cwd: project, capture: true },
      );
      expect(printed.output.trim()).toBe("deep 3.1.0");

      // What the mirror lacks is a 404 from 127.0.0.1 naming it, never a fetch from elsewhere.
      const missing = run("npm", ["install", "--no-audit", "--no-fund", "mirror-ghost"], {
        cwd: project,
        env,
        capture: true,
      });
      await expect(missing).rejects.toThrow(
        /404 Not Found - GET http:\/\/127\.0\.0\.1:\d+\/mirror-ghost/,
      );
      expect(tripwire.attempts).toEqual([]);
    } finally {
      await registry.stop();
      await tripwire.stop();
      fixture.remove();
      rmSync(project, { recursive: true, force: true });
    }
  });
});
