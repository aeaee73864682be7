#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_DEMO_COMPANIES,
  DEFAULT_POOL_SIZE,
  DEFAULT_PORT,
  DEFAULT_TOKEN,
} from "./defaults.ts";
import type { Sandbox } from "./index.ts";
import { DEFAULT_RATE_LIMIT } from "./rate-limit.ts";
import { defaultDatabasePath } from "./store/index.ts";

const HELP = `intercom-sandbox: a stateful local Intercom Companies API (Intercom-Version 2.7)

Usage: intercom-sandbox [options]

Options:
  --port <n>            Port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>      Interface to listen on (default 127.0.0.1)
  --db <file>|:memory:  SQLite database (default $SANDBOX_DB, else ${defaultDatabasePath()})
  --db <postgres://...> PostgreSQL database instead, shared by every sandbox process on it
                        (migrated at start; user, password, host, port and name in the URL)
  --db-pool <n>         Connections in the PostgreSQL pool (default ${DEFAULT_POOL_SIZE})
  --demo                Fill the --token workspace with realistic demo data (${DEFAULT_DEMO_COMPANIES} companies)
                        when it has no company yet
  --demo-companies <n>  How many demo companies (implies --demo)
  --token <token>       Token of the workspace for demo data and fixtures (default ${DEFAULT_TOKEN})
  --fixtures <file>     JSON fixtures to load at start (see fixtures.schema.json)
  --seed <n>            Seed of demo data and chaos (default 1)
  --rate-limit <spec>   <requests>/<window> such as 100/10s, or off (default ${DEFAULT_RATE_LIMIT})
  --chaos <spec>        Inject faults: on, or e.g. 429=5%,500=2%,scroll=10%,drop=1%,delay=10%:300ms
  --body-limit <bytes>  Largest request body (default 1048576)
  --reuse-port          Share --port with other sandbox processes (SO_REUSEPORT, Linux): run
                        several on one --db postgres://... behind one address
  --headers-timeout <ms>   Close a connection whose request headers take longer (default 10000)
  --request-timeout <ms>   Close a connection whose whole request takes longer (default 30000)
  --idle-timeout <ms>      Close a connection idle between requests, or whose answer is not
                           read, this long (default 30000); 0 turns one off
  --shutdown-grace <ms>    On SIGTERM/SIGINT, how long requests in flight may finish (default
                           10000); a second signal exits at once
  --cors-origin <list>  Comma-separated origins browsers may call from, or off
                        (default ${DEFAULT_CORS_ORIGINS.join(",")})
  --log                 Log every request as JSON lines
  -h, --help            Show this help
  -v, --version         Show the version

Every request needs Authorization: Bearer <token>; each distinct token is its own workspace.`;

function fail(text: string): never {
  const message = /[.!?]$/.test(text) ? text : `${text}.`;
  process.stderr.write(
    `intercom-sandbox: ${message} Run intercom-sandbox --help for the options.\n`,
  );
  process.exit(2);
}

function integer(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    fail(`--${name} must be an integer from ${min} to ${max}, got "${value}".`);
  }
  return Number(value);
}

/** `--cors-origin`: `off`, or origins such as `http://localhost:4321` separated by commas. */
function parseCorsOrigins(value: string | undefined): string[] | false | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "off") return false;
  const origins = value
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      fail(
        `--cors-origin takes origins such as http://localhost:4321 (scheme, host and port, no path), separated by commas, or off; got "${origin}".`,
      );
    }
  }
  if (origins.length === 0) fail(`--cors-origin needs at least one origin, or off.`);
  return origins;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        db: { type: "string" },
        "db-pool": { type: "string" },
        demo: { type: "boolean" },
        "demo-companies": { type: "string" },
        token: { type: "string" },
        fixtures: { type: "string" },
        seed: { type: "string" },
        "rate-limit": { type: "string" },
        chaos: { type: "string" },
        "body-limit": { type: "string" },
        "reuse-port": { type: "boolean" },
        "cors-origin": { type: "string" },
        "headers-timeout": { type: "string" },
        "request-timeout": { type: "string" },
        "idle-timeout": { type: "string" },
        "shutdown-grace": { type: "string" },
        log: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
      allowPositionals: false,
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    fail(`${(error as Error).message.split("\n")[0]}`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const demoCompanies = integer("demo-companies", values["demo-companies"], 1, 1_000_000);
  const port = integer("port", values.port, 0, 65_535) ?? DEFAULT_PORT;
  const seed = integer("seed", values.seed, -2_147_483_648, 2_147_483_647);
  const bodyLimit = integer("body-limit", values["body-limit"], 1, 1024 * 1024 * 1024);
  const dbPool = integer("db-pool", values["db-pool"], 1, 1000);
  const db = values.db ?? (process.env.SANDBOX_DB || defaultDatabasePath());
  const corsOrigins = parseCorsOrigins(values["cors-origin"]);
  const day = 86_400_000;
  const headersMs = integer("headers-timeout", values["headers-timeout"], 0, day);
  const requestMs = integer("request-timeout", values["request-timeout"], 0, day);
  const idleMs = integer("idle-timeout", values["idle-timeout"], 0, day);
  const shutdownGraceMs = integer("shutdown-grace", values["shutdown-grace"], 0, day);
  let sandbox: Sandbox;
  try {
    // Loaded after the arguments are checked, so --help and bad flags answer at once.
    const { createSandbox } = await import("./index.ts");
    sandbox = await createSandbox({
      port,
      host: values.host ?? "127.0.0.1",
      db,
      ...(dbPool !== undefined ? { dbPool } : {}),
      ...(values["reuse-port"] ? { reusePort: true } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(demoCompanies !== undefined
        ? { demo: demoCompanies }
        : values.demo
          ? { demo: true }
          : {}),
      ...(values.token !== undefined ? { token: values.token } : {}),
      ...(values.fixtures !== undefined ? { fixtures: values.fixtures } : {}),
      ...(values["rate-limit"] !== undefined ? { rateLimit: values["rate-limit"] } : {}),
      ...(values.chaos !== undefined ? { chaos: values.chaos } : {}),
      ...(bodyLimit !== undefined ? { bodyLimit } : {}),
      ...(corsOrigins !== undefined ? { corsOrigins } : {}),
      timeouts: {
        ...(headersMs !== undefined ? { headersMs } : {}),
        ...(requestMs !== undefined ? { requestMs } : {}),
        ...(idleMs !== undefined ? { idleMs } : {}),
      },
      ...(shutdownGraceMs !== undefined ? { shutdownGraceMs } : {}),
      logger: values.log === true,
    });
  } catch (error) {
    const message = (error as Error).message;
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      fail(`port ${port} is already in use: choose another with --port (0 picks a free one).`);
    }
    fail(message);
  }
  // Handlers before the ready line: whoever reads it may signal at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second signal: no more waiting.
      process.stdout.write(`Received ${signal} again, exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`Received ${signal}, closing the sandbox.\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`intercom-sandbox: could not close cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const auth = `Authorization: Bearer ${sandbox.token}`;
  process.stdout.write(
    [
      `Intercom sandbox listening on ${sandbox.url}`,
      `  database: ${db === ":memory:" ? ":memory: (nothing is kept)" : sandbox.db}`,
      `  token:    ${sandbox.token} (${sandbox.companies} companies; any other token is a new, empty workspace)`,
      `  try:      curl -s -X POST -H '${auth}' -H 'Intercom-Version: 2.7' '${sandbox.url}/companies/list?per_page=5'`,
      "",
    ].join("\n"),
  );
}

await main();
