// Serves the built site (dist/) on 127.0.0.1, under the same base path it was built with.
//   node scripts/serve.ts [--port 4321] [--host 127.0.0.1] [--base /] [--dir dist]
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startStaticServer } from "../src/lib/serve.ts";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.DOCS_PORT ?? "4321" },
      host: { type: "string", default: "127.0.0.1" },
      dir: { type: "string", default: join(appDir, "dist") },
      base: { type: "string", default: process.env.DOCS_BASE ?? "/" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number (0-65535), got "${values.port}".`);
  }
  const dir = values.dir ?? join(appDir, "dist");
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`${dir} holds no built site: run \`pnpm --filter docs build\` first.`);
  }
  const server = await startStaticServer({
    dir,
    port,
    host: values.host ?? "127.0.0.1",
    base: values.base,
  });
  console.log(`Docs listening on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(`docs serve: ${(error as Error).message}`);
  process.exit(1);
}
