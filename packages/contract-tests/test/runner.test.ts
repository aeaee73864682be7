import { isAlive } from "@intercom-toolkit/server-process";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type ContractResult, ContractUsageError, runContract } from "../src/index.ts";
import { type BrokenServer, plantedFaults, startBrokenServer } from "./fixtures/broken-server.ts";

let server: BrokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const contactId = "6657a8126abd0160d35d1e4b";

describe("runContract against the Prism mock of the spec", () => {
  it("passes with full coverage", async () => {
    const result = await runContract({ target: inject("mockUrl"), contactId });
    expect(result.violations).toEqual([]);
    expect(result.coverage).toMatchObject({
      full: true,
      operations: { exercised: 12, declared: 12 },
    });
    expect(result.coverage.statusCodes.exercised).toBe(result.coverage.statusCodes.provokable);
    // 429 on every operation and the scroll's 500 cannot be provoked.
    expect(result.coverage.notProvokable).toHaveLength(13);
    expect(result.ok).toBe(true);
    expect(result.scenarios.every((s) => s.outcome === "passed")).toBe(true);
  });
});

describe("runContract against a server that honours the spec", () => {
  it("passes, checks behaviour, creates its contact through POST /contacts and cleans up", async () => {
    server = await startBrokenServer({ faults: [] });
    const events: string[] = [];
    const result = await runContract({
      target: server.url,
      token: "secret",
      checkBehaviour: true,
      onProgress: (e) => events.push(e.type),
    });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.notes.join("\n")).toMatch(/created \S+ through the target's POST \/contacts/);
    expect(server.companyCount()).toBe(0);
    expect(server.contactCount()).toBe(0);
    expect(events[0]).toBe("prism");
    expect(events.filter((e) => e === "scenario")).toHaveLength(result.scenarios.length);
  });

  it("reports the attach operations as not covered, never passed, when it gets no contact", async () => {
    server = await startBrokenServer({ faults: [], contactsApi: false });
    const result = await runContract({ target: server.url, token: "secret" });
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual([]);
    expect(result.coverage.full).toBe(false);
    expect(result.notes.join("\n")).toMatch(/POST \/contacts answered 404.*--contact-id/);
    const attach = result.operations.find((o) => o.operationId === "attachContactToCompany");
    expect(attach?.result).toBe("not-covered");
    expect(attach?.statuses.find((s) => s.status === 200)).toMatchObject({
      state: "not-covered",
      reason: expect.stringMatching(/--contact-id/),
    });
    for (const id of [
      "attachContactToCompany",
      "listContactCompanies",
      "detachContactFromCompany",
    ]) {
      expect(
        result.coverage.notCovered.some((n) => n.operationId === id && n.status === 200),
        id,
      ).toBe(true);
      expect(
        result.scenarios.find((s) => s.operationId === id && s.expectedStatus === 200)?.outcome,
      ).toBe("skipped");
    }
    expect(server.companyCount()).toBe(0);
  });

  it("checks only the operations asked for, running what they need as setup", async () => {
    server = await startBrokenServer({ faults: [] });
    const result = await runContract({
      target: server.url,
      token: "secret",
      only: ["retrieveCompany"],
    });
    expect(result.ok).toBe(true);
    expect(result.operations.map((o) => o.operationId)).toEqual(["retrieveCompany"]);
    expect(result.coverage.operations).toEqual({ exercised: 1, declared: 1 });
    const setup = result.scenarios.filter((s) => s.setup).map((s) => s.id);
    expect(setup).toEqual(["upsertCompany.create", "deleteCompany.delete"]);
    expect(result.scenarios.find((s) => s.id === "retrieveCompany.afterDelete")?.outcome).toBe(
      "passed",
    );
    expect(server.companyCount()).toBe(0);
  });
});

describe("runContract against a deliberately broken server", () => {
  let result: ContractResult;

  it("fails", async () => {
    server = await startBrokenServer();
    result = await runContract({ target: server.url, token: "secret" });
    expect(result.ok).toBe(false);
    expect(server.companyCount()).toBe(0);
  });

  it.each(plantedFaults.map((f) => [f.id, f] as const))(
    "names the planted fault %s",
    (_, fault) => {
      const found = result.violations.filter(
        (v) => v.scenario === fault.scenario && v.kind === fault.kind,
      );
      expect(
        found,
        `${fault.description}: ${JSON.stringify(result.violations, null, 2)}`,
      ).toContainEqual(
        expect.objectContaining({
          path: fault.path,
          message: expect.stringMatching(fault.message),
        }),
      );
    },
  );

  it("marks the status codes the faults kept from being exercised as not covered", () => {
    const notCovered = result.coverage.notCovered.map((n) => `${n.operationId} ${n.status}`);
    expect(notCovered).toEqual(
      expect.arrayContaining(["scrollCompanies 401", "deleteCompany 200", "updateCompany 400"]),
    );
  });
});

describe("runContract input errors", () => {
  it("rejects an unknown operation, naming the known ones", async () => {
    await expect(runContract({ target: inject("mockUrl"), only: ["frobnicate"] })).rejects.toThrow(
      /Unknown operation frobnicate in --only; the spec has: .*retrieveCompany/,
    );
  });

  it("rejects a target that is down, before starting Prism", async () => {
    server = await startBrokenServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await runContract({ target: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractUsageError);
    expect((error as Error).message).toMatch(
      /is not reachable \(ECONNREFUSED\): start the server or check --target/,
    );
  });

  it("stops Prism when the run is aborted", async () => {
    server = await startBrokenServer({ faults: [], delayMs: 100 });
    const controller = new AbortController();
    let pid = 0;
    const run = runContract({
      target: server.url,
      token: "secret",
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === "prism") pid = e.pid;
        if (e.type === "scenario") controller.abort(new Error("stop"));
      },
    });
    await expect(run).rejects.toThrow("stop");
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
    // The clean-up still removes what the run created.
    expect(server.companyCount()).toBe(0);
  });
});
