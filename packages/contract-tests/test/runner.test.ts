// runContract against the Prism mock and against the real sandbox behind the fault layer. Every
// test stands alone: its own token (an isolated sandbox workspace), its own layer, its own run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "@intercom-toolkit/server-process";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { ContractUsageError, isProvokable, runContract } from "../src/index.ts";
import { declaredStatuses } from "../src/spec.ts";
import {
  companiesOf,
  faultLayer,
  freshToken,
  noContactDelete,
  noContactsApi,
  OVERSIZED_BYTES,
} from "./helpers.ts";

const model = loadSpecModel();
const contactId = "6657a8126abd0160d35d1e4b";
/** Statuses a client cannot provoke (429, 5xx), counted from the spec. */
const notProvokable = model.operations.flatMap((op) =>
  declaredStatuses(op).filter((s) => !isProvokable(s)),
).length;

describe("runContract against the Prism mock of the spec", () => {
  it("passes shape checks of every operation with full coverage (behaviour checks off)", async () => {
    const result = await runContract({
      target: inject("mockUrl"),
      contactId,
      checkBehaviour: false,
      oversizedBytes: OVERSIZED_BYTES,
    });
    expect(result.violations).toEqual([]);
    expect(result.coverage).toMatchObject({
      full: true,
      operations: { exercised: model.operations.length, declared: model.operations.length },
    });
    expect(result.coverage.statusCodes.exercised).toBe(result.coverage.statusCodes.provokable);
    expect(result.coverage.notProvokable).toHaveLength(notProvokable);
    expect(result.mode).toEqual({ checkBehaviour: false, shapesOnly: false });
    expect(result.ok).toBe(true);
  });

  it("fails with behaviour checks on (the default): a mock does not keep what was written", async () => {
    const result = await runContract({
      target: inject("mockUrl"),
      contactId,
      only: ["upsertCompany"],
    });
    expect(result.ok).toBe(false);
    expect(result.violations).toContainEqual(
      expect.objectContaining({
        scenario: "upsertCompany.create",
        kind: "behaviour",
        message: expect.stringMatching(/but the suite wrote/),
      }),
    );
  });
});

