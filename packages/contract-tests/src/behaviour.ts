// Behaviour checks shared by the scenarios: does an answer reflect what was written, do the pages
// of a list add up, does a scroll advance and end. Each returns problems as sentences.
import type { JsonSchema, OperationModel } from "@intercom-toolkit/spec/model";
import {
  type Answer,
  field,
  isRecord,
  type ScenarioContext,
  type ScenarioIO,
  type ScenarioRequest,
} from "./scenario-types.ts";

const show = (value: unknown): string => (value === undefined ? "missing" : JSON.stringify(value));

function firstType(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== "null") as string | undefined;
  return typeof type === "string" ? type : undefined;
}

/**
 * A value for every property of a request body schema (read from the spec, so a property added
 * to the spec is written and read back too), distinct per run and per `variant`.
 */
export function sampleBody(
  schema: JsonSchema,
  ctx: ScenarioContext,
  variant: number,
): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [name, raw] of Object.entries(properties)) {
    n++;
    if (!isRecord(raw) || name === "company_id") continue;
    const type = firstType(raw);
    if (Array.isArray(raw.enum) && raw.enum.length > 0) out[name] = raw.enum[0];
    else if (type === "string")
      out[name] = /url|website|uri/i.test(`${name} ${String(raw.format ?? "")}`)
        ? `https://example.com/contract/${ctx.runId}/${variant}`
        : `Contract ${name} ${variant} ${ctx.runId}`;
    else if (type === "integer" || type === "number") {
      const min = typeof raw.minimum === "number" ? raw.minimum : 0;
      const max = typeof raw.maximum === "number" ? raw.maximum : 2_000_000_000;
      // Unix-seconds fields get a plausible date; other numbers a small distinct value.
      const value = /_at$/.test(name) ? 1_700_000_000 + variant * 86_400 + n : 10 * variant + n;
      out[name] = Math.min(max, Math.max(min, value));
    } else if (type === "boolean") out[name] = variant % 2 === 0;
    else if (type === "object" && raw.additionalProperties !== false)
      out[name] = { contract_run: ctx.runId, contract_seats: 10 + variant, contract_flag: true };
  }
  return out;
}

/** Merges a write into what the suite expects the company to hold (objects are merged). */
export function merge(
  written: Record<string, unknown>,
  change: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...written };
  for (const [key, value] of Object.entries(change)) {
    const before = out[key];
    out[key] =
      isRecord(value) && isRecord(before)
        ? Object.fromEntries(Object.entries({ ...before, ...value }).filter(([, v]) => v !== null))
        : value;
  }
  return out;
}

/**
 * Problems of a company that does not hold what was written: each field comes back as sent; a
 * name sent for an object (the plan) comes back as that object's `name`; objects hold every key
 * sent (merged with what was there).
 */
export function reflects(
  written: Record<string, unknown>,
  company: unknown,
  where: string,
): string[] {
  if (!isRecord(company)) return [`${where}: the answer holds no company`];
  const problems: string[] = [];
  for (const [key, sent] of Object.entries(written)) {
    const got = company[key];
    if (isRecord(sent)) {
      for (const [k, v] of Object.entries(sent)) {
        const value = field(got, k);
        if (JSON.stringify(value) !== JSON.stringify(v))
          problems.push(`${where}: ${key}.${k} is ${show(value)}, but the suite wrote ${show(v)}`);
      }
    } else if (isRecord(got) && !isRecord(sent)) {
      if (got.name !== sent)
        problems.push(
          `${where}: ${key}.name is ${show(got.name)}, but the suite wrote ${show(sent)}`,
        );
    } else if (JSON.stringify(got) !== JSON.stringify(sent)) {
      problems.push(`${where}: ${key} is ${show(got)}, but the suite wrote ${show(sent)}`);
    }
  }
  return problems;
}

