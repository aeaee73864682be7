// Serves a Prism mock of the bundled spec on 127.0.0.1 and prints how to call it.
// Usage: node scripts/mock.ts [--port 4010] [--host 127.0.0.1]
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServer } from "@intercom-toolkit/server-process";

const usage = "Usage: mock [--port <number>] [--host <address>]  (defaults: 4010, 127.0.0.1)";
let values: { port: string; host: string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? "4010" },
      host: { type: "string", default: "127.0.0.1" },
    },
  }));
} catch (error) {
  console.error(`mock: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `mock: --port must be a whole number from 0 to 65535, got "${values.port}".\n${usage}`,
  );
  process.exit(2);
}

const specFile = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "openapi.json");
const require = createRequire(import.meta.url);
const prismEntry = join(
  dirname(require.resolve("@stoplight/prism-cli/package.json")),
  "dist",
  "index.js",
);

const mock = await startServer({
  name: "Prism mock",
  entry: prismEntry,
  args: ["mock", "--host", values.host, "--port", String(port), specFile],
  readyWhen: (line) => /Prism is listening on (\S+)/.exec(line)?.[1],
}).catch((error: Error) => {
  console.error(
    `mock: ${error.message.split("\n")[0]} (is port ${port} free? choose another with --port)`,
  );
  process.exit(1);
});

console.log(`Prism mock of the Intercom Companies API 2.7 listening on ${mock.url} (Prism: process group ${mock.pid})
Try:
  curl -s -H 'Authorization: Bearer any-token' -H 'Intercom-Version: 2.7' ${mock.url}/companies/6657a8066abd0160d35d1e16`);

const shutdown = () => void mock.stop().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
