// What the "Try it" panel of an operation page needs, read from the spec model: the request's
// method, path template, parameters with their examples, the body example and the status the
// operation promises; and the sandbox of `pnpm start` the panel talks to by default.
import type { OperationModel } from "@intercom-toolkit/spec/model";
import { promisedStatus, sampleValues } from "./samples.ts";

export interface TryItParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  /** The example, as the input's starting text. */
  example: string;
}

export interface TryItOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: TryItParameter[];
  /** The body example as pretty JSON, when the operation takes a body. */
  body?: string;
  status: number;
}

export interface TryItData {
  /** The sandbox `pnpm start` serves, and its demo workspace's token. */
  defaults: { baseUrl: string; token: string };
  /** By site-relative page path ("api/operations/retrievecompany/"). */
  pages: Record<string, TryItOperation>;
}

/** Hosts the panel may send to: the machine itself, never another host. */
export const LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"] as const;

export function tryItOperation(operation: OperationModel): TryItOperation {
  // The inputs start with what the samples send: path parameters, the shown query, the headers.
  const shown = sampleValues(operation);
  const start = (p: OperationModel["parameters"][number]): string => {
    if (p.in === "path") return shown.path[p.name] ?? "";
    if (p.in === "query") return p.name in shown.query ? String(shown.query[p.name]) : "";
    return p.example === undefined ? "" : String(p.example);
  };
  return {
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    parameters: operation.parameters
      .filter((p): p is typeof p & { in: TryItParameter["in"] } => p.in !== "cookie")
      .map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required,
        ...(p.description ? { description: p.description.split("\n")[0] ?? "" } : {}),
        example: start(p),
      })),
    ...(operation.requestBody?.example === undefined
      ? {}
      : { body: JSON.stringify(operation.requestBody.example, null, 2) }),
    status: promisedStatus(operation),
  };
}

/**
 * The URL the panel sends to, or an error a reader can act on: only http(s) on the machine itself.
 * Shared by the panel's script and the tests.
 */
export function tryItUrl(
  baseUrl: string,
  operation: Pick<TryItOperation, "path" | "parameters">,
  values: Record<string, string>,
): { url: string } | { error: string } {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return {
      error: `"${baseUrl}" is not a URL: use the sandbox's, such as http://127.0.0.1:4010.`,
    };
  }
  if (
    !/^https?:$/.test(base.protocol) ||
    !(LOCAL_HOSTS as readonly string[]).includes(base.hostname)
  ) {
    return {
      error: `Try it only sends to a sandbox on this machine (127.0.0.1 or localhost), not to ${base.host}. Start one with \`pnpm start\`.`,
    };
  }
  const missing: string[] = [];
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[`path:${name}`] ?? "";
    if (value === "") missing.push(name);
    return encodeURIComponent(value);
  });
  for (const p of operation.parameters) {
    if (p.required && p.in !== "path" && (values[`${p.in}:${p.name}`] ?? "") === "")
      missing.push(p.name);
  }
  if (missing.length > 0) return { error: `Fill in ${missing.join(", ")}: it is required.` };
  const query = new URLSearchParams();
  for (const p of operation.parameters) {
    const value = values[`query:${p.name}`] ?? "";
    if (p.in === "query" && value !== "") query.set(p.name, value);
  }
  const search = query.toString();
  return {
    url: `${base.origin}${base.pathname.replace(/\/$/, "")}${path}${search ? `?${search}` : ""}`,
  };
}
