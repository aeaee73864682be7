import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, isAlive, startServer } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "server-process-"));
const serverEntry = join(dir, "server.mjs");
// A server that also starts a grandchild, to prove the whole group is stopped.
writeFileSync(
  serverEntry,
  `import { createServer } from "node:http";
import { spawn } from "node:child_process";
const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("grandchild " + grandchild.pid);
const server = createServer((_, res) => res.end("ok"));
server.listen(Number(process.argv[2]), "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + process.argv[2]));
process.on("SIGTERM", () => {}); // ignores SIGTERM, so stop() must escalate
`,
);

describe("startServer", () => {
  it("waits for the URL, then stops the whole process group", async () => {
    const port = await freePort();
    const server = await startServer({
      entry: serverEntry,
      args: [String(port)],
      readyWhen: (line) => /listening on (\S+)/.exec(line)?.[1],
    });
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(server.url)).text()).toBe("ok");
    const grandchild = Number(/grandchild (\d+)/.exec(server.output())?.[1]);
    expect(isAlive(grandchild)).toBe(true);
    await server.stop(200);
    expect(isAlive(server.pid)).toBe(false);
    // The kernel may need a moment to reap the grandchild after SIGKILL.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(grandchild)).toBe(false);
  });

  it("reports a server that exits before it is ready, with its output", async () => {
    const entry = join(dir, "crash.mjs");
    writeFileSync(entry, 'console.error("port already in use"); process.exit(3);');
    await expect(
      startServer({ entry, readyWhen: () => undefined, name: "crasher" }),
    ).rejects.toThrow(/crasher exited before it was ready \(code 3.*port already in use/s);
  });
});
