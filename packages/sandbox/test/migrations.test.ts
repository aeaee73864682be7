// The PostgreSQL backend's start: migrations applied once however many processes start at once,
// a newer schema refused, the password never printed, bad settings answered in one line. Runs
// in the `postgres` project only.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../src/index.ts";
import { countRows, freshDb } from "./support/backend.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop(2000)));
});

function start(db: string): Promise<RunningServer> {
  return startServer({
    entry: cli,
    args: ["--port", "0", "--db", db, "--db-pool", "2"],
    name: "intercom-sandbox",
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
  }).then((server) => {
    running.push(server);
    return server;
  });
}

/** Runs the command to its end (for starts that must fail). */
function fails(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [cli, "--port", "0", ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

async function exec(db: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("PostgreSQL migrations", () => {
  it("are applied once when several processes start on an empty database at once", async () => {
    const db = await freshDb();
    await Promise.all(Array.from({ length: 4 }, () => start(db)));
    expect(await countRows(db, "SELECT count(*) AS n FROM schema_migrations")).toBe(
      MIGRATIONS.length,
    );
    expect(
      await countRows(
        db,
        `SELECT count(*) AS n FROM schema_migrations WHERE version IN (${MIGRATIONS.map((m) => m.version).join(", ")})`,
      ),
    ).toBe(MIGRATIONS.length);
    // A restart applies nothing more.
    const again = await start(db);
    expect(again.output()).toMatch(/listening on/);
    expect(await countRows(db, "SELECT count(*) AS n FROM schema_migrations")).toBe(
      MIGRATIONS.length,
    );
  });

  it("refuse a database a newer sandbox migrated, saying what to do", async () => {
    const db = await freshDb();
    const first = await start(db);
    await first.stop();
    const newer = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
    await exec(db, `INSERT INTO schema_migrations (version, name) VALUES (${newer}, 'future')`);
    const result = fails(["--db", db]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`has schema version ${newer}; this sandbox knows versions up to ${newer - 1}`),
    );
    expect(result.stderr).toMatch(/Upgrade the sandbox or use another database/);
  });
});

describe("the command on PostgreSQL", () => {
  it("prints the database without its password", async () => {
    const url = new URL(await freshDb());
    // The throwaway cluster trusts local connections: the password is never checked.
    url.password = "s3cret-word";
    const server = await start(url.href);
    expect(server.output()).toMatch(/database: postgres:\/\/postgres:\*\*\*@localhost:\d+\//);
    expect(server.output()).not.toContain("s3cret-word");
  });

  it("answers a bad pool size or an unreachable database with one line", async () => {
    const pool = fails(["--db", await freshDb(), "--db-pool", "0"]);
    expect(pool.status).toBe(2);
    expect(pool.stderr).toMatch(/--db-pool must be an integer from 1 to 1000, got "0"/);
    const unreachable = fails(["--db", "postgres://postgres:hidden@127.0.0.1:1/nowhere"]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(
      /Could not open the PostgreSQL database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/,
    );
    expect(unreachable.stderr).not.toContain("hidden");
    expect(unreachable.stderr.trim().split("\n")).toHaveLength(1);
  });
});
