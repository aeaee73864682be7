import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { stripVTControlCharacters } from "node:util";
import { type PrismProcess, startPrism } from "./prism.ts";
import {
  scenarios as allScenarios,
  type ContextKey,
  isProvokable,
  type Scenario,
  type ScenarioContext,
} from "./scenarios.ts";
import { type LoadedSpec, loadSpec, type SpecOperation } from "./spec.ts";
import { readViolations, type Violation } from "./violations.ts";

/** Bad input (a flag, a URL, an operation name) or a target that cannot be reached. */
export class ContractUsageError extends Error {
  override name = "ContractUsageError";
}

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
   * Also check that answers agree with the run (the created company is retrieved and deleted by
   * its id, the attached contact is listed). Off by default: a stateless mock cannot pass it.
   */
  checkBehaviour?: boolean;
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

export interface ScenarioResult {
  id: string;
  operationId: string;
  title: string;
  method: string;
  /** Path and query actually sent. */
  url: string;
  expectedStatus: number;
  /** The status the target answered; absent when skipped or the request failed. */
  status?: number;
  outcome: "passed" | "failed" | "skipped";
  /** Why it was skipped, or why the request itself failed. */
  reason?: string;
  /** Run only because a selected scenario needs what it provides (with `only`). */
  setup: boolean;
  violations: Violation[];
  /** What Prism said about the request (expected for the 400/401 scenarios); never a failure. */
  requestNotes: string[];
  durationMs: number;
}

export interface StatusCoverage {
  status: number;
  state: "exercised" | "not-covered" | "not-provokable";
  /** Why it is not covered. */
  reason?: string;
}

export interface OperationResult {
  operationId: string;
  method: string;
  path: string;
  statuses: StatusCoverage[];
  /** `failed`: a violation or a failed scenario; `not-covered`: no violation, but a provokable status was not exercised. */
  result: "passed" | "failed" | "not-covered";
  violations: Array<Violation & { scenario: string; status?: number }>;
}

export interface Coverage {
  operations: { exercised: number; declared: number };
  statusCodes: { exercised: number; provokable: number; declared: number };
  notProvokable: Array<{ operationId: string; status: number }>;
  notCovered: Array<{ operationId: string; status: number; reason: string }>;
  /** Every declared operation and every provokable declared status exercised. */
  full: boolean;
}

export interface ContractResult {
  /** No violation, no failed scenario and full coverage: exit code 0. */
  ok: boolean;
  target: string;
  spec: string;
  startedAt: string;
  timings: { prismStartupMs: number; scenariosMs: number; totalMs: number };
  scenarios: ScenarioResult[];
  operations: OperationResult[];
  coverage: Coverage;
  /** Every violation, in run order. */
  violations: Array<Violation & { scenario: string; operationId: string; status?: number }>;
  /** Setup facts, such as how the contact was obtained. */
  notes: string[];
}

const DUMMY_TOKEN = "intercom-contract-test-token";

function validateTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ContractUsageError(
      `--target "${target}" is not a URL; pass e.g. http://127.0.0.1:3000`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ContractUsageError(`--target must be an http(s) URL, not ${url.protocol}`);
  }
  return url;
}