/** The items of a list answer (the property `x-toolkit-pagination` names, else `data`). */
export function itemsOf(body: unknown, op?: OperationModel): Record<string, unknown>[] {
  const items = field(body, op?.pagination?.items ?? "data");
  return Array.isArray(items) ? items.filter(isRecord) : [];
}

export interface Walk {
  items: Record<string, unknown>[];
  problems: string[];
  /** Walked to the last page (false when cut at `maxPages` or stopped by a problem). */
  complete: boolean;
}

export interface WalkOptions {
  op: OperationModel;
  /** The first page's request (its query's `per_page` is what every page must honour). */
  request: ScenarioRequest;
  label: string;
  maxPages?: number;
}

function pageOfNext(
  next: string,
  base: ScenarioRequest,
): { query: Record<string, string | number>; page: number | undefined } {
  let url: URL;
  try {
    url = new URL(next, "http://next.invalid");
  } catch {
    return { query: {}, page: undefined };
  }
  const query: Record<string, string | number> = { ...(base.query ?? {}) };
  for (const [k, v] of url.searchParams) query[k] = v;
  const page = url.searchParams.has("page") ? Number(url.searchParams.get("page")) : undefined;
  return { query, page };
}

/** Follows `pages.next` from the first page to the last and checks every page against the asking. */
export async function walkPages(
  first: Answer,
  io: ScenarioIO,
  options: WalkOptions,
): Promise<Walk> {
  const { op, label } = options;
  const maxPages = options.maxPages ?? 25;
  const asked = Number(options.request.query?.per_page ?? op.pagination?.defaultPerPage);
  const problems: string[] = [];
  const items: Record<string, unknown>[] = [];
  const seenOn = new Map<string, number>();
  let answer: Answer | undefined = first;
  const start = Number(options.request.query?.page ?? 1);
  let page = start;
  let request = options.request;
  let totalCount: unknown;
  while (answer) {
    const where = `${label} page ${page}`;
    const pages = field(answer.body, "pages");
    const list = itemsOf(answer.body, op);
    totalCount ??= field(answer.body, "total_count");
    const got = { page: field(pages, "page"), perPage: field(pages, "per_page") };
    if (got.page !== page)
      problems.push(`${where}: pages.page is ${show(got.page)}, but page ${page} was asked for`);
    if (Number.isFinite(asked) && got.perPage !== asked)
      problems.push(
        `${where}: pages.per_page is ${show(got.perPage)}, but per_page=${asked} was asked for`,
      );
    if (Number.isFinite(asked) && list.length > asked)
      problems.push(`${where}: holds ${list.length} items, more than per_page=${asked}`);
    for (const item of list) {
      const id = String(item.id);
      const before = seenOn.get(id);
      if (before !== undefined)
        problems.push(`${where}: ${id} is listed again (first on page ${before})`);
      else seenOn.set(id, page);
      items.push(item);
    }
    const totalPages = field(pages, "total_pages");
    if (
      typeof totalCount === "number" &&
      Number.isFinite(asked) &&
      typeof totalPages === "number"
    ) {
      const due = Math.ceil(totalCount / asked);
      if (totalPages !== due)
        problems.push(
          `${where}: pages.total_pages is ${totalPages}, but total_count ${totalCount} at ${asked} a page makes ${due}`,
        );
    }
    const next = field(pages, "next");
    const last = typeof totalPages === "number" ? page >= totalPages : list.length === 0;
    if (last) {
      if (typeof next === "string" && next !== "")
        problems.push(
          `${where}: pages.next is ${show(next)} on the last page (of ${show(totalPages)}): a client asks again forever`,
        );
      if (typeof totalCount === "number" && totalCount !== items.length && start === 1)
        problems.push(
          `${label}: total_count is ${totalCount}, but the pages held ${items.length} items`,
        );
      return { items, problems, complete: true };
    }
    if (Number.isFinite(asked) && list.length < asked)
      problems.push(
        `${where}: holds ${list.length} items although it is not the last page (of ${show(totalPages)}) and per_page=${asked}`,
      );
    if (typeof next !== "string" || next === "") {
      problems.push(
        `${where}: pages.next is ${show(next)} but this is page ${page} of ${show(totalPages)}: a client stops here`,
      );
      return { items, problems, complete: false };
    }
    const target = pageOfNext(next, request);
    if (target.page !== page + 1) {
      problems.push(
        `${where}: pages.next (${next}) points at page ${show(target.page)}, not ${page + 1}${target.page === page ? ": a client loops on this page forever" : ""}`,
      );
      return { items, problems, complete: false };
    }
    if (page - start + 1 >= maxPages) return { items, problems, complete: false };
    request = { ...request, query: target.query };
    page += 1;
    answer = await io.send(request, `${label} page ${page}`);
  }
  return { items, problems, complete: false };
}

