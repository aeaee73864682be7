/**
 * The mutation test of the contract suite: the real sandbox behind a fault layer that plants one
 * named fault per run. Every fault must be caught (the run fails) and named (the report holds a
 * violation of the fault's scenario, kind and message); every harmless change the spec allows must
 * pass. The runs go concurrently through one shared fault layer and two shared validation proxies.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type ContractResult,
  runContract,
  startValidationProxy,
  type ValidationProxy,
} from "../src/index.ts";
import { type Fault, type FaultLayer, startFaultLayer } from "./fixtures/fault-layer.ts";
import { faults, harmlessChanges } from "./fixtures/faults-more.ts";
import { freshToken, OVERSIZED_BYTES } from "./helpers.ts";

const byRun = new Map<string, Fault>();
let layer: FaultLayer;
let proxies: ValidationProxy[] = [];
const table: string[] = [];

beforeAll(async () => {
  layer = await startFaultLayer(inject("sandboxUrl"), (runId) => byRun.get(runId ?? ""));
  proxies = await Promise.all([1, 2].map(() => startValidationProxy({ target: layer.url })));
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await layer?.close();
  if (table.length > 0)
    console.log(`Mutation table (fault | class | caught | named):\n${table.sort().join("\n")}`);
});

let next = 0;
async function runWith(fault: Fault): Promise<ContractResult> {
  const runId = freshToken(`m-${fault.id}`);
  byRun.set(runId, fault);
  const proxy = proxies[next++ % proxies.length];
  if (!proxy) throw new Error("no validation proxy");
  return runContract({
    target: layer.url,
    token: runId,
    runId,
    oversizedBytes: OVERSIZED_BYTES,
    validationProxy: proxy,
  });
}

const summary = (result: ContractResult) =>
  result.violations.map((v) => `${v.scenario} [${v.kind}] ${v.message}`).join("\n");

describe("the fault set", () => {
  it("has at least 40 named faults across every class of behaviour, and 5 harmless changes", () => {
    expect(faults.length).toBeGreaterThanOrEqual(40);
    expect(harmlessChanges.length).toBeGreaterThanOrEqual(5);
    expect(new Set(faults.map((f) => f.class))).toEqual(
      new Set([
        "shape",
        "written fields",
        "pagination",
        "scroll",
        "look-up",
        "attach/detach",
        "requests",
        "error codes",
        "unreadable",
        "delete",
      ]),
    );
    const ids = [...faults, ...harmlessChanges].map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(faults.every((f) => f.expect !== undefined)).toBe(true);
  });
});

describe.concurrent("every planted fault is caught and named in the report", () => {
  it.each(faults.map((f) => [f.id, f] as const))("%s", async (_, fault) => {
    const result = await runWith(fault);
    const expected = fault.expect;
    if (!expected) throw new Error(`${fault.id} says nothing about how it is named`);
    const named = result.violations.some(
      (v) =>
        v.scenario === expected.scenario &&
        v.kind === expected.kind &&
        expected.message.test(v.message),
    );
    table.push(`${fault.id} | ${fault.class} | ${!result.ok} | ${named}`);
    expect(result.ok, `${fault.description}: not caught`).toBe(false);
    expect(
      named,
      `${fault.description}: expected ${expected.scenario} [${expected.kind}] ${expected.message}; the report says:\n${summary(result)}`,
    ).toBe(true);
  });
});

describe.concurrent("every harmless change the spec allows passes", () => {
  it.each(harmlessChanges.map((f) => [f.id, f] as const))("%s", async (_, change) => {
    const result = await runWith(change);
    table.push(`${change.id} | harmless | false alarm: ${!result.ok} | -`);
    expect(result.violations, summary(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