async function checkReachable(target: URL, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(5000);
  try {
    const res = await fetch(target, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await res.body?.cancel();
  } catch (error) {
    if (signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = timeout.aborted
      ? "no answer within 5 s"
      : (cause?.code ?? cause?.message ?? String(error));
    throw new ContractUsageError(
      `The target ${target.href} is not reachable (${why}): start the server or check --target.`,
    );
  }
}

/** The scenarios to run: those of the selected operations, plus what they need. */
function selectScenarios(spec: LoadedSpec, only: ReadonlySet<string>): Map<Scenario, boolean> {
  const known = new Set(spec.operations.map((op) => op.operationId));
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

function buildUrl(
  base: string,
  op: SpecOperation,
  params: Record<string, string>,
  query: Record<string, string | number>,
): URL {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`Scenario for ${op.operationId} lacks the path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const url = new URL(base.replace(/\/$/, "") + path);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url;
}

interface Target {
  base: string;
  token: string;
  timeoutMs: number;
  signal?: AbortSignal;
  checkBehaviour?: boolean;
}

function requestSignal(target: Target): AbortSignal {
  const timeout = AbortSignal.timeout(target.timeoutMs);
  return target.signal ? AbortSignal.any([target.signal, timeout]) : timeout;
}

async function runScenario(
  scenario: Scenario,
  op: SpecOperation,
  ctx: ScenarioContext,
  proxy: Target,
  setup: boolean,
): Promise<ScenarioResult> {
  const started = performance.now();
  const base = {
    id: scenario.id,
    operationId: scenario.operationId,
    title: scenario.title,
    method: op.method,
    expectedStatus: scenario.expect,
    setup,
    violations: [] as Violation[],
    requestNotes: [] as string[],
  };
  const lacking = (scenario.requires ?? []).find((key) => !ctx[key]);
  if (lacking) {
    return {
      ...base,
      url: op.path,
      outcome: "skipped",
      reason: `needs ${CONTEXT_SOURCES[lacking]}`,
      durationMs: 0,
    };
  }
  const request = scenario.request(ctx);
  const url = buildUrl(proxy.base, op, request.params ?? {}, request.query ?? {});
  const shown = url.pathname + url.search;
  const headers: Record<string, string> = { Accept: "application/json", "Intercom-Version": "2.7" };
  if (scenario.auth !== false) headers.Authorization = `Bearer ${proxy.token}`;
  // RFC 7240: real servers ignore it; a Prism mock answers with this status, so the suite can run against one.
  if (scenario.expect >= 300) headers.Prefer = `code=${scenario.expect}`;
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  Object.assign(headers, request.headers);
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: op.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: requestSignal(proxy),
    });
    text = await res.text();
  } catch (error) {
    if (proxy.signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${proxy.timeoutMs} ms`
        : (cause ?? String(error));
    return {
      ...base,
      url: shown,
      outcome: "failed",
      reason: `request failed: ${why}`,
      violations: [
        { kind: "expectation", path: "status", message: `no answer (${why})`, severity: "error" },
      ],
      durationMs: performance.now() - started,
    };
  }
  const { response, request: requestNotes } = readViolations(res.headers.get("sl-violations"));
  // Prism lists every declared code; say which one came back instead.
  const violations = response.map((v) =>
    v.kind === "status"
      ? {
          ...v,
          message: `${res.status} is not declared for ${op.operationId} (declared: ${op.statuses.join(", ")})`,
        }
      : v,
  );
  if (res.status !== scenario.expect) {
    violations.push({
      kind: "expectation",
      path: "status",
      message: `expected ${scenario.expect} (${scenario.title}), got ${res.status}`,
      severity: "error",
    });
  } else if (scenario.after) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const problem = scenario.after(ctx, body);
    if (problem && proxy.checkBehaviour)
      violations.push({ kind: "expectation", path: "$", message: problem, severity: "error" });
  }
  return {
    ...base,
    url: shown,
    status: res.status,
    outcome: violations.length === 0 ? "passed" : "failed",
    violations,
    requestNotes,
    durationMs: performance.now() - started,
  };
}

/** Gets a contact to attach: the given one, or a new one from the target's `POST /contacts`. */
async function obtainContact(
  ctx: ScenarioContext,
  target: Target,
  contactId: string | undefined,
  notes: string[],
): Promise<boolean> {
  if (contactId) {
    ctx.contactId = contactId;
    notes.push(`contact: using --contact-id ${contactId}`);
    return false;
  }
  const why = await (async () => {
    try {
      const res = await fetch(`${target.base.replace(/\/$/, "")}/contacts`, {
        method: "POST",
        headers: {
          Accept: "application/json",
          "Content-Type": "application/json",
          "Intercom-Version": "2.7",
          Authorization: `Bearer ${target.token}`,
        },
        body: JSON.stringify({
          role: "user",
          external_id: `contract-${ctx.runId}`,
          email: `contract-${ctx.runId}@example.com`,
          name: `Contract test ${ctx.runId}`,
        }),
        signal: requestSignal(target),
      });
      const text = await res.text();
      if (!res.ok) return `POST /contacts answered ${res.status}`;
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id !== "string" || id === "") return "POST /contacts answered no contact id";
      ctx.contactId = id;
      return undefined;
    } catch (error) {
      if (target.signal?.aborted) throw error;
      return `POST /contacts failed: ${(error as Error).message}`;
    }
  })();
  if (why === undefined) {
    notes.push(`contact: created ${ctx.contactId} through the target's POST /contacts`);
    return true;
  }
  notes.push(`contact: none (${why}); pass --contact-id to cover the operations that attach one`);
  return false;
}