/** Checks that `items` follow `key` in `order` (missing values last). */
export function checkSorted(
  items: Record<string, unknown>[],
  key: string,
  order: "asc" | "desc",
  label: string,
): string[] {
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]?.[key];
    const b = items[i]?.[key];
    if (typeof a !== "number" || typeof b !== "number") continue;
    if (order === "asc" ? a > b : a < b)
      return [
        `${label}: not sorted by ${key} ${order === "asc" ? "ascending" : "descending"} as asked (${String(items[i - 1]?.id)} ${key} ${a} before ${String(items[i]?.id)} ${key} ${b})`,
      ];
  }
  return [];
}

/** Checks that each of `ids` is among `items` exactly once. */
export function listsEach(
  items: Record<string, unknown>[],
  ids: readonly string[],
  what: string,
  label: string,
): string[] {
  const problems: string[] = [];
  for (const id of ids) {
    const n = items.filter((item) => item.id === id).length;
    if (n === 0) problems.push(`${label}: ${what} ${id} is not listed`);
    else if (n > 1) problems.push(`${label}: ${what} ${id} is listed ${n} times`);
  }
  return problems;
}

/**
 * Follows a scroll to its empty page: it must advance (no page repeats, no company twice) and end.
 * `first` is page `seen.length + 1`... of a scroll whose earlier pages held `before`.
 */
export async function walkScroll(
  first: Answer,
  io: ScenarioIO,
  label: string,
  before: { items: Record<string, unknown>[]; pages: number },
  maxPages = 100,
): Promise<Walk> {
  const problems: string[] = [];
  const items: Record<string, unknown>[] = [...before.items];
  const seenOn = new Map<string, number>(before.items.map((item) => [String(item.id), 1]));
  let answer: Answer | undefined = first;
  let previous = before.items.map((item) => String(item.id)).join(",");
  for (let page = before.pages + 1; answer; page++) {
    const where = `${label} page ${page}`;
    const list = itemsOf(answer.body);
    if (list.length === 0) return { items, problems, complete: true };
    const ids = list.map((item) => String(item.id)).join(",");
    if (ids === previous) {
      problems.push(`${where} repeats page ${page - 1}: the scroll does not advance`);
      return { items, problems, complete: false };
    }
    previous = ids;
    for (const item of list) {
      const id = String(item.id);
      const on = seenOn.get(id);
      if (on !== undefined)
        problems.push(`${where}: ${id} came already on page ${on}: the scroll does not advance`);
      else seenOn.set(id, page);
      items.push(item);
    }
    if (problems.length > 0) return { items, problems, complete: false };
    const param = field(answer.body, "scroll_param");
    if (typeof param !== "string" || param === "") {
      problems.push(`${where} holds companies but no scroll_param: a client cannot reach the rest`);
      return { items, problems, complete: false };
    }
    if (page >= maxPages) {
      problems.push(`${label}: no empty page after ${maxPages} pages: the scroll does not end`);
      return { items, problems, complete: false };
    }
    answer = await io.send({ query: { scroll_param: param } }, `${label} page ${page + 1}`);
  }
  return { items, problems, complete: false };
}
