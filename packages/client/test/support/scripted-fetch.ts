// An in-process fetch that answers from a script, so behaviour tests need no server and no clock.
import type { FetchLike } from "../../src/index.ts";

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

/** One scripted answer: a Response to return, or what to do instead. */
export type Step =
  | Response
  | { throws: unknown }
  /** Never answers: waits until the request is aborted, then rejects with the abort reason. */
  | { stall: true }
  /** Answers the headers, then never finishes the body until the request is aborted. */
  | { stallBody: true; status?: number }
  | ((request: Recorded) => Response | Promise<Response>);

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function errorList(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    { type: "error.list", request_id: `req_${status}`, errors: [{ code, message }] },
    status,
    headers,
  );
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

export interface ScriptedFetch {
  fetch: FetchLike;
  requests: Recorded[];
  /** Steps not used yet. */
  remaining: () => number;
}

/**
 * Answers each request with the next step; after the last step, `fallback` answers (or the
 * request fails the test loudly).
 */
export function scriptedFetch(
  steps: Step[],
  fallback?: (request: Recorded) => Response | Promise<Response>,
): ScriptedFetch {
  const queue = [...steps];
  const requests: Recorded[] = [];
  const fetch: FetchLike = async (input, init) => {
    const signal = init?.signal ?? input.signal;
    const recorded: Recorded = {
      method: input.method,
      url: new URL(input.url),
      headers: new Headers(input.headers),
      body: input.body ? await input.text() : "",
      signal,
    };
    requests.push(recorded);
    if (signal.aborted) throw signal.reason;
    const step = queue.shift();
    if (step === undefined) {
      if (fallback) return fallback(recorded);
      throw new Error(`unscripted request ${recorded.method} ${recorded.url}`);
    }
    if (step instanceof Response) return step;
    if (typeof step === "function") return step(recorded);
    if ("throws" in step) throw step.throws;
    if ("stall" in step) return aborted(signal);
    // Headers now, a body that never ends: reading it fails once the request is aborted.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":'));
        signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
      },
    });
    return new Response(body, {
      status: step.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, requests, remaining: () => queue.length };
}

export function company(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "company",
    id,
    company_id: `remote_${id}`,
    app_id: "app",
    name: `Company ${id}`,
    created_at: 1717020674,
    updated_at: 1717020674,
    monthly_spend: 0,
    session_count: 0,
    user_count: 1,
    plan: {},
    custom_attributes: {},
    tags: { type: "tag.list", tags: [] },
    segments: { type: "segment.list", segments: [] },
    ...extra,
  };
}

/** A page of a `CompanyList`-shaped list. */
export function listPage(
  data: unknown[],
  page: number,
  perPage: number,
  totalCount: number,
): Record<string, unknown> {
  const totalPages = Math.ceil(totalCount / perPage);
  return {
    type: "list",
    data,
    pages: {
      type: "pages",
      next: page < totalPages ? `https://api.intercom.io/next?page=${page + 1}` : null,
      page,
      per_page: perPage,
      total_pages: totalPages,
    },
    total_count: totalCount,
  };
}
