import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Exchange, send, type Target } from "./exchange.ts";
import type { ContextKey, Scenario, ScenarioContext, ScenarioIO } from "./scenario-types.ts";
import { scenarios as allScenarios } from "./scenarios.ts";
import { type LoadedSpec, loadSpec } from "./spec.ts";
import type { Coverage, OperationResult, ScenarioResult } from "./summary.ts";
import { summarize } from "./summary.ts";
import {
  type CleanUp,
  ContractUsageError,
  checkReachable,
  cleanUp,
  obtainContact,
  validateTarget,
} from "./target-setup.ts";
import { startValidationProxy, type ValidationProxy } from "./validation-proxy.ts";
import type { Violation } from "./violations.ts";

export type { StatusCoverage } from "./summary.ts";
export type { CleanUp, Coverage, OperationResult, ScenarioResult };
export { ContractUsageError };

export interface RunContractOptions {
  /** Base URL of the server to check, such as `http://127.0.0.1:3000`. */
  target: string;
  /** Access token sent as `Authorization: Bearer <token>` (default: a dummy token). */
  token?: string;
  /** Contact to attach; without it one is created through the target's `POST /contacts`. */
  contactId?: string;
  /** Only check these operations (their prerequisites still run, as setup). */
  only?: readonly string[];
  /** OpenAPI document (JSON or YAML) to check against (default: the bundled spec). */
  spec?: string;
  /**
   * Check that answers agree with the run: what was written is read back, lists and scrolls are
   * walked to their end, look-ups find what was asked for (default true). `false` checks shapes
   * only but still writes, for stateless mocks.
   */
  checkBehaviour?: boolean;
  /**
   * Read-only run, e.g. against production: no scenario that writes runs, and only shapes are
   * checked (implies `checkBehaviour: false`). The statuses only writes provoke are left out of
   * the coverage.
   */
  shapesOnly?: boolean;
  /** Size in bytes of the bodies that provoke 413 (default 4 MiB). */
  oversizedBytes?: number;
  /**
   * Unique id of the run (default: random). It names what the run creates (`contract-<runId>`)
   * and is sent on every request as `X-Contract-Run`.
   */
  runId?: string;
  /**
   * A validation proxy started with `startValidationProxy` for the same target and spec, to share
   * between runs (each run otherwise starts its own and stops it at the end).
   */
  validationProxy?: ValidationProxy;
  /** Time limit of each request, in ms (default 10,000). */
  requestTimeoutMs?: number;
  /** Writes everything Prism printed to this file at the end. */
  prismLog?: string;
  /** Called as the run goes, for progress output. */
  onProgress?: (event: ProgressEvent) => void;
  /** Stops the run (Prism is stopped, the promise rejects). */
  signal?: AbortSignal;
}

export type ProgressEvent =
  | { type: "prism"; url: string; pid: number; ms: number }
  | { type: "note"; message: string }
  | { type: "scenario"; scenario: ScenarioResult };

export interface ContractResult {
  /** No violation, no failed scenario and full coverage: exit code 0. */
  ok: boolean;
  target: string;
  spec: string;
  startedAt: string;
  /** The run's mode: behaviour checks on or off, writes allowed or not. */
  mode: { checkBehaviour: boolean; shapesOnly: boolean };
  timings: { prismStartupMs: number; scenariosMs: number; totalMs: number };
  scenarios: ScenarioResult[];
  operations: OperationResult[];
  coverage: Coverage;
  /** Every violation, in run order. */
  violations: Array<Violation & { scenario: string; operationId: string; status?: number }>;
  /** What the run deleted at the end, and what it could not (left on the target). */
  cleanUp: CleanUp;
  /** Setup facts, such as how the contact was obtained, and what the clean-up left. */
  notes: string[];
}

const DUMMY_TOKEN = "intercom-contract-test-token";
export const DEFAULT_OVERSIZED_BYTES = 4 * 1024 * 1024;

/** The scenarios to run: those of the selected operations, plus what they need. */
function selectScenarios(spec: LoadedSpec, only: ReadonlySet<string>): Map<Scenario, boolean> {
  const known = new Set(spec.model.operations.map((op) => op.operationId));
  const inSpec = allScenarios.filter((s) => known.has(s.operationId));
  const chosen = new Map<Scenario, boolean>(); // scenario → selected (false: setup)
  for (const s of inSpec) if (only.has(s.operationId)) chosen.set(s, true);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of [...chosen.keys()]) {
      const index = inSpec.indexOf(s);
      for (const key of s.requires ?? []) {
        const provider = inSpec.slice(0, index).find((p) => p.provides?.includes(key));
        if (provider && !chosen.has(provider)) {
          chosen.set(provider, false);
          grew = true;
        }
      }
    }
    // Whatever creates the company also deletes it.
    for (const s of inSpec) {
      if (
        s.cleanup &&
        !chosen.has(s) &&
        [...chosen.keys()].some((c) => c.provides?.includes("companyId"))
      ) {
        chosen.set(s, false);
        grew = true;
      }
    }
  }
  return new Map(inSpec.filter((s) => chosen.has(s)).map((s) => [s, chosen.get(s) ?? false]));
}

