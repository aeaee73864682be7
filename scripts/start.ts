// `pnpm start` (after the build): the sandbox API, seeded with demo data and kept in a file, and
// the docs site, both on 127.0.0.1. Ctrl-C stops both.
//   pnpm start [--port 4010] [--docs-port 4321] [--db <file>]
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createSandbox, DEFAULT_PORT, defaultDatabasePath } from "@intercom-toolkit/sandbox";
import { startServer } from "@intercom-toolkit/server-process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const usage =
  "Usage: pnpm start [--port <api port>] [--docs-port <docs port>] [--db <sqlite file>]";

function port(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    console.error(
      `start: ${flag} must be a port number from 0 to 65535, got "${value}".\n${usage}`,
    );
    process.exit(2);
  }
  return number;
}

let values: { port: string; "docs-port": string; db: string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? String(DEFAULT_PORT) },
      "docs-port": { type: "string", default: process.env.DOCS_PORT ?? "4321" },
      db: { type: "string", default: process.env.SANDBOX_DB ?? defaultDatabasePath() },
    },
  }));
} catch (error) {
  console.error(`start: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}

const docsPort = port(values["docs-port"], "--docs-port");
// The docs first: the sandbox answers CORS for the docs' origin, whose port may be chosen by the
// system (--docs-port 0).
const docs = await startServer({
  name: "docs server",
  entry: join(root, "apps", "docs", "scripts", "serve.ts"),
  args: ["--port", String(docsPort)],
  readyWhen: (line) => /Docs listening on (\S+)/.exec(line)?.[1],
}).catch((error: Error) => {
  console.error(`start: ${error.message.split("\n")[0]} (is the port taken? use --docs-port)`);
  process.exit(1);
});
const docsUrlPort = new URL(docs.url).port;
const sandbox = await createSandbox({
  port: port(values.port, "--port"),
  db: values.db,
  demo: true,
  // The docs' "Try it" calls the sandbox from the browser: allow the docs' origin, and only it.
  corsOrigins: [`http://127.0.0.1:${docsUrlPort}`, `http://localhost:${docsUrlPort}`],
}).catch(async (error: Error) => {
  await docs.stop();
  console.error(
    `start: the sandbox could not start: ${error.message} (is the port taken? use --port)`,
  );
  process.exit(1);
});

// Handlers before the ready message: whoever reads it may signal at once.
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([docs.stop(), sandbox.close()]);
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

console.log(`
Intercom Companies sandbox API  ${sandbox.url}   (${sandbox.companies} companies in ${sandbox.db})
Documentation                   ${docs.url}   (docs server: process group ${docs.pid})

Token: ${sandbox.token}   (every token gets its own empty workspace; this one holds the demo data)

The samples of the documentation read these two variables; every id they use is in the demo data:
  export INTERCOM_BASE_URL=${sandbox.url} INTERCOM_ACCESS_TOKEN=${sandbox.token}

Try it (or use "Try it" on any operation page of the documentation):
  curl -s -H "Authorization: Bearer $INTERCOM_ACCESS_TOKEN" -H 'Intercom-Version: 2.7' -X POST "$INTERCOM_BASE_URL/companies/list?per_page=2"

or with the client (npm install @intercom-toolkit/client):
  import { createIntercomClient } from "@intercom-toolkit/client";
  import { helpers } from "@intercom-toolkit/client/helpers";
  const intercom = createIntercomClient({ plugins: [helpers()] }); // reads the two variables above
  for await (const company of intercom.companies.list({ perPage: 15 })) console.log(company.name);

Ctrl-C stops both.`);