/** Best effort: leave the target as it was. */
async function cleanUp(
  ctx: ScenarioContext,
  target: Target,
  createdContact: boolean,
  notes: string[],
): Promise<void> {
  const headers = {
    Authorization: `Bearer ${target.token}`,
    "Intercom-Version": "2.7",
    Accept: "application/json",
  };
  const base = target.base.replace(/\/$/, "");
  const remove = async (path: string, what: string) => {
    try {
      const res = await fetch(base + path, {
        method: "DELETE",
        headers,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      await res.body?.cancel();
      // 404: already gone (e.g. deleted by a scenario whose answer broke the spec).
      if (!res.ok && res.status !== 404)
        notes.push(`clean-up: deleting ${what} answered ${res.status}; delete it by hand`);
    } catch (error) {
      notes.push(
        `clean-up: could not delete ${what} (${(error as Error).message}); delete it by hand`,
      );
    }
  };
  if (ctx.companyId && !ctx.deleted)
    await remove(`/companies/${encodeURIComponent(ctx.companyId)}`, `company ${ctx.companyId}`);
  if (createdContact && ctx.contactId)
    await remove(`/contacts/${encodeURIComponent(ctx.contactId)}`, `contact ${ctx.contactId}`);
}

function summarize(
  spec: LoadedSpec,
  only: ReadonlySet<string>,
  results: ScenarioResult[],
): { operations: OperationResult[]; coverage: Coverage } {
  const operations: OperationResult[] = [];
  const notProvokable: Coverage["notProvokable"] = [];
  const notCovered: Coverage["notCovered"] = [];
  let declared = 0;
  let provokable = 0;
  let exercised = 0;
  let operationsExercised = 0;
  for (const op of spec.operations.filter((o) => only.has(o.operationId))) {
    const mine = results.filter((r) => r.operationId === op.operationId);
    const statuses: StatusCoverage[] = op.statuses.map((status) => {
      declared++;
      if (!isProvokable(status)) {
        notProvokable.push({ operationId: op.operationId, status });
        return { status, state: "not-provokable" };
      }
      provokable++;
      const tries = mine.filter((r) => r.expectedStatus === status);
      if (tries.some((r) => r.status === status)) {
        exercised++;
        return { status, state: "exercised" };
      }
      const reason =
        tries.length === 0
          ? "the suite has no scenario that provokes it"
          : tries
              .map((r) =>
                r.outcome === "skipped"
                  ? r.reason
                  : (r.violations.find((v) => v.kind === "expectation")?.message ?? r.reason),
              )
              .join("; ");
      notCovered.push({ operationId: op.operationId, status, reason: reason ?? "not exercised" });
      return { status, state: "not-covered", reason };
    });
    if (
      mine.some(
        (r) =>
          r.status !== undefined &&
          r.status >= 200 &&
          r.status < 300 &&
          r.status === r.expectedStatus,
      )
    )
      operationsExercised++;
    const violations = mine.flatMap((r) =>
      r.violations.map((v) => ({ ...v, scenario: r.id, status: r.status })),
    );
    const failed = mine.some((r) => r.outcome === "failed");
    operations.push({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      statuses,
      result: failed
        ? "failed"
        : statuses.some((s) => s.state === "not-covered")
          ? "not-covered"
          : "passed",
      violations,
    });
  }
  return {
    operations,
    coverage: {
      operations: { exercised: operationsExercised, declared: operations.length },
      statusCodes: { exercised, provokable, declared },
      notProvokable,
      notCovered,
      full: notCovered.length === 0 && operationsExercised === operations.length,
    },
  };
}

/**
 * Starts a Prism validation proxy in front of `target`, runs the scenario suite through it and
 * reports every answer that breaks the spec, with the coverage of operations and status codes.
 */
export async function runContract(options: RunContractOptions): Promise<ContractResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const progress = options.onProgress ?? (() => {});
  const target = validateTarget(options.target);
  const spec = await loadSpec(options.spec).catch((error: Error) => {
    throw new ContractUsageError(error.message);
  });
  const known = spec.operations.map((op) => op.operationId);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new ContractUsageError(
      `Unknown operation ${unknown.join(", ")} in --only; the spec has: ${known.join(", ")}`,
    );
  }
  const only = new Set(options.only && options.only.length > 0 ? options.only : known);
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const token = options.token || DUMMY_TOKEN;
  const notes: string[] = [];
  if (!options.token) notes.push("token: none given, so a dummy token was sent (fine for mocks)");
  await checkReachable(target, options.signal);

  const direct: Target = {
    base: target.href,
    token,
    timeoutMs,
    signal: options.signal,
    checkBehaviour: options.checkBehaviour,
  };
  const ctx: ScenarioContext = {
    runId: `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`,
  };
  const chosen = selectScenarios(spec, only);
  const results: ScenarioResult[] = [];
  let proxy: PrismProcess | undefined;
  let createdContact = false;
  let prismStartupMs = 0;
  let scenariosMs = 0;
  const onAbort = () => void proxy?.stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    options.signal?.throwIfAborted();
    const p0 = performance.now();
    proxy = await startPrism({
      name: "Prism proxy",
      // No --errors: with it Prism answers invalid requests itself (the 400/401 scenarios would
      // never reach the target) and replaces a bad answer by its own 500. Without it, Prism
      // forwards everything and lists the violations in the sl-violations header.
      args: (port) => [
        "proxy",
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "--errors=false",
        spec.file,
        target.href,
      ],
    }).catch((error: Error) => {
      const output = stripVTControlCharacters(error.message.split("Its output:")[1] ?? "");
      const last = output
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .pop();
      throw new ContractUsageError(
        `Prism could not start: ${error.message.split(".")[0]}${last ? ` (${last})` : ""}`,
      );
    });
    prismStartupMs = performance.now() - p0;
    progress({ type: "prism", url: proxy.url, pid: proxy.pid, ms: prismStartupMs });
    options.signal?.throwIfAborted();
    if ([...chosen.keys()].some((s) => s.requires?.includes("contactId"))) {
      createdContact = await obtainContact(ctx, direct, options.contactId, notes);
      progress({ type: "note", message: notes[notes.length - 1] ?? "" });
    }
    const viaProxy: Target = { ...direct, base: proxy.url };
    const s0 = performance.now();
    for (const [scenario, selected] of chosen) {
      options.signal?.throwIfAborted();
      const op = spec.operations.find((o) => o.operationId === scenario.operationId);
      if (!op) continue;
      let result: ScenarioResult;
      if (!op.statuses.includes(scenario.expect)) {
        result = {
          id: scenario.id,
          operationId: scenario.operationId,
          title: scenario.title,
          method: op.method,
          url: op.path,
          expectedStatus: scenario.expect,
          outcome: "skipped",
          reason: `the spec declares no ${scenario.expect} for ${op.operationId}`,
          setup: !selected,
          violations: [],
          requestNotes: [],
          durationMs: 0,
        };
      } else {
        result = await runScenario(scenario, op, ctx, viaProxy, !selected);
      }
      results.push(result);
      progress({ type: "scenario", scenario: result });
    }
    scenariosMs = performance.now() - s0;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await cleanUp(ctx, direct, createdContact, notes);
    if (proxy) {
      await proxy.stop();
      if (options.prismLog) await writeFile(options.prismLog, proxy.output());
    }
  }
  const { operations, coverage } = summarize(spec, only, results);
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
    timings: { prismStartupMs, scenariosMs, totalMs: performance.now() - t0 },
    scenarios: results,
    operations,
    coverage,
    violations,
    notes,
  };
}
