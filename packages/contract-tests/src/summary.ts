// Per operation: which declared statuses were exercised, and whether coverage is full.
import { isProvokable } from "./scenarios.ts";
import { declaredStatuses, type LoadedSpec } from "./spec.ts";
import type { Violation } from "./violations.ts";

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
  /** Skipped because it writes and the run is read-only (`shapesOnly`). */
  writes?: boolean;
  violations: Violation[];
  /** What Prism said about the request (expected for the 400/401 scenarios); never a failure. */
  requestNotes: string[];
  /** Requests sent, the behaviour checks' included. */
  requests: number;
  durationMs: number;
}

export interface StatusCoverage {
  status: number;
  /** `read-only`: only scenarios that write provoke it, and the run was read-only. */
  state: "exercised" | "not-covered" | "not-provokable" | "read-only";
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
  /** Statuses left out because only writing scenarios provoke them (`shapesOnly`). */
  readOnly: Array<{ operationId: string; status: number }>;
  /** Every declared operation and every provokable declared status exercised (read-only: every one a read can reach). */
  full: boolean;
}

export function summarize(
  spec: LoadedSpec,
  only: ReadonlySet<string>,
  results: ScenarioResult[],
  readOnlyRun: boolean,
): { operations: OperationResult[]; coverage: Coverage } {
  const operations: OperationResult[] = [];
  const notProvokable: Coverage["notProvokable"] = [];
  const notCovered: Coverage["notCovered"] = [];
  const readOnly: Coverage["readOnly"] = [];
  let declared = 0;
  let provokable = 0;
  let exercised = 0;
  let operationsExercised = 0;
  let operationsReadOnly = 0;
  for (const op of spec.model.operations.filter((o) => only.has(o.operationId))) {
    const mine = results.filter((r) => r.operationId === op.operationId);
    const statuses: StatusCoverage[] = declaredStatuses(op).map((status) => {
      declared++;
      if (!isProvokable(status)) {
        notProvokable.push({ operationId: op.operationId, status });
        return { status, state: "not-provokable" };
      }
      const tries = mine.filter((r) => r.expectedStatus === status);
      if (
        readOnlyRun &&
        tries.length > 0 &&
        tries.every((r) => r.writes && r.outcome === "skipped")
      ) {
        readOnly.push({ operationId: op.operationId, status });
        return { status, state: "read-only" };
      }
      provokable++;
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
              .filter((text) => text !== undefined && text !== "")
              .join("; ") || "not exercised";
      notCovered.push({ operationId: op.operationId, status, reason });
      return { status, state: "not-covered", reason };
    });
    const ok = (r: ScenarioResult) =>
      r.status !== undefined && r.status >= 200 && r.status < 300 && r.status === r.expectedStatus;
    if (mine.some(ok)) operationsExercised++;
    else if (statuses.some((s) => s.state === "read-only" && s.status < 300)) operationsReadOnly++;
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
      readOnly,
      full:
        notCovered.length === 0 && operationsExercised + operationsReadOnly === operations.length,
    },
  };
}
