import { randomUUID } from "node:crypto";
import { inject, onTestFinished } from "vitest";
import { type Fault, type FaultLayer, startFaultLayer } from "./fixtures/fault-layer.ts";
import { SANDBOX_BODY_LIMIT } from "./global-setup.ts";

/** Oversized bodies for the sandbox of the tests: twice its body limit. */
export const OVERSIZED_BYTES = 2 * SANDBOX_BODY_LIMIT;

/** A token of its own (each token is an isolated workspace of the sandbox). */
export const freshToken = (name: string): string => `${name}-${randomUUID().slice(0, 8)}`;

/** A fault layer in front of the sandbox for this test only (closed when the test ends). */
export async function faultLayer(
  fault?: Fault | ((runId: string | undefined) => Fault | undefined),
  options: { delayMs?: number } = {},
): Promise<FaultLayer> {
  const layer = await startFaultLayer(inject("sandboxUrl"), fault, options);
  onTestFinished(() => layer.close());
  return layer;
}

async function sandboxGet(token: string, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(new URL(path, inject("sandboxUrl")), {
    headers: { Authorization: `Bearer ${token}`, "Intercom-Version": "2.7" },
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The ids of every company of the workspace, through the scroll (which includes all of them). */
export async function companiesOf(token: string): Promise<string[]> {
  const ids: string[] = [];
  let page = await sandboxGet(token, "/companies/scroll");
  for (let i = 0; i < 100; i++) {
    const data = page.data as Array<{ id: string }>;
    if (data.length === 0) return ids;
    ids.push(...data.map((c) => c.id));
    page = await sandboxGet(token, `/companies/scroll?scroll_param=${String(page.scroll_param)}`);
  }
  throw new Error("the scroll did not end");
}

/** A fault that answers POST /contacts with 404, as a target without the Contacts API does. */
export const noContactsApi: Fault = {
  id: "no-contacts-api",
  class: "requests",
  description: "the target has no POST /contacts",
  request: (req) =>
    req.method === "POST" && req.url.pathname === "/contacts"
      ? {
          status: 404,
          headers: [["content-type", "application/json"]],
          body: JSON.stringify({
            type: "error.list",
            request_id: null,
            errors: [{ code: "not_found", message: "Not Found" }],
          }),
        }
      : req,
};

/** Applies several faults at once (their request and answer changes in turn). */
export function combine(id: string, faults: readonly Fault[]): Fault {
  return {
    id,
    class: "shape",
    description: faults.map((f) => f.description).join("; "),
    request: (req, memory) => {
      let out: ReturnType<NonNullable<Fault["request"]>> = req;
      for (const f of faults) if (f.request && !("status" in out)) out = f.request(out, memory);
      return out;
    },
    response: (res, req, memory) =>
      faults.reduce((answer, f) => (f.response ? f.response(answer, req, memory) : answer), res),
  };
}

/** A fault that answers DELETE /contacts/{id} with 404, as a target without that route does. */
export const noContactDelete: Fault = {
  id: "no-contact-delete",
  class: "requests",
  description: "the target cannot delete contacts",
  request: (req) =>
    req.method === "DELETE" && /^\/contacts\/[^/]+$/.test(req.url.pathname)
      ? {
          status: 404,
          headers: [["content-type", "application/json"]],
          body: JSON.stringify({
            type: "error.list",
            request_id: null,
            errors: [{ code: "not_found", message: "Not Found" }],
          }),
        }
      : req,
};
