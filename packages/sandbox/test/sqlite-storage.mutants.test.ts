// The node:sqlite storage on its own: where its file goes by default, what kind it reports, and
// transactions (a failed one leaves nothing, a nested one joins the outer one).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultDatabasePath, SqliteStorage } from "../src/store/index.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("defaultDatabasePath", () => {
  it.each([
    [{ XDG_DATA_HOME: "/data", HOME: "/home/ada" }, "/data/intercom-sandbox/sandbox.db"],
    [
      { XDG_DATA_HOME: "", HOME: "/home/ada" },
      "/home/ada/.local/share/intercom-sandbox/sandbox.db",
    ],
    [{ HOME: "/home/ada" }, "/home/ada/.local/share/intercom-sandbox/sandbox.db"],
    [{ USERPROFILE: "C:/Users/ada" }, "C:/Users/ada/.local/share/intercom-sandbox/sandbox.db"],
    [{}, "./.local/share/intercom-sandbox/sandbox.db"],
  ])("with %j is %s", (env, path) => {
    expect(defaultDatabasePath(env as NodeJS.ProcessEnv)).toBe(path);
  });
});

describe("SqliteStorage", () => {
  it("says whether it keeps its data in memory or in a file", async () => {
    const memory = new SqliteStorage(":memory:", () => 1);
    const file = new SqliteStorage(join(dir, "kind.db"), () => 1);
    try {
      expect(memory.kind).toBe("memory");
      expect(file.kind).toBe("file");
    } finally {
      await memory.close();
      await file.close();
    }
  });

  it("undoes a failed transaction, and a nested one joins the outer one", async () => {
    const store = new SqliteStorage(":memory:", () => 1);
    try {
      const ws = await store.workspaces.ensure("hash");
      await expect(
        store.transaction(async () => {
          await store.companies.upsert(ws, "gone", {});
          throw new Error("stop");
        }),
      ).rejects.toThrow("stop");
      expect(await store.companies.count(ws)).toBe(0);
      await expect(
        store.transaction(async () => {
          await store.transaction(async () => store.companies.upsert(ws, "inner", {}));
          throw new Error("outer fails");
        }),
      ).rejects.toThrow("outer fails");
      expect(await store.companies.count(ws)).toBe(0);
      await store.transaction(async () => store.companies.upsert(ws, "kept", {}));
      expect(await store.companies.count(ws)).toBe(1);
    } finally {
      await store.close();
    }
  });
});