const CONTEXT_SOURCES: Record<ContextKey, string> = {
  companyId: "a company id (upsertCompany did not create the company)",
  companyRemoteId: "a company_id (upsertCompany did not create the company)",
  contactId: "a contact: pass --contact-id, or give the target a POST /contacts",
  attached: "an attached contact (attachContactToCompany did not succeed)",
  scrollParam: "a scroll_param (the first scroll page did not return one)",
  deleted: "a deleted company (deleteCompany did not succeed)",
};

const expectation = (message: string): Violation => ({
  kind: "expectation",
  path: "status",
  message,
  severity: "error",
});

async function runScenario(
  scenario: Scenario,
  spec: LoadedSpec,
  ctx: ScenarioContext,
  proxy: Target,
  setup: boolean,
): Promise<ScenarioResult> {
  const started = performance.now();
  const op = spec.model.operation(scenario.operationId);
  const result: ScenarioResult = {
    id: scenario.id,
    operationId: scenario.operationId,
    title: scenario.title,
    method: op.method,
    url: op.path,
    expectedStatus: scenario.expect,
    outcome: "skipped",
    setup,
    ...(scenario.writes ? { writes: true } : {}),
    violations: [],
    requestNotes: [],
    requests: 0,
    durationMs: 0,
  };
  if (!op.responses.some((r) => r.status === String(scenario.expect)))
    return { ...result, reason: `the spec declares no ${scenario.expect} for ${op.operationId}` };
  if (ctx.readOnly && scenario.writes)
    return { ...result, reason: "it writes, and --shapes-only runs only what reads" };
  const lacking = (scenario.requires ?? []).find((key) => !ctx[key]);
  if (lacking) return { ...result, reason: `needs ${CONTEXT_SOURCES[lacking]}` };

  const violations: Violation[] = [];
  const exchange: Exchange = await send(proxy, op, scenario.request(ctx), {
    auth: scenario.auth !== false,
    expect: scenario.expect,
  });
  result.requests++;
  result.url = exchange.url;
  result.requestNotes = exchange.requestNotes;
  const answer = exchange.answer;
  if (!answer) {
    return {
      ...result,
      outcome: "failed",
      reason: `request failed: ${exchange.failure}`,
      violations: [expectation(`no answer (${exchange.failure})`)],
      durationMs: performance.now() - started,
    };
  }
  violations.push(...exchange.violations);
  if (answer.status !== scenario.expect) {
    violations.push(
      expectation(`expected ${scenario.expect} (${scenario.title}), got ${answer.status}`),
    );
  } else {
    const problem = scenario.after?.(ctx, answer);
    const problems = problem ? [problem] : [];
    if (ctx.behaviour && scenario.check) {
      const io: ScenarioIO = {
        operation: (id) => spec.model.operation(id),
        send: async (request, label) => {
          const subOp = spec.model.operation(request.operationId ?? scenario.operationId);
          const sub = await send(proxy, subOp, request, { auth: true });
          result.requests++;
          for (const v of sub.violations)
            violations.push({ ...v, message: `${label}: ${v.message}` });
          if (!sub.answer) violations.push(expectation(`${label}: no answer (${sub.failure})`));
          else if (sub.answer.status >= 300)
            violations.push(
              expectation(`${label}: expected a 2xx answer, got ${sub.answer.status}`),
            );
          return sub.answer;
        },
      };
      try {
        problems.push(...(await scenario.check(ctx, answer, io)));
      } catch (error) {
        if (proxy.signal?.aborted) throw error;
        problems.push(`the check could not run: ${(error as Error).message}`);
      }
    }
    if (ctx.behaviour)
      for (const message of problems)
        violations.push({ kind: "behaviour", path: "$", message, severity: "error" });
  }
  return {
    ...result,
    status: answer.status,
    outcome: violations.length === 0 ? "passed" : "failed",
    violations,
    durationMs: performance.now() - started,
  };
}

/**
 * Starts a Prism validation proxy in front of `target`, runs the scenario suite through it and
 * reports every answer that breaks the spec or disagrees with what the suite did, with the
 * coverage of operations and status codes.
 */
