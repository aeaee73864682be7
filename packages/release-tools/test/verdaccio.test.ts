// The throwaway registry itself: it starts on 127.0.0.1, takes a publish with its token, serves
// it, holds nothing it was not given, and leaves no process behind.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "@intercom-toolkit/server-process";
import { describe, expect, it } from "vitest";
import { run } from "../src/run.ts";
import { startVerdaccio } from "../src/verdaccio.ts";

describe("startVerdaccio", () => {
  it("publishes and serves a package, proxies nothing, and stops", async () => {
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
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
      );
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await registry.stop();
    }
    expect(isAlive(registry.pid)).toBe(false);
    await expect(fetch(registry.url)).rejects.toThrow();
  });
});
