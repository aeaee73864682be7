// vitest globalSetup of the `postgres` project: one throwaway cluster for the run, its URL
// given to the tests (inject("postgresUrl")), stopped and removed at the end.
import type { TestProject } from "vitest/node";
import { startCluster } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // fsync off: the tests kill sandbox processes, never the cluster, and a committed write is
  // in PostgreSQL's hands either way; it spares the shared disk. Room for several processes'
  // pools at once.
  const cluster = await startCluster({ fsync: "off", max_connections: "300" });
  project.provide("postgresUrl", cluster.url);
  // Also when the run ends without its teardown (an interrupted vitest): no server left behind.
  process.once("exit", () => cluster.stop());
  return () => cluster.stop();
}