export async function runContract(options: RunContractOptions): Promise<ContractResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const progress = options.onProgress ?? (() => {});
  const target = validateTarget(options.target);
  const spec = await loadSpec(options.spec).catch((error: Error) => {
    throw new ContractUsageError(error.message);
  });
  const known = spec.model.operations.map((op) => op.operationId);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new ContractUsageError(
      `Unknown operation ${unknown.join(", ")} in --only; the spec has: ${known.join(", ")}`,
    );
  }
  const oversizedBytes = options.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES;
  if (!Number.isInteger(oversizedBytes) || oversizedBytes <= 0)
    throw new ContractUsageError(
      `oversizedBytes must be a positive integer, not ${oversizedBytes}`,
    );
  const only = new Set(options.only && options.only.length > 0 ? options.only : known);
  const shapesOnly = options.shapesOnly === true;
  const checkBehaviour = !shapesOnly && options.checkBehaviour !== false;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const token = options.token || DUMMY_TOKEN;
  const notes: string[] = [];
  if (!options.token) notes.push("token: none given, so a dummy token was sent (fine for mocks)");

  const runId = options.runId ?? `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  if (!/^[\w.-]{1,64}$/.test(runId))
    throw new ContractUsageError(
      `runId must be 1 to 64 letters, digits, ".", "_" or "-", not "${runId}"`,
    );
  const direct: Target = { base: target.href, token, timeoutMs, signal: options.signal, runId };
  await checkReachable(target, runId, options.signal);
  const ctx: ScenarioContext = {
    runId,
    spec: spec.model,
    behaviour: checkBehaviour,
    readOnly: shapesOnly,
    written: {},
    created: [],
    sentCompanyIds: [],
    attachedTo: [],
    deletedIds: [],
    scrollFirstPage: [],
    oversizedBytes,
  };
  const chosen = selectScenarios(spec, only);
  const results: ScenarioResult[] = [];
  let proxy: ValidationProxy | undefined = options.validationProxy;
  const ownProxy = proxy === undefined;
  if (proxy && (proxy.target !== target.href || proxy.spec !== spec.file))
    throw new ContractUsageError(
      `The validation proxy checks ${proxy.target} against ${proxy.spec}, not ${target.href} against ${spec.file}`,
    );
  let createdContact = false;
  let prismStartupMs = 0;
  let scenariosMs = 0;
  let cleaned: CleanUp = { deleted: [], left: [] };
  try {
    options.signal?.throwIfAborted();
    if (ownProxy) {
      proxy = await startValidationProxy({ target: target.href, spec: spec.file });
      prismStartupMs = proxy.startupMs;
    }
    if (!proxy) throw new Error("no validation proxy");
    progress({ type: "prism", url: proxy.url, pid: proxy.pid, ms: prismStartupMs });
    options.signal?.throwIfAborted();
    if ([...chosen.keys()].some((s) => s.requires?.includes("contactId"))) {
      if (shapesOnly && !options.contactId)
        notes.push(
          "contact: none (--shapes-only creates none); pass --contact-id to cover the attach operations",
        );
      else createdContact = await obtainContact(ctx, direct, options.contactId, notes);
      progress({ type: "note", message: notes[notes.length - 1] ?? "" });
    }
    const viaProxy: Target = { ...direct, base: proxy.url, recorder: proxy.recorder };
    const s0 = performance.now();
    for (const [scenario, selected] of chosen) {
      options.signal?.throwIfAborted();
      const result = await runScenario(scenario, spec, ctx, viaProxy, !selected);
      results.push(result);
      progress({ type: "scenario", scenario: result });
    }
    scenariosMs = performance.now() - s0;
  } finally {
    cleaned = await cleanUp(ctx, direct, createdContact, notes);
    if (ownProxy) await proxy?.stop({ prismLog: options.prismLog });
  }
  const { operations, coverage } = summarize(spec, only, results, shapesOnly);
  const violations = results.flatMap((r) =>
    r.violations.map((v) => ({
      ...v,
      scenario: r.id,
      operationId: r.operationId,
      status: r.status,
    })),
  );
  const failed = results.some((r) => r.outcome === "failed");
  return {
    ok: violations.length === 0 && !failed && coverage.full,
    target: target.href,
    spec: spec.file,
    startedAt: startedAt.toISOString(),
    mode: { checkBehaviour, shapesOnly },
    timings: { prismStartupMs, scenariosMs, totalMs: performance.now() - t0 },
    scenarios: results,
    operations,
    coverage,
    violations,
    cleanUp: cleaned,
    notes,
  };
}