describe("runContract against the sandbox (a server that honours the spec)", () => {
  it("passes every behaviour check, creates its contact, deletes its companies and reports the contact it could not delete", async () => {
    // The sandbox as it is, except that it cannot delete contacts (as Intercom's other APIs can).
    const layer = await faultLayer(noContactDelete);
    const token = freshToken("honest");
    const events: string[] = [];
    const result = await runContract({
      target: layer.url,
      token,
      oversizedBytes: OVERSIZED_BYTES,
      onProgress: (e) => events.push(e.type),
    });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.mode).toEqual({ checkBehaviour: true, shapesOnly: false });
    expect(result.notes.join("\n")).toMatch(/created \S+ through the target's POST \/contacts/);
    // Three companies (its own and two for the pages): its own deleted by the suite, two by the clean-up.
    expect(result.cleanUp.deleted.filter((d) => d.startsWith("company"))).toHaveLength(2);
    // No DELETE /contacts/{id}: the run says so instead of taking 404 for "gone".
    expect(result.cleanUp.left).toEqual([
      expect.stringMatching(/^contact \S+: DELETE answered 404/),
    ]);
    expect(result.notes.join("\n")).toMatch(
      /clean-up: could not delete contact \S+.*delete it by hand/,
    );
    expect(await companiesOf(token)).toEqual([]);
    expect(events[0]).toBe("prism");
    expect(events.filter((e) => e === "scenario")).toHaveLength(result.scenarios.length);
    // Every request named the run.
    const runs = new Set(layer.received.map((r) => r.headers["x-contract-run"]));
    expect(runs.size).toBe(1);
  });

  it("reports the attach operations as not covered, never passed, when it gets no contact", async () => {
    const layer = await faultLayer(noContactsApi);
    const token = freshToken("no-contacts");
    const result = await runContract({ target: layer.url, token, oversizedBytes: OVERSIZED_BYTES });
    expect(result.violations).toEqual([]);
    expect(result.coverage.full).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.notes.join("\n")).toMatch(/POST \/contacts answered 404.*--contact-id/);
    const attach = result.operations.find((o) => o.operationId === "attachContactToCompany");
    expect(attach?.result).toBe("not-covered");
    expect(attach?.statuses.find((s) => s.status === 200)).toMatchObject({
      state: "not-covered",
      reason: expect.stringMatching(/--contact-id/),
    });
    for (const id of ["attachContactToCompany", "listContactCompanies", "detachContactFromCompany"])
      expect(
        result.coverage.notCovered.some((n) => n.operationId === id && n.status === 200),
        id,
      ).toBe(true);
    expect(await companiesOf(token)).toEqual([]);
  });

  it("checks only the operations asked for, running what they need as setup", async () => {
    const layer = await faultLayer();
    const token = freshToken("only");
    const result = await runContract({
      target: layer.url,
      token,
      only: ["retrieveCompany"],
      oversizedBytes: OVERSIZED_BYTES,
    });
    expect(result.ok).toBe(true);
    expect(result.operations.map((o) => o.operationId)).toEqual(["retrieveCompany"]);
    expect(result.coverage.operations).toEqual({ exercised: 1, declared: 1 });
    const setup = result.scenarios.filter((s) => s.setup).map((s) => s.id);
    expect(setup).toEqual(["upsertCompany.create", "deleteCompany.delete"]);
    expect(result.scenarios.find((s) => s.id === "retrieveCompany.afterDelete")?.outcome).toBe(
      "passed",
    );
    expect(await companiesOf(token)).toEqual([]);
  });

  it("checks against a spec given as YAML", async () => {
    const layer = await faultLayer();
    const token = freshToken("yaml");
    const yaml = createRequire(import.meta.url).resolve("@intercom-toolkit/spec/openapi.yaml");
    const result = await runContract({
      target: layer.url,
      token,
      spec: yaml,
      only: ["retrieveCompany"],
      oversizedBytes: OVERSIZED_BYTES,
    });
    expect(result.spec).toBe(yaml);
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(await companiesOf(token)).toEqual([]);
  });

  it("looks the company up by the name its last write gave it, whatever the order of the spec's properties", async () => {
    // The request bodies' properties in another order (as when a property is added in front of
    // `name`): the second upsert, which writes every other field, now renames the company.
    const bundled = createRequire(import.meta.url).resolve("@intercom-toolkit/spec");
    const doc = JSON.parse(readFileSync(bundled, "utf8")) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    for (const name of ["CreateOrUpdateCompanyRequest", "UpdateCompanyRequest"]) {
      const schema = doc.components.schemas[name];
      if (!schema) throw new Error(`the spec has no ${name}`);
      // `name` right after `plan`: the second property the writes split (company_id aside).
      const entries = Object.entries(schema.properties).filter(([key]) => key !== "name");
      const at = entries.findIndex(([key]) => key === "plan") + 1;
      if (at === 0) throw new Error(`${name} has no plan`);
      entries.splice(at, 0, ["name", schema.properties.name]);
      schema.properties = Object.fromEntries(entries);
    }
    const dir = mkdtempSync(join(tmpdir(), "contract-order-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const spec = join(dir, "openapi.json");
    writeFileSync(spec, JSON.stringify(doc));
    const layer = await faultLayer();
    const token = freshToken("order");
    const result = await runContract({
      target: layer.url,
      token,
      spec,
      only: ["upsertCompany", "findCompanies"],
      oversizedBytes: OVERSIZED_BYTES,
    });
    expect(result.violations).toEqual([]);
    const upserts = layer.received
      .filter((r) => r.operationId === "upsertCompany")
      .map((r) => JSON.parse(r.body) as { company_id?: string; name?: unknown });
    const own = upserts[0]?.company_id;
    const renamed = upserts.filter((b) => b.company_id === own)[1]?.name;
    expect(renamed, "the second upsert renames the company").toEqual(expect.any(String));
    expect(result.scenarios.find((s) => s.id === "findCompanies.byName")).toMatchObject({
      outcome: "passed",
      url: `/companies?name=${encodeURIComponent(String(renamed)).replaceAll("%20", "+")}`,
    });
    expect(await companiesOf(token)).toEqual([]);
  });

  it("writes nothing with shapesOnly, taking the company to read from the target", async () => {
    const token = freshToken("read-only");
    const sandbox = inject("sandboxUrl");
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const post = async (path: string, body: unknown) =>
      (await (
        await fetch(`${sandbox}${path}`, { method: "POST", headers, body: JSON.stringify(body) })
      ).json()) as { id: string };
    const existing = await post("/companies", { company_id: "existing", name: "Existing" });
    const contact = await post("/contacts", { role: "user", external_id: "reader" });
    await post(`/contacts/${contact.id}/companies`, { id: existing.id });
    const before = await companiesOf(token);

    const layer = await faultLayer();
    const result = await runContract({
      target: layer.url,
      token,
      shapesOnly: true,
      contactId: contact.id,
    });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.mode).toEqual({ checkBehaviour: false, shapesOnly: true });
    const writes = layer.received.filter(
      (r) => r.method !== "GET" && r.operationId !== "listCompanies",
    );
    expect(writes.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([]);
    expect(await companiesOf(token)).toEqual(before);
    expect(result.scenarios.find((s) => s.id === "retrieveCompany.byId")).toMatchObject({
      outcome: "passed",
      url: `/companies/${existing.id}`,
    });
    const skipped = result.scenarios.filter((s) => s.outcome === "skipped");
    expect(skipped.length).toBeGreaterThan(0);
    // Each skipped scenario writes, but the look-up of a company the run would have deleted.
    expect(
      skipped.filter((s) => !(s.writes && /--shapes-only/.test(s.reason ?? ""))).map((s) => s.id),
    ).toEqual(["retrieveCompany.afterDelete"]);
    expect(result.coverage.readOnly).toContainEqual({ operationId: "upsertCompany", status: 200 });
  });
});

describe("runContract input errors", () => {
  it("rejects an unknown operation, naming the known ones", async () => {
    await expect(runContract({ target: inject("mockUrl"), only: ["frobnicate"] })).rejects.toThrow(
      /Unknown operation frobnicate in --only; the spec has: .*retrieveCompany/,
    );
  });

  it("rejects a target that is down, before starting Prism", async () => {
    // Ports below 1024 need root to listen on: nothing listens on 4.
    const url = "http://127.0.0.1:4";
    const error = await runContract({ target: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractUsageError);
    expect((error as Error).message).toMatch(
      /is not reachable \(ECONNREFUSED\): start the server or check --target/,
    );
  });

  it("stops Prism when the run is aborted, and still cleans up", async () => {
    const layer = await faultLayer(undefined, { delayMs: 50 });
    const token = freshToken("abort");
    const controller = new AbortController();
    let pid = 0;
    const run = runContract({
      target: layer.url,
      token,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === "prism") pid = e.pid;
        if (e.type === "scenario") controller.abort(new Error("stop"));
      },
    });
    await expect(run).rejects.toThrow("stop");
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
    expect(await companiesOf(token)).toEqual([]);
  });
});
