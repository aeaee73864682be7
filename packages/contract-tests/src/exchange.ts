// One request through the Prism validation proxy: build it from the operation of the spec, send
// it, and read what Prism found wrong with the answer (plus what the spec documents as error codes).
import { randomUUID } from "node:crypto";
import type { OperationModel } from "@intercom-toolkit/spec/model";
import { EXCHANGE_HEADER, type RawAnswer, type Recorder } from "./recorder.ts";
import type { Answer, ScenarioRequest } from "./scenario-types.ts";
import { declaredStatuses, documentedErrorCodes } from "./spec.ts";
import { readViolations, type Violation } from "./violations.ts";

export interface Target {
  base: string;
  token: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Keeps the target's raw answers (only when `base` is the Prism proxy). */
  recorder?: Recorder;
  /** Sent as `X-Contract-Run` on every request. */
  runId: string;
}

/** The header naming the run on every request, so a target can tell runs apart in its logs. */
export const RUN_HEADER = "X-Contract-Run";

export interface Exchange {
  /** Path and query sent. */
  url: string;
  answer?: Answer;
  violations: Violation[];
  /** What Prism said about the request (expected for the 400/401 scenarios); never a failure. */
  requestNotes: string[];
  /** Why no answer came. */
  failure?: string;
}

/**
 * The signal of one request: its time limit only. A stop (`target.signal`) lets the request in
 * flight finish, so what it wrote is known and cleaned up; it only keeps new requests from starting.
 */
export function requestSignal(target: Target): AbortSignal {
  target.signal?.throwIfAborted();
  return AbortSignal.timeout(target.timeoutMs);
}

export function buildUrl(
  base: string,
  op: OperationModel,
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

/** `an empty body` / `a body that is not JSON: "<html>…"`, for a report. */
function describeBody(raw: RawAnswer): string {
  const type = raw.headers["content-type"] ?? "no content type";
  if (raw.body.length === 0) return `an empty body (${type})`;
  const text = raw.body.toString("utf8");
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  try {
    JSON.parse(text);
    return `a ${raw.body.length}-byte body (${type}) Prism could not read: ${JSON.stringify(shown)}`;
  } catch {
    return `a body that is not JSON (${type}, ${raw.body.length} bytes): ${JSON.stringify(shown)}`;
  }
}

function errorCodeViolations(op: OperationModel, status: number, body: unknown): Violation[] {
  const codes = documentedErrorCodes(op, status);
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!codes || !Array.isArray(errors)) return [];
  const out: Violation[] = [];
  errors.forEach((error, i) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && !codes.includes(code))
      out.push({
        kind: "error-code",
        path: `$.errors[${i}].code`,
        message: `"${code}" is not a code the spec documents for ${status} of ${op.operationId} (${codes.join(", ")})`,
        severity: "error",
      });
  });
  return out;
}

/**
 * `Prefer: code=404, example=<name>`: the status to provoke and, for an error, an example of the
 * spec whose codes are documented for it, so that a Prism mock answers a consistent error.
 */
function prefer(op: OperationModel, status: number): string {
  const response = op.responses.find((r) => r.status === String(status));
  const codes = response?.errorCodes ?? [];
  const example = Object.entries(response?.examples ?? {}).find(([, value]) => {
    const errors = (value as { errors?: Array<{ code?: unknown }> } | undefined)?.errors;
    return Array.isArray(errors) && errors.every((e) => codes.includes(String(e.code)));
  })?.[0];
  return example ? `code=${status}, example=${example}` : `code=${status}`;
}

/** Sends `request` for `op` and reads the answer and what breaks the spec in it. */
export async function send(
  target: Target,
  op: OperationModel,
  request: ScenarioRequest,
  options: { auth: boolean; expect?: number },
): Promise<Exchange> {
  const url = buildUrl(target.base, op, request.params ?? {}, request.query ?? {});
  const shown = url.pathname + url.search;
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Intercom-Version": "2.7",
    [RUN_HEADER]: target.runId,
  };
  if (options.auth) headers.Authorization = `Bearer ${target.token}`;
  // RFC 7240: real servers ignore it; a Prism mock answers with this status, so the suite can run against one.
  if (options.expect !== undefined && options.expect >= 300)
    headers.Prefer = prefer(op, options.expect);
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const id = randomUUID();
  if (target.recorder) headers[EXCHANGE_HEADER] = id;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: op.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: requestSignal(target),
    });
    text = await res.text();
  } catch (error) {
    target.recorder?.take(id);
    if (target.signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${target.timeoutMs} ms`
        : (cause ?? String(error));
    return { url: shown, violations: [], requestNotes: [], failure: why };
  }
  const raw = target.recorder?.take(id);
  const { response, request: requestNotes } = readViolations(res.headers.get("sl-violations"));
  const violations: Violation[] = [];
  let answer: Answer;
  if (raw && raw.status !== res.status) {
    // Prism could not read the target's answer and answered its own error instead.
    let prism = "";
    try {
      prism = String((JSON.parse(text) as { title?: unknown }).title ?? "");
    } catch {}
    violations.push({
      kind: "unreadable",
      path: "body",
      message: `the target answered ${raw.status} with ${describeBody(raw)}${prism ? ` (Prism: ${prism.replace(/ at http\S+/, "")})` : ""}`,
      severity: "error",
    });
    const rawText = raw.body.toString("utf8");
    answer = { status: raw.status, headers: res.headers, text: rawText, body: undefined };
  } else {
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    answer = { status: res.status, headers: res.headers, text, body };
    for (const v of response)
      violations.push(
        v.kind === "status"
          ? {
              ...v,
              message: `${res.status} is not declared for ${op.operationId} (declared: ${declaredStatuses(op).join(", ")})`,
            }
          : v,
      );
    violations.push(...errorCodeViolations(op, res.status, body));
  }
  return { url: shown, answer, violations, requestNotes };
}
