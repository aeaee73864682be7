// A throwaway PostgreSQL cluster for the tests and the bench: `initdb` + `pg_ctl` from the
// system's PostgreSQL (Debian's `postgresql` package: /usr/lib/postgresql/<version>/bin) in a
// temporary folder, listening on a Unix socket there (no TCP port), stopped and removed afterwards. Nothing is mocked.
//
// initdb and pg_ctl refuse to run as root; as root (CI containers) they run as the `postgres`
// system user the package creates, and the folder is handed to that user.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface Cluster {
  /** `postgres://postgres@localhost:5432/postgres?host=<socket folder>`: the host is the socket's folder. */
  url: string;
  /** Names the socket file only: nothing listens on a TCP port. */
  port: number;
  /** The cluster's folder (data, socket, log). */
  dir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase: (name?: string) => Promise<string>;
  /** Stops the server at once (`pg_ctl stop -m immediate`) and removes the folder. */
  stop: () => void;
}

/** The folder of initdb/pg_ctl: $PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else PATH. */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return join(root, versions[0], "bin");
  const onPath = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (onPath.status === 0 && existsSync(join(onPath.stdout.trim(), "initdb"))) {
    return onPath.stdout.trim();
  }
  throw new Error(
    "No PostgreSQL found: install Debian's postgresql package (apt-get install postgresql; .ci/run does) or set PG_BIN to the folder holding initdb and pg_ctl.",
  );
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when this process is root. */
function run(bin: string, program: string, args: string[]): { status: number; output: string } {
  const file = join(bin, program);
  const [command, commandArgs] = asRoot
    ? ["runuser", ["-u", "postgres", "--", file, ...args]]
    : [file, args];
  const result = spawnSync(command, commandArgs, { encoding: "utf8", timeout: 60_000 });
  return {
    status: result.status ?? 1,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
  };
}

let databases = 0;

/** Starts a cluster; `settings` are extra `-c name=value` server settings. */
export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), "intercom-sandbox-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  if (asRoot) {
    let uid: number;
    let gid: number;
    try {
      uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    } catch {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        "initdb refuses to run as root and there is no `postgres` user to run it as: install Debian's postgresql package (it creates the user) or run the tests as another user.",
      );
    }
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const init = run(bin, "initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  if (init.status !== 0) {
    remove();
    throw new Error(`initdb failed:\n${init.output}`);
  }
  // No TCP port at all: the server listens only on a Unix socket in the cluster's own folder,
  // so no port is probed, freed and raced for (5432 only names the socket file).
  const options = Object.entries({ listen_addresses: "''", ...settings })
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");
  const port = 5432;
  const start = run(bin, "pg_ctl", [
    "start",
    "-D",
    data,
    "-w",
    "-t",
    "60",
    "-l",
    log,
    "-o",
    `-p ${port} -k ${dir} ${options}`,
  ]);
  if (start.status !== 0) {
    const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "";
    remove();
    throw new Error(`pg_ctl start failed:\n${start.output}\n${serverLog}`);
  }
  const urlOf = (database: string) =>
    `postgres://postgres@localhost:${port}/${database}?host=${encodeURIComponent(dir)}`;
  const url = urlOf("postgres");
  let stopped = false;
  return {
    url,
    port,
    dir,
    async createDatabase(name = `sandbox_${process.pid}_${++databases}`) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      return urlOf(name);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      run(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
      remove();
    },
  };
}
